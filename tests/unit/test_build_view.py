"""The build works on one consistent view of data/ (issue 19, class 3): it copies data/
holding the data lock, and its cache keys and its notebooks and pages all read the copy.
An import landing mid-build is not half published, and after it is reverted the cache
cannot serve the reverted text. The notebooks are replaced by a stand-in here (a real run
is in the site tests); everything else is the build's own code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trygghet.data.activities import status_path
from trygghet.data.editions import edition_years
from trygghet.data.project import resolve_data_dir
from trygghet.publish import build as build_module
from trygghet.publish.build import DATA_VIEW, NOTEBOOK, data_view, plan_jobs

YEAR = 2023
REVERTED = "Ett påstående som nämnden tog tillbaka."


class InProcessPool:
    """ProcessPoolExecutor's map, run here (so the stand-in notebooks are used)."""

    def __init__(self, max_workers=None):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, func, items):
        return [func(item) for item in items]


@pytest.fixture
def fake_build(project_copy, monkeypatch):
    """``run(import_mid_build)``: a build of ``project_copy`` whose notebooks write the
    status file they read; returns {page in the book: text}. With ``import_mid_build``, a
    new comment lands in data/ as the first notebook starts."""
    state = {"import": None, "read_from": set()}

    def execute(job, cache, data=None):
        done, work = cache / job.key, cache / f"{job.key}.tmp"
        if done.exists():
            return
        if state["import"]:
            state["import"], landing = None, state["import"]
            landing()
        work.mkdir(parents=True)
        if job.kind == NOTEBOOK:  # a notebook finds data_dir = "data" from where it runs
            cwd = Path.cwd()
            os.chdir(work)
            try:
                folder = resolve_data_dir("data")
            finally:
                os.chdir(cwd)
        else:
            folder = data
        state["read_from"].add(folder)
        (work / f"{Path(job.target).stem}.md").write_bytes(status_path(folder, YEAR).read_bytes())
        work.rename(done)
        return

    published = {}

    def jupyter_book(staging, jobs=(), renamed=None):
        published.clear()
        pages = {p.relative_to(staging): p for p in staging.rglob("*.md")}
        published.update({str(rel): p.read_text(encoding="utf-8")
                          for rel, p in pages.items() if rel.parts[0] != "_build"})

    monkeypatch.setattr(build_module, "execute", execute)
    monkeypatch.setattr(build_module, "ProcessPoolExecutor", InProcessPool)
    monkeypatch.setattr(build_module, "run_jupyter_book", jupyter_book)
    monkeypatch.setattr(build_module, "publish", lambda built, target: None)

    def run(import_mid_build=None):
        state["import"] = import_mid_build
        build_module.build(project_copy, log=lambda _: None)
        return dict(published)

    run.state = state
    return run


def test_an_import_mid_build_is_not_published_and_not_served_after_its_revert(
        project_copy, fake_build):
    status = status_path(project_copy / "data", YEAR)
    original = status.read_bytes()
    changed = original.replace(b"EXEMPEL, inte en riktig rapport", REVERTED.encode(), 1)

    first = fake_build(lambda: status.write_bytes(changed))  # the import lands mid-build
    page = f"editions/{YEAR}/index.md"
    assert first[page].encode() == original, "the build shows the data it took, whole"
    assert fake_build.state["read_from"] == {project_copy / "_build" / DATA_VIEW}

    status.write_bytes(original)  # the import is reverted
    second = fake_build()
    assert REVERTED not in second[page]
    assert second[page].encode() == original

    status.write_bytes(changed)  # and imported again: now the build shows it
    assert REVERTED in fake_build()[page]


def test_the_keys_describe_the_folder_the_notebooks_read(project_copy, tmp_path):
    data = project_copy / "data"
    view = data_view(data, project_copy / "_build" / DATA_VIEW)
    years = edition_years(view)
    keys = {j.target: j.key for j in plan_jobs(project_copy, years, view)}
    work = project_copy / "_build" / "cache" / "abc.tmp"
    work.mkdir(parents=True)
    cwd = Path.cwd()
    os.chdir(work)
    try:
        assert resolve_data_dir("data") == view  # what a notebook run in the cache reads
    finally:
        os.chdir(cwd)

    status_path(data, YEAR).write_text("ändrad efter kopian\n", encoding="utf-8")
    assert {j.target: j.key for j in plan_jobs(project_copy, years, view)} == keys
    assert {j.target: j.key for j in plan_jobs(project_copy, years, data)} != keys


def test_the_view_copies_only_what_changed(tmp_path):
    data = tmp_path / "data"
    (data / "a").mkdir(parents=True)
    (data / "a" / "x.csv").write_text("x")
    (data / "y.yml").write_text("y")
    view = data_view(data, tmp_path / "view")
    before = (view / "a" / "x.csv").stat().st_mtime_ns
    os.utime(view / "a" / "x.csv", ns=(before - 10**9, before - 10**9))
    (data / "y.yml").write_text("y2")
    (data / "a" / "x.csv").chmod(0o444)
    (data / "z").mkdir()
    data_view(data, view)
    assert (view / "a" / "x.csv").stat().st_mtime_ns == before - 10**9  # not rewritten
    assert (view / "y.yml").read_text() == "y2" and (view / "z").is_dir()
    (data / "y.yml").unlink()
    (data / "z").rmdir()
    data_view(data, view)
    assert sorted(str(p.relative_to(view)) for p in view.rglob("*")) == ["a", "a/x.csv"]


def test_a_first_build_makes_the_view_of_a_data_folder_with_files_at_its_top(tmp_path):
    """A new project has no _build/ yet, and befolkning.csv sorts before every folder."""
    data = tmp_path / "data"
    (data / "plan").mkdir(parents=True)
    (data / "befolkning.csv").write_text("b")
    view = data_view(data, tmp_path / "_build" / "data")
    assert (view / "befolkning.csv").read_text() == "b" and (view / "plan").is_dir()


def test_unchanged_data_is_not_checked_again_but_every_change_is(small_copy, monkeypatch):
    """A rebuild with nothing changed stays fast: the data the last successful check saw,
    byte for byte, with the same code, is not validated again (its warnings are kept).
    Any changed byte is checked, and bad data is refused as before."""
    from trygghet.data.errors import DataError
    from trygghet.publish import build as build_module

    root, build_dir = small_copy.parent, small_copy.parent / "_build"
    checks = []
    real = build_module.validate_data_dir
    monkeypatch.setattr(build_module, "validate_data_dir",
                        lambda data: checks.append(data) or real(data))
    first = build_module.checked_data(root, build_dir)
    assert build_module.checked_data(root, build_dir) == first and len(checks) == 1
    (build_dir / build_module.CHECKED).write_text('{"key": "', encoding="utf-8")  # cut short
    assert build_module.checked_data(root, build_dir) == first and len(checks) == 2
    checks.clear()
    assert build_module.checked_data(root, build_dir) == first and not checks
    settings = small_copy / "settings.yml"
    good = settings.read_text(encoding="utf-8")
    settings.write_text(good.replace("suppress_counts_below:", "suppress_counts_below: nej #",
                                     1), encoding="utf-8")
    with pytest.raises(DataError):
        build_module.checked_data(root, build_dir)
    assert len(checks) == 1
    settings.write_text(good, encoding="utf-8")
    assert build_module.checked_data(root, build_dir) == first and len(checks) == 1
    (small_copy / "activities" / "link.csv").symlink_to(settings)  # refused before reading
    with pytest.raises(DataError, match="link"):
        build_module.checked_data(root, build_dir)
