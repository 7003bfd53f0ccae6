"""Reading and writing data files: CSV records with the line each starts on, and writing
safely, all or nothing, never half a file (:mod:`trygghet.data.writing`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from trygghet.data.errors import DataError, Problem, csv_error_message
from trygghet.data.writing import write_atomically, write_files_atomically

__all__ = ["read_csv_records", "write_atomically", "write_files_atomically"]


def read_csv_records(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty records of a CSV file, each with its first line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(path, "filen saknas")]) from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(path, f"filen är inte sparad som UTF-8 (ogiltigt tecken vid "
                                       f"byte {exc.start + 1})")]) from None
    reader = csv.reader(io.StringIO(text))
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for fields in reader:
            if fields:
                records.append((line, fields))
            line = reader.line_num + 1
    except csv.Error as err:
        raise DataError([Problem(path, csv_error_message(err), row=line)]) from None
    if not records:
        raise DataError([Problem(path, "filen är tom; rubrikraden saknas", row=1)])
    return records[0][1], records[1:]
