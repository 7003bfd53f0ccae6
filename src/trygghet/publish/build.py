"""Build the web book: validate → execute notebooks per edition → Jupyter Book → publish.

* Notebooks run in parallel (``jobs``) and are cached: each run is keyed on
  everything its output depends on (notebook text, parameters, data files, the
  package's code and pinned versions). Generated pages that are expensive to write
  (the indicator pages with their charts) are jobs of their own kind, one per
  edition, cached the same way: a Python function writes them into the cache folder. A rebuild with nothing changed executes
  no notebook and, when the assembled sources are unchanged too, does not even
  run Jupyter Book.
* The book is assembled in ``_build/staging`` (kept between builds so Sphinx can
  rebuild incrementally). Only when every step has succeeded is the new site
  copied into ``_build/html``, by renames; a failed build leaves the published
  site exactly as it was.
* Executed notebooks are normalised (stable cell ids, no timestamps or local
  paths), so the same inputs give the same bytes.
* One build at a time: a build holds an exclusive lock on ``_build/.lock``
  (fcntl.flock) from its first write to ``_build`` to the published site. A second
  build waits for it (saying so) and gives up after ``wait`` seconds."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import papermill
import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.util.console import strip_escape_sequences

from trygghet.data.editions import chapter_doc, edition_dir, edition_years, indicator_doc
from trygghet.data.errors import DataError, UserError
from trygghet.data.files import files_under, refuse_special_files, write_atomically
from trygghet.data.layout import book_root
from trygghet.data.lock import exclusive_lock
from trygghet.data.plan import Plans, load_plans
from trygghet.data.project import EVERYTHING, Project, input_files, load_editions
from trygghet.data.untrusted import text_warnings
from trygghet.data.validate import validate_data_dir
from trygghet.data.writing import data_lock
from trygghet.present import (
    assessments,
    book,
    book_config,
    chapter,
    committees,
    indicator_pages,
    lattlast,
    national_page,
    overview,
    reporting_pages,
)
from trygghet.present.chapter import CHAPTER_NOTEBOOK, notebook_name

STATIC_SOURCES = ["_config.yml", "chapters", "_static", "_templates", "locale"]
#: What makes a folder hold the book's own sources (besides STATIC_SOURCES).
OVERVIEW = "oversikt"
CACHE_VERSION = "2"  # bump when the way notebooks are executed or normalised changes
DATA_DIR_PARAMETER = "data"  # notebooks find it upwards from where they run (see chapter.py)
MO_CREATION_DATE = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)  # see compiled_translations
LOCK_FILE = ".lock"  # in _build/; never deleted, so every build locks the same file
LOCK_WAIT = 600.0  # seconds a build waits for another one before it gives up
DATA_VIEW = "data"  # _build/data/: the build's copy of data/ (see data_view)


class BuildError(UserError):
    """A build step failed; the message is Swedish and names what failed."""

    untouched = "Den tidigare byggda webbplatsen är orörd."


NOTEBOOK = "notebook"
PAGES = "pages"  # a Python function writing Markdown pages (and their files) for an edition
REPORTING = "reporting"  # the edition's Rapporteringsläge and Nytt sedan förra uppföljningen


@dataclass(frozen=True)
class Job:
    """One cached run: a notebook, or (kind PAGES) the function writing an edition's
    indicator pages; where in the book, for which edition year."""

    source: Path
    target: str  # path inside the book, e.g. "editions/2024/fokusomrade-1.ipynb"
    year: int
    key: str = ""  # filled in by plan_jobs
    kind: str = NOTEBOOK
    focus_area: int | None = None  # for the chapter notebook, run once per focus area
    reads: frozenset[str] = EVERYTHING  # the kinds of data it reads (trygghet.data.project)

    @property
    def parameters(self) -> dict:
        extra = {} if self.focus_area is None else {"focus_area": self.focus_area}
        return {**extra, "year": self.year, "data_dir": DATA_DIR_PARAMETER}


# -- one build at a time ---------------------------------------------------------------------


@contextlib.contextmanager
def build_lock(build_dir: Path, wait: float = LOCK_WAIT, log: Callable[[str], None] = print
               ) -> Iterator[None]:
    """Hold the exclusive lock on ``build_dir`` (for as long as the block runs).

    Another build holding it is waited for, at most ``wait`` seconds; then a Swedish
    :class:`BuildError`. The lock is the kernel's (:mod:`trygghet.data.lock`): it is
    released when the holder exits, even when it is killed, so a stale lock file never
    blocks a build."""
    with exclusive_lock(
            build_dir / LOCK_FILE, wait,
            busy=(f"Ett bygge pågår redan i {build_dir} och blev inte klart inom "
                  f"{wait:g} sekunder. Vänta tills det är klart och försök igen."),
            waiting=(f"Ett annat bygge pågår i {build_dir}; väntar tills det är klart "
                     f"(högst {wait:g} sekunder) …"),
            log=log, error=BuildError):
        yield


def clean(root: Path | str, wait: float = LOCK_WAIT, log: Callable[[str], None] = print) -> None:
    """Remove everything the build made (``make clean``), waiting for a running build.
    The lock file stays, so a build waiting on it and a new one lock the same file."""
    build_dir = Path(root).resolve() / "_build"
    if not build_dir.exists():
        return
    with build_lock(build_dir, wait, log):
        for entry in build_dir.iterdir():
            if entry.name != LOCK_FILE:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


# -- where the book's sources and the project's data are ----------------------------------


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def code_fingerprint(root: Path) -> str:
    """The package's code (templates included), the pinned versions and the Python version."""
    package = Path(__file__).resolve().parents[1]  # the whole trygghet package
    parts = [platform.python_version().encode()]
    for path in [*files_under(package), book_root(root) / "requirements.txt"]:
        if path.suffix in {".py", ".txt", ".yml", ".yaml", ".css", ".j2"} and "__pycache__" not in path.parts:
            parts += [path.name.encode(), path.read_bytes()]
    return _digest(parts)


