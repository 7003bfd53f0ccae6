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
