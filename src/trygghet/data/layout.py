"""Where things are: a project folder and the book's framework.

A *project folder* holds one municipality's follow-up: its data (``data/``) and what the
build makes (``_build/``). The *book's framework* is the same for every municipality: the
notebooks, the fixed chapters, ``_config.yml``, ``_toc.yml``, styles, page templates and
translations. A project folder with its own ``notebooks/`` (the trygghet repository itself,
or a full copy of it) is its own framework; a folder made by ``trygghet ny-plan`` has only
its data and uses the framework of the trygghet checkout the program is installed from
(:data:`TOOL_ROOT`), so updating trygghet updates every book made with it."""

from __future__ import annotations

from pathlib import Path

from trygghet.data.errors import DataError, Problem

#: The trygghet checkout the package runs from (``pip install -e .`` by ``make venv``).
TOOL_ROOT = Path(__file__).resolve().parents[3]
FRAMEWORK_MARK = "notebooks"  # a folder with this sub-folder holds the book's framework


def book_root(project: Path) -> Path:
    """The folder whose notebooks, chapters, _config.yml, _toc.yml, _static/, _templates/
    and locale/ build ``project``'s book: the project folder itself if it has notebooks/,
    else trygghet's own checkout."""
    project = Path(project).resolve()
    for candidate in (project, TOOL_ROOT):
        if (candidate / FRAMEWORK_MARK).is_dir():
            return candidate
    raise DataError([Problem(project, (
        f"bokens mallar ({FRAMEWORK_MARK}/, chapters/, _config.yml …) finns varken här eller "
        f"i trygghets katalog {TOOL_ROOT}; installera trygghet från en klon av projektets "
        "arkiv (make venv)"))])


# -- the yearly intake's folders ---------------------------------------------------------
#
# One convention for the files that go out and come back each year, per year and kind:
# the templates the commands write, ``mallar/<år>/<slag>/``, and the filled-in files that
# come back, ``inkommet/<år>/<slag>/``. The imports keep an untouched copy of every file
# they read in ``inkommet/<år>/<slag>/arkiv/`` unless told another folder (``--arkiv``).
# Both folders hold personal data (contact persons) and are ignored by git (.gitignore).

TEMPLATES_FOLDER = "mallar"
RECEIVED_FOLDER = "inkommet"
ARCHIVE_FOLDER = "arkiv"

#: The kinds of files, each its own folder: the committees' status reports, the city's
#: own indicator values and the assessment of the goals.
STATUS, VALUES, ASSESSMENTS = "status", "varden", "bedomningar"
KINDS = (STATUS, VALUES, ASSESSMENTS)

#: What a received file may be; the imports read these from a folder.
RECEIVED_SUFFIXES = (".xlsx", ".ods", ".csv")


def templates_dir(root: Path, year: int, kind: str) -> Path:
    """Where ``trygghet templates`` and its kin write the year's templates of ``kind``."""
    return Path(root) / TEMPLATES_FOLDER / str(year) / _kind(kind)


def received_dir(root: Path, year: int, kind: str) -> Path:
    """Where the filled-in files of ``kind`` for the year are put when they come back."""
    return Path(root) / RECEIVED_FOLDER / str(year) / _kind(kind)


def archive_dir(root: Path, year: int, kind: str) -> Path:
    """Where an import keeps its untouched copy of each file it read, by default."""
    return received_dir(root, year, kind) / ARCHIVE_FOLDER


def received_files(folder: Path) -> list[Path]:
    """The files in ``folder`` an import reads: .xlsx, .ods and .csv, not the archive, not
    the lock files Excel (``~$…``) and LibreOffice (``.~lock…``) leave while a file is open."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in RECEIVED_SUFFIXES
                  and not p.name.startswith(("~$", ".")))


def shown(path: Path, root: Path) -> str:
    """``path`` as the unit types it: relative to the project folder, with ``/``."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of received file: {kind!r}")
    return kind


#: How the unit runs the program from the project folder, in the guide and in the advice
#: ``trygghet status`` prints: the virtual environment ``make`` creates (``make venv``).
COMMAND = ".venv/bin/trygghet"
