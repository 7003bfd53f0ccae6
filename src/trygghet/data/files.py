"""Reading and writing data files: CSV records with the line each starts on, and writing
safely, all or nothing, never half a file."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from trygghet.data.errors import DataError, Problem, csv_error_message


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


def write_files_atomically(targets: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temporary file beside it, then rename them all into place.

    A reader never sees half a file, and if writing any file fails, none of the
    targets has been replaced."""
    temps: list[tuple[Path, Path]] = []
    try:
        for target, content in targets.items():
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        for tmp, target in temps:
            os.replace(tmp, target)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    return [target for _, target in temps]


def write_atomically(path: Path, content: bytes) -> Path:
    """Write one file all at once (see :func:`write_files_atomically`)."""
    return write_files_atomically({Path(path): content})[0]
