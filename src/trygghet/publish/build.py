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
  paths), so the same inputs give the same bytes."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import papermill
import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from trygghet.data.activities import report_years, status_path
from trygghet.data.editions import chapter_doc, edition_dir, edition_years, indicator_doc
from trygghet.data.errors import DataError
from trygghet.data.plan import Plan, load_plan
from trygghet.data.validate import validate_data_dir
from trygghet.present import committees, indicator_pages
from trygghet.present.chapter import notebook_name

STATIC_SOURCES = ["_config.yml", "chapters", "_static", "_templates", "locale"]
OVERVIEW = "oversikt"
FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
CACHE_VERSION = "2"  # bump when the way notebooks are executed or normalised changes
DATA_DIR_PARAMETER = "data"  # notebooks find it upwards from where they run (see chapter.py)


class BuildError(Exception):
    """A build step failed; the message is Swedish and names what failed."""


NOTEBOOK = "notebook"
PAGES = "pages"  # a Python function writing Markdown pages (and their files) for an edition


@dataclass(frozen=True)
class Job:
    """One cached run: a notebook, or (kind PAGES) the function writing an edition's
    indicator pages; where in the book, for which edition year."""

    source: Path
    target: str  # path inside the book, e.g. "editions/2024/fokusomrade-1.ipynb"
    year: int
    key: str = ""  # filled in by plan_jobs
    kind: str = NOTEBOOK

    @property
    def parameters(self) -> dict:
        return {"year": self.year, "data_dir": DATA_DIR_PARAMETER}


# -- what a notebook's output depends on ------------------------------------------------


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def code_fingerprint(root: Path) -> str:
    """The package's code, the pinned versions and the Python version."""
    package = Path(__file__).resolve().parents[1]  # the whole trygghet package
    parts = [platform.python_version().encode()]
    for path in [*_files(package), root / "requirements.txt"]:
        if path.suffix in {".py", ".txt", ".yml", ".yaml", ".css"} and "__pycache__" not in path.parts:
            parts += [path.name.encode(), path.read_bytes()]
    return _digest(parts)


def data_inputs(data: Path, year: int, with_status: bool = True) -> list[Path]:
    """The data files an edition's pages read: the plan, settings, every indicator, and
    the status reports of that year and earlier (pages show status across editions;
    the indicator pages show none). The import log and raw received files are not read
    by any page."""
    files = [*_files(data / "plan"), data / "settings.yml", *_files(data / "indicators")]
    if with_status:
        files += [status_path(data, y) for y in report_years(data) if y <= year]
    return files


def job_key(job: Job, root: Path, code: str, editions: list[int]) -> str:
    data = root / "data"
    parts = [CACHE_VERSION.encode(), code.encode(), job.source.read_bytes(), job.target.encode(),
             json.dumps(job.parameters, sort_keys=True).encode(), json.dumps(editions).encode(),
             job.kind.encode()]
    for path in data_inputs(data, job.year, with_status=job.kind == NOTEBOOK):
        parts += [str(path.relative_to(data)).encode(), path.read_bytes()]
    return _digest(parts)


def plan_jobs(root: Path, plan: Plan, years: list[int]) -> list[Job]:
    """Every notebook run: each focus area and the overview per edition. The start page is
    the latest edition's overview (see :func:`book_sources`), so it is not run twice."""
    notebooks = root / "notebooks"
    jobs = []
    for year in years:
        jobs.append(Job(notebooks / f"{OVERVIEW}.md", f"{edition_dir(year)}/index.ipynb", year))
        for fa in plan.focus_areas:
            name = notebook_name(fa.id)
            jobs.append(Job(notebooks / f"{name}.md", f"{edition_dir(year)}/{name}.ipynb", year))
        jobs.append(Job(Path(indicator_pages.__file__), f"{indicator_doc(year)}.md", year,
                        kind=PAGES))
    code = code_fingerprint(root)
    return [Job(j.source, j.target, j.year, job_key(j, root, code, years), j.kind) for j in jobs]


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
    """Run a PAGES job: the edition's indicator pages, charts and downloads into ``work``."""
    try:
        indicator_pages.write_edition_pages(data, job.year, work)
    except Exception as err:  # noqa: BLE001 - report which edition failed, in Swedish
        return f"utgåva {job.year}, indikatorsidorna: kunde inte skrivas: {type(err).__name__}: {err}"
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
    if job.kind == PAGES:
        error = write_pages(job, work, data or Path(DATA_DIR_PARAMETER))
        if error is None:
            work.rename(done)
        return error
    _quiet_kernel_stderr(cache / f"{job.key}.log")
    output = work / Path(job.target).name
    where = f"utgåva {job.year}, notebook {job.source.name}"
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


