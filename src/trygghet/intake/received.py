"""Received files, shared by every import of files people fill in (committee status
reports, the city's indicator values): the templates' layout, reading workbooks and CSV
text (in the encodings people send) without trusting formulas or error values, locating
a cell for messages, and Swedish dates. Keeping the files is :mod:`trygghet.intake.raw_files`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, TypeVar

import openpyxl
from dateutil import parser as date_parser
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from trygghet.data import activities, limits
from trygghet.data.errors import DataError, Problem, csv_error_message
from trygghet.data.files import read_bytes, too_big, utf8_problem
from trygghet.data.plan import PLAN_FILE, Plan
from trygghet.intake import opendocument
from trygghet.intake.cells import ERROR_VALUES, NotText, Rows, beyond_columns, too_many_rows

T = TypeVar("T")


def xlsx_value(cell, sheet: str) -> object:
    """A cell's value, or NotText for a formula or an error value."""
    value = cell.value
    if cell.data_type == "f":
        return NotText(f"{sheet}!{cell.coordinate}", formula=str(getattr(value, "text", value)))
    if cell.data_type == "e" or (isinstance(value, str) and value.strip() in ERROR_VALUES):
        return NotText(f"{sheet}!{cell.coordinate}", error=str(value).strip())
    return value


def csv_value(text: str) -> object:
    """A CSV field. Text starting with "=" is kept: a CSV file holds no formulas, and people
    write "=> klart". An error value is what Excel wrote for a formula that failed."""
    if text.strip() in ERROR_VALUES:
        return NotText(None, error=text.strip())
    return text


def norm_label(value: object) -> str:
    """A header or label as compared: casefolded, single spaces, no trailing colon or star."""
    return " ".join(activities.clean_text(value).split()).casefold().rstrip(":*").strip()


def shown(value: object) -> str:
    """A received value quoted in a message: ``'Klar'``."""
    return repr(activities.clean_text(value))


@dataclass(frozen=True)
class Column:
    """One column of a template's table."""

    key: str
    header: str
    width: int
    filled_in: bool = True  # False: pre-filled from the plan or metadata, and locked
    aliases: tuple[str, ...] = ()  # other headers people give the column


@dataclass(frozen=True)
class Layout:
    """How a template's table is recognised: headers (and aliases) per column key, the keys
    a header row must name, and the labels of the metadata rows above it."""

    headers: dict[str, str]  # key → header as the template writes it
    aliases: dict[str, str]  # normalised header or alias → key
    required: tuple[str, ...]
    meta_labels: frozenset[str]

    @classmethod
    def of(cls, columns: Sequence[Column], required: Sequence[str],
           meta_labels: Iterable[str]) -> Layout:
        """The layout of a template written with ``columns``."""
        return cls(headers={c.key: c.header for c in columns},
                   aliases={norm_label(a): c.key for c in columns for a in (c.header, *c.aliases)},
                   required=tuple(required), meta_labels=frozenset(meta_labels))


