"""Reading and writing data files: reading only regular files within the size limits
(:mod:`trygghet.data.limits`), CSV records with the line each starts on, and writing
safely, all or nothing, never half a file (:mod:`trygghet.data.writing`)."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from trygghet.data import limits
from trygghet.data.errors import DataError, Problem, csv_error_message, os_error_reason
from trygghet.data.writing import write_atomically, write_files_atomically

__all__ = ["files_under", "read_bytes", "read_csv_records", "read_text", "refuse_special_files", "special_files",
           "too_big", "utf8_problem", "write_atomically", "write_files_atomically"]

def files_under(folder: Path) -> list[Path]:
    """Every file below ``folder``, sorted; none when it is not a folder."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


# -- reading: only regular files, never through a link, never more than the limit ------------

_SYMLINK = ("är en symbolisk länk{target}. Datafilerna läses bara som vanliga filer i data/, "
            "så att inget utanför projektet kan läsas in eller publiceras; ersätt länken med "
            "själva filen (eller katalogen)")


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "är en katalog, inte en fil"
    if stat.S_ISFIFO(mode):
        return "är en namngiven pipe (FIFO), ingen vanlig fil; den läses inte"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "är en enhetsfil, ingen vanlig fil; den läses inte"
    if stat.S_ISSOCK(mode):
        return "är en socket, ingen vanlig fil; den läses inte"
    return "är ingen vanlig fil; den läses inte"


def _symlink_problem(path: Path) -> Problem:
    try:
        target = f" (till {os.readlink(path)})"
    except OSError:
        target = ""
    return Problem(path, _SYMLINK.format(target=target))


def too_big(path: Path, size: int, limit: int, what: str = "filen") -> Problem:
    """A file larger than its limit (:mod:`trygghet.data.limits`)."""
    return Problem(path, f"{what} är för stor ({limits.megabytes(size)}); högst "
                         f"{limits.megabytes(limit)} läses in. Kontrollera att det är rätt fil.")


def read_bytes(path: Path, limit: int | None = None, *, follow_symlinks: bool = False) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (by default the limit of its
    kind, :func:`trygghet.data.limits.file_bytes`); a DataError in Swedish naming the path
    otherwise. A symbolic link is refused (unless ``follow_symlinks``, for a file named on the
    command line), and so is a FIFO or a device: it is never opened, so it cannot make the
    program wait or read without end."""
    path = Path(path)
    limit = limits.file_bytes(path) if limit is None else limit
    try:
        info = os.stat(path) if follow_symlinks else os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise DataError([_symlink_problem(path)])
        if (why := _not_regular(info.st_mode)) is not None:
            raise DataError([Problem(path, why)])
        if info.st_size > limit:
            raise DataError([too_big(path, info.st_size, limit)])
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it does
        # not wait; O_NOFOLLOW: nor for a link.
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) \
            | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError([Problem(path, "filen saknas")]) from None
    except OSError as err:
        if not follow_symlinks and os.path.islink(path):
            raise DataError([_symlink_problem(path)]) from None
        raise DataError([Problem(path, f"filen kan inte läsas: {os_error_reason(err)}")]) from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if (why := _not_regular(mode)) is not None:
            raise DataError([Problem(path, why)])
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise DataError([too_big(path, len(data), limit)])
    return data


def utf8_problem(path: Path, data: bytes, err: UnicodeDecodeError, encoding: str = "UTF-8",
                 ) -> Problem:
    """Where a file that should be UTF-8 is not: the byte and the line."""
    line = data[:err.start].count(b"\n") + 1
    return Problem(path, f"filen är inte sparad som {encoding}: ogiltig byte "
                         f"0x{data[err.start]:02X} på byte {err.start + 1}", row=line)


def read_text(path: Path, limit: int | None = None) -> str:
    """A UTF-8 text file, read as :func:`read_bytes` reads it."""
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError([utf8_problem(path, data, err)]) from None


def special_files(data_dir: Path) -> list[Problem]:
    """Every symbolic link, FIFO, device or socket under ``data_dir`` (itself left out), and
    every folder there that cannot be read. None is followed or opened: a data folder holds
    only regular files and folders, so nothing outside it can be read in or published."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []

    def unreadable(err: OSError) -> None:
        if Path(err.filename or data_dir) != data_dir:
            problems.append(Problem(Path(err.filename), f"katalogen kan inte läsas: "
                                                        f"{os_error_reason(err)}"))

    for folder, folders, files in os.walk(data_dir, onerror=unreadable):
        for name in sorted(folders + files):
            path = Path(folder) / name
            try:
                mode = os.lstat(path).st_mode
            except OSError as err:
                problems.append(Problem(path, f"kan inte läsas: {os_error_reason(err)}"))
                continue
            if stat.S_ISLNK(mode):
                problems.append(_symlink_problem(path))
            elif not stat.S_ISDIR(mode) and (why := _not_regular(mode)) is not None:
                problems.append(Problem(path, why))
    return problems


def refuse_special_files(data_dir: Path) -> None:
    """:func:`special_files` as a DataError, for every command that reads ``data/``."""
    problems = special_files(data_dir)
    if problems:
        raise DataError(problems)


def read_csv_records(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty records of a CSV file, each with its first line number."""
    text = read_text(path)
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
