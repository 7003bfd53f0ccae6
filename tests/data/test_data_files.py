"""Every committed data file: complete, consistent, honest about missing data. Rules that
hold for any municipality's data and any year's values, not today's contents (that the
imports give the real figures is tested on a dump fixture, in
tests/unit/test_other_municipality_import.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import ROOT
from trygghet.data.indicators import CSV_COLUMNS, load_indicator, load_meta
from trygghet.data.plan import load_plans
from trygghet.data.settings import load_settings

PLANS = load_plans(ROOT / "data")
SETTINGS = load_settings(ROOT / "data")
IDS = sorted({i.id for plan in PLANS.all for i in plan.indicators})
LAST_YEAR = max(PLANS.years)


@pytest.mark.parametrize("indicator_id", IDS)
def test_every_plan_indicator_has_metadata_with_a_source_or_a_planned_source(indicator_id):
    meta = load_meta(ROOT / "data", indicator_id)
    assert meta.id == indicator_id
    assert meta.source is not None or (meta.missing and meta.missing.planned_source.strip())


@pytest.mark.parametrize("indicator_id", IDS)
def test_an_indicator_has_values_for_the_municipality_and_riket_or_says_why_not(indicator_id):
    indicator = load_indicator(ROOT / "data", indicator_id)
    if not indicator.meta.kolada_series:
        # The city's own values: until a file with them is imported, the metadata says why.
        if not (ROOT / "data" / "indicators" / f"{indicator_id}.csv").exists():
            assert indicator.meta.own_series and indicator.meta.missing
        return
    for code in (SETTINGS.municipality.code, SETTINGS.national.code):
        assert indicator.latest(code, LAST_YEAR) is not None, (indicator_id, code)


def test_every_tidy_file_has_the_exact_columns_and_four_digit_area_codes():
    files = sorted((ROOT / "data" / "indicators").glob("*.csv"))
    assert files
    for path in files:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(frame.columns) == CSV_COLUMNS, path.name
        assert frame["area_code"].str.fullmatch(r"\d{4}").all(), path.name  # "0000", "0581"


@pytest.mark.parametrize("indicator_id", IDS)
def test_a_series_by_sex_has_values_for_girls_and_boys(indicator_id):
    indicator = load_indicator(ROOT / "data", indicator_id)
    for series in indicator.meta.series:
        rows = indicator.values[(indicator.values["series"] == series.id)
                                & (indicator.values["area_code"] == SETTINGS.municipality.code)]
        if series.by_sex and not rows.empty:
            assert {"K", "M"} <= set(rows["sex"]), (indicator_id, series.id)


@pytest.mark.parametrize("indicator_id", IDS)
def test_an_indicator_measuring_the_opposite_says_so(indicator_id):
    meta = load_meta(ROOT / "data", indicator_id)
    if meta.measures_opposite:
        assert any("motsatsen" in c for c in meta.caveats), indicator_id
