"""``trygghet snapshot`` of an edition that is not complete: it does not refuse (editions are
often published with a report missing) but says what is missing, the list ``trygghet
status`` computes, and records that list with the snapshot, so the record shows what was
missing when the edition was published."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.unit.test_edition_changes import FROZEN, freeze, small_data, statuses
from tests.unit.test_reporting_state import YEAR, complete
from trygghet.analysis.reporting_state import missing_items, reporting_state
from trygghet.cli import main
from trygghet.data.project import Project
from trygghet.data.snapshots import MISSING_COLUMNS, load_snapshot, missing_path
from trygghet.data.validate import validate_data_dir

ALL_REPORTED = {"4.1": "Genomförd", "4.2": "Påbörjad", "4.3": "Försenad", "4.5": "Genomförd",
                "4.6": "Avförd"}  # as complete() reports them


@pytest.fixture
def small(data_copy: Path) -> Path:
    return small_data(data_copy)


def snapshot(data: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["--root", str(data.parent), "snapshot", "--year", str(YEAR), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def recorded(data: Path) -> list[dict[str, str]]:
    with missing_path(data, YEAR).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_a_snapshot_of_an_incomplete_edition_says_and_records_what_is_missing(small, capsys):
    complete(small)
    (small / "activities" / f"status-{YEAR}.csv").unlink()  # no committee has reported
    code, status_out = main(["--root", str(small.parent), "status", "--year", str(YEAR),
                             "--strict"]), capsys.readouterr().out
    assert code == 1

    code, out, err = snapshot(small, capsys)

    assert code == 0, err  # published anyway
    assert f"Obs: uppföljningen {YEAR} är inte komplett." in out
    gap = f"- Förskolenämnden: ingen rapport för {YEAR} (aktivitet 4.1)."
    assert gap in out and gap in status_out  # the same list as trygghet status
    assert "och vad som saknades" in out and "Checka in filerna" in out
    rows = recorded(small)
    assert list(rows[0]) == MISSING_COLUMNS
    assert {(r["edition"], r["frozen"]) for r in rows} == {(str(YEAR), rows[0]["frozen"])}
    assert ("statusrapporter", "saknas", "Förskolenämnden",
            f"ingen rapport för {YEAR} (aktivitet 4.1)") in [
        (r["check"], r["kind"], r["subject"], r["what"]) for r in rows]
    state = reporting_state(Project.load(small, YEAR))
    assert load_snapshot(small, YEAR).missing == missing_items(state)
    assert len(rows) == state.gaps > 0
    assert validate_data_dir(small) == []


def test_a_complete_edition_records_that_nothing_was_missing(small, capsys):
    complete(small)
    code, out, _ = snapshot(small, capsys)
    assert code == 0 and f"Inget saknas i uppföljningen {YEAR}." in out
    assert recorded(small) == []
    assert load_snapshot(small, YEAR).missing == ()


def test_a_report_that_arrives_later_does_not_change_the_record_silently(small, capsys):
    complete(small)
    statuses(small, YEAR, {"4.1": "Genomförd"})  # four committees still to report
    assert snapshot(small, capsys)[0] == 0
    before = missing_path(small, YEAR).read_bytes()
    statuses(small, YEAR, ALL_REPORTED)  # the reports arrive after publication

    code, _, err = snapshot(small, capsys)

    assert code == 1
    assert "Utbildnings- och arbetsmarknadsnämnden" in err and "--replace" in err
    assert missing_path(small, YEAR).read_bytes() == before
    assert snapshot(small, capsys, "--replace")[0] == 0  # published anew
    assert load_snapshot(small, YEAR).missing == ()


def test_an_older_snapshot_without_the_list_is_read_and_kept_as_it_is(small):
    complete(small)
    freeze(small, YEAR)
    missing_path(small, YEAR).unlink()  # written before the list was recorded
    assert load_snapshot(small, YEAR).missing is None
    assert freeze(small, YEAR) is False  # unchanged: today's list is not what was missing then
    assert not missing_path(small, YEAR).exists()
    assert validate_data_dir(small) == []


def test_a_broken_list_is_named_by_file_row_and_column(small):
    freeze(small, YEAR)
    path = missing_path(small, YEAR)
    path.write_text(",".join(MISSING_COLUMNS) + "\n"
                    f"{YEAR},{FROZEN.isoformat()},statusrapporter,kanske,Kulturnämnden,"
                    "ingen rapport\n", encoding="utf-8")
    assert [str(p) for p in validate_data_dir(small)] == [
        (f"{path}, rad 2, kolumn/fält 'kind': måste vara saknas eller exempel "
        "(angivet: 'kanske')")]
