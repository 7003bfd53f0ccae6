"""Status reports as the committees send them, made in the test: a template filled in as
a committee would, or CSV text with the template's columns. Shared by the status import
tests; the fixtures ``status_data`` and ``status_templates`` are in tests/conftest.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import snapshot
from trygghet.data import layout
from trygghet.data.errors import DataError
from trygghet.intake.status_import import import_status
from trygghet.intake.status_template import COLUMNS, HEADER_ROW, SHEET

YEAR = 2023  # the year the tests report for
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}  # column number by key


def without_reports(data: Path) -> Path:
    """``data`` with no status reports, no received files and no import log (and no goal
    assessments, whose received files were in ``raw/``)."""
    shutil.rmtree(data / "raw", ignore_errors=True)
    shutil.rmtree(data / "goals", ignore_errors=True)
    for path in (data / "activities").glob("*"):
        path.unlink()
    return data


def archive(data: Path, kind: str = layout.STATUS) -> Path:
    """Where the import keeps its copies of the received files, by default (outside data/,
    in a folder git ignores)."""
    return layout.archive_dir(data.parent, YEAR, kind)


def ks(templates: Path) -> Path:
    """Kommunstyrelsen's template among ``templates``."""
    return templates / f"statusrapport-{YEAR}-kommunstyrelsen.xlsx"


def fill(template: Path, target: Path, rows: dict[str, dict] | None = None,
         default_status: str | None = "Påbörjad", meta: dict[str, object] | None = None) -> Path:
    """Fill a template: every activity gets ``default_status`` unless ``rows`` says otherwise."""
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        activity = ws.cell(row=row, column=COL["activity"]).value
        if activity is None:
            continue
        values = {"status": default_status, "comment": f"Kommentar om {activity}",
                  "contact": "Test Testsson", "date": dt.datetime(YEAR + 1, 2, 15)}
        values.update((rows or {}).get(activity, {}))
        for key, value in values.items():
            ws.cell(row=row, column=COL[key], value=value)
    for row, value in (meta or {}).items():
        ws[row] = value
    wb.save(target)
    return target


def csv_text(rows: list[list[str]], delimiter: str = ";") -> str:
    """A CSV report: the template's headers, then ``rows``, with Windows line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([[c.header for c in COLUMNS], *rows])
    return buffer.getvalue()


def csv_row(activity: str, status: str, lead: str = "Kommunstyrelsen", date: str = "2024-03-15",
            comment: str = "Gjort") -> list[str]:
    return [activity, "", lead, "", status, comment, "Anna", date]


def rejected(data: Path, files: list[Path], year: int = YEAR, **kw) -> list[str]:
    """The problems the import finds in ``files``, as messages, after checking that it
    wrote nothing."""
    before = snapshot(data)
    with pytest.raises(DataError) as err:
        import_status(data, files, year, **kw)
    assert snapshot(data) == before, "nothing may be written when an import fails"
    return [str(p) for p in err.value.problems]
