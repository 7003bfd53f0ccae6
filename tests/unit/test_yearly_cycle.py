"""The unit's guide's yearly cycle ("Lägga till ett nytt år") runs as written, and the
personal data in the files that come back never reaches what git commits or what the book
reads (issue 20, parts 2 and 3).

The test finds the section by its heading in the guide, runs each ```sh block of it, line
by line, in a copy of a small fixture project (tests/fixtures/other-plan), and between the
blocks does what the committees and the unit would: fills in every template the commands
wrote in ``mallar/<år>/<slag>/`` and saves it in ``inkommet/<år>/<slag>/``. A command that
no longer works, a folder the text names that the commands do not use, or a contact person
that ends up in a file git would commit fails it.

Each line is split as the shell would (shlex) and run in the project folder: a
``.venv/bin/trygghet …`` line runs this checkout's CLI in-process (a new Python for each of
a dozen commands would cost a minute), ``trygghet kolada`` asks a local Kolada look-alike,
and ``make TARGET`` checks that the Makefile has the target (the book build has tests of
its own). Any other command in the section fails the test: the guide gives only commands
the unit can copy."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl

from tests.conftest import ROOT
from trygghet import cli
from trygghet.data import layout
from trygghet.data.register import load_register
from trygghet.intake import assessments_template, status_template, values_template

HEADING = "## Lägga till ett nytt år"
GUIDES = [ROOT / "docs" / "enhetens-guide.md", ROOT / "README.md"]
FIXTURE = ROOT / "tests" / "fixtures" / "other-plan"
YEAR = 2024  # the guide's example year, in the fixture plan's follow-up

# What a committee writes as contact: personal data that must stay in the received files.
NAME, PHONE, EMAIL = "Anna Andersson", "070-123 45 67", "anna.andersson@example.se"
PERSONAL = (NAME, PHONE, EMAIL, "Andersson")


def guide_section() -> tuple[Path, str]:
    """The yearly cycle's section (up to the next ``## `` heading) and the file it is in."""
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8") if guide.exists() else ""
        start = text.find(f"\n{HEADING}\n")
        if start >= 0:
            rest = text[start + len(HEADING) + 2:]
            end = re.search(r"^## ", rest, re.MULTILINE)
            return guide, rest[:end.start()] if end else rest
    raise AssertionError(f"ingen guide har avsnittet {HEADING!r}: {GUIDES}")


def sh_blocks(section: str) -> list[str]:
    """The ```sh blocks of a Markdown text, indentation (list items) removed."""
    blocks = []
    for match in re.finditer(r"^( *)```sh\n(.*?)^\1```", section, re.MULTILINE | re.DOTALL):
        indent = len(match.group(1))
        blocks.append("\n".join(line[indent:] for line in match.group(2).splitlines()))
    return blocks


# -- the project the cycle runs in ----------------------------------------------------------

def project(tmp_path: Path) -> Path:
    """A copy of the fixture project with one own-source indicator in its plan, a
    coordinator, and the repository's .gitignore."""
    root = tmp_path / "projekt"
    shutil.copytree(FIXTURE / "data", root / "data")
    plan = root / "data" / "plan"
    (plan / "plan.yml").write_text((plan / "plan.yml").read_text(encoding="utf-8")
                                   + "coordinator: Kommunledningskontoret (testdata)\n",
                                   encoding="utf-8")
    area = plan / "skola-och-fritid.yml"
    area.write_text(area.read_text(encoding="utf-8").replace("activities:", (
        "  - id: deltar-i-foreningar\n    name: Unga som är med i en förening\n"
        "    unit: procent\n    direction: öka\nactivities:"), 1), encoding="utf-8")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    return root


def run_line(line: str, capsys) -> tuple[int, str]:
    """One command of the guide, as the shell would split it; its exit code and output."""
    words = shlex.split(line, comments=True)
    if not words:
        return 0, ""
    if words[0] == ".venv/bin/trygghet":
        code = cli.main(words[1:])
        out = capsys.readouterr()
        return code, out.out + out.err
    if words[0] == "make":
        targets = re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"),
                             re.MULTILINE)
        wanted = [w for w in words[1:] if "=" not in w]
        return (0, "") if set(wanted) <= set(targets) else (2, f"ingen regel {wanted}")
    return 127, f"okänt kommando i guiden: {words[0]}"


class FakeKolada:
    """Kolada's API v3 on 127.0.0.1: the municipality list, and 42 for every asked KPI,
    area and year (a value in bounds for every unit the fixture has)."""

    def __init__(self, areas: list[str]):
        register = load_register()  # Kolada answers with the register's names
        municipalities = {"values": [{"id": a, "title": register[a].name,
                                      "type": register[a].type} for a in areas]}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path).path.strip("/").split("/")
                if parts[-1] == "municipality":
                    body = municipalities
                else:  # v3/data/kpi/<kpis>/municipality/<areas>/year/<years>
                    kpis, where, years = parts[3], parts[5], parts[7]
                    body = {"values": [
                        {"kpi": k, "municipality": m, "period": int(y),
                         "values": [{"gender": "T", "value": 42.0, "status": "", "count": 1}]}
                        for k in kpis.split(",") for m in where.split(",")
                        for y in years.split(",")], "next_url": None}
                raw = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v3/"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# -- what the committees and the unit fill in -------------------------------------------------

