"""One build at a time: a second `trygghet build` waits for the first, or gives up
with a Swedish message, and never publishes a mixed site (issue 8)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import SITE, copy_build_cache, differing_files, require_built_site
from trygghet.publish.build import build_lock


def _trygghet(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "trygghet.cli", "--root", str(project), "build", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


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
    require_built_site()
    copy_build_cache(project_copy)
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
    assert differing_files(SITE, project_copy / "_build" / "html") == []
