"""The committed status reports: example data for 2022 and 2023, honestly marked,
each row traceable to a received file kept untouched under data/raw/."""

from __future__ import annotations

import csv
import hashlib

import pytest

from tests.conftest import ROOT
from trygghet.data import activities
from trygghet.data.plan import load_plan
from trygghet.intake.status_import import LOG_FILE
from trygghet.intake.status_reading import read_table

DATA = ROOT / "data"
PLAN = load_plan(DATA)


def test_example_years_and_2024_not_reported():
    assert activities.report_years(DATA) == [2022, 2023]
    assert not activities.status_path(DATA, 2024).exists()


@pytest.mark.parametrize("year", [2022, 2023])
def test_example_reports_are_marked_and_obviously_illustrative(year):
    reports = activities.load_reports(DATA, year)
    assert reports and all(r.example for r in reports.values())
    for r in reports.values():
        assert r.comment.startswith("EXEMPEL, inte en riktig rapport"), r


@pytest.mark.parametrize("year", [2022, 2023])
def test_every_row_comes_from_a_kept_file_that_still_reads_the_same(year):
    reports = activities.load_reports(DATA, year)
    for source in {r.source for r in reports.values()}:
        path = DATA / "raw" / source
        table = read_table(path)
        assert not isinstance(table, list), table
        ids = {str(cells[table.columns["activity"][0]]) for _, cells in table.rows}
        assert {r.activity for r in reports.values() if r.source == source} <= ids


def test_import_log_lists_every_kept_file_with_its_hash():
    logged = {}
    # Each import keeps its log beside its files (status reports, goal assessments, values).
    for log in sorted(DATA.glob(f"*/{LOG_FILE}")):
        with log.open(encoding="utf-8", newline="") as f:
            logged.update({row["file"]: row["sha256"] for row in csv.DictReader(f)})
    kept = [p for p in (DATA / "raw").rglob("*") if p.is_file() and p.name != "README.md"]
    assert kept
    for path in kept:
        rel = str(path.relative_to(DATA / "raw"))
        assert logged.get(rel) == hashlib.sha256(path.read_bytes()).hexdigest(), rel


def test_one_committee_did_not_report_in_2023_so_its_activities_are_not_reported():
    reports = activities.load_reports(DATA, 2023)
    culture = [a.id for a in PLAN.activities if a.lead == "kulturnamnden"]
    assert culture and all(activities.status_of(reports, a).status is activities.NOT_REPORTED
                           for a in culture)