def toc_yaml(root: Path, plan: Plan, years: list[int]) -> bytes:
    """The repository's _toc.yml with one entry per edition, newest first."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    editions = [
        {
            "file": f"{edition_dir(year)}/index",
            "title": f"Uppföljning {year}",
            "sections": [
                {"file": chapter_doc(year, fa.id), "title": f"{fa.id}. {fa.title}"}
                for fa in plan.focus_areas
            ] + [committees.toc_entry(plan, year), indicator_pages.toc_entry(plan, year)],
        }
        for year in sorted(years, reverse=True)
    ]
    toc["parts"].insert(0, {"caption": "Uppföljningar", "chapters": editions})
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False).encode("utf-8")


def compiled_translations(root: Path) -> dict[str, bytes]:
    """The interface's Swedish strings (locale/**/*.po) compiled to the .mo files Sphinx reads."""
    compiled = {}
    for po_path in _files(root / "locale"):
        if po_path.suffix == ".po":
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            # Babel stamps the .mo header with the current minute when the .po has no
            # dates; a fixed date keeps the same inputs giving the same bytes (and a
            # rebuild with nothing changed a no-op).
            catalog.creation_date = catalog.revision_date = FIXED_DATE
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            compiled[str(po_path.relative_to(root).with_suffix(".mo"))] = buffer.getvalue()
    return compiled


def book_sources(root: Path, plan: Plan, years: list[int], jobs: list[Job], cache: Path
                 ) -> dict[str, bytes]:
    """Every file of the book's source folder, by relative path."""
    files: dict[str, bytes] = {}
    for name in STATIC_SOURCES:
        src = root / name
        for path in _files(src) if src.is_dir() else ([src] if src.exists() else []):
            files[str(path.relative_to(root))] = path.read_bytes()
    files["_toc.yml"] = toc_yaml(root, plan, years)
    for year in years:  # the committee view: plain Markdown pages, no notebook
        files.update(committees.committee_pages(plan, root / "data", year))
    files.update(compiled_translations(root))
    for job in jobs:
        folder = Path(job.target).parent
        for path in _files(cache / job.key):
            files[str(folder / path.relative_to(cache / job.key))] = path.read_bytes()
    # The start page is the latest edition's overview with the files it links to; its
    # links into the book are absolute, so it can move to the top.
    latest = next((j for j in jobs if j.target == f"{edition_dir(max(years))}/index.ipynb"), None)
    if latest is not None:
        for path in _files(cache / latest.key):
            files[str(path.relative_to(cache / latest.key))] = path.read_bytes()
    return files


def sync_staging(staging: Path, files: dict[str, bytes]) -> None:
    """Make ``staging`` hold exactly ``files`` (Sphinx's own _build inside is kept)."""
    for rel, content in files.items():
        write_if_changed(staging / rel, content)
    for path in _files(staging):
        rel = path.relative_to(staging)
        if rel.parts[0] != "_build" and str(rel) not in files:
            path.unlink()


def run_jupyter_book(staging: Path) -> None:
    """Strict Sphinx build: warnings and broken references fail it.

    Sphinx re-reads only changed sources (the doctrees are kept), but writes the
    whole site into an empty folder: pages written over an older output differ in
    small ways (asset checksums), and the same inputs must give the same bytes."""
    shutil.rmtree(staging / "_build" / "html", ignore_errors=True)
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(staging),
           "--path-output", str(staging), "-W", "-n", "--keep-going", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stdout + proc.stderr).splitlines()
                 if "WARNING" in ln or "ERROR" in ln or "Error" in ln]
        raise BuildError("Jupyter Book misslyckades:\n"
                         + "\n".join(lines[-30:] or [proc.stderr[-3000:]]))


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


def build(root: Path, jobs: int | None = None, use_cache: bool = True,
          log: Callable[[str], None] = print) -> Path:
    """Build the whole book under ``root``; return the published html folder."""
    root = root.resolve()
    data = root / "data"
    problems = validate_data_dir(data)
    if problems:
        raise DataError(problems)
    plan = load_plan(data)
    years = edition_years(plan, data)
    build_dir = root / "_build"
    cache, staging, site = build_dir / "cache", build_dir / "staging", build_dir / "html"
    site_key_file = build_dir / "html.key"
    if not use_cache:
        for folder in (cache, staging):
            shutil.rmtree(folder, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)

    work = plan_jobs(root, plan, years)
    todo = [job for job in work if not (cache / job.key).exists()]
    log(f"Utgåvor: {', '.join(map(str, years))}. Notebooks: {len(work)}, "
        f"varav {len(todo)} körs och {len(work) - len(todo)} hämtas ur cachen.")
    if todo:
        with ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
            errors = [e for e in pool.map(_execute_in_pool, [(j, cache, data) for j in todo])
                      if e]
        if errors:
            raise BuildError("En eller flera notebooks misslyckades:\n" + "\n".join(errors))

    files = book_sources(root, plan, years, work, cache)
    site_key = _digest(k.encode() + v for k, v in sorted(files.items()))
    if (site / "index.html").exists() and site_key_file.exists() \
            and site_key_file.read_text() == site_key:
        log(f"Inget har ändrats; webbplatsen är aktuell: {site / 'index.html'}")
        return site
    sync_staging(staging, files)
    log("Bygger webbboken med Jupyter Book …")
    run_jupyter_book(staging)
    publish(staging / "_build" / "html", site)
    site_key_file.write_text(site_key)
    _prune_cache(cache, {job.key for job in work})
    log(f"Klart: {site / 'index.html'}")
    return site


def _prune_cache(cache: Path, keep: set[str]) -> None:
    """Drop cached runs this build did not use (older data or code)."""
    for entry in cache.iterdir():
        if entry.name.split(".")[0] not in keep:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