@dataclass
class Table:
    """A received file's table, whatever its format (a workbook sheet or CSV text)."""

    file: Path
    sheet: str | None
    layout: Layout
    columns: dict[str, tuple[int, str]]  # key → (index, how the column is named to users)
    rows: Rows
    header: list[object]
    meta: dict[str, tuple[object, int, str]] = field(default_factory=dict)
    header_fields: int | None = None  # CSV: fields in the header row; more shift the columns

    def problem(self, message: str, row: int | None = None, key: str | None = None) -> Problem:
        column = self.columns[key][1] if key in self.columns else \
            self.layout.headers.get(key or "", key)
        return Problem(self.file, message, row=row, column=column, sheet=self.sheet)

    def value(self, cells: list[object], key: str) -> object:
        if key not in self.columns:
            return None
        i = self.columns[key][0]
        return cells[i] if i < len(cells) else None

    def meta_problem(self, label: str, message: str) -> Problem:
        """A problem with a metadata cell above the header ("År", "Mall")."""
        _, row, column = self.meta[label]
        return Problem(self.file, message, row=row, column=column, sheet=self.sheet)

    def readable_meta(self) -> tuple[dict[str, object], list[Problem]]:
        """The metadata values by label, and a problem for each formula or error value
        (those labels are left out)."""
        values, problems = {}, []
        for label, (value, _, _) in self.meta.items():
            if isinstance(value, NotText):
                problems.append(self.meta_problem(label, value.message()))
            else:
                values[label] = value
        return values, problems

    def refused_cells(self, cells: list[object], keys: Iterable[str]) -> dict[str, NotText]:
        """The cells among ``keys`` that hold a formula or an error value."""
        return {key: v for key in keys if isinstance(v := self.value(cells, key), NotText)}

    def elsewhere(self, other: Table, *, name_sheet: bool = False) -> str:
        """Where ``other`` is, said after a row number: "" when it is this table,
        " i fil.xlsx" (or " (blad 'X' i fil.xlsx)" with ``name_sheet``) otherwise."""
        if other.file == self.file and other.sheet == self.sheet:
            return ""
        if name_sheet and other.sheet:
            return f" (blad {other.sheet!r} i {other.file.name})"
        return f" i {other.file.name}"


@dataclass
class Row:
    """A row being checked: its cells and the problems found so far. Each rule of a check
    reads the row's cells and adds its problem, naming file, sheet, row and column."""

    table: Table
    number: int
    cells: list[object]
    refused: set[str] = field(default_factory=set)  # keys of formula or error-value cells
    problems: list[Problem] = field(default_factory=list)

    def value(self, key: str) -> object:
        return self.table.value(self.cells, key)

    def text(self, key: str) -> str:
        return activities.clean_text(self.value(key))

    def problem(self, message: str, key: str | None = None) -> None:
        self.problems.append(self.table.problem(message, self.number, key))

    def choice(self, key: str, parse: Callable[[object], T | None], noun: str,
               allowed: str) -> T | None:
        """One of a list (a status, a verdict) as ``parse`` reads it; None, and a problem
        naming the ``allowed`` choices, when the cell is empty or holds none of them."""
        raw = self.value(key)
        if not activities.clean_text(raw):
            self.problem(f"{noun} saknas; välj en av: {allowed}", key)
            return None
        chosen = parse(raw)
        if chosen is None:
            self.problem(f"okänd {noun} {shown(raw)}; tillåtna: {allowed}", key)
        return chosen

    def date(self, key: str, year: int) -> dt.date | None:
        """The date in a cell that is not empty (:func:`parse_date`); None, and a problem
        with examples from the year after ``year``, when it is no date."""
        raw = self.value(key)
        try:
            return parse_date(raw)
        except (ValueError, OverflowError):
            self.problem(f"okänt datum {shown(raw)}; skriv till exempel {year + 1}-03-15, "
                         f"15/3/{year + 1} eller 15 mars {year + 1}", key)
            return None

    def refuse_formulas(self, keys: Iterable[str]) -> set[str]:
        """Report each cell among ``keys`` that holds a formula or an error value, and
        read it as empty from now on; the keys refused."""
        refused = self.table.refused_cells(self.cells, keys)
        for key, cell in refused.items():
            self.problem(cell.message(), key)
        if refused:
            self.cells = [None if isinstance(c, NotText) else c for c in self.cells]
        self.refused |= set(refused)
        return set(refused)


def template_problems(table: Table, meta: dict[str, object], template_id: str,
                      what: str) -> list[Problem]:
    """A "Mall" row, when there is one, names a version of the template ``template_id``;
    ``what`` names the template in the message ("statusmall")."""
    family = template_id.rsplit("-", 1)[0]
    if "mall" not in meta or activities.clean_text(meta["mall"]).startswith(family):
        return []
    return [table.meta_problem("mall", f"filen är inte en {what} (Mall: {shown(meta['mall'])})")]