def job_key(job: Job, code: str, editions: list[int], data: Path, plans: Plans) -> str:
    """The key of a cached run: the code, the job, the book's editions, every plan's period
    and the bytes of exactly the data files of the kinds the job reads
    (:func:`trygghet.data.project.input_files`), from ``data``, the folder it reads."""
    periods = [[p.document.period.start, p.document.period.end] for p in plans.all]
    parts = [CACHE_VERSION.encode(), code.encode(), job.source.read_bytes(), job.target.encode(),
             json.dumps(job.parameters, sort_keys=True).encode(), json.dumps(editions).encode(),
             job.kind.encode(), json.dumps(periods).encode(),
             json.dumps(sorted(job.reads)).encode()]
    for path in input_files(data, job.year, job.reads, plans):
        parts += [str(path.relative_to(data)).encode(), _job_input(path, data)]
    return _digest(parts)


#: Settings only the book's configuration reads (the site's address, the accessibility
#: statement's fields: :mod:`trygghet.present.book_config`), never a notebook or page job:
#: left out of the jobs' keys, so setting the address to publish re-runs no notebook.
BOOK_ONLY_SETTINGS = ("website", "accessibility")


def _job_input(path: Path, data: Path) -> bytes:
    """A data file's bytes as a job's key sees them: settings.yml without
    :data:`BOOK_ONLY_SETTINGS` (and without its comments)."""
    if path != data / "settings.yml":
        return path.read_bytes()
    settings = yaml.safe_load(path.read_bytes()) or {}
    for name in BOOK_ONLY_SETTINGS:
        settings.pop(name, None)
    return json.dumps(settings, sort_keys=True, default=str).encode()


