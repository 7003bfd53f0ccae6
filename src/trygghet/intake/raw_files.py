"""Keeping received files exactly as they came, and the import log that says which file was
imported when and what it changed. Shared by every import of files people fill in (status
reports, indicator values, the assessment of the goals).

The received files can hold personal data (a committee's contact person), so their copies
are kept outside what git commits: by default in ``inkommet/<år>/<slag>/arkiv/`` (ignored by
git, see :mod:`trygghet.data.layout`), or in a folder the unit chooses (``--arkiv``). The
committed import log records each file's name, size and SHA-256 checksum, not its content.

An import writes its tidy files, the log and the copies in one step
(:func:`~trygghet.data.files.write_files_atomically`): all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trygghet.data import import_log
from trygghet.data.errors import DataError, Problem
from trygghet.data.files import write_files_atomically
from trygghet.data.import_log import LOG_COLUMNS, LOG_FILE

__all__ = ["LOG_FILE", "FileResult", "commit", "merge_received", "received_files",
           "require_files"]


@dataclass
class FileResult:
    """What one received file did: where its copy is kept and how many rows it changed."""

    received_as: Path
    stored_as: str  # the copy's name in the archive folder
    sha256: str
    new_copy: bool
    archive: Path  # the folder the copy is kept in
    size: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0

    @property
    def copy(self) -> Path:
        return self.archive / self.stored_as


def require_files(files: Sequence[Path]) -> list[Path]:
    """The received files of an import; at least one."""
    if not files:
        raise DataError([Problem(Path("."), "inga filer angivna")])
    return [Path(f) for f in files]


def received_files(paths: Sequence[Path], archive: Path) -> dict[Path, FileResult]:
    """Each received file with the name its copy has, or will have, in ``archive``."""
    archive = Path(archive)
    return {path: FileResult(path, name, digest, new, archive, path.stat().st_size)
            for path, (name, digest, new) in zip(paths, raw_names(paths, archive), strict=True)}


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


def commit(files: dict[Path, bytes], log: Path, year: int, results: Iterable[FileResult],
           when: dt.date | dt.datetime | None = None, **extra: str) -> list[Path]:
    """Write an import in one step: the tidy ``files``, the import log with a row per
    received file (``extra`` adds columns with the same value on every row, such as
    ``example="true"``) and an untouched, read-only copy of every received file not kept
    already. Returns the tidy files written."""
    results = list(results)
    when = when or dt.datetime.now().replace(microsecond=0)
    rows = [{"year": year, "imported": when.isoformat(), "file": r.stored_as,
             "received_as": r.received_as.name, "size": r.size, "sha256": r.sha256,
             "added": r.added, "replaced": r.replaced, "unchanged": r.unchanged, **extra}
            for r in results]
    copies = {r.copy: r.received_as.read_bytes() for r in results if r.new_copy}
    write_files_atomically({**files, log: import_log.appended(log, [*LOG_COLUMNS, *extra], rows),
                            **copies})
    for path in copies:
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return list(files)
