"""``trygghet ta-bort-exempel``: the unit removes a year's example statuses and assessments
without real reports to replace them, so ``trygghet status --strict`` can pass; real
reports are never removed, and nothing is removed unless everything asked for can be."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.helpers import snapshot
from tests.unit.test_edition_changes import small_data, statuses
from tests.unit.test_reporting_state import YEAR, assess, complete, status
from trygghet.cli import main
from trygghet.data import activities, assessments
from trygghet.data.plan import load_plan
from trygghet.data.validate import validate_data_dir
from trygghet.intake import examples

EXAMPLE_YEAR = YEAR - 1


@pytest.fixture
def small(data_copy: Path) -> Path:
    return small_data(data_copy)


def remove(data: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["--root", str(data.parent), "ta-bort-exempel", "--year", str(EXAMPLE_YEAR),
                 *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def log_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / examples.REMOVAL_LOG).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_removing_the_examples_lets_the_strict_check_pass(small, capsys):
    complete(small)
    statuses(small, EXAMPLE_YEAR, {"4.1": "Påbörjad", "4.2": "Genomförd"}, example=True)
    goals = [g.id for g in load_plan(small).goals]
    assess(small, EXAMPLE_YEAR, goals, example=True)
    code, out = status(small, capsys, "--strict")
    assert code == 1 and f"trygghet ta-bort-exempel --year {EXAMPLE_YEAR} --status" in out

    code, out, err = remove(small, capsys)

    assert code == 0, err
    assert f"Tog bort exempeldata i statusrapporterna för {EXAMPLE_YEAR} (2 aktiviteter)" in out
    assert (f"Tog bort exempeldata i bedömningen av målen för {EXAMPLE_YEAR} "
            f"({len(goals)} mål)") in out
    assert not activities.status_path(small, EXAMPLE_YEAR).exists()
    assert assessments.load_assessments(small, EXAMPLE_YEAR) is None
    # the received file stays named in the import log
    assert ",rapport.csv," in (small / "activities" / "importlogg.csv").read_text(encoding="utf-8")
    [logged] = log_rows(small / "activities")
    assert (logged["year"], logged["file"], logged["rows"]) == (
        str(EXAMPLE_YEAR), f"activities/status-{EXAMPLE_YEAR}.csv", "2")
    assert len(logged["sha256"]) == 64
    assert [r["file"] for r in log_rows(small / "goals")] == [
        f"goals/bedomning-{EXAMPLE_YEAR}.csv", f"goals/samlad-bedomning-{EXAMPLE_YEAR}.yml"]
    assert validate_data_dir(small) == []
    code, out = status(small, capsys, "--strict")
    assert code == 0, out


def test_real_reports_are_never_removed_and_a_refusal_removes_nothing(small, capsys):
    statuses(small, EXAMPLE_YEAR, {"4.1": "Påbörjad"})  # the committees' real reports
    assess(small, EXAMPLE_YEAR, [load_plan(small).goals[0].id], example=True)
    before = snapshot(small)

    code, _, err = remove(small, capsys, "--status", "--bedomningar")

    assert code == 1
    assert f"{EXAMPLE_YEAR} har nämndernas riktiga rapporter, inga exempel" in err
    assert "Inget har skrivits." in err
    assert snapshot(small) == before  # the example assessment is not removed either

    code, out, _ = remove(small, capsys)  # no flag: every kind that has examples
    assert code == 0
    assert "bedömningen av målen" in out and "statusrapporterna" not in out
    assert activities.status_path(small, EXAMPLE_YEAR).exists()
    assert assessments.load_assessments(small, EXAMPLE_YEAR) is None


def test_a_year_without_examples_is_named(small, capsys):
    before = snapshot(small)
    code, _, err = remove(small, capsys)
    assert code == 1 and f"{EXAMPLE_YEAR} har ingen exempeldata att ta bort" in err
    code, _, err = remove(small, capsys, "--bedomningar")
    assert code == 1 and f"{EXAMPLE_YEAR} har ingen bedömning av målen" in err
    assert snapshot(small) == before


def test_a_failure_while_removing_puts_every_file_back(small, monkeypatch):
    statuses(small, EXAMPLE_YEAR, {"4.1": "Påbörjad"}, example=True)
    assess(small, EXAMPLE_YEAR, [load_plan(small).goals[0].id], example=True)
    before = snapshot(small)

    def full_disk(targets):
        raise OSError("disken är full")

    monkeypatch.setattr(examples, "write_files_atomically", full_disk)
    with pytest.raises(OSError):
        examples.remove_examples(small, EXAMPLE_YEAR)
    assert snapshot(small) == before