def plan_jobs(root: Path, years: list[int], data: Path | None = None) -> list[Job]:
    """Every run: the chapter notebook once per focus area of the edition's plan, the
    overview, the national comparison ("<kommun> bland Sveriges kommuner") and the indicator
    pages, per edition, each declaring what it reads (the page's ``READS``). The start page
    is the latest edition's overview (see :func:`book_sources`), so it is not run twice.
    ``root`` is the project folder; ``data`` the data the jobs read (the build's view of it,
    :func:`data_view`; standard: its ``data/``)."""
    home = book_root(root)
    notebooks = home / "notebooks"
    data = data or root / "data"
    plans = load_plans(data)
    jobs = []
    for year in years:
        jobs.append(Job(notebooks / f"{OVERVIEW}.md", f"{edition_dir(year)}/index.ipynb", year,
                        reads=overview.READS))
        for fa in plans.of_year(year).focus_areas:
            jobs.append(Job(notebooks / f"{CHAPTER_NOTEBOOK}.md",
                            f"{edition_dir(year)}/{notebook_name(fa.id)}.ipynb", year,
                            focus_area=fa.id, reads=chapter.READS))
        jobs.append(Job(notebooks / f"{national_page.NOTEBOOK}.md",
                        f"{edition_dir(year)}/{national_page.NOTEBOOK}.ipynb", year,
                        reads=national_page.READS))
        jobs.append(Job(Path(indicator_pages.__file__), f"{indicator_doc(year)}.md", year,
                        kind=PAGES, reads=indicator_pages.READS))
        jobs.append(Job(Path(reporting_pages.__file__), f"{reporting_pages.status_doc(year)}.md",
                        year, kind=REPORTING, reads=reporting_pages.READS))
    code = code_fingerprint(home)
    return [dataclasses.replace(j, key=job_key(j, code, years, data, plans)) for j in jobs]


# -- running one notebook ------------------------------------------------------------------


def normalise(notebook: nbformat.NotebookNode) -> None:
    """Make an executed notebook reproducible: stable ids, no timings or local paths."""
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{i}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")  # papermill's injected cell is build detail, not content
    run = notebook.metadata.get("papermill", {})
    notebook.metadata["papermill"] = {"parameters": run.get("parameters", {})}


