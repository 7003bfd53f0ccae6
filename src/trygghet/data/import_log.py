"""The import logs (``importlogg.csv`` next to the files an import writes): one row per
received file read, with its name, size, SHA-256 checksum, when it was read and how many
rows it added, replaced or left unchanged. The log is committed; the received files, which
may hold personal data, are not, so the log says *which* file a row came from without
holding its content."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

LOG_FILE = "importlogg.csv"
LOG_COLUMNS = ["year", "imported", "file", "received_as", "size", "sha256", "added",
               "replaced", "unchanged"]


def read_log(log: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The log's columns and rows; none when there is no log yet."""
    if not Path(log).exists():
        return [], []
    with Path(log).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def logged_files(log: Path, year: int) -> set[str]:
    """The names (``file``) of the received files the log records for ``year``."""
    return {row.get("file") or "" for row in read_log(log)[1] if row.get("year") == str(year)}


def appended(log: Path, columns: Sequence[str], rows: Iterable[dict[str, object]]) -> bytes:
    """The log's whole content with ``rows`` added. A log written by an earlier version with
    fewer columns gets the new ones, empty on its old rows."""
    old_columns, old_rows = read_log(log)
    columns = [*columns, *(c for c in old_columns if c not in columns)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in [*old_rows, *rows]:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return buffer.getvalue().encode("utf-8")