def fill_status(template: Path, target: Path) -> None:
    col = {c.key: i for i, c in enumerate(status_template.COLUMNS, start=1)}
    wb = openpyxl.load_workbook(template)
    ws = wb[status_template.SHEET]
    for row in range(status_template.HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(row, col["activity"]).value:
            for key, value in {"status": "Påbörjad", "comment": "Arbetet har börjat (testdata).",
                               "contact": f"{NAME}, {PHONE}, {EMAIL}",
                               "date": dt.datetime(YEAR + 1, 2, 15)}.items():
                ws.cell(row, col[key], value)
    wb.save(target)


def fill_values(template: Path, target: Path) -> None:
    col = {c.key: i for i, c in enumerate(values_template.COLUMNS, start=1)}
    wb = openpyxl.load_workbook(template)
    for ws in wb.worksheets[1:]:
        for row in range(values_template.HEADER_ROW + 1, ws.max_row + 1):
            if ws.cell(row, col["year"]).value == YEAR and ws.cell(row, col["sex"]).value in (
                    None, "Totalt"):
                for key, value in {"value": "61,5", "source": "Kommunen (testdata)",
                                   "survey": "Enkät till unga (testdata)",
                                   "date": "2025-02-01",
                                   "comment": f"Frågor: {NAME}, {EMAIL}"}.items():
                    ws.cell(row, col[key], value)
    wb.save(target)


def fill_assessment(template: Path, target: Path) -> None:
    col = {c.key: i for i, c in enumerate(assessments_template.COLUMNS, start=1)}
    wb = openpyxl.load_workbook(template)
    ws = wb[assessments_template.SHEET]
    ws.cell(assessments_template.META_ROWS["bedömd av"], 2, "Kommunledningskontoret (testdata)")
    ws.cell(assessments_template.META_ROWS["samlad bedömning"], 2, "Året i korthet (testdata).")
    for row in range(assessments_template.HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(row, col["goal"]).value:
            for key, value in {"assessment": "Delvis uppfyllt", "analysis": "Analys (testdata).",
                               "date": dt.datetime(YEAR + 1, 3, 15)}.items():
                ws.cell(row, col[key], value)
    wb.save(target)


FILL = {layout.STATUS: fill_status, layout.VALUES: fill_values,
        layout.ASSESSMENTS: fill_assessment}


def fill_new_templates(root: Path) -> None:
    """Every template written so far, filled in and put where the guide says they come back."""
    for kind, fill in FILL.items():
        for template in sorted(layout.templates_dir(root, YEAR, kind).glob("*.xlsx")):
            target = layout.received_dir(root, YEAR, kind) / template.name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                fill(template, target)


def committed_files(root: Path) -> list[str]:
    """The files ``git add -A`` would take in ``root`` (a git repository made for the test)."""
    out = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=root,
                         check=True, capture_output=True, text=True).stdout
    return out.splitlines()


# -- the test ---------------------------------------------------------------------------------

def test_the_guides_yearly_cycle_runs_as_written_and_keeps_names_out_of_git(
        tmp_path, monkeypatch, capsys):
    guide, section = guide_section()
    blocks = sh_blocks(section)
    assert len(blocks) >= 5, f"{guide}: för få ```sh-block i {HEADING!r}"
    root = project(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    settings = (root / "data" / "settings.yml").read_text(encoding="utf-8")
    areas = ["0000", *re.findall(r'"(\d{4})"', settings)]
    kolada = FakeKolada(sorted(set(areas)))
    monkeypatch.setenv("KOLADA_API_URL", kolada.url)
    monkeypatch.chdir(root)
    try:
        for number, block in enumerate(blocks, start=1):
            for line in block.splitlines():
                code, out = run_line(line, capsys)
                assert code == 0, f"{guide.name}, block {number} i {HEADING!r}: {line}\n{out}"
            fill_new_templates(root)
    finally:
        kolada.close()

    # Every folder and file of the year the text names is one the commands used.
    named = set(re.findall(r"`((?:mallar|inkommet)/[^`]*)`", section))
    concrete = [n for n in named if "<" not in n]
    assert concrete, "avsnittet nämner inga mappar"
    for path in concrete:
        assert (root / path).exists(), f"{guide.name} nämner {path}, som kommandona inte skrev"
    for kind in layout.KINDS:
        assert layout.received_files(layout.received_dir(root, YEAR, kind)), kind
        assert any(layout.archive_dir(root, YEAR, kind).iterdir()), kind

    # Everything came in: the edition is complete.
    code, out = run_line(f".venv/bin/trygghet status --year {YEAR} --strict", capsys)
    assert code == 0, out

    # The template says where to send it: the plan's coordinator.
    template = next(layout.templates_dir(root, YEAR, layout.STATUS).glob("*.xlsx"))
    instructions = "\n".join(str(c.value) for c in openpyxl.load_workbook(template)[
        status_template.INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "skicka den till Kommunledningskontoret (testdata)." in instructions

    # The contact person is in the received files and their copies, and nowhere git would
    # commit or the book reads.
    received = layout.received_dir(root, YEAR, layout.STATUS)
    assert any(NAME in str(c.value) for c in openpyxl.load_workbook(
        next(received.glob("*.xlsx")))[status_template.SHEET]["G"])
    to_commit = committed_files(root)
    assert to_commit and all(f.startswith(("data/", ".gitignore")) for f in to_commit), \
        to_commit
    assert not [f for f in to_commit if f.startswith(("mallar/", "inkommet/"))]
    for rel in to_commit:
        text = (root / rel).read_bytes().decode("utf-8", errors="replace")
        for word in PERSONAL:
            assert word not in text, f"{word!r} i {rel}, som git skulle checka in"
    log = (root / "data" / "activities" / "importlogg.csv").read_text(encoding="utf-8")
    archived = next(layout.archive_dir(root, YEAR, layout.STATUS).iterdir())
    assert f",{archived.stat().st_size}," in log  # the log knows the file, not its content
