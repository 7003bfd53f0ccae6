"""Writes of data/ under faults (issue 19, classes 3, 4 and 6): one writer at a time, a
command killed at any point leaves either nothing changed or a change the next command
finishes, every OS error is a Swedish sentence naming the path, and ny-planperiod takes
only a plausible period after the current plan."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.reports import YEAR, fill
from trygghet.cli import main
from trygghet.data import writing
from trygghet.data.activities import load_reports, status_path
from trygghet.data.files import write_files_atomically
from trygghet.data.plan import load_plans
from trygghet.data.validate import validate_data_dir
from trygghet.data.writing import DataBusyError, data_lock, transaction
from trygghet.intake.new_project import NewProjectError, next_plan

SRC = ROOT / "src"

#: Runs the Python code in argv[2], killed (SIGKILL, as `kill -9`) at the rename after the
#: first argv[1] renames.
CRASH = textwrap.dedent("""
    import os, signal, sys
    left = int(sys.argv[1])
    def dying(real):
        def call(*args, **kwargs):
            global left
            if left == 0:
                os.kill(os.getpid(), signal.SIGKILL)
            left -= 1
            return real(*args, **kwargs)
        return call
    os.replace, os.rename = dying(os.replace), dying(os.rename)
    exec(sys.argv[2])
""")


def _killed_after(renames: int, code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", CRASH, str(renames), textwrap.dedent(code)],
                          env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == -9, proc.stderr


#: ``trygghet`` whose status import pauses a second after reading the stored reports: two
#: imports started together then both read before either writes.
SLOW_IMPORT = textwrap.dedent("""
    import sys, time
    from trygghet.cli import main
    from trygghet.intake import status_import
    stored = status_import._stored_reports
    def slow(*args, **kwargs):
        found = stored(*args, **kwargs)
        time.sleep(1)
        return found
    status_import._stored_reports = slow
    sys.exit(main(sys.argv[1:]))
