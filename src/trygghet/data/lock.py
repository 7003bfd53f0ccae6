"""One at a time: an exclusive lock held for as long as a block runs.

The lock is the kernel's (``fcntl.flock``): it is released when its holder exits, even when
the holder is killed, so a stale lock never blocks anyone. Used for the build folder (one
build at a time, :func:`trygghet.publish.build.build_lock`) and for the data folder (one
writer at a time, :func:`trygghet.data.writing.data_lock`).

A process that already holds a lock gets it again at once (the locks are re-entrant within
a process): a command holding the data lock can call code that takes it too."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from trygghet.data.errors import UserError

#: Lock path (resolved) → how many nested blocks of this process hold it.
_HELD: dict[Path, int] = {}


class LockBusyError(UserError):
    """Someone else held the lock for longer than we would wait; the message is Swedish
    and says that nothing was changed."""

    untouched = ""


def holds(path: Path) -> bool:
    """Whether this process holds the lock on ``path``."""
    return _HELD.get(Path(path).resolve(), 0) > 0


@contextlib.contextmanager
def exclusive_lock(path: Path, wait: float, busy: str, waiting: str,
                   log: Callable[[str], None] = print,
                   error: type[Exception] = LockBusyError) -> Iterator[bool]:
    """Hold the exclusive lock on ``path`` while the block runs; yield whether this block
    took it (False: this process held it already).

    ``path`` is a folder (locked as it is) or a file (made when missing and never removed,
    so every holder locks the same file). Another holder is waited for, at most ``wait``
    seconds, saying ``waiting`` once; then ``error(busy)``."""
    path = Path(path).resolve()
    if _HELD.get(path, 0):
        _HELD[path] += 1
        try:
            yield False
        finally:
            _HELD[path] -= 1
        return
    if path.is_dir():
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise error(busy) from None
                if not told:
                    log(waiting)
                    told = True
                time.sleep(0.1)
        _HELD[path] = 1
        try:
            yield True
        finally:
            del _HELD[path]
    finally:
        os.close(fd)  # releases the lock
