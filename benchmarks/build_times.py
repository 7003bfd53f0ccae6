"""Build timings on the default data (run by hand, not a test).

    .venv/bin/python benchmarks/build_times.py [--jobs N]

Works on a copy of the project in a temporary folder and measures:
  naive    each notebook through plain papermill one after another, then one
           jupyter-book build of the same sources
  cold     `trygghet build` from nothing (parallel, empty cache)
  no-op    the same build again, nothing changed, started more than a minute after
           the cold build ended: anything in the build stamped with the time to the
           minute (Babel's POT-Creation-Date once was) then differs, as it does for
           someone running `make book` again later. The script sleeps 61 s for it
           (not counted); --no-wait skips the sleep.
  edition  after one edition's data changed (the latest edition's status reports)
and prints the ratios against the targets (cold ≤ 0.6 × naive, no-op ≤ 0.02 × cold)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import jupytext
import papermill

from trygghet.data.editions import edition_years
from trygghet.data.project import load_editions
from trygghet.publish.build import (
    NOTEBOOK,
    book_sources,
    build,
    plan_jobs,
    run_jupyter_book,
    sync_staging,
    write_pages,
)

NOOP_DELAY = 61  # seconds between the cold and the no-op build
COPIED = ["data", "notebooks", "chapters", "_static", "_templates", "locale",
          "_config.yml", "_toc.yml", "requirements.txt"]


def fresh_copy(into: Path) -> Path:
    project = into / "project"
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name)
        elif src.exists():
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, project / name)
    return project


def naive_build(project: Path) -> None:
    """The baseline without our build: each notebook through plain papermill, one after
    another, then one jupyter-book build of the assembled sources."""
    years = edition_years(project / "data")
    jobs = plan_jobs(project, years)
    latest = next(j for j in jobs if j.target == f"editions/{max(years)}/index.ipynb")
    jobs.append(replace(latest, target="index.ipynb"))  # the start page, run on its own
    staging = project / "_build" / "naive"
    sync_staging(staging, book_sources(project, load_editions(project / "data", years), [],
                                       project / "_build" / "none"))
    for job in jobs:
        target = staging / job.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if job.kind != NOTEBOOK:  # generated Markdown pages: a function, not a notebook
            error = write_pages(job, target.parent, project / "data")
            if error:
                raise SystemExit(error)
            continue
        papermill.execute_notebook(
            jupytext.read(job.source), str(target), parameters=job.parameters,
            kernel_name="python3", cwd=str(target.parent), progress_bar=False,
        )
    run_jupyter_book(staging)


def timed(label: str, func) -> float:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    print(f"{label:<10} {seconds:7.1f} s", flush=True)
    return seconds


def change_latest_edition(project: Path) -> str:
    """Change the status reports of the latest edition that has any (its comment text)."""
    reports = sorted((project / "data" / "activities").glob("status-*.csv"))
    if not reports:
        raise SystemExit("Inga statusrapporter att ändra.")
    path = reports[-1]
    text = path.read_text(encoding="utf-8")
    changed = text.replace("EXEMPEL", "EXEMPEL (ändrad)", 1)
    if changed == text:
        raise SystemExit(f"Ingen kommentar att ändra i {path.name}.")
    path.write_text(changed, encoding="utf-8")
    return path.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--no-wait", action="store_true",
                        help="measure the no-op build right after the cold one")
    args = parser.parse_args()
    quiet = lambda _msg: None
    with tempfile.TemporaryDirectory() as tmp:
        naive_root = fresh_copy(Path(tmp) / "naive")
        naive = timed("naive", lambda: naive_build(naive_root))
        project = fresh_copy(Path(tmp) / "fast")
        cold = timed("cold", lambda: build(project, jobs=args.jobs, log=quiet))
        if not args.no_wait:
            time.sleep(NOOP_DELAY)  # a later minute, as a real rebuild (see docstring)
        noop = timed("no-op", lambda: build(project, jobs=args.jobs, log=quiet))
        before = {j.target: j.key for j in plan_jobs(project, edition_years(project / "data"))}
        changed_file = change_latest_edition(project)
        after = {j.target: j.key for j in plan_jobs(project, edition_years(project / "data"))}
        rerun = sorted(t for t in before if before[t] != after[t])
        edition = timed("edition", lambda: build(project, jobs=args.jobs, log=quiet))
    print(f"\n{os.cpu_count()} kärnor, {args.jobs} samtidiga notebooks; {len(before)} notebooks.")
    print(f"Ändrad fil: {changed_file}; körs om: {len(rerun)} ({', '.join(rerun)})")
    print(f"cold / naive   = {cold / naive:.2f}  (mål ≤ 0.60)")
    print(f"no-op / cold   = {noop / cold:.3f} (mål ≤ 0.02)")
    print(f"edition / cold = {edition / cold:.2f}")


if __name__ == "__main__":
    main()
