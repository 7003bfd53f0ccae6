"""The limits at the doors: how big, how deep and how long what the program reads may be.

Every file the program reads, a data file under ``data/`` or a file received for an import,
is checked against these numbers before it is read whole, so that no file (a mistake or one
made to do harm) can make a command hang, run out of memory or crash. Each limit is far
above what a real file needs; the reason is beside each. The unit's guide
(docs/enhetens-guide.md) shows the same table in Swedish; keep them together."""

from __future__ import annotations

from pathlib import Path

# -- data files under data/ ---------------------------------------------------------------------

#: A YAML file (the plan, settings, indicator metadata). The largest plan file is under 10 kB.
YAML_BYTES = 1_000_000
#: Levels of nesting in a YAML file. The plan's files nest at most 5 levels.
YAML_DEPTH = 20
#: A CSV file (values, status reports, every municipality's values). The largest, all
#: municipalities' values of one indicator for ten years, is under 50 kB.
CSV_BYTES = 20_000_000
#: A text file (a chapter of the plan, ``kapitel/*.md``). The longest chapter is under 10 kB.
TEXT_BYTES = 1_000_000

# -- files received for an import (trygghet import-status, import-values, import-assessments) --

#: A received file as sent (.xlsx, .ods or CSV). A filled-in template is under 100 kB.
RECEIVED_BYTES = 20_000_000
#: A workbook (.xlsx, .ods) unpacked: the sum of its parts. A filled-in template unpacks to
#: under 1 MB; a workbook's XML takes some ten times its size in memory when read.
UNPACKED_BYTES = 20_000_000
#: Characters in one cell (a comment, an analysis). About two pages of text: longer text
#: belongs in a document of its own, and would not be read on a page of the book.
CELL_CHARS = 5_000
#: Rows with content in one sheet or CSV file. A template has one row per activity, goal or
#: value, a few hundred at most.
ROWS = 10_000
#: Columns read in a sheet. A template has at most 15 columns.
COLUMNS = 200
#: Levels of nesting in an .ods file's XML. LibreOffice writes about 10.
XML_DEPTH = 100


def file_bytes(path: Path) -> int:
    """The size limit of a data file, by its kind (its suffix)."""
    suffix = Path(path).suffix.lower()
    if suffix in {".yml", ".yaml"}:
        return YAML_BYTES
    if suffix in {".md", ".txt"}:
        return TEXT_BYTES
    return CSV_BYTES


def megabytes(size: int) -> str:
    """A size in MB for a message: "20 MB", "0,5 MB"."""
    value = size / 1_000_000
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return text.replace(".", ",") + " MB"


def count(number: int) -> str:
    """A number as Swedish text: "10 000"."""
    return f"{number:,}".replace(",", " ")
