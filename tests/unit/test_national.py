"""Ranking among Sweden's municipalities (trygghet.analysis.national) on tiny frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from trygghet.analysis.national import distribution, group_means, movements, positions

INDICATORS = pd.DataFrame({
    "id": ["brott", "examen", "otrygga", "tillit"],
    "direction": ["minska", "öka", "minska", "öka"],
    "measures_opposite": [False, False, True, False],
})


def frame(indicator: str, year: int, values: dict[str, float | None]) -> pd.DataFrame:
    return pd.DataFrame({
        "indicator": indicator, "year": year, "area_code": list(values),
        "area_name": [f"Kommun {c}" for c in values], "value": list(values.values()),
    })


def rank_of(ranks: pd.DataFrame, code: str, indicator: str, year: int) -> pd.Series:
    return ranks[(ranks["area_code"] == code) & (ranks["indicator"] == indicator)
                 & (ranks["year"] == year)].iloc[0]


def test_minska_puts_the_lowest_value_first():
    ranks = positions(frame("brott", 2022, {"0001": 900.0, "1980": 100.0, "0381": 500.0}),
                      INDICATORS)
    assert list(ranks["area_code"]) == ["1980", "0381", "0001"]
    assert list(ranks["rank"]) == [1, 2, 3]
    assert set(ranks["n"]) == {3}


def test_oka_puts_the_highest_value_first():
    ranks = positions(frame("examen", 2022, {"0001": 90.0, "1980": 70.0, "0381": 80.0}),
                      INDICATORS)
    assert list(ranks["area_code"]) == ["0001", "0381", "1980"]


def test_measures_opposite_is_not_turned_round_twice():
    # "otrygga" measures the share who feel unsafe; its direction (minska) already
    # refers to the figure shown, so the lowest share is best.
    ranks = positions(frame("otrygga", 2022, {"0001": 40.0, "1980": 20.0}), INDICATORS)
    assert rank_of(ranks, "1980", "otrygga", 2022)["rank"] == 1


def test_ties_share_the_best_place_and_count_as_neither_better_nor_worse():
    ranks = positions(frame("examen", 2022, {"0101": 90.0, "0202": 80.0, "0303": 80.0,
                                             "0404": 70.0}), INDICATORS)
    assert list(ranks["rank"]) == [1, 2, 2, 4]
    tied = rank_of(ranks, "0202", "examen", 2022)
    assert tied["worse"] == 1  # only 0404; the other 80.0 is neither
    assert tied["percentile"] == pytest.approx(100 / 3)
    assert rank_of(ranks, "0101", "examen", 2022)["percentile"] == 100
    assert rank_of(ranks, "0404", "examen", 2022)["percentile"] == 0


def test_missing_values_are_not_ranked_and_not_counted():
    ranks = positions(frame("brott", 2022, {"0101": 1.0, "0202": None, "0303": 3.0}), INDICATORS)
    assert set(ranks["area_code"]) == {"0101", "0303"}
    assert set(ranks["n"]) == {2}


def test_each_indicator_and_year_is_ranked_on_its_own():
    values = pd.concat([frame("brott", 2021, {"0101": 1.0, "0202": 2.0, "0303": 3.0}),
                        frame("brott", 2022, {"0101": 5.0, "0202": 2.0})])
    ranks = positions(values, INDICATORS)
    assert rank_of(ranks, "0101", "brott", 2021)["rank"] == 1
    assert rank_of(ranks, "0101", "brott", 2022)["rank"] == 2
    assert rank_of(ranks, "0101", "brott", 2022)["n"] == 2


def test_a_single_municipality_has_rank_one_and_no_percentile():
    ranks = positions(frame("brott", 2022, {"0101": 1.0}), INDICATORS)
    assert ranks.iloc[0]["rank"] == 1 and math.isnan(ranks.iloc[0]["percentile"])


def test_unknown_direction_is_an_error():
    with pytest.raises(ValueError, match="okand"):
        positions(frame("okand", 2022, {"0101": 1.0}), INDICATORS)


def _ranks_over_years() -> pd.DataFrame:
    return positions(pd.concat([
        frame("brott", 2020, {"1980": 3.0, "0202": 2.0, "0303": 1.0}),  # 3rd of 3
        frame("brott", 2021, {"1980": 2.0, "0202": 3.0, "0303": 1.0}),  # 2nd of 3 (baseline)
        frame("brott", 2022, {"1980": 1.0, "0202": 3.0, "0303": 2.0}),  # 1st of 3
        frame("brott", 2023, {"1980": 9.0, "0202": 3.0, "0303": 2.0}),  # 3rd (after edition 2022)
        frame("examen", 2020, {"1980": 50.0, "0202": 60.0}),  # no value 2021: baseline 2020
        frame("examen", 2022, {"0202": 60.0}),  # no latest value for 1980
    ]), INDICATORS)


def test_movement_from_baseline_to_latest_up_to_the_edition_year():
    moves = movements(_ranks_over_years(), INDICATORS, "1980", baseline_year=2021,
                      edition_year=2022).set_index("indicator")
    brott = moves.loc["brott"]
    assert (brott["baseline_year"], brott["baseline_rank"], brott["baseline_n"]) == (2021, 2, 3)
    assert (brott["latest_year"], brott["latest_rank"]) == (2022, 1)  # not 2023
    assert brott["rank_change"] == 1  # one place better
    assert brott["percentile_change"] == pytest.approx(50.0)
    assert brott["reason"] is None


def test_movement_uses_the_latest_earlier_baseline_and_says_what_is_missing():
    moves = movements(_ranks_over_years(), INDICATORS, "1980", baseline_year=2021,
                      edition_year=2022).set_index("indicator")
    examen = moves.loc["examen"]
    assert examen["baseline_year"] == 2020
    assert pd.isna(examen["latest_rank"]) and pd.isna(examen["rank_change"])
    assert examen["reason"] == "kommunen har inget värde efter 2021 till och med 2022"
    assert moves.loc["tillit", "reason"] == "det finns inga uppgifter för Sveriges kommuner"
    assert list(moves.index) == list(INDICATORS["id"])


def test_group_mean_only_when_every_member_has_a_value():
    values = pd.concat([frame("brott", 2021, {"0101": 1.0, "0202": 3.0, "0303": 9.0}),
                        frame("brott", 2022, {"0101": 1.0, "0303": 9.0})])
    means = group_means(values, ["0101", "0202"])
    assert means.to_dict("records") == [{"indicator": "brott", "year": 2021, "value": 2.0, "n": 2}]


def test_distribution_summarises_every_municipality_with_a_value():
    values = frame("brott", 2022, {"0101": 1.0, "0202": 2.0, "0303": 3.0, "0404": None})
    row = distribution(values).iloc[0]
    assert (row["n"], row["min"], row["median"], row["max"]) == (3, 1.0, 2.0, 3.0)
