"""Writing the Excel templates people fill in: what the committees' status template
(:mod:`trygghet.intake.status_template`), the city's indicator-value template
(:mod:`trygghet.intake.values_template`) and the goals' assessment template
(:mod:`trygghet.intake.assessments_template`) share. Their columns are
:class:`~trygghet.intake.received.Column`, the same the import reads back.

Every cell of a template is written by :func:`put`: a text is always a text cell, also
plan text that begins like a formula (``=HYPERLINK(…)``, ``@…``, ``-…``)."""

from __future__ import annotations

from collections.abc import Sequence

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from trygghet.data.untrusted import starts_like_formula
from trygghet.intake.received import Column

INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")  # the cells someone fills in
_TOP = Alignment(wrap_text=True, vertical="top")


def put(ws, row: int, column: int, value: object):
    """Write one cell of a template and return it. A text is a text cell, never a formula or
    an error value: openpyxl makes a formula of any text that begins with ``=`` (and an
    error of "#N/A"), so the type is set after the value. A text that begins like a formula
    also gets Excel's quote prefix, so that it stays text when someone edits the cell."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if starts_like_formula(value):
            cell.quotePrefix = True
    return cell


def instructions_workbook(title: str, lines: Sequence[str]):
    """A new workbook whose first sheet, protected, holds the instructions, one line a row."""
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = title
    info.column_dimensions["A"].width = 110
    for i, line in enumerate(lines, start=1):
        put(info, i, 1, line).alignment = _TOP
    info["A1"].font = Font(bold=True, size=14)
    info.protection.sheet = True
    return wb


def write_heading(ws, title: str, meta: dict[str, object], meta_rows: dict[str, int]) -> None:
    """The title in A1 and the metadata rows ("År", "Mall" …) in columns A and B (a label
    without a value in ``meta`` is left for the one who fills in the template)."""
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    for label, row in meta_rows.items():
        put(ws, row, 1, label.capitalize()).font = Font(bold=True)
        cell = put(ws, row, 2, meta.get(label))
        if label == "år":
            cell.alignment = Alignment(horizontal="left")


def write_header(ws, columns: Sequence[Column], row: int) -> None:
    """The header row, bold, with each column's width."""
    for j, col in enumerate(columns, start=1):
        cell = put(ws, row, j, col.header)
        cell.font = Font(bold=True)
        cell.alignment = _TOP
        ws.column_dimensions[get_column_letter(j)].width = col.width


def write_cell(ws, row: int, j: int, column: Column, value: object, *, wrap: bool = False):
    """One table cell: dates formatted as dates, the cells to fill in unlocked and tinted."""
    cell = put(ws, row, j, value)
    if wrap:
        cell.alignment = _TOP
    if column.key == "date":
        cell.number_format = "yyyy-mm-dd"
    if column.filled_in:
        _to_fill_in(cell)
    return cell


def _to_fill_in(cell) -> None:
    """A cell someone fills in: unlocked in the protected sheet, and tinted."""
    cell.protection = Protection(locked=False)
    cell.fill = INPUT_FILL


def input_meta_row(ws, row: int, width: int) -> None:
    """A metadata row someone fills in (written by :func:`write_heading`): its value cell
    spans the table's ``width`` columns, unlocked, tinted, wrapping its text."""
    ws.cell(row=row, column=1).alignment = _TOP
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
    cell = ws.cell(row=row, column=2)
    _to_fill_in(cell)
    cell.alignment = _TOP


def column_letter(columns: Sequence[Column], key: str) -> str:
    return get_column_letter(next(j for j, c in enumerate(columns, 1) if c.key == key))


def add_validation(ws, columns: Sequence[Column], key: str, rows: tuple[int, int],
                   dv: DataValidation) -> None:
    """Excel's check of what is typed in column ``key`` on rows first…last: refused with
    the validation's message."""
    dv.showErrorMessage, dv.errorStyle = True, "stop"
    letter = column_letter(columns, key)
    dv.add(f"{letter}{rows[0]}:{letter}{rows[1]}")
    ws.add_data_validation(dv)


def protect(ws, first_row: int) -> None:
    """Lock the sheet but for the input cells; rows above ``first_row`` and the first
    column stay in view. People may still widen columns and rows."""
    ws.freeze_panes = ws.cell(row=first_row, column=2)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def print_landscape(ws) -> None:
    """Printed in landscape, the table's width on one page, as many pages down as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
