"""Verdicts that carry their uncertainty (issue 22, part 2): rates widened by the
year-to-year spread between municipalities (quasi-Poisson), and survey and cohort
shares without published sample or cohort sizes never called clear. Small made-up series; the real metadata only where a rule depends on it."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy.stats import norm

from tests.conftest import ROOT
from tests.unit.test_trend import indicator, rate
from trygghet.analysis.trend import (
    KEYS,
    LABELS,
    NO_CLEAR_CHANGE,
    POSITIVE,
    RULES,
    SYMBOLS,
    UNCERTAIN,
    development,
    estimate_dispersion,
)
from trygghet.data.indicators import Indicator, load_meta


def municipalities(step: float, n: int = 20) -> pd.DataFrame:
    """``n`` municipalities of 100 000 inhabitants, 1 000 crimes in 2021 and 1 000 ± ``step``
    in 2022 (alternating), so the national ratio is 1."""
    rows = []
    for i in range(n):
        code = f"{1000 + i}"
        rows.append({"year": 2021, "area_code": code, "value": 1000.0, "population": 100_000})
        rows.append({"year": 2022, "area_code": code, "value": 1000.0 + (step if i % 2 else -step),
                     "population": 100_000})
    return pd.DataFrame(rows)


def test_the_dispersion_factor_is_pearsons_chi_square_over_its_degrees_of_freedom():
    # Each pair: 1 000 and 1 000 ± 100 crimes, n = 2 000 ± 100 in all; under Poisson the second
    # year is binomial(n, ½): 50 from its expectation with variance n/4. 20 pairs, one common
    # ratio, so 19 degrees of freedom.
    expected = 10 * (50**2 / (2100 / 4) + 50**2 / (1900 / 4)) / 19
    assert estimate_dispersion(municipalities(100), 100_000) == pytest.approx(expected)
    # Less spread than Poisson is not used to narrow an interval.
    assert estimate_dispersion(municipalities(0), 100_000) == 1.0
    assert estimate_dispersion(municipalities(100, n=3), 100_000) is None  # too few pairs


def test_a_rate_change_inside_the_widened_interval_is_no_longer_clear():
    # 15 000 → 14 100 crimes: the Poisson interval (about 0,92–0,96) excludes 1 ...
    plain = rate({("1980", 2021): 10_000.0, ("1980", 2022): 9_400.0},
                 {("1980", 2021): 150_000, ("1980", 2022): 150_000})
    assert development(plain, "1980", 2024).label == POSITIVE
    # ... but the municipalities' counts vary 21 times more than Poisson between the years.
    spread = Indicator(plain.meta, plain.values, plain.baseline_year,
                       population=plain.population, municipalities=municipalities(200))
    d = development(spread, "1980", 2024)
    assert d.dispersion == pytest.approx(10 * (100**2 / 550 + 100**2 / 450) / 19)
    assert d.interval[0] < 1 < d.interval[1]
    assert d.label == NO_CLEAR_CHANGE and d.rule == "takt-kvasi-poisson"


def test_a_rate_without_all_municipalities_uses_poisson_and_says_so():
    plain = rate({("1980", 2021): 10_000.0, ("1980", 2022): 9_400.0},
                 {("1980", 2021): 150_000, ("1980", 2022): 150_000})
    d = development(plain, "1980", 2024)
    assert d.rule == "takt-poisson" and d.dispersion == 1.0
    assert "Spridningen mellan åren kunde inte skattas" in d.method_note


def test_a_cohort_share_without_its_cohort_size_is_uncertain_not_clear():
    ind = indicator({("1980", 2021): 70.0, ("1980", 2022): 73.9}, unit="procent",
                    sampling="kohort")
    d = development(ind, "1980", 2024)
    assert d.label == UNCERTAIN and d.rule == "andel-kohort-okand"
    assert d.reason is None  # judged, not missing: the page still shows the change
    assert "årskull" in d.method_note and "inte hur stor årskullen är" in d.method_note
    small = indicator({("1980", 2021): 70.0, ("1980", 2022): 71.0}, unit="procent",
                      sampling="kohort")
    assert development(small, "1980", 2024).label == NO_CLEAR_CHANGE


@pytest.mark.parametrize("change", [-20.0, -3.5, 0.5, 3.1, 6.8, 25.0])
def test_a_survey_share_without_sample_size_is_never_clear(change):
    ind = indicator({("1980", 2021): 50.0, ("1980", 2022): 50.0 + change}, unit="procent",
                    sampling="urval", threshold_points=3)
    d = development(ind, "1980", 2024)
    assert d.label in {NO_CLEAR_CHANGE, UNCERTAIN}
    assert d.rule == "urval-utan-urvalsstorlek"
    if d.label == UNCERTAIN:
        assert "urvalsundersökning" in d.method_note and "felmarginal" in d.method_note


def test_uncertain_has_its_own_symbol_key_and_place_among_the_labels():
    assert UNCERTAIN in LABELS and KEYS[UNCERTAIN] == "osaker"
    assert len(set(SYMBOLS.values())) == len(SYMBOLS) == len(LABELS)


def test_every_survey_and_cohort_indicator_says_so_in_its_metadata():
    surveys, cohorts = set(), set()
    for path in sorted((ROOT / "data" / "indicators").glob("*.yml")):
        meta = load_meta(ROOT / "data", path.stem)
        original = meta.source.original if meta.source else ""
        if any(word in original for word in ("NTU", "Hälsa på lika villkor", "Liv & Hälsa")):
            surveys.add(meta.id)
            assert meta.sampling == "urval", meta.id
        if "Skolverket" in original or meta.id == "gymnasieexamen-4-ar":
            cohorts.add(meta.id)
            assert meta.sampling == "kohort", meta.id
    assert surveys and cohorts


def test_every_survey_indicators_pooling_is_what_its_source_describes():
    """The pooling window comes from the source's description of the measure (the
    definition copied from Kolada), never invented: where it says nothing, none is given."""
    seen = set()
    for path in sorted((ROOT / "data" / "indicators").glob("*.yml")):
        meta = load_meta(ROOT / "data", path.stem)
        if meta.sampling != "urval":
            assert meta.pooling == [], meta.id
            continue
        described = " ".join(meta.definition.split())
        years = {p.counties and "län" or "övrigt": p.years for p in meta.pooling}
        if "T-3 till T" in described:  # Liv & Hälsa year T in five counties, HLV T-3..T
            assert years == {"län": 1, "övrigt": 4}, meta.id
            liv_halsa = next(p for p in meta.pooling if p.counties)
            assert meta.pooling_for("1980") is liv_halsa  # Västerås, Västmanland
            assert meta.pooling_for("0180").years == 4  # Stockholm
        elif "Två undersökningsår" in described:
            assert years == {"övrigt": 2}, meta.id
        else:
            assert meta.pooling == [], meta.id
        seen.add(len(meta.pooling))
    assert seen == {0, 1, 2}  # each case occurs among the project's surveys


@pytest.mark.parametrize("pooling", [
    [{"years": 1, "counties": ["19"]}],  # counties without saying where in words
    [{"years": 2}, {"years": 4}],  # two rows for "the rest"
    [{"years": 1, "counties": ["19"], "where": "V"}, {"years": 1, "counties": ["19"],
                                                       "where": "V"}],
    [{"years": 0}],
])
def test_a_pooling_that_cannot_be_read_one_way_is_refused(pooling):
    from pydantic import ValidationError

    from trygghet.data.indicators import IndicatorMeta
    meta = load_meta(ROOT / "data", "tillit-vuxna").model_dump()
    with pytest.raises(ValidationError):
        IndicatorMeta.model_validate({**meta, "pooling": pooling})


def test_every_rule_key_is_described():
    assert all(text for text in RULES.values())


def test_the_method_page_explains_each_rule_with_the_codes_own_numbers():
    from tests.conftest import reader_text
    from trygghet.analysis.trend import rate_ratio_interval, widen_interval
    from trygghet.data.project import Project
    from trygghet.present.book import page_words

    doc = " ".join((ROOT / "chapters" / "om-data-och-metod.md").read_text(encoding="utf-8").split())
    exact = rate_ratio_interval(15_000, 150_000, 14_250, 150_000)
    wide = widen_interval(0.95, exact, 9)
    assert f"ungefär {wide[0]:.2f}–{wide[1]:.2f}".replace(".", ",") in doc
    assert wide[0] < 1 < wide[1] and "√9 = 3 gånger så brett" in doc
    for z_half, n in ((7, 400), (2, 4_000)):  # the survey example's margins (normal approx.)
        margin = norm.ppf(0.975) * math.sqrt((0.5 * 0.5 + 0.56 * 0.44) / n) * 100
        assert round(margin) == z_half and f"±{z_half} procentenheter" in doc
    for z_half, n in ((6, 300), (2, 3_000)):  # the cohort example's margins
        margin = norm.ppf(0.975) * math.sqrt((0.8 * 0.2 + 0.825 * 0.175) / n) * 100
        assert round(margin) == z_half and f"Med {n:,} elever".replace(",", " ") in doc
    assert "| ± | Osäker förändring |" in doc and "en av tjugo" in doc
    for word in ("dispersion_sentence", "survey_sentence", "cohort_sentence"):
        assert "{{ " + word + " }}" in doc
    words = page_words(Project.load(ROOT / "data"))
    assert "faktorn" in reader_text(words["dispersion_sentence"])
    survey = reader_text(words["survey_sentence"])
    assert "(två undersökningsår i varje värde)" in survey
    assert "fyra i övriga landet" in survey and "uppgift saknas" in survey
