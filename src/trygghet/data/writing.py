"""Writing ``data/``: one writer at a time, and every change all or nothing, even when the
writer is killed half-way.

* **One writer at a time.** Every command that writes ``data/`` holds :func:`data_lock`
  (the kernel's lock on the folder itself, see :mod:`trygghet.data.lock`), and the build
  holds it while it takes its copy of the data. A second writer waits, then refuses.
* **All or nothing.** :func:`write_files_atomically` writes each file to a temporary file
  beside it (``.<namn>.<slump>.tmp``), synced to disk. When a change has several files, a
  *journal* (``.trygghet-journal.<slump>.json``) listing every temporary file and its
  target is then written and synced, the files are renamed into place and the journal is
  removed. Writes made inside one :func:`transaction` block are one change.
* **Finishing an interrupted change.** A journal found later means a writer stopped
  between its renames: every temporary file it lists is complete, so the change is rolled
  forward (:func:`finish_interrupted`, done whenever the data lock is taken). A temporary
  file that no journal lists is from a writer that stopped before it changed anything:
  the next writing command removes it (:func:`remove_leftovers`) and ``validate`` names it
  (:func:`unfinished_writes`)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trygghet.data.errors import Problem
from trygghet.data.lock import LockBusyError, exclusive_lock

TEMP_SUFFIX = ".tmp"
JOURNAL_PREFIX = ".trygghet-journal."
JOURNAL_SUFFIX = ".json"
DATA_LOCK_WAIT = 120.0  # seconds a writer waits for another one before it gives up

REPLACE = "replace"  # a temporary file or folder of ours takes the target's place
MOVE = "move"  # an existing file or folder moves to a new name (which must be free)
REMOVE = "remove"  # an existing file is removed


class DataBusyError(LockBusyError):
    """Another command kept writing ``data/`` for longer than we would wait."""


# -- one writer at a time ------------------------------------------------------------------

#: The data folders this process holds the lock of, innermost last (a transaction's
#: journal goes into the innermost one).
_LOCKED: list[Path] = []


@contextlib.contextmanager
def data_lock(data_dir: Path, wait: float | None = None,
              log: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the lock on ``data_dir`` while the block runs; another writer is waited for, at
    most ``wait`` seconds (:data:`DATA_LOCK_WAIT`), then :class:`DataBusyError`. Taking it
    finishes any change an interrupted writer left half done (:func:`finish_interrupted`)."""
    wait = DATA_LOCK_WAIT if wait is None else wait
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise FileNotFoundError(2, "mappen saknas", str(data_dir))
    with exclusive_lock(
            data_dir, wait,
            busy=(f"Ett annat kommando skriver i {data_dir} och blev inte klart inom "
                  f"{wait:g} sekunder. Vänta tills det är klart och försök igen; "
                  "inget har ändrats."),
            waiting=(f"Ett annat kommando skriver i {data_dir}; väntar tills det är klart "
                     f"(högst {wait:g} sekunder) …"),
            log=log, error=DataBusyError) as taken:
        if taken:
            for line in finish_interrupted(data_dir):
                log(line)
        _LOCKED.append(data_dir)
        try:
            yield
        finally:
            _LOCKED.pop()


# -- all or nothing ------------------------------------------------------------------------

@dataclass
class Transaction:
    """A change of several files and folders that happens all at once (see module doc)."""

    steps: list[tuple[str, Path, Path]] = field(default_factory=list)  # (kind, source, target)

    def write(self, target: Path, content: bytes, read_only: bool = False) -> None:
        """Write ``content`` to a synced temporary file beside ``target``, to replace it."""
        target = Path(target).absolute()
        if target.is_dir():  # refused before anything is written
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                   dir=target.parent)
        self.steps.append((REPLACE, Path(tmp), target))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as err:  # a full disk: name the file it was writing
            raise OSError(err.errno, err.strerror, str(target)) from err
        os.chmod(tmp, 0o444 if read_only else 0o644)

    def new_folder(self, target: Path) -> Path:
        """An empty temporary folder beside ``target`` for the caller to fill; it takes the
        place of ``target`` (which must then be free, e.g. moved away before)."""
        target = Path(target).absolute()
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                    dir=target.parent))
        os.chmod(tmp, 0o755)  # mkdtemp makes it private
        self.steps.append((REPLACE, tmp, target))
        return tmp

    def move(self, source: Path, target: Path) -> None:
        """Move ``source`` (a file or folder) to ``target``, which must not exist."""
        self.steps.append((MOVE, Path(source).absolute(), Path(target).absolute()))

    def remove(self, path: Path) -> None:
        """Remove the file ``path``."""
        path = Path(path).absolute()
        self.steps.append((REMOVE, path, path))

    def commit(self) -> None:
        """Make the change: journal (when more than one step), renames, journal removed.
        Failing before the journal is written, nothing has changed (the temporary files
        are removed); failing after, the next command finishes the change."""
        try:
            if len(self.steps) <= 1:
                _apply(self.steps)
                return
            folder = _LOCKED[-1] if _LOCKED else Path(os.path.commonpath(
                [p.parent for _, source, target in self.steps for p in (source, target)]))
            journal = _write_journal(folder, self.steps)
        except BaseException:
            self.discard()
            raise
        _apply(self.steps)
        _sync_folders({target.parent for _, _, target in self.steps})
        journal.unlink()

    def discard(self) -> None:
        """Remove the temporary files and folders of a change that will not happen."""
        for kind, source, _ in self.steps:
            if kind == REPLACE:
                _remove(source)


_OPEN: list[Transaction] = []


