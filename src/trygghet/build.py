"""Build the web book: validate → execute notebooks per edition → Jupyter Book → publish.

The book is assembled in a staging folder (``_build/staging``). Only when every
step has succeeded is the new site moved into ``_build/html``; a failed build
leaves the previously built site as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import papermill
import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from trygghet.chapter import notebook_name
from trygghet.editions import chapter_doc, edition_dir, edition_years
from trygghet.errors import DataError
from trygghet.plan import Plan, load_plan
from trygghet.validate import validate_data_dir

STATIC_SOURCES = ["_config.yml", "chapters", "_static", "_templates", "locale"]
OVERVIEW = "oversikt"


class BuildError(Exception):
    """A build step failed; the message is Swedish and names what failed."""


@dataclass(frozen=True)
class Job:
    """One notebook execution: which source, where to, with which parameters."""

    source: Path
    target: Path
    year: int
    data_dir: Path

    @property
    def label(self) -> str:
        return f"utgåva {self.year}, {self.source.name} → {self.target.name}"


def plan_jobs(root: Path, staging: Path, plan: Plan, years: list[int]) -> list[Job]:
    """Every notebook run: each focus area and the overview per edition, plus the start page."""
    data, notebooks = root / "data", root / "notebooks"
    jobs = []
    for year in years:
        jobs.append(Job(notebooks / f"{OVERVIEW}.md", staging / edition_dir(year) / "index.ipynb",
                        year, data))
        for fa in plan.focus_areas:
            name = notebook_name(fa.id)
            jobs.append(Job(notebooks / f"{name}.md",
                            staging / edition_dir(year) / f"{name}.ipynb", year, data))
    jobs.append(Job(notebooks / f"{OVERVIEW}.md", staging / "index.ipynb", max(years), data))
    return jobs


def _quiet_kernel_stderr(log: Path) -> None:
    """Send this worker's stderr (kernel start-up chatter) to a log file beside the notebook."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def execute(job: Job) -> str | None:
    """Run one notebook with papermill; return a Swedish error message or None."""
    job.target.parent.mkdir(parents=True, exist_ok=True)
    _quiet_kernel_stderr(job.target.with_suffix(".log"))
    notebook = jupytext.read(job.source)
    try:
        result = papermill.execute_notebook(
            notebook, str(job.target),
            parameters={"year": job.year, "data_dir": str(job.data_dir)},
            kernel_name="python3", cwd=str(job.target.parent), progress_bar=False,
            log_output=False, report_mode=False,
        )
    except papermill.PapermillExecutionError as err:
        return (f"Notebooken {job.source.name} (utgåva {job.year}) stoppade i cell "
                f"{err.exec_count}: {err.ename}: {err.evalue}")
    except Exception as err:  # noqa: BLE001 - kernel could not start, file unreadable, …
        return f"Notebooken {job.source.name} (utgåva {job.year}) kunde inte köras: {err}"
    for cell in result.cells:  # papermill's injected cell is build detail, not content
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
    nbformat.write(result, str(job.target))
    return None


def write_toc(root: Path, staging: Path, plan: Plan, years: list[int]) -> None:
    """The repository's _toc.yml with one entry per edition, newest first."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    editions = []
    for year in sorted(years, reverse=True):
        editions.append({
            "file": f"{edition_dir(year)}/index",
            "title": f"Uppföljning {year}",
            "sections": [
                {"file": chapter_doc(year, fa.id), "title": f"{fa.id}. {fa.title}"}
                for fa in plan.focus_areas
            ],
        })
    toc["parts"].insert(0, {"caption": "Uppföljningar", "chapters": editions})
    (staging / "_toc.yml").write_text(
        yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def stage_sources(root: Path, staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name in STATIC_SOURCES:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, staging / name)
        elif src.exists():
            shutil.copy2(src, staging / name)


def compile_translations(staging: Path) -> None:
    """Compile the interface's Swedish strings (locale/**/*.po) to the .mo files Sphinx reads."""
    for po_path in (staging / "locale").rglob("*.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)


def run_jupyter_book(staging: Path) -> None:
    """Strict Sphinx build: warnings and broken references fail it."""
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(staging), "--path-output",
           str(staging), "-W", "-n", "--keep-going", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stdout + proc.stderr).splitlines()
                 if "WARNING" in ln or "ERROR" in ln or "Error" in ln]
        raise BuildError("Jupyter Book misslyckades:\n" + "\n".join(lines[-30:] or [proc.stderr[-3000:]]))


def publish(built: Path, target: Path) -> None:
    """Replace ``target`` by ``built`` with renames, so readers never see half a site."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    built.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build(root: Path, jobs: int | None = None, log=print) -> Path:
    """Build the whole book under ``root``; return the published html folder."""
    root = root.resolve()
    data = root / "data"
    problems = validate_data_dir(data)
    if problems:
        raise DataError(problems)
    plan = load_plan(data)
    years = edition_years(plan, data)
    build_dir = root / "_build"
    staging = build_dir / "staging"
    stage_sources(root, staging)
    write_toc(root, staging, plan, years)
    compile_translations(staging)
    work = plan_jobs(root, staging, plan, years)
    log(f"Kör {len(work)} notebooks för utgåvorna {', '.join(map(str, years))} …")
    workers = jobs or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers) as pool:
        errors = [e for e in pool.map(execute, work) if e]
    if errors:
        raise BuildError("\n".join(errors))
    log("Bygger webbboken med Jupyter Book …")
    run_jupyter_book(staging)
    target = build_dir / "html"
    publish(staging / "_build" / "html", target)
    log(f"Klart: {target / 'index.html'}")
    return target