def _quiet_kernel_stderr(log: Path) -> None:
    """Send this worker's stderr (kernel start-up chatter) to a log file."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def write_pages(job: Job, work: Path, data: Path) -> str | None:
    """Run a PAGES job (the edition's indicator pages, charts and downloads) or a REPORTING
    job (its Rapporteringsläge and Nytt sedan förra uppföljningen) into ``work``."""
    writer, what = ((reporting_pages.write_edition_pages, "rapporteringssidorna")
                    if job.kind == REPORTING else
                    (indicator_pages.write_edition_pages, "indikatorsidorna"))
    try:
        writer(Project.load(data, job.year, reads=job.reads), work)
    except Exception as err:  # noqa: BLE001 - report which edition failed, in Swedish
        return f"utgåva {job.year}, {what}: kunde inte skrivas: {type(err).__name__}: {err}"
    return None


def execute(job: Job, cache: Path, data: Path | None = None) -> str | None:
    """Run one job into ``cache/<key>/``; return a Swedish error message or None.
    ``data`` is the data folder (PAGES jobs; notebooks find it themselves)."""
    done = cache / job.key
    if done.exists():
        return None
    work = cache / f"{job.key}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if job.kind in (PAGES, REPORTING):
        error = write_pages(job, work, data or Path(DATA_DIR_PARAMETER))
        if error is None:
            work.rename(done)
        return error
    _quiet_kernel_stderr(cache / f"{job.key}.log")
    output = work / Path(job.target).name
    where = f"utgåva {job.year}, notebook {job.source.name}" + (
        f" (fokusområde {job.focus_area})" if job.focus_area is not None else "")
    try:
        result = papermill.execute_notebook(
            jupytext.read(job.source), None, parameters=job.parameters,
            kernel_name="python3", cwd=str(work), progress_bar=False, log_output=False,
        )
    except papermill.PapermillExecutionError as err:
        first_line = (err.source or "").strip().splitlines()[:1]
        return (f"{where}: cell {err.cell_index + 1} ({' '.join(first_line)!r}) stoppade med "
                f"{err.ename}: {err.evalue}")
    except Exception as err:  # noqa: BLE001 - kernel could not start, unreadable file, …
        return f"{where}: kunde inte köras: {type(err).__name__}: {err}"
    normalise(result)
    nbformat.write(result, str(output))
    work.rename(done)
    (cache / f"{job.key}.log").unlink(missing_ok=True)
    return None


def _execute_in_pool(args: tuple[Job, Path, Path]) -> str | None:
    return execute(*args)


# -- assembling the book's sources -----------------------------------------------------------


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write only when the bytes differ, so unchanged files keep their time stamps
    (Sphinx then rebuilds only what changed)."""
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def toc_yaml(root: Path, years: list[int], project: Project) -> bytes:
    """The book's _toc.yml: per plan, newest first, a part with one entry per edition (newest
    first) and the plan's text chapters under their captions (plan.yml, ``chapters``); then
    the book's own pages. With more than one plan, each part's caption has its plan's period
    ("Uppföljningar 2022–2024")."""
    toc = yaml.safe_load((book_root(root) / "_toc.yml").read_text(encoding="utf-8"))
    municipality = project.settings.municipality.name
    several = len(project.plans.all) > 1
    parts = []
    for plan in reversed(project.plans.all):
        plan_years = [y for y in years if project.plans.owns(plan, y)]
        editions = [
            {
                "file": f"{edition_dir(year)}/index",
                "title": f"Uppföljning {year}",
                "sections": [lattlast.toc_entry(year), assessments.toc_entry(year)] + [
                    {"file": chapter_doc(year, fa.id), "title": f"{fa.id}. {fa.title}"}
                    for fa in plan.focus_areas
                ] + [{"file": f"{edition_dir(year)}/{national_page.NOTEBOOK}",
                      "title": national_page.notebook_title(municipality)},
                     committees.toc_entry(plan, year), indicator_pages.toc_entry(plan, year),
                     *reporting_pages.toc_entries(plan_years, year)],
            }
            for year in sorted(plan_years, reverse=True)
        ]
        suffix = f" {plan.period_text}" if several else ""
        if editions:
            parts.append({"caption": f"Uppföljningar{suffix}", "chapters": editions})
        parts += book.chapter_toc_parts(plan, suffix)
    toc["parts"][:0] = parts
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False).encode("utf-8")


def config_yaml(root: Path, project: Project) -> bytes:
    """The book's _config.yml with what comes from settings.yml (author, the site's
    address, the substitutions such as ``{{ municipality }}`` and ``{{ contact }}``: see
    :func:`trygghet.present.book_config.apply_settings`) and from the plan (the book's
    title and the words of its own pages that depend on the plan: :mod:`trygghet.present.book`)."""
    config = yaml.safe_load((book_root(root) / "_config.yml").read_text(encoding="utf-8"))
    config = book_config.site_config(book_config.apply_settings(config, project.settings),
                                     project)
    book.configure(config, project)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")


def compiled_translations(root: Path) -> dict[str, bytes]:
    """The interface's Swedish strings (locale/**/*.po) compiled to the .mo files Sphinx reads.

    The .mo bytes depend on the .po file only: Babel stamps a catalog without a
    POT-Creation-Date with the current time, which would change the site key (and
    re-run Sphinx) every minute, so such a catalog gets a fixed date instead."""
    compiled = {}
    for po_path in files_under(root / "locale"):
        if po_path.suffix == ".po":
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            if b"POT-Creation-Date:" not in po_path.read_bytes():
                catalog.creation_date = MO_CREATION_DATE
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            compiled[str(po_path.relative_to(root).with_suffix(".mo"))] = buffer.getvalue()
    return compiled