""")


def _cli(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SLOW_IMPORT, "--root", str(root), *args],
                            env={**os.environ, "PYTHONPATH": str(SRC)}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _hidden(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*"))


# -- class 4: interrupted multi-file writes --------------------------------------------------

def test_a_write_killed_between_its_renames_is_finished_by_the_next_command(tmp_path, capsys):
    data = tmp_path / "data"
    files = {data / "indicators" / f"i{n}.csv": f"old {n}\n" for n in range(5)}
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    _killed_after(3, f"""
        from pathlib import Path
        from trygghet.data.files import write_files_atomically
        folder = Path({str(data / "indicators")!r})
        write_files_atomically({{folder / f"i{{n}}.csv": f"new {{n}}\\n".encode()
                                for n in range(5)}})
    """)  # the journal and two files renamed, three not
    texts = [p.read_text() for p in files]
    assert sum(t.startswith("new") for t in texts) == 2, "the crash came half-way"
    assert any("avbröts innan den var klar" in str(p) for p in validate_data_dir(data))

    with data_lock(data, log=print):
        pass
    assert [p.read_text() for p in files] == [f"new {n}\n" for n in range(5)]
    assert "har slutförts" in capsys.readouterr().out
    assert _hidden(data) == [], "no journal or temporary file is left"


def test_temporary_files_of_a_write_killed_before_its_renames_are_refused_then_removed(
        tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = (data / "befolkning.csv").read_bytes()
    _killed_after(0, f"""
        from pathlib import Path
        from trygghet.data.files import write_files_atomically
        data = Path({str(data)!r})
        write_files_atomically({{data / "befolkning.csv": b"new", data / "x.csv": b"new"}})
    """)  # killed writing the journal: nothing changed
    assert (data / "befolkning.csv").read_bytes() == before
    leftovers = _hidden(data)
    assert any(name.startswith(".befolkning.csv.") for name in leftovers)
    problems = [str(p) for p in validate_data_dir(data)]
    assert any(".befolkning.csv." in p and "Ta bort den" in p for p in problems)
    assert main(["--root", str(tmp_path), "validate"]) == 1  # validate never deletes

    proc = _cli(tmp_path, "ny-planperiod", "--start", "2025", "--slut", "2028")  # it writes
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Tog bort data/.befolkning.csv." in out
    assert not any(n.startswith((".befolkning", ".x.csv", ".trygghet")) for n in _hidden(data))


def test_an_import_killed_after_the_status_file_still_gets_its_log_line(
        status_data, status_templates, tmp_path, capsys):
    """The received copy, the status file and the import log are one change."""
    filled = fill(status_templates / f"statusrapport-{YEAR}-kommunstyrelsen.xlsx",
                  tmp_path / "ks.xlsx")
    _killed_after(2, f"""
        from pathlib import Path
        from trygghet.data.writing import data_lock
        from trygghet.intake.status_import import import_status
        with data_lock(Path({str(status_data)!r})):  # as the command holds it
            import_status(Path({str(status_data)!r}), [Path({str(filled)!r})], {YEAR})
    """)  # journal and status file renamed; the log and the received copy not
    log = status_data / "activities" / "importlogg.csv"
    assert status_path(status_data, YEAR).exists() and not log.exists()
    assert main(["--root", str(status_data.parent), "validate"]) == 0, capsys.readouterr().err
    assert "ks.xlsx" in log.read_text(encoding="utf-8")


def test_a_failed_write_changes_nothing_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    targets = {tmp_path / f"f{n}.csv": b"new" for n in range(3)}
    for path in targets:
        path.write_bytes(b"old")
    real, calls = os.fsync, []

    def full_disk(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError) as caught:
        write_files_atomically(targets)
    assert caught.value.filename == str(tmp_path / "f1.csv")
    assert [p.read_bytes() for p in targets] == [b"old"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0.csv", "f1.csv", "f2.csv"]


def test_a_transaction_whose_block_fails_writes_nothing(tmp_path):
    with pytest.raises(RuntimeError), transaction():
        write_files_atomically({tmp_path / "a.csv": b"a"})
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


# -- OS errors reach the user as one Swedish sentence ----------------------------------------

def test_a_full_disk_during_an_import_is_a_swedish_sentence_and_no_truncated_copy(
        status_data, status_templates, tmp_path, monkeypatch, capsys):
    filled = fill(status_templates / f"statusrapport-{YEAR}-kommunstyrelsen.xlsx",
                  tmp_path / "ks.xlsx")

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    code = main(["--root", str(status_data.parent), "import-status", str(filled),
                 "--year", str(YEAR)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "disken är full" in err and f"status-{YEAR}.csv" in err  # the file it could not write
    assert not (status_data / "raw").exists() or not any((status_data / "raw").rglob("*.xlsx"))
    assert not status_path(status_data, YEAR).exists()
    assert _hidden(status_data) == []


def test_a_data_file_that_is_a_folder_is_named_not_a_traceback(status_data, status_templates,
                                                                 tmp_path, capsys):
    filled = fill(status_templates / f"statusrapport-{YEAR}-kommunstyrelsen.xlsx",
                  tmp_path / "ks.xlsx")
    (status_data / "activities" / "importlogg.csv").mkdir()
    code = main(["--root", str(status_data.parent), "import-status", str(filled),
                 "--year", str(YEAR)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "importlogg.csv: är en mapp" in err
    assert not status_path(status_data, YEAR).exists()

    (status_data / "settings.yml").unlink()
    (status_data / "settings.yml").mkdir()
    assert main(["--root", str(status_data.parent), "validate"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "settings.yml" in err


def test_a_missing_data_folder_is_named(tmp_path, capsys):
    assert main(["--root", str(tmp_path / "ingen"), "validate"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{tmp_path / 'ingen' / 'data'}: finns inte" in err


# -- class 3: one writer at a time -----------------------------------------------------------

def test_two_imports_at_once_keep_both_committees_reports(status_data, status_templates,
                                                          tmp_path):
    templates = sorted(status_templates.glob("*.xlsx"))[:2]
    filled = [fill(t, tmp_path / t.name) for t in templates]
    procs = [_cli(status_data.parent, "import-status", str(f), "--year", str(YEAR))
             for f in filled]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    committees = {r.committee for r in load_reports(status_data, YEAR).values()}
    assert len(committees) == 2
    log = (status_data / "activities" / "importlogg.csv").read_text(encoding="utf-8")
    assert all(f.name in log for f in filled)


def test_a_second_writer_waits_then_refuses_in_swedish(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    hold = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from trygghet.data.writing import data_lock
        with data_lock(Path(sys.argv[1])):
            print("held", flush=True)
            time.sleep(60)
    """)
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(data)],
        env={**os.environ, "PYTHONPATH": str(SRC)}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with (pytest.raises(DataBusyError, match="Ett annat kommando skriver"),
              data_lock(data, wait=0.3, log=lambda _: None)):
            pass
        monkeypatch.setattr(writing, "DATA_LOCK_WAIT", 0.3)
        assert main(["--root", str(tmp_path), "snapshot", "--year", "2023"]) == 1
        captured = capsys.readouterr()
        assert "väntar" in captured.out and "blev inte klart inom 0.3 sekunder" in captured.err
        assert not (data / "editions").exists()
    finally:
        holder.kill()
        holder.wait()
    # Released when its holder is killed; taken again at once by the same process.
    with data_lock(data, wait=5), data_lock(data, wait=0):
        pass


# -- class 6 and 4: ny-planperiod ---------------------------------------------------------

@pytest.fixture
def plan_data(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "plan", data / "plan")
    return data