def used_fields(cells: list[object]) -> int:
    """Number of fields up to the last one that is not blank."""
    return next((i + 1 for i in range(len(cells) - 1, -1, -1)
                 if activities.clean_text(cells[i])), 0)


def too_many_fields(table: Table, number: int, cells: list[object]) -> Problem | None:
    """A CSV row with more fields than the header: every column after the extra field is
    shifted, so checking them would blame the wrong columns."""
    fields = used_fields(cells)
    if table.header_fields is None or fields <= table.header_fields:
        return None
    return table.problem(
        f"raden har {fields} fält men rubrikraden har {table.header_fields}. Troligen "
        "innehåller en text ett semikolon eller kommatecken utan citattecken runt "
        "texten. Sätt citattecken runt texten eller skicka filen som Excel-arbetsbok "
        "(.xlsx).", number)


def stated_year(table: Table, meta: dict[str, object], year: int) -> list[Problem]:
    """The year the template was written for ("År" above the table, when there is one) is
    the year imported."""
    if "år" not in meta:
        return []
    try:
        stated = whole_number(meta["år"])
    except ValueError:
        stated = None
    if stated == year:
        return []
    return [table.meta_problem("år", f"mallen gäller år {activities.clean_text(meta['år'])}, "
                                     f"men importen gäller {year} (--year {year}). Använd rätt "
                                     "års mall eller rätt --year.")]


def cell_label(index: int, header: str) -> str:
    """How a workbook column is named in messages: "Status (E)"."""
    return f"{header} ({get_column_letter(index + 1)})"


def find_table(path: Path, sheet: str | None, rows: Rows, layout: Layout, label) -> Table | None:
    """Split raw rows into metadata (above the header), header and data rows; None when no
    row among the first 40 names the required columns. ``label(index, header)`` is how a
    column is named in messages ("Status (E)" in a workbook)."""
    for h, (_, cells) in enumerate(rows[:40]):
        if set(layout.required) <= {layout.aliases.get(norm_label(c)) for c in cells
                                    if c is not None}:
            break
    else:
        return None
    columns: dict[str, tuple[int, str]] = {}
    for i, cell in enumerate(rows[h][1]):
        key = layout.aliases.get(norm_label(cell)) if cell is not None else None
        if key and key not in columns:
            columns[key] = (i, label(i, activities.clean_text(cell)))
    meta = {}
    for number, cells in rows[:h]:
        if len(cells) >= 2 and norm_label(cells[0]) in layout.meta_labels:
            meta[norm_label(cells[0])] = (cells[1], number,
                                          label(1, activities.clean_text(cells[0])))
    return Table(path, sheet, layout, columns, rows[h + 1:], rows[h][1], meta)


def read_received(path: Path) -> bytes | list[Problem]:
    """A received file's bytes, or why it cannot be read (missing, not a regular file, too
    big, empty, old Excel). A link named on the command line is read as the file it names;
    a FIFO or a device is never opened."""
    path = Path(path)
    if not path.exists():
        return [Problem(path, "filen finns inte")]
    try:
        data = read_bytes(path, limits.RECEIVED_BYTES, follow_symlinks=True)
    except DataError as err:
        return err.problems
    if not data.strip():
        return [Problem(path, "filen är tom")]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return [Problem(path, "filen är en gammal Excel-fil (.xls) eller lösenordsskyddad. "
                              "Spara den som Excel-arbetsbok (.xlsx) utan lösenord.")]
    return data


def is_workbook(data: bytes) -> bool:
    """An .xlsx or .ods file (both are zip archives); anything else is read as CSV text."""
    return data.startswith(b"PK\x03\x04")


