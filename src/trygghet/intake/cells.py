"""What a cell of a received file holds when an import must not trust it, shared by the
readers of workbooks (.xlsx), OpenDocument spreadsheets (.ods) and CSV text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from trygghet.data import limits
from trygghet.data.errors import Problem

# Excel's error values: what a cell shows when its formula cannot be computed, and what
# Excel writes for such a cell when it saves a CSV file.
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!",
                          "#CONNECT!", "#BUSY!", "#UNKNOWN!"})


@dataclass(frozen=True)
class NotText:
    """A cell an import refuses to read: a formula or an Excel error value.

    Its result is not plain text someone wrote: a formula saved by another program has no
    result in the file, and an error value would be published as if it were data."""

    cell: str | None  # "Aktiviteter!F8" in a workbook; None in a CSV file
    formula: str | None = None
    error: str | None = None

    def __str__(self) -> str:
        return self.formula or self.error or ""

    def message(self) -> str:
        where = f"cellen {self.cell}" if self.cell else "fältet"
        if self.formula is not None:
            return (f"{where} innehåller formeln {self.formula!r}; importen läser bara vanlig "
                    "text. Skriv in värdet som vanlig text (i Excel: kopiera cellen och klistra "
                    "in som värden).")
        return (f"{where} innehåller Excels felvärde {self.error} (en formel som inte kunde "
                "räknas ut). Skriv in värdet som vanlig text.")


Rows = list[tuple[int, list[object]]]  # (row number in the file, cell values), blank rows left out


def beyond_columns() -> str:
    """A value in a column beyond the columns read (:data:`~trygghet.data.limits.COLUMNS`)."""
    return (f"cellen ligger längre till höger än kolumn {limits.COLUMNS} "
            f"({get_column_letter(limits.COLUMNS)}), som är den sista som läses; flytta eller "
            "ta bort innehållet och skicka filen igen")


def too_many_rows(path: Path, sheet: str | None) -> Problem:
    """A sheet or CSV file with more rows than are read (:data:`~trygghet.data.limits.ROWS`)."""
    return Problem(path, f"fler än {limits.count(limits.ROWS)} rader med innehåll; så många "
                         "läses inte in. Kontrollera att det är rätt fil.", sheet=sheet)

__all__ = ["ERROR_VALUES", "NotText", "Rows", "beyond_columns", "too_many_rows"]