@pytest.mark.parametrize(("start", "end", "said"), [
    (2023, 2026, "börjar innan planen 2022–2024 har slutat"),
    (2024, 2027, "börjar innan planen 2022–2024 har slutat"),
    (20250, 20280, "året 20250 går inte att använda"),
    (2208, 2210, "året 2208 går inte att använda"),
    (2025, 2035, "högst 10 år"),
    (2027, 2025, "slutar innan den börjar"),
])
def test_ny_planperiod_refuses_an_overlapping_or_implausible_period(plan_data, start, end,
                                                                    said):
    before = sorted(p.relative_to(plan_data) for p in plan_data.rglob("*"))
    with pytest.raises(NewProjectError, match=said):
        next_plan(plan_data, start, end, today=dt.date(2026, 3, 1))
    assert sorted(p.relative_to(plan_data) for p in plan_data.rglob("*")) == before


def test_ny_planperiod_killed_half_way_is_finished_by_the_next_command(plan_data, capsys):
    old_plan = (plan_data / "plan" / "plan.yml").read_bytes()
    _killed_after(2, f"""
        from pathlib import Path
        from trygghet.intake.new_project import next_plan
        next_plan(Path({str(plan_data)!r}), 2025, 2028)
    """)  # journal written, the current plan moved, the new one not yet in place
    assert not (plan_data / "plan").exists()
    assert (plan_data / "planer" / "2022-2024" / "plan.yml").read_bytes() == old_plan

    with data_lock(plan_data, log=print):
        pass
    assert "har slutförts: data/plan" in capsys.readouterr().out
    new = yaml.safe_load((plan_data / "plan" / "plan.yml").read_text(encoding="utf-8"))
    assert new["period"] == {"start": 2025, "end": 2028}
    assert sorted(p.name for p in (plan_data / "planer").iterdir()) == ["2022-2024"]
    assert _hidden(plan_data) == []


def test_ny_planperiod_killed_before_it_moves_anything_leaves_the_plan(plan_data):
    _killed_after(0, f"""
        from pathlib import Path
        from trygghet.intake.new_project import next_plan
        next_plan(Path({str(plan_data)!r}), 2025, 2028)
    """)
    assert load_plans(plan_data).current.period_text == "2022–2024"
    assert not (plan_data / "planer").exists()
    assert writing.remove_leftovers(plan_data)  # its half-made skeleton, named and removed
    assert _hidden(plan_data) == []


@pytest.mark.parametrize(("code", "said"), [
    (errno.EROFS, "filsystemet är skrivskyddat"), (errno.EACCES, "behörighet saknas")])
def test_a_read_only_data_folder_is_a_swedish_sentence_naming_the_path(
        plan_data, monkeypatch, capsys, code, said):
    """Tests run as root, whom chmod does not stop: the refusal is made here."""
    def refused(prefix, suffix, dir):
        raise OSError(code, os.strerror(code), str(Path(dir) / prefix))

    monkeypatch.setattr(writing.tempfile, "mkstemp", refused)
    monkeypatch.setattr(writing.tempfile, "mkdtemp", refused)
    before = sorted(plan_data.rglob("*"))
    assert main(["--root", str(plan_data.parent), "ny-planperiod", "--start", "2025",
                 "--slut", "2028"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and said in err and str(plan_data) in err
    assert sorted(plan_data.rglob("*")) == before


def test_written_paths_are_returned_as_given(tmp_path, monkeypatch):
    """Pages link to the files they write: a relative path stays relative."""
    monkeypatch.chdir(tmp_path)
    assert write_files_atomically({Path("downloads/a.csv"): b"a"}) == [Path("downloads/a.csv")]
    assert (tmp_path / "downloads" / "a.csv").read_bytes() == b"a"


def test_ta_bort_exempel_killed_half_way_is_finished_by_the_next_command(data_copy):
    from tests.unit.test_edition_changes import small_data, statuses
    from tests.unit.test_reporting_state import YEAR as STATE_YEAR
    from tests.unit.test_reporting_state import assess
    from trygghet.data import assessments
    from trygghet.data.plan import load_plan
    from trygghet.intake.examples import REMOVAL_LOG

    data, year = small_data(data_copy), STATE_YEAR - 1
    statuses(data, year, {"4.1": "Påbörjad"}, example=True)
    assess(data, year, [load_plan(data).goals[0].id], example=True)
    _killed_after(2, f"""
        from pathlib import Path
        from trygghet.intake.examples import remove_examples
        remove_examples(Path({str(data)!r}), {year})
    """)  # journal, files removed, one of the two logs written
    logs = [data / "activities" / REMOVAL_LOG, assessments.goals_dir(data) / REMOVAL_LOG]
    assert [log.exists() for log in logs].count(True) == 1
    with data_lock(data, log=lambda _: None):
        pass
    assert all(f"{year}," in log.read_text(encoding="utf-8") for log in logs)
    assert not status_path(data, year).exists()
    assert assessments.load_assessments(data, year) is None
    assert _hidden(data) == []