def workbook_sheets(path: Path, data: bytes) -> list[tuple[str, Rows]] | list[Problem]:
    """Every sheet of a workbook, Excel (.xlsx) or OpenDocument (.ods, as LibreOffice saves
    it), as (name, rows), in the file's order; or why it cannot be opened. A workbook that
    unpacks to more than :data:`~trygghet.data.limits.UNPACKED_BYTES` is refused before it
    is opened."""
    if (problem := unpacked_problem(path, data)) is not None:
        return [problem]
    if opendocument.is_spreadsheet(data):
        found = opendocument.sheets(path, data)
        return found if isinstance(found, list) else list(found.items())
    wb = open_workbook(path, data)
    if isinstance(wb, list):
        return wb
    try:
        return [(name, sheet_rows(wb[name], name, path)) for name in wb.sheetnames]
    except DataError as err:
        return err.problems


def unpacked_problem(path: Path, data: bytes) -> Problem | None:
    """Why a workbook (a zip archive) is not opened: it unpacks to more than the limit. The
    sizes are the archive's own, which unpacking holds to, so nothing is unpacked to know."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a readable archive: the reader says so
    if size > limits.UNPACKED_BYTES:
        return too_big(path, size, limits.UNPACKED_BYTES, what="arbetsboken uppackad")
    return None


def open_workbook(path: Path, data: bytes):
    """The workbook (``data``, read from ``path``) with formulas kept as formulas (so they
    can be refused), or Problems."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel extensions it drops
            return openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # noqa: BLE001 - any failure here means the file is not a usable workbook
        return [Problem(path, "filen kan inte öppnas som Excel-arbetsbok (.xlsx); den kan vara "
                              "skadad. Spara om den i Excel eller LibreOffice och skicka igen.")]


def sheet_rows(ws, name: str, path: Path) -> Rows:
    """The non-blank rows of a worksheet, formulas and error values as NotText; at most
    :data:`~trygghet.data.limits.COLUMNS` columns and :data:`~trygghet.data.limits.ROWS`
    rows (a DataError naming ``path`` and the sheet beyond them)."""
    if ws.max_column > limits.COLUMNS:
        # Only the cells the sheet has (never the whole rectangle up to the far column).
        far = min((c for c in ws._cells.values()  # openpyxl has no public lazy way
                   if c.column > limits.COLUMNS and activities.clean_text(c.value)),
                  key=lambda c: (c.row, c.column), default=None)
        if far is not None:
            raise DataError([Problem(path, beyond_columns(), row=far.row,
                                     column=far.column_letter, sheet=name)])
    rows, empty_run = [], 0
    for number, row_cells in enumerate(ws.iter_rows(max_col=min(ws.max_column, limits.COLUMNS)),
                                       start=1):
        cells = [xlsx_value(c, name) for c in row_cells]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            empty_run += 1
            if empty_run > 200:  # formatting far below the table: stop reading
                break
            continue
        empty_run = 0
        rows.append((number, cells))
        if len(rows) > limits.ROWS:
            raise DataError([too_many_rows(path, name)])
    return rows


