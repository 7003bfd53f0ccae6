"""Reading an OpenDocument spreadsheet (.ods, LibreOffice's own format) with the standard
library only: the sheets as the same rows the workbook reader gives
(:func:`trygghet.intake.received.sheet_rows`), so an import reads .ods, .xlsx and CSV alike.

Like the workbook reader it never trusts a formula: a cell with a formula (LibreOffice
stores its last result too) or an error value is a :class:`~trygghet.intake.received.NotText`
that the import refuses. Dates come as ``datetime.date``, numbers as ``float``, text with its
line breaks. The XML is parsed with no DTD (a file with one is refused), and its size is
limited, so a crafted file cannot make the import read more than it should."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from openpyxl.utils import get_column_letter

from trygghet.data.errors import Problem
from trygghet.intake.cells import ERROR_VALUES, NotText, Rows

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_CONTENT_BYTES = 50_000_000  # content.xml of a filled-in template is well under 1 MB
MAX_REPEAT = 1000  # a repeated non-empty cell or row is expanded at most this often

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


def is_spreadsheet(data: bytes) -> bool:
    """True for the bytes of an OpenDocument spreadsheet (a zip whose ``mimetype`` says so)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read("mimetype").strip() == MIMETYPE
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def _unreadable(path: Path) -> list[Problem]:
    return [Problem(path, "filen kan inte öppnas som OpenDocument-kalkylark (.ods); den kan "
                          "vara skadad. Spara om den i LibreOffice eller Excel och skicka igen.")]


def sheets(path: Path, data: bytes) -> dict[str, Rows] | list[Problem]:
    """Every sheet's non-blank rows by sheet name, in the file's order; or why the file
    cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("content.xml")
            if info.file_size > MAX_CONTENT_BYTES:
                return [Problem(path, "kalkylarket är för stort för att läsas in "
                                      f"(mer än {MAX_CONTENT_BYTES // 1_000_000} MB text)")]
            content = z.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError):
        return _unreadable(path)
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        return _unreadable(path)
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        return _unreadable(path)
    result: dict[str, Rows] = {}
    for table in root.iter(_q("table", "table")):
        name = table.get(_q("table", "name"), "")
        result[name] = _table_rows(table, name)
    return result


def _table_rows(table: ET.Element, sheet: str) -> Rows:
    rows: Rows = []
    number = 0
    for row in table.iter(_q("table", "table-row")):
        repeat = int(row.get(_q("table", "number-rows-repeated"), "1"))
        cells = _row_cells(row, sheet, number + 1)
        if not any(c is not None for c in cells):
            number += repeat  # blank rows, often a million of them at the end: not read
            continue
        for i in range(min(repeat, MAX_REPEAT)):
            number += 1
            rows.append((number, cells if i == 0 else _row_cells(row, sheet, number)))
        number += max(0, repeat - MAX_REPEAT)
    return rows


def _row_cells(row: ET.Element, sheet: str, number: int) -> list[object]:
    cells: list[object] = []
    for cell in row:
        if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
            continue
        repeat = int(cell.get(_q("table", "number-columns-repeated"), "1"))
        column = len(cells) + 1
        value = _cell_value(cell, f"{sheet}!{get_column_letter(column)}{number}")
        if value is None:
            cells.extend([None] * min(repeat, MAX_REPEAT))
        else:
            cells.extend([value] * min(repeat, MAX_REPEAT))
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _cell_value(cell: ET.Element, where: str) -> object:
    formula = cell.get(_q("table", "formula"))
    if formula is not None:
        return NotText(where, formula=formula.removeprefix("of:"))
    kind = cell.get(_q("office", "value-type"))
    if kind in {"float", "percentage", "currency"}:
        return float(cell.get(_q("office", "value"), "nan"))
    if kind == "date":
        value = cell.get(_q("office", "date-value"), "")
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.date() if len(value) <= 10 else moment
    if kind == "boolean":
        return cell.get(_q("office", "boolean-value")) == "true"
    text = "\n".join(_paragraph_text(p) for p in cell.findall(_q("text", "p")))
    if not text and kind is None:
        return None
    if text.strip() in ERROR_VALUES:
        return NotText(where, error=text.strip())
    return text


def _paragraph_text(element: ET.Element) -> str:
    """A paragraph's text: spans and links as their text, ``text:s`` as spaces, tabs and
    line breaks as themselves."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _q("text", "s"):
            parts.append(" " * int(child.get(_q("text", "c"), "1")))
        elif child.tag == _q("text", "tab"):
            parts.append("\t")
        elif child.tag == _q("text", "line-break"):
            parts.append("\n")
        else:
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


__all__ = ["is_spreadsheet", "sheets"]