def book_sources(root: Path, editions: dict[int, Project], jobs: list[Job], cache: Path
                 ) -> dict[str, bytes]:
    """Every file of the book's source folder, by relative path. The framework (chapters,
    styles, templates, translations) comes from :func:`book_root`; the data from
    ``editions`` (each edition's data, loaded once by the build)."""
    years = sorted(editions)
    latest_edition = editions[years[-1]]
    files: dict[str, bytes] = {}
    framework = book_root(root)
    for name in STATIC_SOURCES:
        src = framework / name
        for path in files_under(src) if src.is_dir() else ([src] if src.exists() else []):
            files[str(path.relative_to(framework))] = path.read_bytes()
    for plan in latest_edition.plans.all:
        files.update(book.chapter_pages(plan))
    files["_config.yml"] = config_yaml(root, latest_edition)
    files["_toc.yml"] = toc_yaml(root, years, latest_edition)
    for edition in editions.values():  # the committee view and "Samlad bedömning": no notebook
        files.update(committees.committee_pages(edition))
        files.update(assessments.edition_pages(edition))
    files.update(compiled_translations(framework))
    for job in jobs:
        folder = Path(job.target).parent
        for path in files_under(cache / job.key):
            files[str(folder / path.relative_to(cache / job.key))] = path.read_bytes()
    # The start page is the latest edition's overview with the files it links to; its
    # links into the book are absolute, so it can move to the top.
    latest = next((j for j in jobs if j.target == f"{edition_dir(max(years))}/index.ipynb"), None)
    if latest is not None:
        for path in files_under(cache / latest.key):
            files[str(path.relative_to(cache / latest.key))] = path.read_bytes()
    return files


def site_key(files: dict[str, bytes]) -> str:
    """The published site's key: equal keys mean Jupyter Book would write the same site."""
    return _digest(k.encode() + v for k, v in sorted(files.items()))


def sync_staging(staging: Path, files: dict[str, bytes]) -> None:
    """Make ``staging`` hold exactly ``files`` (Sphinx's own _build inside is kept)."""
    for rel, content in files.items():
        write_if_changed(staging / rel, content)
    for path in files_under(staging):
        rel = path.relative_to(staging)
        if rel.parts[0] != "_build" and str(rel) not in files:
            path.unlink()


def readable_problems(output: str, staging: Path, jobs: Iterable[Job] = (),
                      renamed: dict[str, str] | None = None) -> list[str]:
    """Jupyter Book's problem lines as the user knows the sources: without colour codes,
    a notebook page named by its notebook and editions ("notebooks/fokusomrade-1.md
    (utgåva 2023, 2024)", one line for all editions), other pages by their path in
    the project ("chapters/om-data-och-metod.md:18") instead of ``_build/staging/…``; a
    page made from a data file by the file (``renamed``: the plan's chapters)."""
    renamed = renamed or {}
    notebooks = {job.target: job for job in jobs}
    overviews = [job for job in notebooks.values() if job.target.endswith("/index.ipynb")]
    if overviews:  # the start page is a copy of the latest edition's overview
        notebooks["index.ipynb"] = max(overviews, key=lambda job: job.year)
    where = re.compile(re.escape(f"{staging}{os.sep}") + r"(?P<rel>[^\s:]+)(?::\d+)?")
    merged: dict[str, list[int]] = {}  # problem, with EDITIONS for the years -> years
    for line in strip_escape_sequences(output).splitlines():
        if not any(word in line for word in ("WARNING", "ERROR", "Error")):
            continue
        years = [notebooks[m["rel"]].year for m in where.finditer(line) if m["rel"] in notebooks]
        problem = where.sub(
            lambda m: (f"notebooks/{notebooks[m['rel']].source.name} ("
                       + (f"fokusområde {notebooks[m['rel']].focus_area}, "
                          if notebooks[m["rel"]].focus_area is not None else "")
                       + "utgåva EDITIONS)"
                       if m["rel"] in notebooks else renamed.get(
                           m["rel"], m[0].removeprefix(f"{staging}{os.sep}"))),
            line)
        found = merged.setdefault(problem, [])
        found.extend(y for y in years if y not in found)
    return [problem.replace("EDITIONS", ", ".join(map(str, sorted(years))))
            for problem, years in merged.items()]


