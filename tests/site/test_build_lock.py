"""One build at a time: a second `trygghet build` waits for the first, or gives up
with a Swedish message, and never publishes a mixed site (issue 8)."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from trygghet.publish.build import build_lock

SITE = ROOT / "_build" / "html"


def _trygghet(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "trygghet.cli", "--root", str(project), "build", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _differing(left: Path, right: Path) -> list[str]:
    differing: list[str] = []

    def collect(cmp: filecmp.dircmp, prefix: str = "") -> None:
        differing.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differing.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            collect(sub, f"{prefix}{name}/")

    collect(filecmp.dircmp(left, right))
    return differing


def test_a_build_gives_up_with_a_swedish_message_while_another_holds_the_lock(project_copy):
    build_dir = project_copy / "_build"
    with build_lock(build_dir, wait=0, log=lambda _: None):
        proc = _trygghet(project_copy, "--wait", "1")
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "väntar" in out
    assert "Ett bygge pågår redan" in err and "Traceback" not in err
    assert sorted(p.name for p in build_dir.iterdir()) == [".lock"], "nothing else written"


def test_two_builds_started_together_publish_the_same_site_as_a_clean_build(project_copy):
    if not (SITE / "index.html").exists():
        pytest.fail("run `make book` first (make test does)")
    if (ROOT / "_build" / "cache").exists():  # executed notebooks: same inputs, same keys
        shutil.copytree(ROOT / "_build" / "cache", project_copy / "_build" / "cache")
    first = _trygghet(project_copy)
    assert first.stdout is not None
    for line in first.stdout:  # it holds the lock from before it prints the editions
        if line.startswith("Utgåvor"):
            break
    second = _trygghet(project_copy)
    out2, err2 = second.communicate(timeout=600)
    out1, err1 = first.communicate(timeout=600)
    assert "Klart" in out1
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "väntar" in out2 and "Inget har ändrats" in out2
    assert (project_copy / "_build" / "html.key").exists()
    assert _differing(SITE, project_copy / "_build" / "html") == []
