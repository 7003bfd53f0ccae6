"""Helpers shared by several test modules: small files made in the test, proof that
nothing was written, a tiny Kolada dump, and comparing a built site with the published one.
Status reports made as the committees send them are in tests/reports.py."""

from __future__ import annotations

import filecmp
import hashlib
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]  # the project (tests.conftest.ROOT is this)
SITE = ROOT / "_build" / "html"  # the book `make book` built (site tests read it, never build it)
#: A few real rows of the Kolada dump in its own layout (see its README.md).
KOLADA_DUMP = ROOT / "tests" / "fixtures" / "kolada-dump"


#: For a site test module: skipped until the book is built.
needs_built_site = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="run `make book` first (make test does)"
)


def page_content(rel: str) -> BeautifulSoup:
    """A built page's own content (the theme's navigation and scripts left out)."""
    page = BeautifulSoup((SITE / rel).read_text(encoding="utf-8"), "html.parser")
    return page.find("article").find("section")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its hash: to prove nothing was written."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (path relative to ``folder`` → UTF-8 text) and return ``folder``."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return folder


# -- a tiny Kolada dump -------------------------------------------------------------------------

KOLADA_KOMMUN = """\
kommun,name,region,rike,is--kommun
0114,Upplands Väsby,01,0,TRUE
0381,Enköping,03,0,TRUE
1980,Västerås,19,0,TRUE
"""
KOLADA_RIKE = "rike,name,is--rike\n0,Riket,TRUE\n"

#: Indicator metadata for the dump's KPI N07403, and one indicator without any source.
VALDSBROTT_YML = """\
id: anmalda-valdsbrott
measure: Anmälda våldsbrott
unit: antal per 100 000 invånare
decimals: 0
direction: minska
definition: Testdefinition.
series:
  - id: N07403
    label: Anmälda våldsbrott
    kolada_kpi: N07403
    by_sex: false
    main: true
"""
NO_SOURCE_YML = """\
id: tillit-barn
measure: Tillit bland barn
unit: procent
decimals: 1
direction: öka
definition: Testdefinition.
series: []
missing:
  planned_source: Ingen öppen källa.
"""


def kolada_dump(folder: Path, by_year: dict[str, str],
                by_gender: dict[str, str] | None = None) -> Path:
    """A Kolada dump in its DDF layout: per KPI (lower case, "n07403") a datapoint file by
    area and year, optionally one by area, gender and year, and the entity files naming
    three municipalities and Riket."""
    files = {f"datapoints_by_geo_year/ddf--datapoints--{kpi}--by--geo--year.csv": text
             for kpi, text in by_year.items()}
    files |= {f"datapoints_by_geo_gender_year/ddf--datapoints--{kpi}--by--geo--gender--year.csv":
              text for kpi, text in (by_gender or {}).items()}
    files |= {"entities/ddf--entities--geo--kommun.csv": KOLADA_KOMMUN,
              "entities/ddf--entities--geo--rike.csv": KOLADA_RIKE}
    return write_files(folder, files)


# -- the built site -----------------------------------------------------------------------------

def require_built_site() -> None:
    """Fail (not skip) a test that compares with the built book when there is none."""
    if not (SITE / "index.html").exists():
        pytest.fail("run `make book` first (make test does)")


def copy_build_cache(project: Path) -> None:
    """Give a project copy `make book`'s executed notebooks: the same inputs have the same
    keys, so its build runs no notebook again."""
    if (ROOT / "_build" / "cache").exists():
        shutil.copytree(ROOT / "_build" / "cache", project / "_build" / "cache")


def differing_files(left: Path, right: Path) -> list[str]:
    """Paths (relative) that are in only one of two folders or differ in content."""
    differing: list[str] = []

    def collect(cmp: filecmp.dircmp, prefix: str = "") -> None:
        differing.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        differing.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            collect(sub, f"{prefix}{name}/")

    collect(filecmp.dircmp(left, right))
    return differing


def log_received(log: Path, year: int, name: str, **extra: str) -> str:
    """Note a received file ``name`` in an import log as an import does (the status and
    assessment files name their source there); returns the name."""
    from trygghet.data.import_log import LOG_COLUMNS, appended

    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(appended(log, [*LOG_COLUMNS, *extra], [
        {"year": year, "imported": "2025-03-01T10:00:00", "file": name, "received_as": name,
         "size": 1, "sha256": "0" * 64, "added": 1, "replaced": 0, "unchanged": 0, **extra}]))
    return name


def spreadsheet_cells(path: Path) -> list:
    """Every cell with a value in every sheet of a workbook, as openpyxl reads it (a formula
    has data_type "f")."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row
            if cell.value is not None]


def formula_cells(paths) -> list[str]:
    """The cells of the workbooks that are formulas, as "file Sheet!A1: =…"."""
    return [f"{Path(p).name} {c.parent.title}!{c.coordinate}: {c.value}"
            for p in paths for c in spreadsheet_cells(p) if c.data_type == "f"]


def csv_fields_like_formulas(content: bytes) -> list[str]:
    """The fields of a CSV file (UTF-8, with or without BOM) that a spreadsheet would run as
    formulas: beginning with = + @ tab or carriage return, or with - and not a number."""
    import csv
    import io

    def number(value: str) -> bool:
        try:
            float(value)
        except ValueError:
            return False
        return True

    fields = [v for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for v in row]
    return [v for v in fields if v[:1] in ("=", "+", "@", "\t", "\r")
            or (v.startswith("-") and not number(v))]
