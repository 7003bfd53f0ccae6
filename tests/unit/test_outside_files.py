"""Files from outside the repository (issue 19, class 2): a symbolic link, a FIFO or a
device anywhere under data/ is refused by name before anything is read, so no file outside
the project is published and no command waits on a FIFO or reads /dev/zero without end;
a received file named on the command line must be a regular file of limited size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import trygghet
from tests.reports import YEAR, rejected
from trygghet.data import limits
from trygghet.data.errors import DataError
from trygghet.data.files import read_bytes
from trygghet.data.plan import load_plan, load_plans
from trygghet.data.validate import validate_data_dir
from trygghet.present import book

SECRET = "Hemlig text utanför projektet"


def run_cli(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command line in a process of its own: a hang fails the test instead of the run."""
    env = {**os.environ, "PYTHONPATH": str(Path(trygghet.__file__).parents[1])}
    return subprocess.run([sys.executable, "-m", "trygghet.cli", "--root", str(root), *args],
                          check=False, capture_output=True, text=True, timeout=timeout,
                          env=env, stdin=subprocess.DEVNULL)


def _messages(data: Path) -> list[str]:
    return [str(p) for p in validate_data_dir(data)]


def test_a_chapter_linked_to_a_file_outside_the_project_is_refused_not_published(
        data_copy, tmp_path):
    outside = tmp_path / "hemlig.md"
    outside.write_text(f"# Hemligt\n\n{SECRET}\n", encoding="utf-8")
    chapter = data_copy / "plan" / "kapitel" / "bakgrund.md"
    chapter.unlink()
    chapter.symlink_to(outside)
    messages = _messages(data_copy)
    assert any(str(chapter) in m and "är en symbolisk länk" in m and str(outside) in m
               for m in messages), messages
    # The pages of the plan's chapters are never made from it either (the build's loader).
    with pytest.raises(DataError) as err:
        book.chapter_pages(load_plan(data_copy))
    assert SECRET not in str(err.value) and "symbolisk länk" in str(err.value)


def test_a_linked_folder_is_refused(data_copy, tmp_path):
    outside = tmp_path / "kapitel-utanfor"
    (data_copy / "plan" / "kapitel").rename(outside)
    (data_copy / "plan" / "kapitel").symlink_to(outside, target_is_directory=True)
    messages = _messages(data_copy)
    assert messages and all("symbolisk länk" in m for m in messages)
    assert str(data_copy / "plan" / "kapitel") in messages[0]
    # Every command reads the plan first: none reads data/ while the link is there.
    with pytest.raises(DataError, match="symbolisk länk"):
        load_plans(data_copy)


def test_a_fifo_and_dev_zero_in_data_stop_validate_at_once_with_their_names(data_copy):
    fifo = data_copy / "settings.yml"
    fifo.unlink()
    os.mkfifo(fifo)
    zero = data_copy / "indicators" / "anmalda-brott.csv"
    zero.unlink()
    zero.symlink_to("/dev/zero")
    result = run_cli(data_copy.parent, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{fifo}: är en namngiven pipe (FIFO)" in result.stderr
    assert f"{zero}: är en symbolisk länk (till /dev/zero)" in result.stderr


def test_a_fifo_in_data_stops_an_import_and_the_build_without_waiting(status_data, tmp_path):
    received = tmp_path / "rapport.csv"
    received.write_text("Nr;Status\n1.1;Påbörjad\n", encoding="utf-8")
    fifo = status_data / "plan" / "committees.yml"
    fifo.unlink()
    os.mkfifo(fifo)
    for args in (["import-status", str(received), "--year", str(YEAR)], ["build"]):
        result = run_cli(status_data.parent, *args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr
        assert f"{fifo}: är en namngiven pipe (FIFO)" in result.stderr


def test_a_data_file_over_its_size_limit_is_refused_unread(data_copy):
    values = data_copy / "indicators" / "anmalda-brott.csv"
    with values.open("r+b") as f:  # sparse: no disk used, but the size says 25 MB
        f.truncate(limits.CSV_BYTES + 5_000_000)
    messages = _messages(data_copy)
    assert any(str(values) in m and "filen är för stor (25 MB); högst 20 MB läses in" in m
               for m in messages), messages


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "big"])
def test_a_received_file_must_be_a_regular_file_of_limited_size(status_data, tmp_path, kind):
    received = tmp_path / "rapport.xlsx"
    if kind == "fifo":
        os.mkfifo(received)
        expected = "är en namngiven pipe (FIFO)"
    elif kind == "device":
        received = Path("/dev/zero")
        expected = "är en enhetsfil"
    elif kind == "folder":
        received.mkdir()
        expected = "är en katalog"
    else:
        with received.open("wb") as f:  # sparse: no disk used
            f.truncate(limits.RECEIVED_BYTES + 1)
        expected = "filen är för stor"
    if kind == "fifo":  # a process of its own: waiting on the FIFO would fail, not hang, the test
        result = run_cli(status_data.parent, "import-status", str(received), "--year", str(YEAR))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert f"{received}: {expected}" in result.stderr
    else:
        (problem,) = rejected(status_data, [received])
        assert problem.startswith(f"{received}: {expected}")


def test_a_received_file_may_be_a_link_given_on_the_command_line(tmp_path):
    """The user names the file; a link to it (a download folder) is read like the file."""
    target = tmp_path / "rapport.csv"
    target.write_bytes(b"a;b\n")
    link = tmp_path / "lank.csv"
    link.symlink_to(target)
    assert read_bytes(link, 100, follow_symlinks=True) == b"a;b\n"
    with pytest.raises(DataError, match="symbolisk länk"):
        read_bytes(link, 100)
