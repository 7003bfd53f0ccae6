"""Writing data files safely: all or nothing, never half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
