"""The build itself: cached, reproducible, and safe when something fails."""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.helpers import ROOT, copy_build_cache, differing_files, require_built_site
from trygghet.cli import main
from trygghet.data.editions import edition_years
from trygghet.publish.build import _execute_in_pool, plan_jobs


def _keys(root: Path) -> dict[str, str]:
    return {j.target: j.key for j in plan_jobs(root, edition_years(root / "data"))}


def test_cache_keys_follow_what_each_notebook_depends_on(project_copy):
    before = _keys(project_copy)
    assert len(set(before.values())) == len(before), "every run has its own key"

    (project_copy / "chapters" / "om-data-och-metod.md").write_text("# Om\n\nNy text.\n")
    (project_copy / "data" / "plan" / "kapitel" / "bakgrund.md").write_text("# Bakgrund\n")
    assert _keys(project_copy) == before, "a prose page change re-executes nothing"

    reports = project_copy / "data" / "activities"
    reports.mkdir(exist_ok=True)
    (reports / "status-2024.csv").write_text("ändrad\n", encoding="utf-8")
    after = _keys(project_copy)
    changed = {t for t in before if before[t] != after[t]}
    assert changed and all(t.startswith("editions/2024/") or t == "index.ipynb" for t in changed)

    assessment = project_copy / "data" / "goals" / "bedomning-2023.csv"
    assessment.write_text(assessment.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assessed = _keys(project_copy)
    changed = {t for t in after if after[t] != assessed[t]}
    assert changed == {f"editions/2023/{n}.ipynb" for n in (
        "index", *(f"fokusomrade-{fa}" for fa in range(1, 7)))} | {
        "editions/2023/rapporteringslage.md"}, \
        "a goal assessment re-executes only the pages of its edition that show it (not the " \
        "national comparison)"
    after = assessed

    notebook = project_copy / "notebooks" / "fokusomrade.md"  # every chapter's notebook
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\nText.\n", encoding="utf-8")
    again = _keys(project_copy)
    changed = {t for t in after if after[t] != again[t]}
    assert changed == {f"editions/{y}/fokusomrade-{fa}.ipynb" for y in (2022, 2023, 2024)
                       for fa in range(1, 7)}


PREVIOUS = "förra utgåvan"


@pytest.fixture
def published(project_copy: Path) -> Path:
    """A project copy with a previously published site, and `make book`'s executed
    notebooks as its cache (keys are the same for the same inputs)."""
    copy_build_cache(project_copy)
    site = project_copy / "_build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text(PREVIOUS, encoding="utf-8")
    return project_copy


def _site_unchanged(project: Path) -> bool:
    return (project / "_build" / "html" / "index.html").read_text(encoding="utf-8") == PREVIOUS


def test_failed_notebook_names_edition_notebook_and_cell_and_keeps_the_site(published, capsys):
    notebook = published / "notebooks" / "fokusomrade.md"
    text = notebook.read_text(encoding="utf-8")
    notebook.write_text(text.replace("chapter.goals()", "chapter.finns_inte()"), encoding="utf-8")

    assert main(["--root", str(published), "build"]) == 1
    err = capsys.readouterr().err
    assert "utgåva 2024, notebook fokusomrade.md (fokusområde 3)" in err
    assert "chapter.finns_inte()" in err and "AttributeError" in err
    assert "Traceback" not in err
    assert "tidigare byggda webbplatsen är orörd" in err
    assert _site_unchanged(published)


def test_each_kind_of_run_gives_the_same_bytes_again():
    """Reproducible: running a notebook (or writing the indicator pages) again from the
    same inputs gives byte for byte what the published site was built from. Together with
    tests/site/test_build_lock.py (a fresh build from these runs gives byte for byte the
    published site), the same data gives the same site. One run of each kind for the
    latest edition: the chapter, the overview, the national comparison, the indicator pages
    and the reporting pages."""
    require_built_site()
    years = edition_years(ROOT / "data")
    jobs = [j for j in plan_jobs(ROOT, years) if j.year == years[-1]]
    sample = list({(j.kind, j.source.name): j for j in reversed(jobs)}.values())  # one per kind
    assert len(sample) >= 5
    cache = ROOT / "_build" / "cache"
    rerun = Path(tempfile.mkdtemp(prefix="rerun-", dir=ROOT / "_build"))  # notebooks find data/ upwards
    try:
        with ProcessPoolExecutor(max_workers=2) as pool:
            errors = [e for e in pool.map(_execute_in_pool, [(j, rerun, ROOT / "data")
                                                             for j in sample]) if e]
        assert errors == []
        differing = [f"{j.target}: {name}" for j in sample
                     for name in differing_files(cache / j.key, rerun / j.key)]
        assert differing == []
    finally:
        shutil.rmtree(rerun, ignore_errors=True)


def test_broken_internal_link_fails_the_build_and_keeps_the_site(published, capsys):
    page = published / "chapters" / "om-data-och-metod.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\nSe {doc}`en sida som inte finns </chapters/finns-inte>`.\n",
                    encoding="utf-8")
    assert main(["--root", str(published), "build"]) == 1
    err = capsys.readouterr().err
    assert "Jupyter Book misslyckades" in err and "finns-inte" in err
    assert "chapters/om-data-och-metod.md" in err
    assert "\x1b[" not in err and "_build/staging" not in err
    assert _site_unchanged(published)
