"""Reading an OpenDocument spreadsheet (.ods, LibreOffice's own format): the sheets as the
same rows the workbook reader gives (:func:`trygghet.intake.received.sheet_rows`), so an
import reads .ods, .xlsx and CSV alike.

Like the workbook reader it never trusts a formula: a cell with a formula (LibreOffice
stores its last result too) or an error value is a :class:`~trygghet.intake.cells.NotText`
that the import refuses. Dates come as ``datetime.date``, numbers as ``float``, text with its
line breaks.

The file is read defensively, since anyone can make one: the XML is parsed by defusedxml
(no DTD, no entities), row by row as it is read, never nested deeper than
:data:`~trygghet.data.limits.XML_DEPTH`; repeated rows and cells are expanded only up to
the limits of :mod:`trygghet.data.limits` (blank ones not at all), a cell's text is kept
only up to one character past the longest a cell may have, and a repeat count or a number
that is not one is refused with a Swedish message naming the cell."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET
from openpyxl.utils import get_column_letter

from trygghet.data import limits
from trygghet.data.errors import Problem
from trygghet.data.files import too_big
from trygghet.intake.cells import ERROR_VALUES, NotText, Rows, beyond_columns, too_many_rows

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


_TABLE, _ROW = _q("table", "table"), _q("table", "table-row")
_CELLS = (_q("table", "table-cell"), _q("table", "covered-table-cell"))
_COUNT = re.compile(r"[1-9][0-9]{0,9}")  # a repeat count: a positive whole number


def is_spreadsheet(data: bytes) -> bool:
    """True for the bytes of an OpenDocument spreadsheet (a zip whose ``mimetype`` says so)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("mimetype")
            return info.file_size <= len(MIMETYPE) + 2 and z.read(info).strip() == MIMETYPE
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error):
        return False


def _unreadable(path: Path) -> list[Problem]:
    return [Problem(path, "filen kan inte öppnas som OpenDocument-kalkylark (.ods); den kan "
                          "vara skadad. Spara om den i LibreOffice eller Excel och skicka igen.")]


class _Refused(Exception):
    """A file the reader stops at, with the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def sheets(path: Path, data: bytes) -> dict[str, Rows] | list[Problem]:
    """Every sheet's non-blank rows by sheet name, in the file's order; or why the file
    cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("content.xml")
            if info.file_size > limits.UNPACKED_BYTES:
                return [too_big(path, info.file_size, limits.UNPACKED_BYTES,
                                what="kalkylarkets innehåll uppackat")]
            with z.open(info) as content:
                return _Reader(path).read(content)
    except _Refused as refused:
        return [refused.problem]
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, EOFError, zlib.error,
            ET.ParseError, defusedxml.DefusedXmlException):
        return _unreadable(path)


