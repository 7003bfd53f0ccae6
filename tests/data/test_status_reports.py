"""The committed status reports, whatever years they cover and whether they are examples or
real: each year's file is valid for the plan of its year, example rows are honestly marked,
each row is traceable to a received file kept untouched under data/raw/, and an activity
without a row is shown as not reported. Rules for any data, not today's contents."""

from __future__ import annotations

import csv
import hashlib

from tests.conftest import ROOT
from trygghet.data import activities
from trygghet.data.plan import load_plans
from trygghet.intake.status_import import LOG_FILE
from trygghet.intake.status_reading import read_table

DATA = ROOT / "data"
PLANS = load_plans(DATA)
YEARS = activities.report_years(DATA)


def test_every_status_file_is_valid_for_the_plan_of_its_year():
    for year in YEARS:
        plan = PLANS.of_year(year)
        assert activities.check_status_file(DATA, year, plan) == [], year


def test_example_reports_are_marked_and_obviously_illustrative():
    for year in YEARS:
        reports = activities.load_reports(DATA, year)
        for r in reports.values():
            if r.example:
                assert r.comment.startswith("EXEMPEL, inte en riktig rapport"), r


def test_every_row_comes_from_a_kept_file_that_still_reads_the_same():
    for year in YEARS:
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
    for path in kept:
        rel = str(path.relative_to(DATA / "raw"))
        assert logged.get(rel) == hashlib.sha256(path.read_bytes()).hexdigest(), rel


def test_an_activity_without_a_row_is_not_reported_and_one_with_a_row_has_its_status():
    for year in YEARS:
        reports = activities.load_reports(DATA, year)
        for activity in PLANS.of_year(year).activities:
            shown = activities.status_of(reports, activity.id).status
            row = reports.get(activity.id)
            assert shown is (row.status if row else activities.NOT_REPORTED), (year, activity.id)
