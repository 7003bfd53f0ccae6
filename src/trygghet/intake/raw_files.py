"""Keeping received files exactly as they came, under ``data/raw/<year>/``, and the import
log that says which file was imported when and what it changed. Shared by every import of
files people fill in (status reports, indicator values)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trygghet.data import activities
from trygghet.data.errors import DataError, Problem
from trygghet.data.files import write_atomically


@dataclass
class FileResult:
    """What one received file did: where its copy is kept and how many rows it changed."""

    received_as: Path
    stored_as: str  # relative to data/raw/
    sha256: str
    new_copy: bool
    added: int = 0
    replaced: int = 0
    unchanged: int = 0


def require_files(files: Sequence[Path]) -> list[Path]:
    """The received files of an import; at least one."""
    if not files:
        raise DataError([Problem(Path("."), "inga filer angivna")])
    return [Path(f) for f in files]


def received_files(paths: Sequence[Path], data_dir: Path, year: int) -> dict[Path, FileResult]:
    """Each received file with the name its copy has, or will have, under data/raw/<year>/."""
    folder = activities.raw_dir(data_dir, year)
    return {path: FileResult(path, f"{year}/{name}", digest, new)
            for path, (name, digest, new) in zip(paths, raw_names(paths, folder), strict=True)}


def keep_received(data_dir: Path, results: Iterable[FileResult]) -> None:
    """An untouched copy of every received file not kept already."""
    for result in results:
        if result.new_copy:
            keep_raw(result.received_as, Path(data_dir) / "raw" / result.stored_as)


def merge_received(merged: dict, key: str, new, result: FileResult, replace: bool):
    """Add one received item (a report, an assessment) to ``merged`` under ``key``, counting
    in ``result`` what it did. An item that says the same as the stored one changes nothing;
    a different one replaces it only with ``replace``. Returns the stored item when they
    conflict (the caller names it in Swedish), else None."""
    old = merged.get(key)
    if old is None:
        result.added += 1
        merged[key] = new
    elif old.same_content(new):
        result.unchanged += 1
    elif replace:
        result.replaced += 1
        merged[key] = new
    else:
        return old
    return None


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def raw_names(paths: Sequence[Path], folder: Path) -> list[tuple[str, str, bool]]:
    """For each received file: (stored name, sha256, whether a new copy is needed).

    An identical file already kept is reused; a different file with the same name gets
    ``-2``, ``-3`` … so no received file is ever overwritten."""
    taken: dict[str, str] = {}
    if folder.is_dir():
        taken = {p.name: sha256(p) for p in folder.iterdir() if p.is_file()}
    result = []
    for path in paths:
        digest = sha256(path)
        stem, suffix = path.stem, path.suffix
        candidate, n = path.name, 1
        while candidate in taken and taken[candidate] != digest:
            n += 1
            candidate = f"{stem}-{n}{suffix}"
        result.append((candidate, digest, candidate not in taken))
        taken[candidate] = digest
    return result


def keep_raw(source: Path, target: Path) -> None:
    """An untouched, read-only copy of a received file (all or nothing: a full disk
    leaves no truncated copy)."""
    write_atomically(target, Path(source).read_bytes(), read_only=True)


LOG_FILE = "importlogg.csv"
LOG_COLUMNS = ["year", "imported", "file", "received_as", "sha256", "added", "replaced",
               "unchanged"]


def log_import(log: Path, year: int, today: dt.date, results: Iterable[FileResult],
               **extra: str) -> None:
    """Note in ``log`` which file was imported when and what it changed; ``extra`` adds
    columns with the same value on every row (``example="true"``)."""
    append_log(log, [*LOG_COLUMNS, *extra], (
        [year, today.isoformat(), r.stored_as, r.received_as.name, r.sha256, r.added,
         r.replaced, r.unchanged, *extra.values()] for r in results))


def append_log(log: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Append rows to an import log (CSV, header written when the log is new). The log is
    rewritten whole, so it changes together with the files of the same
    :func:`~trygghet.data.writing.transaction`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not log.exists():
        writer.writerow(columns)
    writer.writerows(rows)
    old = log.read_bytes() if log.exists() else b""
    write_atomically(log, old + buffer.getvalue().encode("utf-8"))
