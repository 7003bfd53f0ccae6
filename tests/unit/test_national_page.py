"""The national comparison's chart and sentences (trygghet.present)."""

from __future__ import annotations

import pandas as pd

from trygghet.present.charts import Marked, jitter, national_chart
from trygghet.present.national_page import (
    format_percentile,
    movement_sentence,
    notebook_title,
    position_sentence,
)

NBSP = "\u00a0"


def _chart(path):
    return national_chart(
        [float(v) for v in range(1, 40)], path, unit_label="procent",
        home=Marked("Västerås", 12.0), nation=Marked("Riket", 20.0),
        group_members=[3.0, 30.0], group_label="Liknande kommuner",
        group_mean=Marked("Liknande kommuner (medel)", 16.5), lower_is_better=False,
    )


def test_national_chart_is_deterministic_svg(tmp_path):
    a = _chart(tmp_path / "a.svg").read_bytes()
    b = _chart(tmp_path / "b.svg").read_bytes()
    assert a == b and a.startswith(b"<?xml")
    assert b"<dc:date>" not in a


def test_points_are_spread_without_randomness():
    offsets = jitter(50)
    assert offsets == jitter(50)
    assert len({round(o, 6) for o in offsets}) == 50
    assert all(-0.3 <= o <= 0.3 for o in offsets)


def test_title_names_the_municipality_from_settings():
    assert notebook_title("Eskilstuna") == "Eskilstuna bland Sveriges kommuner"


def test_position_sentence_states_rank_count_direction_and_percentile():
    sentence = position_sentence("Eskilstuna", 2022, 120, 290, 58.47, "minska")
    assert sentence == (f"År 2022 hade Eskilstuna plats{NBSP}120 av{NBSP}290 kommuner med ett "
                        f"värde (lägst värde är bäst). Värdet var bättre än i 58{NBSP}% av de "
                        f"övriga kommunerna.")
    assert "(högst värde är bäst)" in position_sentence("X", 2022, 1, 2, 100.0, "öka")


def _move(**kw) -> pd.Series:
    base = {"baseline_year": 2021, "baseline_rank": 130, "baseline_n": 290,
            "baseline_percentile": 55.2, "latest_year": 2022, "latest_rank": 120, "latest_n": 290,
            "latest_percentile": 58.6, "reason": None}
    return pd.Series(base | kw)


def test_movement_sentence_compares_baseline_and_latest_and_judges_on_percentile():
    sentence = movement_sentence("Eskilstuna", _move(), "minska")
    assert sentence.startswith(f"År 2021 hade Eskilstuna plats{NBSP}130 av{NBSP}290")
    assert f"; år 2022 plats{NBSP}120 av{NBSP}290 och bättre än 59{NBSP}%." in sentence
    assert "har blivit bättre, med 4 procentenheter" in sentence
    worse = movement_sentence("E", _move(latest_percentile=40.0, latest_rank=170), "minska")
    assert "har blivit sämre, med 15 procentenheter" in worse
    same = movement_sentence("E", _move(latest_percentile=55.4), "minska")
    assert "ungefär densamma" in same


def test_missing_movement_says_why():
    sentence = movement_sentence("E", _move(reason="kommunen har inget värde för 2021 eller "
                                                  "tidigare"), "öka")
    assert sentence == ("Placeringen sedan utgångsåret kan inte jämföras för E: kommunen har "
                        "inget värde för 2021 eller tidigare.")
    assert format_percentile(None) == ".."


def test_a_repeated_measurement_says_which_measurement_each_year_is():
    # Kolada repeats the latest election's turnout in the years between elections.
    sentence = movement_sentence("E", _move(), "öka", "valet", baseline_measured=2018,
                                 latest_measured=2022)
    assert sentence.startswith(f"År 2021 (siffran från valet 2018) hade E plats{NBSP}130")
    assert f"; i valet 2022 plats{NBSP}120" in sentence


def test_genitive_of_names_ending_in_s():
    from trygghet.present.text import genitive

    assert genitive("Västerås") == "Västerås" and genitive("Örebro") == "Örebros"