def decode_text(path: Path, data: bytes) -> str | Problem:
    """The text of a received CSV file, by a rule that never guesses silently:

    - with a byte order mark: UTF-8 or UTF-16, as the mark says;
    - without: UTF-8 when the bytes are UTF-8 throughout;
    - else Windows-1252 (Excel's "CSV" in Sweden), but only when the file has no UTF-8
      character of more than one byte at all: one is proof the file was saved as UTF-8,
      and a byte that breaks it is named (byte and line) instead of read as other letters.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, shown = "utf-16", "UTF-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding, shown = "utf-8-sig", "UTF-8"
    else:
        encoding, shown = "utf-8", "UTF-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        if encoding != "utf-8" or _UTF8_MULTIBYTE.search(data):
            problem = utf8_problem(path, data, err, shown)
            return Problem(path, f"{problem.message}. Spara filen som CSV (UTF-8) igen, eller "
                                 "som Excel-arbetsbok (.xlsx).", row=problem.row)
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            problem = utf8_problem(path, data, err, "UTF-8 eller Windows-1252")
            return Problem(path, f"{problem.message}. Spara filen som CSV (UTF-8) igen, eller "
                                 "som Excel-arbetsbok (.xlsx).", row=problem.row)
    if "\x00" in text:
        return Problem(path, "filen kan inte läsas som text (CSV). Spara den som CSV (UTF-8) "
                             "eller som Excel-arbetsbok (.xlsx).")
    return text


# A character of two to four bytes in UTF-8 (a lead byte and its continuation bytes).
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def csv_rows(text: str, delimiter: str, path: Path) -> Rows:
    """The non-blank records of CSV text with their first line numbers; raises csv.Error,
    or a DataError beyond :data:`~trygghet.data.limits.ROWS` records."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: Rows = []
    start = 1
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append((start, [csv_value(c) for c in cells]))
            if len(rows) > limits.ROWS:
                raise DataError([too_many_rows(path, None)])
        start = reader.line_num + 1
    return rows


def find_csv_table(path: Path, data: bytes, layout: Layout) -> Table | list[Problem] | None:
    """The table in CSV text, separated by semicolons, commas or tabs (the first that gives
    a header row); Problems when the text cannot be read, None when there is no header."""
    text = decode_text(path, data)
    if isinstance(text, Problem):
        return [text]
    for delimiter in (";", ",", "\t"):
        try:
            rows = csv_rows(text, delimiter, path)
        except DataError as err:
            return err.problems
        except csv.Error as err:
            return [Problem(path, f"filen kan inte läsas som CSV: {csv_error_message(err)}")]
        table = find_table(path, None, rows, layout, lambda i, header: header)
        if table is not None:
            table.header_fields = used_fields(table.header)
            return table
    return None


def read_tables(path: Path, layout: Layout, *, not_a_template: str, not_a_table: str,
                skip_sheets: Iterable[str] = ()) -> list[Table] | list[Problem]:
    """Every table in a received file, opened by what it contains, not what it is called:
    one per workbook sheet with the layout's header row (sheets in ``skip_sheets`` left
    out), or the one in CSV text. Problems when there is none: ``not_a_template`` for a
    workbook, ``not_a_table`` for text."""
    path = Path(path)
    data = read_received(path)
    if isinstance(data, list):
        return data
    if is_workbook(data):
        sheets = workbook_sheets(path, data)
        if sheets and isinstance(sheets[0], Problem):
            return sheets
        skip = set(skip_sheets)
        tables = [t for name, rows in sheets if name not in skip
                  if (t := find_table(path, name, rows, layout, cell_label))]
        if not tables:
            return [Problem(path, not_a_template)]
    else:
        table = find_csv_table(path, data, layout)
        if table is None:
            return [Problem(path, not_a_table, row=1)]
        if not isinstance(table, Table):
            return table
        tables = [table]
    long = [p for t in tables for p in long_cells(t)]
    return long or tables


def long_cells(table: Table) -> list[Problem]:
    """Every cell of ``table`` (metadata and rows) with more text than a cell may have
    (:data:`~trygghet.data.limits.CELL_CHARS`): refused at the door, so that no stored file
    holds a text longer than the rest of the program reads."""
    def column(i: int) -> str:
        header = activities.clean_text(table.header[i]) if i < len(table.header) else ""
        if table.sheet is None:  # CSV: the header, or the field's number
            return header or f"fält {i + 1}"
        return cell_label(i, header)

    def problem(row: int, column: str) -> Problem:
        return Problem(table.file, f"texten har fler än {limits.count(limits.CELL_CHARS)} "
                       "tecken, det mesta en cell får ha. Korta texten "
                       "(en längre text hör hemma i ett eget dokument) och skicka filen igen.",
                       row=row, column=column, sheet=table.sheet)

    def long(value: object) -> bool:
        return isinstance(value, str) and len(value) > limits.CELL_CHARS

    return [problem(row, label) for value, row, label in table.meta.values() if long(value)] + \
        [problem(number, column(i)) for number, cells in table.rows
         for i, value in enumerate(cells) if long(value)]


