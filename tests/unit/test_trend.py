"""Development since the baseline: the classification rule, the baseline,
repeated measurements, comparisons and the suppression of small counts."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

from tests.conftest import ROOT, reader_text
from trygghet.analysis.trend import (
    DEFAULT_THRESHOLD_PERCENT,
    DEFAULT_THRESHOLD_POINTS,
    MISSING,
    NEGATIVE,
    NO_CLEAR_CHANGE,
    NOT_COMPARABLE,
    POSITIVE,
    SYMBOLS,
    baseline_year_for,
    classify,
    development,
    group_mean,
    rate_ratio_interval,
)
from trygghet.data.indicators import (
    CSV_COLUMNS,
    Indicator,
    IndicatorMeta,
    is_count,
    load_indicator,
    suppress_small_counts,
)


def meta(**overrides) -> IndicatorMeta:
    fields = {
        "id": "test", "measure": "Testmått", "unit": "index", "decimals": 1,
        "direction": "öka", "definition": "Test.",
        "series": [{"id": "S1", "label": "Serie", "main": True, "by_sex": True}],
    }
    fields.update(overrides)
    return IndicatorMeta.model_validate(fields)


def indicator(points: dict[tuple[str, int], float], *, sex: str = "T",
              baseline_year: int = 2021, **meta_overrides) -> Indicator:
    """An indicator with values {(area_code, year): value} for series S1."""
    rows = [{"year": y, "series": "S1", "area_code": a, "area_name": a, "sex": sex,
             "value": v, "source": "Kolada", "retrieved": "2025-03-21"}
            for (a, y), v in points.items()]
    m = meta(**meta_overrides)
    values = pd.DataFrame(rows, columns=CSV_COLUMNS).astype({"value": "float64"})
    return Indicator(m, suppress_small_counts(values, m.unit, 5), baseline_year=baseline_year)


# -- the rule ------------------------------------------------------------------------


def test_the_default_threshold_is_five_percent_of_the_baseline():
    assert DEFAULT_THRESHOLD_PERCENT == 5.0
    assert classify(100, 104.9, "öka", 5) == NO_CLEAR_CHANGE
    assert classify(100, 105, "öka", 5) == POSITIVE  # exactly the threshold is a clear change
    assert classify(100, 95, "öka", 5) == NEGATIVE


def test_the_desired_direction_decides_positive_or_negative():
    assert classify(100, 80, "minska", 5) == POSITIVE
    assert classify(100, 120, "minska", 5) == NEGATIVE
    assert classify(100, 120, "öka", 5) == POSITIVE


def test_a_zero_baseline_has_no_percentage_but_any_change_is_clear():
    assert classify(0, 0, "öka", 5) == NO_CLEAR_CHANGE
    assert classify(0, 2, "öka", 5) == POSITIVE


def test_baseline_is_the_year_before_the_plan():
    assert baseline_year_for(2022) == 2021


def test_development_from_baseline_to_latest_value():
    ind = indicator({("1980", 2020): 50, ("1980", 2021): 60, ("1980", 2022): 66,
                     ("1980", 2024): 70, ("1980", 2025): 99})
    d = development(ind, "1980", 2024)
    assert d.label == POSITIVE and d.symbol == SYMBOLS[POSITIVE] and d.text == f"+\u00a0{POSITIVE}"
    assert d.baseline == (2021, 60) and d.latest == (2024, 70)  # never after the edition year
    assert d.change == pytest.approx(10) and d.change_percent == pytest.approx(100 / 6)
    assert d.threshold == DEFAULT_THRESHOLD_PERCENT and d.reason is None


def test_baseline_falls_back_to_the_latest_earlier_year_with_a_value():
    ind = indicator({("1980", 2020): 35.5, ("1980", 2022): 34.4}, direction="minska",
                    measures_opposite=True, threshold=10)
    d = development(ind, "1980", 2022)
    assert d.baseline == (2020, 35.5) and d.baseline_year == 2021
    assert d.label == NO_CLEAR_CHANGE  # −3 % is below the indicator's own threshold of 10 %


def test_the_indicators_own_threshold_replaces_the_default():
    ind = indicator({("1980", 2021): 100, ("1980", 2022): 93}, threshold=10)
    assert development(ind, "1980", 2022).label == NO_CLEAR_CHANGE
    ind = indicator({("1980", 2021): 100, ("1980", 2022): 93})
    assert development(ind, "1980", 2022).label == NEGATIVE


@pytest.mark.parametrize(("points", "reason"), [
    ({("1980", 2022): 5.0}, "inget värde för 2021 eller tidigare"),
    ({("1980", 2021): 5.0}, "inget värde efter 2021"),
    ({}, "inget värde för 2021"),
    ({("0000", 2021): 5.0, ("0000", 2022): 9.0}, "inget värde för 2021"),
])
def test_missing_baseline_or_latest_value_is_uppgift_saknas(points, reason):
    d = development(indicator(points), "1980", 2024)
    assert d.label == MISSING and d.symbol == ".."
    assert reason in d.reason
    assert d.change is None and d.change_percent is None


def test_the_baseline_year_can_be_given_when_the_indicator_has_none():
    ind = indicator({("1980", 2017): 10, ("1980", 2019): 20}, baseline_year=None)
    with pytest.raises(ValueError, match="baseline_year"):
        development(ind, "1980", 2019)
    assert development(ind, "1980", 2019, baseline_year=2018).baseline == (2017, 10)


def test_by_sex_development():
    ind = indicator({("1980", 2021): 80, ("1980", 2022): 70}, sex="K")
    assert development(ind, "1980", 2022, sex="K").label == NEGATIVE
    assert development(ind, "1980", 2022).label == MISSING


# -- a source that repeats the last measurement (valdeltagande) ----------------------


ELECTIONS = {"every_years": 4, "reference_year": 2022, "name": "valet"}


def test_the_baseline_2021_of_valdeltagande_is_the_2018_election():
    ind = indicator({("1980", y): (84.0 if y < 2022 else 79.0) for y in range(2018, 2025)},
                    measurement_cycle=ELECTIONS)
    d = development(ind, "1980", 2024)
    assert d.baseline == (2021, 84.0) and d.baseline_measured == 2018
    assert d.latest == (2024, 79.0) and d.latest_measured == 2022
    assert d.label == NEGATIVE


def test_no_new_election_since_the_baseline_is_uppgift_saknas():
    # a plan starting 2020 has the baseline 2019 (the 2018 election); in its 2021
    # edition the latest value, 2021, still repeats the 2018 election
    ind = indicator({("1980", y): 84.0 for y in range(2018, 2022)}, baseline_year=2019,
                    measurement_cycle=ELECTIONS)
    d = development(ind, "1980", 2021)
    assert d.label == MISSING and "valet 2018" in d.reason
    assert d.baseline == (2019, 84.0) and d.latest == (2021, 84.0)


def test_measurement_years():
    m = meta(measurement_cycle=ELECTIONS).measurement_cycle
    assert [m.measured_year(y) for y in (2017, 2018, 2021, 2022, 2025)] == [
        2014, 2018, 2018, 2022, 2022]
    assert m.is_measured(2014) and not m.is_measured(2015)


# -- comparison group ----------------------------------------------------------------


def test_group_mean_only_for_years_when_every_member_has_a_value():
    ind = indicator({("0001", 2021): 10, ("0002", 2021): 20, ("0001", 2022): 30})
    mean = group_mean(ind, ["0001", "0002"])
    assert mean["year"].tolist() == [2021]
    assert mean["value"].tolist() == [15.0] and mean["n"].tolist() == [2]
    assert group_mean(ind, ["0001", "0003"]).empty
    assert group_mean(ind, []).empty


# -- small counts --------------------------------------------------------------------


def test_only_the_unit_antal_is_a_count():
    assert is_count("antal")
    assert not is_count("antal per 100 000 invånare")
    assert not is_count("procent")


def test_small_counts_are_suppressed_and_rates_are_not():
    counts = indicator({("1980", 2021): 4, ("1980", 2022): 5, ("1980", 2023): 0},
                       unit="antal", decimals=0)
    assert counts.values["suppressed"].tolist() == [True, False, True]
    assert counts.values["value"].isna().tolist() == [True, False, True]
    rates = indicator({("1980", 2021): 1.5, ("1980", 2022): 0.0},
                      unit="antal per 100 000 invånare")
    assert not rates.values["suppressed"].any()
    assert rates.values["value"].tolist() == [1.5, 0.0]


def test_a_suppressed_count_is_never_used_in_a_classification():
    ind = indicator({("1980", 2021): 40, ("1980", 2022): 3}, unit="antal", decimals=0,
                    direction="minska")
    d = development(ind, "1980", 2022)
    assert d.label == MISSING and d.latest is None


def test_load_indicator_applies_the_configured_limit(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "plan", data / "plan")
    (data / "indicators").mkdir()
    shutil.copy(ROOT / "data" / "settings.yml", data)
    shutil.copy(ROOT / "data" / "indicators" / "valdsarenden-ifo.yml", data / "indicators")
    path = data / "indicators" / "valdsarenden-ifo.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["series"] = [{"id": "X", "label": "Ärenden", "main": True}]
    doc["missing"] = None
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    (data / "indicators" / "valdsarenden-ifo.csv").write_text(
        "year,series,area_code,area_name,sex,value,source,retrieved\n"
        "2021,X,1980,Västerås,T,12.0,Stadens register,2025-01-01\n"
        "2022,X,1980,Västerås,T,7.0,Stadens register,2025-01-01\n", encoding="utf-8")
    assert load_indicator(data, "valdsarenden-ifo").values["suppressed"].tolist() == [False, False]
    settings = data / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "suppress_counts_below: 5", "suppress_counts_below: 10"), encoding="utf-8")
    ind = load_indicator(data, "valdsarenden-ifo")
    assert ind.values["suppressed"].tolist() == [False, True]
    assert ind.has_data and ind.latest("1980", 2022) == (2021, 12.0)


# -- the real data -------------------------------------------------------------------
# Judged for the edition 2022, whose values stay as they are when later years arrive.


def test_real_valdeltagande_2022():
    from tests.conftest import SMALL

    d = development(load_indicator(SMALL / "data", "valdeltagande"), "1980", 2022)
    assert d.baseline == (2021, 84.0) and d.baseline_measured == 2018
    assert d.latest == (2022, 79.0) and d.latest_measured == 2022
    assert d.label == NEGATIVE


def test_real_otrygghet_is_classified_with_its_shown_direction_minska():
    ind = load_indicator(ROOT / "data", "trygga-i-bostadsomradet")
    assert ind.meta.measures_opposite and ind.meta.direction == "minska"
    d = development(ind, "1980", 2022)
    assert d.baseline[0] == 2020 and d.latest[0] == 2022 and d.change < 0
    assert d.label in {POSITIVE, NO_CLEAR_CHANGE}


def test_om_data_och_metod_documents_the_rule_as_the_code_and_settings_have_it():
    from trygghet.data.settings import load_settings

    doc = " ".join((ROOT / "chapters" / "om-data-och-metod.md").read_text(encoding="utf-8").split())
    settings = load_settings(ROOT / "data")
    assert f"minst {DEFAULT_THRESHOLD_PERCENT:g} procent av utgångsvärdet" in doc
    assert f"minst {DEFAULT_THRESHOLD_POINTS:g} procentenheter" in doc
    assert f"mindre än {settings.suppress_counts_below} visas som `..`" in doc
    # The comparison group is named through a substitution made from settings.yml.
    from trygghet.data.project import Project
    from trygghet.present.book import page_words

    assert "{{ comparison_group_sentence }}" in doc
    assert settings.comparison_group.name in reader_text(page_words(Project.load(ROOT / "data"))[
        "comparison_group_sentence"])
    for label, symbol in SYMBOLS.items():
        assert f"| {symbol} | {label} |" in doc
    own = {load_indicator(ROOT / "data", i).meta.threshold_points
           for i in ("trygga-i-bostadsomradet", "avstar-ga-ut-ensam")}
    assert own == {3} and "en högre gräns" in doc and "indikatorns sida anger gränsen" in doc
    # The worked example's interval is the one the code computes.
    low, high = rate_ratio_interval(1500, 150_000, 1425, 150_000)
    assert f"ungefär {low:.2f}–{high:.2f}".replace(".", ",") in doc


# -- the rules per kind of measure (issue: sound statistics) -------------------------------


def test_a_share_is_judged_in_percentage_points_not_percent():
    # 13.7 → 15.5 is +13 % of the value but only +1.8 points: below the 2-point threshold.
    ind = indicator({("1980", 2021): 13.7, ("1980", 2022): 15.5}, unit="procent")
    d = development(ind, "1980", 2024)
    assert d.kind == "andel" and d.threshold == DEFAULT_THRESHOLD_POINTS
    assert d.label == NO_CLEAR_CHANGE
    just_enough = indicator({("1980", 2021): 13.7, ("1980", 2022): 15.7}, unit="procent")
    assert development(just_enough, "1980", 2024).label == POSITIVE


def test_a_share_near_the_threshold_uses_the_indicators_own_points():
    ind = indicator({("1980", 2021): 30.0, ("1980", 2022): 27.5}, unit="procent",
                    direction="minska", threshold_points=3)
    assert development(ind, "1980", 2024).label == NO_CLEAR_CHANGE
    ind = indicator({("1980", 2021): 30.0, ("1980", 2022): 26.9}, unit="procent",
                    direction="minska", threshold_points=3)
    assert development(ind, "1980", 2024).label == POSITIVE


def test_whole_percent_values_must_pass_the_threshold_by_their_rounding_step():
    points = {("1980", 2021): 84.0, ("1980", 2022): 82.0}
    plain = indicator(points, unit="procent")
    rounded = indicator(points, unit="procent", precision=[{"from_year": 2018, "step": 1}])
    assert development(plain, "1980", 2024).label == NEGATIVE
    judged = development(rounded, "1980", 2024)
    assert judged.label == NO_CLEAR_CHANGE and judged.precision == 1
    assert rounded.meta.decimals_at(2022) == 0 and rounded.meta.decimals_at(2014) == 1


def rate(points, population, **overrides) -> Indicator:
    ind = indicator(points, unit="antal per 100 000 invånare", direction="minska", **overrides)
    pop = pd.DataFrame([{"area_code": a, "year": y, "value": v} for (a, y), v in population.items()])
    return Indicator(ind.meta, ind.values, ind.baseline_year, population=pop)


def test_a_rate_whose_interval_covers_one_is_no_clear_change_whatever_its_size():
    # About 1 510 → 1 451 crimes in 157 000 inhabitants: −5 %, rate ratio 0.95 (0.88–1.02).
    ind = rate({("1980", 2021): 962.77687, ("1980", 2022): 914.57457},
               {("1980", 2021): 156838, ("1980", 2022): 158653})
    d = development(ind, "1980", 2024)
    assert d.change_percent < -DEFAULT_THRESHOLD_PERCENT
    assert d.interval[0] == pytest.approx(0.883, abs=0.002)
    assert d.interval[1] == pytest.approx(1.022, abs=0.002)
    assert d.counts == pytest.approx((1510, 1451), abs=0.5)
    assert d.label == NO_CLEAR_CHANGE


def test_a_rate_with_large_counts_is_a_clear_change():
    ind = rate({("1980", 2021): 10_000.0, ("1980", 2022): 9_400.0},
               {("1980", 2021): 150_000, ("1980", 2022): 150_000})
    d = development(ind, "1980", 2024)
    assert d.interval[1] < 1 and d.label == POSITIVE


def test_a_rate_without_population_falls_back_to_percent_and_says_so():
    ind = indicator({("1980", 2021): 1000.0, ("1980", 2022): 900.0},
                    unit="antal per 100 000 invånare", direction="minska")
    d = development(ind, "1980", 2024)
    assert d.interval is None and "befolkningsuppgifter saknas" in d.method_note
    assert d.label == POSITIVE


def test_rate_ratio_interval_is_exact():
    low, high = rate_ratio_interval(1500, 150_000, 1425, 150_000)
    assert (round(low, 2), round(high, 2)) == (0.88, 1.02)


def test_a_three_year_baseline_averages_2019_to_2021():
    points = {("1980", 2019): 1000.0, ("1980", 2020): 1000.0, ("1980", 2021): 1400.0,
              ("1980", 2022): 1380.0}
    single = indicator(points, unit="index")
    averaged = indicator(points, unit="index",
                         baseline_average={"years": 3, "reason": "2021 var ett toppår."})
    assert development(single, "1980", 2024).label == NO_CLEAR_CHANGE
    d = development(averaged, "1980", 2024)
    assert d.baseline_span == (2019, 2021) and d.baseline_label == "medel 2019–2021"
    assert d.baseline[1] == pytest.approx(3400 / 3) and d.label == POSITIVE
    gap = indicator({k: v for k, v in points.items() if k[1] != 2020}, unit="index",
                    baseline_average={"years": 3, "reason": "x"})
    missing = development(gap, "1980", 2024)
    assert missing.label == MISSING and "2019–2021" in missing.reason


def test_a_comparison_across_a_series_break_cannot_be_judged():
    points = {("1980", 2021): 34.0, ("1980", 2022): 30.8, ("0000", 2021): 28.0,
              ("0000", 2022): 28.2}
    brk = [{"year": 2022, "description": "Ny enkät.", "areas": ["1980"]}]
    ind = indicator(points, unit="procent", direction="minska", breaks=brk)
    d = development(ind, "1980", 2024)
    assert d.label == NOT_COMPARABLE and d.symbol == "?" and d.series_break.year == 2022
    assert "2022" in d.reason
    assert development(ind, "0000", 2024).label == NO_CLEAR_CHANGE  # Riket is not affected
    caveat_only = indicator(points, unit="procent", direction="minska",
                            breaks=[dict(brk[0], comparable=True)])
    assert development(caveat_only, "1980", 2024).label == POSITIVE


def test_real_anmalda_valdsbrott_2022_is_not_judged_positive_on_a_change_chance_explains():
    d = development(load_indicator(ROOT / "data", "anmalda-valdsbrott"), "1980", 2022)
    assert d.change_percent == pytest.approx(-5.007, abs=0.01)
    assert d.label == NO_CLEAR_CHANGE and d.interval[0] < 1 < d.interval[1]


def test_real_behorighet_is_judged_in_percentage_points():
    d = development(load_indicator(ROOT / "data", "behoriga-yrkesprogram"), "1980", 2022)
    assert d.kind == "andel" and d.change == pytest.approx(-1.85, abs=0.01)


def test_real_u01420_break_is_not_judged_for_vasteras():
    d = development(load_indicator(ROOT / "data", "avstar-ga-ut-ensam"), "1980", 2022)
    assert d.label == NOT_COMPARABLE
