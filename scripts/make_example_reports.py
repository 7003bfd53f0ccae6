"""Make the example status reports for 2022 and 2023 – the same way real reports arrive.

There are no real status reports in the repository. So that the book shows what the
reporting looks like, this script

1. writes the year's templates with ``trygghet templates``,
2. fills them in with openpyxl as a committee would (made-up, obviously illustrative
   comments; a few realistic quirks: other capitalisation, a Swedish text date, one
   committee sending a semicolon CSV saved by Excel in Windows-1252),
3. imports them with ``trygghet import-status --example``, which marks every row as
   example data and keeps the filled-in files under ``data/raw/<year>/``.

Run from the project folder:  .venv/bin/python scripts/make_example_reports.py

It refuses to touch a year that has real reports. Re-running it first removes the
previous example data (status file, example files in data/raw/, their log rows).
Replacing the examples with real reports needs no script: see docs/enhetens-guide.md."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

from trygghet.data import activities
from trygghet.data.plan import load_plan
from trygghet.intake.status_import import LOG_FILE
from trygghet.intake.status_template import COLUMNS, HEADER_ROW, SHEET

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

YEARS = [2022, 2023]
# Committees that, in this example, send nothing for a year: their activities stay
# "Ej rapporterad", as happens in real follow-ups.
SILENT = {2023: {"kulturnamnden"}}
# One committee sends its 2023 report as a CSV, as Excel saves it ("CSV (semikolonavgränsad)").
AS_CSV = {2023: "tekniska-namnden"}

FIRST = ["Ej påbörjad", "Påbörjad", "Påbörjad", "Påbörjad", "Genomförd", "Försenad"]
NEXT = {
    "Ej påbörjad": ["Påbörjad", "Påbörjad", "Ej påbörjad", "Försenad"],
    "Påbörjad": ["Påbörjad", "Genomförd", "Genomförd", "Försenad"],
    "Försenad": ["Påbörjad", "Försenad", "Avförd", "Genomförd"],
    "Genomförd": ["Genomförd"],
    "Avförd": ["Avförd"],
}
COMMENT = {
    "Genomförd": "EXEMPEL, inte en riktig rapport: här beskriver nämnden vad som gjordes "
                 "och vad aktiviteten ledde till.",
    "Påbörjad": "EXEMPEL, inte en riktig rapport: här beskriver nämnden vad som har gjorts "
                "hittills och vad som återstår.",
    "Ej påbörjad": "EXEMPEL, inte en riktig rapport: här skriver nämnden när arbetet "
                   "ska börja.",
    "Försenad": "EXEMPEL, inte en riktig rapport: här skriver nämnden varför arbetet är "
                "försenat\noch vad som görs åt det.",
    "Avförd": "EXEMPEL, inte en riktig rapport: här skriver nämnden varför aktiviteten "
              "inte längre genomförs.",
}


def pick(options: list[str], *key: object) -> str:
    """A fixed choice per activity and year (hashlib, so the same on every run)."""
    digest = hashlib.sha256("/".join(map(str, key)).encode()).digest()
    return options[digest[0] % len(options)]


def example_statuses() -> dict[int, dict[str, str]]:
    plan = load_plan(DATA)
    first = {a.id: pick(FIRST, a.id, 2022) for a in plan.activities}
    second = {a: pick(NEXT[s], a, 2023) for a, s in first.items()}
    return {2022: first, 2023: second}


def raw_dir(year: int) -> Path:
    """Where the example files are kept: in the repository, unlike received files (they are
    invented and hold no personal data)."""
    return DATA / "raw" / str(year)


def trygghet(*args: str) -> None:
    cmd = [sys.executable, "-m", "trygghet.cli", "--root", str(ROOT), *args]
    print("$ trygghet " + " ".join(args[:2]) + (" …" if len(args) > 2 else ""))
    subprocess.run(cmd, check=True)


def remove_previous_examples(year: int) -> None:
    path = activities.status_path(DATA, year)
    if path.exists():
        reports = activities.load_reports(DATA, year)
        if reports and not activities.is_example(reports):
            sys.exit(f"{path} har riktiga rapporter; skriptet rör dem inte.")
        for r in reports.values():
            (raw_dir(year) / Path(r.source).name).unlink(missing_ok=True)
        path.unlink()
    log = DATA / "activities" / LOG_FILE
    if log.exists():
        with log.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows, fields = list(reader), reader.fieldnames or []
        for row in rows:
            if row["year"] == str(year) and row["example"] == "true":
                (raw_dir(year) / Path(row["file"]).name).unlink(missing_ok=True)
        keep = [r for r in rows if not (r["year"] == str(year) and r["example"] == "true")]
        with log.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(keep)
    folder = raw_dir(year)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def fill(template: Path, year: int, statuses: dict[str, str], out: Path) -> Path:
    """Fill in one committee's template as a person would in Excel."""
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    col = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    committee = template.stem.removeprefix(f"statusrapport-{year}-")
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        activity = ws.cell(row=row, column=col["activity"]).value
        if not activity:
            continue
        status = statuses[activity]
        # People type as they type: one committee writes statuses in lower case.
        shown = status.lower() if committee == "grundskolenamnden" else status
        ws.cell(row=row, column=col["status"], value=shown)
        ws.cell(row=row, column=col["comment"], value=COMMENT[status])
        ws.cell(row=row, column=col["contact"], value="Exempelperson (påhittad)")
        reported = dt.date(year + 1, 2, 10 + int(activity.split(".")[0]))
        if committee == "individ-och-familjenamnden":  # a date typed as text
            months = ["januari", "februari", "mars"]
            value = f"{reported.day} {months[reported.month - 1]} {reported.year}"
        else:
            value = dt.datetime.combine(reported, dt.time())
        ws.cell(row=row, column=col["date"], value=value)
    target = out / template.name
    if AS_CSV.get(year) == committee:
        target = target.with_suffix(".csv")
        with target.open("w", encoding="cp1252", newline="") as f:
            writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
            for values in ws.iter_rows(values_only=True):
                writer.writerow(["" if v is None else
                                 v.strftime("%Y-%m-%d") if isinstance(v, dt.datetime) else v
                                 for v in values])
    else:
        wb.save(target)
    return target


def main() -> None:
    statuses = example_statuses()
    for year in YEARS:
        remove_previous_examples(year)
        with tempfile.TemporaryDirectory() as tmp:
            templates, received = Path(tmp) / "mallar", Path(tmp) / "inkommet"
            received.mkdir()
            trygghet("templates", "--year", str(year), "--out", str(templates))
            files = [
                fill(t, year, statuses[year], received)
                for t in sorted(templates.glob("*.xlsx"))
                if t.stem.removeprefix(f"statusrapport-{year}-") not in SILENT.get(year, set())
            ]
            trygghet("import-status", *map(str, files), "--year", str(year), "--example",
                     "--arkiv", str(raw_dir(year)))


if __name__ == "__main__":
    main()
