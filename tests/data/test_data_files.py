"""Every committed data file: complete, consistent, honest about missing data."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import ROOT
from trygghet.data.indicators import CSV_COLUMNS, load_indicator, load_meta
from trygghet.data.plan import load_plan
from trygghet.data.settings import load_settings

PLAN = load_plan(ROOT / "data")
SETTINGS = load_settings(ROOT / "data")
IDS = [i.id for i in PLAN.indicators]


@pytest.mark.parametrize("indicator_id", IDS)
def test_every_plan_indicator_has_metadata_with_a_source_or_a_planned_source(indicator_id):
    meta = load_meta(ROOT / "data", indicator_id)
    assert meta.id == indicator_id
    assert meta.source is not None or (meta.missing and meta.missing.planned_source.strip())


@pytest.mark.parametrize("indicator_id", IDS)
def test_indicators_with_series_have_values_for_the_municipality_and_riket(indicator_id):
    indicator = load_indicator(ROOT / "data", indicator_id)
    if not indicator.meta.kolada_series:
        # The city's own values: none are in the repository until a real file is imported.
        assert indicator.meta.own_series and indicator.meta.missing
        assert not (ROOT / "data" / "indicators" / f"{indicator_id}.csv").exists()
        return
    for code in (SETTINGS.municipality.code, SETTINGS.national.code):
        assert indicator.latest(code, 2024) is not None, (indicator_id, code)


def test_the_mapped_kolada_indicators_from_the_foundation_issue_exist():
    kpis = {s.kolada_kpi for i in IDS for s in load_meta(ROOT / "data", i).series}
    assert {"N05401", "N05831", "N05833", "N02267", "U01420", "N07609", "N07540",
            "N07544", "N07403", "N15428", "N17461"} <= kpis


def test_tidy_files_keep_leading_zeros_and_exact_columns():
    frame = pd.read_csv(ROOT / "data" / "indicators" / "anmalda-brott.csv", dtype=str)
    assert list(frame.columns) == CSV_COLUMNS
    assert "0000" in set(frame["area_code"])


def test_known_real_value_is_in_the_data():
    """Västerås's reported violent crime 2022 per Kolada N07403 (914,57 per 100 000)."""
    indicator = load_indicator(ROOT / "data", "anmalda-valdsbrott")
    year, value = indicator.latest("1980", 2022)
    assert year == 2022 and round(value, 2) == 914.57


def test_girls_and_boys_are_both_present_for_behorighet():
    indicator = load_indicator(ROOT / "data", "behoriga-yrkesprogram")
    assert indicator.latest("1980", 2022, sex="K") is not None
    assert indicator.latest("1980", 2022, sex="M") is not None


@pytest.mark.parametrize(("indicator_id", "series", "year", "value"), [
    ("vuxna-utsatta-vald", "N01460", 2022, 6.4),
    ("tillit-vuxna", "U01413", 2021, 31.0),
    ("fortroende-institutioner", "N07600", 2022, 52.87),
    ("fortroende-institutioner", "N07601", 2022, 57.19),
    ("barn-unga-utsatta-vald", "N07541", 2022, 106.52),
    ("barn-unga-utsatta-vald", "N07542", 2022, 70.59),
])
def test_indicators_mapped_in_issue_11_show_real_vasteras_values(indicator_id, series, year, value):
    """Values as in the Kolada dump (e.g. N07600 2022: 52,87 % for Västerås)."""
    indicator = load_indicator(ROOT / "data", indicator_id)
    assert indicator.meta.missing is None and indicator.meta.source is not None
    found = indicator.latest("1980", year, series_id=series)
    assert found is not None and found[0] == year and round(found[1], 2) == value


def test_tillit_vuxna_measures_the_opposite_and_says_so():
    meta = load_meta(ROOT / "data", "tillit-vuxna")
    assert meta.measures_opposite and meta.direction == "minska"
    assert any("motsatsen" in c for c in meta.caveats)
