"""The build itself: cached, reproducible, and safe when something fails."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from trygghet.cli import main
from trygghet.data.editions import edition_years
from trygghet.data.plan import load_plan
from trygghet.publish.build import build, plan_jobs

SITE = ROOT / "_build" / "html"


def _keys(root: Path) -> dict[str, str]:
    plan = load_plan(root / "data")
    return {j.target: j.key for j in plan_jobs(root, plan, edition_years(plan, root / "data"))}


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
    if (ROOT / "_build" / "cache").exists():
        shutil.copytree(ROOT / "_build" / "cache", project_copy / "_build" / "cache")
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


def test_two_builds_from_the_same_inputs_are_byte_identical(project_copy):
    if not (SITE / "index.html").exists():
        pytest.fail("run `make book` first (make test does)")
    fresh = build(project_copy, use_cache=False, log=lambda _: None)
    comparison = filecmp.dircmp(SITE, fresh)
    differing = []

    def collect(cmp: filecmp.dircmp, prefix: str = "") -> None:
        differing.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differing.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            collect(sub, f"{prefix}{name}/")

    collect(comparison)
    assert differing == []


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