class _Reader:
    """Reads content.xml as it is parsed: each row when its end is read, then drops it."""

    def __init__(self, path: Path):
        self.path = path
        self.sheet = ""
        self.number = 0  # the last row number read in the sheet

    def refuse(self, message: str, row: int | None = None, column: str | None = None):
        raise _Refused(Problem(self.path, message, row=row, column=column,
                               sheet=self.sheet or None))

    def read(self, content) -> dict[str, Rows]:
        result: dict[str, Rows] = {}
        open_elements: list[ET.Element] = []
        sheets: list[tuple[str, int]] = []  # (name, rows read before it), for nested tables
        for event, element in SafeET.iterparse(content, events=("start", "end"),
                                               forbid_dtd=True):
            if event == "start":
                open_elements.append(element)
                if len(open_elements) > limits.XML_DEPTH:
                    self.refuse(f"filens XML är nästlad djupare än {limits.XML_DEPTH} nivåer; "
                                "den kan vara skadad eller gjord för att skada. Spara om den "
                                "i LibreOffice eller Excel och skicka igen.")
                if element.tag == _TABLE:
                    sheets.append((self.sheet, self.number))
                    self.sheet = element.get(_q("table", "name"), "")
                    self.number = 0
                    result.setdefault(self.sheet, [])
                continue
            open_elements.pop()
            if element.tag == _ROW:
                self.row(element, result[self.sheet])
            elif element.tag == _TABLE:
                self.sheet, self.number = sheets.pop()
            else:
                continue
            if open_elements:  # read: the parsed element is dropped
                open_elements[-1].remove(element)
        return result

    def count(self, element: ET.Element, attribute: str, row: int,
              column: str | None = None) -> int:
        """A repeat count: a positive whole number (1 when not given)."""
        value = element.get(_q("table", attribute))
        if value is None:
            return 1
        if not _COUNT.fullmatch(value):
            self.refuse(f"ogiltigt antal upprepningar {value[:20]!r} (table:{attribute}); "
                        "filen kan vara skadad. Spara om den i LibreOffice eller Excel och "
                        "skicka igen.", row=row, column=column)
        return int(value)

    def row(self, row: ET.Element, rows: Rows) -> None:
        repeat = self.count(row, "number-rows-repeated", self.number + 1)
        cells = self.cells(row, self.number + 1)
        if not any(c is not None for c in cells):
            self.number += repeat  # blank rows, often a million of them at the end: not read
            return
        for i in range(repeat):
            self.number += 1
            rows.append((self.number, cells if i == 0 else self.cells(row, self.number)))
            if len(rows) > limits.ROWS:
                raise _Refused(too_many_rows(self.path, self.sheet))

    def cells(self, row: ET.Element, number: int) -> list[object]:
        cells: list[object] = []
        column = 0  # columns before this cell, blank ones included
        for cell in row:
            if cell.tag not in _CELLS:
                continue
            letter = _letter(column + 1)
            repeat = self.count(cell, "number-columns-repeated", number, letter)
            value = self.value(cell, number, letter)
            if value is not None:
                if column + repeat > limits.COLUMNS:
                    self.refuse(beyond_columns(), row=number,
                                column=_letter(max(column, limits.COLUMNS) + 1))
                cells.extend([None] * (column - len(cells)))
                cells.extend([value] * repeat)
            column += repeat
        return cells

    def value(self, cell: ET.Element, number: int, letter: str) -> object:
        where = f"{self.sheet}!{letter}{number}"
        formula = cell.get(_q("table", "formula"))
        if formula is not None:
            return NotText(where, formula=formula.removeprefix("of:")[:200])
        kind = cell.get(_q("office", "value-type"))
        if kind in {"float", "percentage", "currency"}:
            value = cell.get(_q("office", "value"), "nan")
            try:
                return float(value)
            except ValueError:
                self.refuse(f"cellen {where} ska innehålla ett tal men har {value[:20]!r}; "
                            "filen kan vara skadad. Spara om den i LibreOffice eller Excel och "
                            "skicka igen.", row=number, column=letter)
        if kind == "date":
            value = cell.get(_q("office", "date-value"), "")
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value[:100]
            return moment.date() if len(value) <= 10 else moment
        if kind == "boolean":
            return cell.get(_q("office", "boolean-value")) == "true"
        text = _Text()
        for i, paragraph in enumerate(cell.findall(_q("text", "p"))):
            if i:
                text.add("\n")
            self.paragraph(paragraph, text, number, letter)
        value = text.value()
        if not value and kind is None:
            return None
        if value.strip() in ERROR_VALUES:
            return NotText(where, error=value.strip())
        return value

    def paragraph(self, element: ET.Element, text: _Text, number: int, letter: str) -> None:
        """A paragraph's text: spans and links as their text, ``text:s`` as spaces, tabs and
        line breaks as themselves (nesting is limited, see :meth:`read`)."""
        text.add(element.text or "")
        for child in element:
            if child.tag == _q("text", "s"):
                value = child.get(_q("text", "c"), "1")
                if not _COUNT.fullmatch(value):
                    self.refuse(f"ogiltigt antal mellanslag {value[:20]!r} (text:c); filen kan "
                                "vara skadad. Spara om den i LibreOffice eller Excel och skicka "
                                "igen.", row=number, column=letter)
                text.add(" ", int(value))
            elif child.tag == _q("text", "tab"):
                text.add("\t")
            elif child.tag == _q("text", "line-break"):
                text.add("\n")
            else:
                self.paragraph(child, text, number, letter)
            text.add(child.tail or "")


class _Text:
    """A cell's text, kept up to one character past the longest a cell may have: enough for
    the import to refuse it (:func:`trygghet.intake.received.long_cells`), never more."""

    def __init__(self):
        self.parts: list[str] = []
        self.left = limits.CELL_CHARS + 1

    def add(self, text: str, times: int = 1) -> None:
        if self.left <= 0 or not text:
            return
        piece = (text * min(times, self.left // len(text) + 1))[:self.left]
        self.parts.append(piece)
        self.left -= len(piece)

    def value(self) -> str:
        return "".join(self.parts)


def _letter(column: int) -> str:
    """A column's letters ("E"), or its number beyond the largest sheet."""
    return get_column_letter(column) if column <= 16384 else f"nr {column}"


__all__ = ["is_spreadsheet", "sheets"]