@contextlib.contextmanager
def transaction() -> Iterator[Transaction]:
    """Every write made in the block (:func:`write_files_atomically`, and the
    transaction's own methods) happens at its end, together, or not at all when the block
    raises. Nested blocks join the outermost one. Files written in the block are read
    unchanged until it ends."""
    if _OPEN:
        yield _OPEN[-1]
        return
    tx = Transaction()
    _OPEN.append(tx)
    try:
        yield tx
    except BaseException:
        tx.discard()
        raise
    finally:
        _OPEN.pop()
    tx.commit()


def write_files_atomically(targets: dict[Path, bytes], *, read_only: bool = False
                           ) -> list[Path]:
    """Write every file, all or nothing (see the module doc): a reader never sees half a
    file, and a writer stopped at any point leaves either no file changed or a journal
    that the next command uses to change them all. Inside a :func:`transaction` the files
    change when the block ends. ``read_only``: the files are written read-only (received
    files kept untouched)."""
    with transaction() as tx:
        for target, content in targets.items():
            tx.write(Path(target), content, read_only)
    return [Path(target) for target in targets]  # as given: pages link to them


def write_atomically(path: Path, content: bytes, *, read_only: bool = False) -> Path:
    """Write one file all at once (see :func:`write_files_atomically`)."""
    return write_files_atomically({Path(path): content}, read_only=read_only)[0]


# -- the journal ---------------------------------------------------------------------------

def _write_journal(folder: Path, steps: list[tuple[str, Path, Path]]) -> Path:
    record = {"steps": [{"kind": kind, "source": os.path.relpath(source, folder),
                         "target": os.path.relpath(target, folder)}
                        for kind, source, target in steps]}
    fd, tmp = tempfile.mkstemp(prefix=JOURNAL_PREFIX, suffix=JOURNAL_SUFFIX + TEMP_SUFFIX,
                               dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(record, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    journal = Path(tmp[: -len(TEMP_SUFFIX)])
    os.replace(tmp, journal)
    _sync_folders({folder})
    return journal


def _pending(kind: str, source: Path, target: Path) -> bool:
    if kind in (REPLACE, REMOVE):
        return os.path.lexists(source)
    return os.path.lexists(source) and not os.path.lexists(target)


def _apply(steps: Iterable[tuple[str, Path, Path]]) -> list[Path]:
    """Do the steps not done yet, in order; return the targets changed."""
    changed = []
    for kind, source, target in steps:
        if not _pending(kind, source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == REPLACE:
            os.replace(source, target)
        elif kind == MOVE:
            os.rename(source, target)
        else:
            os.unlink(source)
        changed.append(target)
    return changed


def _sync_folders(folders: Iterable[Path]) -> None:
    """Make renames in ``folders`` last through a power cut."""
    for folder in folders:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _journals(data_dir: Path) -> list[Path]:
    return sorted(p for p in Path(data_dir).rglob(f"{JOURNAL_PREFIX}*{JOURNAL_SUFFIX}")
                  if p.is_file())


def _read_journal(journal: Path) -> list[tuple[str, Path, Path]]:
    record = json.loads(journal.read_text(encoding="utf-8"))
    return [(s["kind"], (journal.parent / s["source"]).resolve(strict=False),
             (journal.parent / s["target"]).resolve(strict=False)) for s in record["steps"]]


def _shown(path: Path, data_dir: Path) -> str:
    try:
        return f"{data_dir.name}/{path.relative_to(data_dir)}"
    except ValueError:
        return str(path)


def finish_interrupted(data_dir: Path) -> list[str]:
    """Roll forward every change an interrupted writer left in ``data_dir`` (its journal);
    return what was done, in Swedish. Call only holding :func:`data_lock`."""
    data_dir = Path(data_dir).resolve()
    told = []
    for journal in _journals(data_dir):
        steps = _read_journal(journal)
        changed = _apply(steps)
        _sync_folders({target.parent for _, _, target in steps})
        journal.unlink()
        names = ", ".join(_shown(p, data_dir) for p in changed) or "inga filer kvar att byta"
        told.append(f"En ändring som avbröts (t.ex. av ett avbrutet kommando eller strömavbrott) "
                    f"har slutförts: {names}.")
    return told


def _leftovers(data_dir: Path) -> list[Path]:
    """Temporary files and folders under ``data_dir`` that no journal lists."""
    listed = {source for journal in _journals(data_dir) for _, source, _ in _read_journal(journal)}
    found = []
    for path in sorted(Path(data_dir).rglob(f".*{TEMP_SUFFIX}")):
        if path.resolve() not in listed and not any(parent in found for parent in path.parents):
            found.append(path)
    return found


def remove_leftovers(data_dir: Path) -> list[str]:
    """Remove the temporary files a writer stopped before any change left (they changed
    nothing); return what was removed, in Swedish. Call only holding :func:`data_lock`."""
    data_dir = Path(data_dir).resolve()
    removed = _leftovers(data_dir)
    for path in removed:
        _remove(path)
    return [f"Tog bort {_shown(p, data_dir)}: en tillfällig fil från ett kommando som avbröts "
            "innan det ändrade något." for p in removed]


def unfinished_writes(data_dir: Path) -> list[Problem]:
    """Traces of an interrupted write in ``data_dir``, as problems for ``validate``."""
    problems = [Problem(journal, "en ändring av flera filer avbröts innan den var klar. Kör "
                                 "`trygghet validate` igen (eller vilket kommando som helst som "
                                 "skriver data/): den slutför ändringen.")
                for journal in _journals(data_dir)]
    problems += [Problem(path, "tillfällig fil kvar från ett kommando som avbröts innan det "
                               "ändrade något. Ta bort den; nästa kommando som skriver data/ "
                               "(t.ex. en import) tar också bort den.")
                 for path in _leftovers(data_dir)]
    return problems


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