# -- numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def parse_number(value: object) -> float:
    """A number as people write it: an Excel number, or text with a decimal comma or
    point, spaces between thousands and an optional % sign. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)  # noqa: TRY004 - a wrong cell, reported like any other
    if isinstance(value, int | float):
        return float(value)
    text = re.sub(r"[\s\u00a0\u202f]", "", activities.clean_text(value)).removesuffix("%")
    text = text.replace("\u2212", "-").replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise ValueError(value)
    return float(text)


def whole_number(value: object) -> int:
    """A whole number (a year) as people write it (:func:`parse_number`). Raises ValueError."""
    number = parse_number(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


# -- dates ----------------------------------------------------------------------------------

SWEDISH_MONTHS = [
    ("jan", "januari"), ("feb", "februari"), ("mar", "mars"), ("apr", "april"), ("maj",),
    ("jun", "juni"), ("jul", "juli"), ("aug", "augusti"), ("sep", "sept", "september"),
    ("okt", "oktober"), ("nov", "november"), ("dec", "december"),
]


class _SwedishDates(date_parser.parserinfo):
    MONTHS: ClassVar = SWEDISH_MONTHS
    WEEKDAYS: ClassVar = [("mån", "måndag"), ("tis", "tisdag"), ("ons", "onsdag"),
                          ("tor", "torsdag"), ("fre", "fredag"), ("lör", "lördag"),
                          ("sön", "söndag")]
    JUMP: ClassVar = [" ", ".", ",", "/", "-", "den", "kl"]
    AMPM: ClassVar = []

    def __init__(self) -> None:
        super().__init__(dayfirst=True, yearfirst=False)


_SV_DATES = _SwedishDates()
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def parse_date(value: object) -> dt.date:
    """A date as Swedish users give it: an Excel date, 2023-03-15, 15/3/2023, 15.3.2023,
    15 mars 2023. Raises ValueError for anything else, including dates missing the day,
    month or year."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial date (1954–2119) in an unformatted cell
            return from_excel(value).date()
        raise ValueError(value)
    text = " ".join(activities.clean_text(value).split())
    iso = _ISO.fullmatch(text)
    if iso:
        return dt.date(*(int(g) for g in iso.groups()))
    # Parse twice with different defaults: a part the text lacks shows up as a difference.
    first = date_parser.parse(text, parserinfo=_SV_DATES, default=dt.datetime(2000, 1, 1))
    second = date_parser.parse(text, parserinfo=_SV_DATES, default=dt.datetime(2001, 2, 2))
    if first != second:
        raise ValueError(text)
    return first.date()


def check_year(plan: Plan, year: int, what: str = "uppföljningen") -> None:
    """A follow-up year of ``plan`` (the year's plan, ``load_plan(data_dir, year)``): in the
    plan period or at most ten years after it. ``what`` names what the year is for in the
    message ("statusrapporter")."""
    where = plan.folder / PLAN_FILE
    start = plan.document.period.start
    if year < start:
        raise DataError([Problem(where, f"året {year} ligger före planperioden, "
                                        f"som börjar {start}", column="period.start")])
    last = plan.follow_up_years[-1]
    if year > last:
        raise DataError([Problem(where, f"året {year} ligger för långt efter planperioden; "
                                        f"{what} kan gälla högst {last}",
                                 column="period.end")])


def refuse_existing(paths: Iterable[Path]) -> None:
    """A template is never written over an existing file (it may be filled in)."""
    existing = [Problem(p, "filen finns redan; välj en annan katalog eller flytta filen "
                           "(en ifylld mall skrivs aldrig över)") for p in paths if p.exists()]
    if existing:
        raise DataError(existing)