def forget_doctrees_of_other_code(staging: Path, code: str) -> None:
    """Sphinx re-reads only sources that changed, and cannot see that our Sphinx extension
    (or other package code) changed: the pages it kept would then differ from a clean
    build's. When the code differs from the last Sphinx run's, start Sphinx afresh."""
    stamp = staging / "_build" / "code.key"
    if stamp.exists() and stamp.read_text() == code:
        return
    shutil.rmtree(staging / "_build", ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(code)


def run_jupyter_book(staging: Path, jobs: Iterable[Job] = (),
                     renamed: dict[str, str] | None = None) -> None:
    """Strict Sphinx build: warnings and broken references fail it; the error names
    the sources as the user knows them (see :func:`readable_problems`).

    Sphinx re-reads only changed sources (the doctrees are kept), but writes the
    whole site into an empty folder: pages written over an older output differ in
    small ways (asset checksums), and the same inputs must give the same bytes."""
    shutil.rmtree(staging / "_build" / "html", ignore_errors=True)
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(staging),
           "--path-output", str(staging), "-W", "-n", "--keep-going", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        lines = readable_problems(proc.stdout + proc.stderr, staging, jobs, renamed)
        raise BuildError("Jupyter Book misslyckades:\n" + "\n".join(
            lines[-30:] or [strip_escape_sequences(proc.stderr[-3000:])]))


def publish(built: Path, target: Path) -> None:
    """Replace ``target`` by a copy of ``built`` using renames: never half a site."""
    new, old = target.with_name(target.name + ".new"), target.with_name(target.name + ".old")
    for leftover in (new, old):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(built, new)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def data_view(data: Path, view: Path) -> Path:
    """Make ``view`` an exact copy of the data folder ``data`` (only the files that differ
    are written, so a rebuild with unchanged data copies nothing) and return it.

    The build takes this copy holding the data lock and then reads only the copy: the keys
    of its cached runs and what its notebooks and pages read are the same bytes, whatever
    a command writing ``data/`` does meanwhile. The view is ``_build/data/`` so that the
    notebooks' ``data_dir = "data"``, looked for upwards from ``_build/cache/<key>.tmp/``
    (:func:`trygghet.data.project.resolve_data_dir`), is the view."""
    wanted = {path.relative_to(data): path for path in data.rglob("*")}
    view.mkdir(parents=True, exist_ok=True)  # a first build has no _build/ yet
    for rel, source in sorted(wanted.items()):
        target = view / rel
        if source.is_dir():
            if target.exists() and not target.is_dir():
                target.unlink()
            target.mkdir(parents=True, exist_ok=True)
            continue
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        content = source.read_bytes()
        if not target.exists() or target.read_bytes() != content:
            target.unlink(missing_ok=True)  # a received file's copy is read-only
            target.write_bytes(content)
    for path in sorted(view.rglob("*"), reverse=True):  # files before their folders
        if path.relative_to(view) not in wanted:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    return view


CHECKED = "data.checked"  # _build/data.checked: the key of the data last found valid


def checked_data(root: Path, build_dir: Path) -> list[str]:
    """Validate ``data/`` (:func:`~trygghet.data.validate.validate_data_dir`, raising
    DataError) and return its warnings as text. The same bytes checked by the same code
    give the same answer, so when the data and the package's code are exactly what the
    last successful check saw (``_build/data.checked``), its warnings are returned without
    checking again: a rebuild with nothing changed stays fast. Links, FIFOs and devices
    are refused every time, before any file is read."""
    data = root / "data"
    refuse_special_files(data)
    key = _digest([code_fingerprint(book_root(root)).encode(), *(
        part for path in files_under(data) for part in (
            str(path.relative_to(data)).encode(),
            hashlib.file_digest(path.open("rb"), "sha256").digest()))])
    stamp = build_dir / CHECKED
    try:
        last = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or unreadable: check again
        last = {}
    if isinstance(last, dict) and last.get("key") == key:
        return list(last["warnings"])
    problems = validate_data_dir(data)
    if problems:
        raise DataError(problems)
    warnings = [str(w) for w in text_warnings(data)]
    build_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(stamp, json.dumps({"key": key, "warnings": warnings},
                                       ensure_ascii=False).encode("utf-8"))
    return warnings


def build(root: Path, jobs: int | None = None, use_cache: bool = True,
          log: Callable[[str], None] = print, wait: float = LOCK_WAIT) -> Path:
    """Build the whole book under ``root``; return the published html folder.

    Holds the lock on ``_build`` throughout (see :func:`build_lock`); a build already
    running is waited for, at most ``wait`` seconds."""
    root = root.resolve()
    with build_lock(root / "_build", wait, log):
        return _build_locked(root, jobs, use_cache, log, wait)


def _build_locked(root: Path, jobs: int | None, use_cache: bool,
                  log: Callable[[str], None], wait: float = LOCK_WAIT) -> Path:
    build_dir = root / "_build"
    # One consistent view of data/: checked and copied while no command writes it; from
    # here on the build reads only the copy (see data_view).
    with data_lock(root / "data", wait, log):
        warnings = checked_data(root, build_dir)
        data = data_view(root / "data", build_dir / DATA_VIEW)
    for warning in warnings:  # shown literally, written as text; worth a word
        log(f"Varning: {warning}")
    years = edition_years(data)
    cache, staging, site = build_dir / "cache", build_dir / "staging", build_dir / "html"
    site_key_file = build_dir / "html.key"
    if not use_cache:
        for folder in (cache, staging):
            shutil.rmtree(folder, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)

    work = plan_jobs(root, years, data)
    todo = [job for job in work if not (cache / job.key).exists()]
    log(f"Utgåvor: {', '.join(map(str, years))}. Notebooks: {len(work)}, "
        f"varav {len(todo)} körs och {len(work) - len(todo)} hämtas ur cachen.")
    if todo:
        with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            errors = [e for e in pool.map(_execute_in_pool, [(j, cache, data) for j in todo])
                      if e]
        if errors:
            raise BuildError("En eller flera notebooks misslyckades:\n" + "\n".join(errors))

    editions = load_editions(data, years)  # each edition's data, read once for every page
    files = book_sources(root, editions, work, cache)
    key = site_key(files)
    if (site / "index.html").exists() and site_key_file.exists() \
            and site_key_file.read_text() == key:
        log(f"Inget har ändrats; webbplatsen är aktuell: {site / 'index.html'}")
        return site
    sync_staging(staging, files)
    forget_doctrees_of_other_code(staging, code_fingerprint(book_root(root)))
    log("Bygger webbboken med Jupyter Book …")
    run_jupyter_book(staging, work, book.chapter_sources(editions[max(years)]))
    publish(staging / "_build" / "html", site)
    site_key_file.write_text(key)
    _prune_cache(cache, {job.key for job in work})
    log(f"Klart: {site / 'index.html'}")
    return site


def _prune_cache(cache: Path, keep: set[str]) -> None:
    """Drop cached runs this build did not use (older data or code)."""
    for entry in cache.iterdir():
        if entry.name.split(".")[0] not in keep:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


if __name__ == "__main__":  # `make clean`: python -m trygghet.publish.build clean
    if sys.argv[1:] != ["clean"]:
        sys.exit("användning: python -m trygghet.publish.build clean")
    try:
        clean(Path.cwd())
    except BuildError as err:
        sys.exit(f"Fel: {err}")
