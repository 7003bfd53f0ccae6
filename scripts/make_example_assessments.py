"""Make the example goal assessments for 2022 and 2023 – the same way a real one arrives.

There is no real assessment of the goals in the repository. So that the book shows what
one looks like, this script

1. writes the year's template with ``trygghet assessment-template``,
2. fills it in with openpyxl as the unit would (made-up, obviously illustrative texts that
   start with "EXEMPEL, inte en riktig bedömning"; every verdict occurs; one goal names the
   indicators its verdict rests on; one date is typed as text),
3. imports it with ``trygghet import-assessments --example``, which marks it as example
   data and keeps the filled-in file under ``data/raw/<year>/``.

2024 gets no file, so the book says "Ingen bedömning ännu" for it.

Run from the project folder:  .venv/bin/python scripts/make_example_assessments.py

It refuses to touch a year that has a real assessment. Re-running it first removes the
previous example data (the year's files in data/goals/, the example file in data/raw/,
its log rows). Replacing the examples with a real assessment needs no script: see
docs/enhetens-guide.md."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

from trygghet.data import assessments
from trygghet.data.plan import load_plan
from trygghet.intake.assessments_import import LOG_FILE
from trygghet.intake.assessments_template import COLUMNS, HEADER_ROW, META_ROWS, SHEET

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
YEARS = [2022, 2023]
ASSESSED_BY = "Hållbarhetsenheten, Stadsledningskontoret (EXEMPEL)"
# The first year more goals cannot be judged yet; the next year the picture fills in.
CHOICES = {
    2022: ["Går inte att bedöma", "Delvis uppfyllt", "Delvis uppfyllt", "Inte uppfyllt"],
    2023: ["Uppfyllt", "Delvis uppfyllt", "Delvis uppfyllt", "Inte uppfyllt",
           "Går inte att bedöma"],
}
ANALYSIS = {
    "Uppfyllt": "EXEMPEL, inte en riktig bedömning: här beskriver enheten vad som visar att "
                "målet är uppnått, med stöd av indikatorerna och aktiviteterna.",
    "Delvis uppfyllt": "EXEMPEL, inte en riktig bedömning: här beskriver enheten vilka delar "
                       "av målet som är uppnådda och vilka som återstår.\n\nEtt andra stycke "
                       "kan säga vad som behöver göras under nästa år.",
    "Inte uppfyllt": "EXEMPEL, inte en riktig bedömning: här beskriver enheten varför målet "
                     "inte är uppnått och vad utvecklingen visar.",
    "Går inte att bedöma": "EXEMPEL, inte en riktig bedömning: här skriver enheten varför "
                           "målet inte går att bedöma, till exempel att indikatorernas "
                           "värden saknas.",
}
OVERALL = ("EXEMPEL, inte en riktig bedömning: här sammanfattar enheten hur arbetet med "
           "planen har gått under {year}: vilka mål som har nåtts, var utvecklingen går åt fel "
           "håll och vad som behöver göras.\n\nEtt andra stycke kan ta upp aktiviteterna, "
           "samverkan mellan nämnderna och vad underlaget inte räcker till.")
# One goal names the indicators its verdict rests on (the others: the focus area's).
OWN_INDICATORS = {"M1.1": "tillit-barn; tillit-vuxna; fortroende-institutioner"}


def pick(options: list[str], *key: object) -> str:
    """A fixed choice per goal and year (hashlib, so the same on every run)."""
    digest = hashlib.sha256("/".join(map(str, key)).encode()).digest()
    return options[digest[0] % len(options)]


def example_verdicts(year: int) -> dict[str, str]:
    """Every verdict at least once, the rest a fixed pick per goal."""
    goals = [g.id for g in load_plan(DATA).goals]
    chosen = {g: pick(CHOICES[year], g, year) for g in goals}
    for goal, verdict in zip(goals, dict.fromkeys(CHOICES[year]), strict=False):
        chosen[goal] = verdict
    return chosen


def trygghet(*args: str) -> None:
    cmd = [sys.executable, "-m", "trygghet.cli", "--root", str(ROOT), *args]
    print("$ trygghet " + " ".join(args[:2]) + (" …" if len(args) > 2 else ""))
    subprocess.run(cmd, check=True)


def remove_previous_examples(year: int) -> None:
    existing = assessments.load_assessments(DATA, year)
    if existing is not None and not existing.example:
        sys.exit(f"{assessments.assessment_path(DATA, year)} har en riktig bedömning; skriptet "
                 "rör den inte.")
    for path in (assessments.assessment_path(DATA, year), assessments.edition_path(DATA, year)):
        path.unlink(missing_ok=True)
    log = assessments.goals_dir(DATA) / LOG_FILE
    if log.exists():
        with log.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            rows, fields = list(reader), reader.fieldnames or []
        ours = [r for r in rows if r["year"] == str(year) and r["example"] == "true"]
        for row in ours:
            (DATA / "raw" / str(year) / Path(row["file"]).name).unlink(missing_ok=True)
        with log.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(r for r in rows if r not in ours)


def fill(template: Path, year: int, out: Path) -> Path:
    """Fill in the template as the unit would in Excel."""
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    ws.cell(row=META_ROWS["bedömd av"], column=2, value=ASSESSED_BY)
    ws.cell(row=META_ROWS["samlad bedömning"], column=2, value=OVERALL.format(year=year))
    col = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    verdicts = example_verdicts(year)
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        goal = ws.cell(row=row, column=col["goal"]).value
        if not goal:
            continue
        ws.cell(row=row, column=col["assessment"], value=verdicts[goal])
        ws.cell(row=row, column=col["analysis"], value=ANALYSIS[verdicts[goal]])
        assessed = dt.date(year + 1, 3, 14 + int(goal[1]))
        value = (f"{assessed.day} mars {assessed.year}" if goal == "M2.1"  # typed as text
                 else dt.datetime.combine(assessed, dt.time()))
        ws.cell(row=row, column=col["date"], value=value)
        if goal in OWN_INDICATORS:
            ws.cell(row=row, column=col["indicators"], value=OWN_INDICATORS[goal])
    target = out / template.name
    wb.save(target)
    return target


def main() -> None:
    for year in YEARS:
        remove_previous_examples(year)
        with tempfile.TemporaryDirectory() as tmp:
            templates, received = Path(tmp) / "mallar", Path(tmp) / "inkommet"
            received.mkdir()
            trygghet("assessment-template", "--year", str(year), "--out", str(templates))
            filled = fill(templates / f"malbedomning-{year}.xlsx", year, received)
            trygghet("import-assessments", str(filled), "--year", str(year), "--example",
                     "--arkiv", str(DATA / "raw" / str(year)))


if __name__ == "__main__":
    main()
