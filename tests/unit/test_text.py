"""Swedish number formatting and computed sentences."""

from __future__ import annotations

import datetime as dt

from trygghet.analysis.trend import MISSING, NO_CLEAR_CHANGE, POSITIVE, Development
from trygghet.present.text import (
    MINUS,
    NBSP,
    comparison_sentence,
    context_sentence,
    counted,
    development_sentences,
    format_change,
    format_number,
    format_percent_change,
    format_value,
    join_swedish,
    latest_value_sentence,
    swedish_date,
    symbol_legend,
    year_phrase,
)


def test_decimal_comma_and_space_as_thousands_separator():
    assert format_number(1234.56, 1) == f"1{NBSP}234,6"
    assert format_number(84, 1) == "84,0"
    assert format_number(12795.21975, 0) == f"12{NBSP}795"


def test_missing_value_uses_the_statistics_sweden_symbol():
    assert format_number(None) == ".."
    assert format_number(float("nan")) == ".."
    assert format_value(None, "procent") == ".."


def test_units_follow_swedish_conventions():
    assert format_value(84, "procent", 1) == f"84,0{NBSP}%"
    assert format_value(914.57457, "antal per 100 000 invånare", 1) == "914,6 per 100\u00a0000 invånare"
    assert format_value(12, "antal", 0) == "12"


def test_join_swedish():
    assert join_swedish(["a", "b", "c"]) == "a, b och c"
    assert join_swedish(["a"]) == "a"
    assert join_swedish([]) == ""
    assert join_swedish(["a", "", "b"]) == "a och b"  # an empty item is left out
    assert join_swedish(["1, 2", "3 och 4", "5"]) == "1, 2, 3 och 4 och 5"


def test_dates_and_counts_in_swedish():
    assert swedish_date(dt.date(2024, 3, 5)) == "5 mars 2024"
    assert swedish_date(dt.date(2026, 11, 26)) == "26 november 2026"
    assert counted(1, "värde", "värden") == "1 värde"
    assert counted(0, "värde", "värden") == "0 värden"
    assert counted(3, "värde", "värden") == "3 värden"


def test_sentence_says_when_the_latest_value_is_older_than_the_edition():
    same = latest_value_sentence("Valdeltagande", "Västerås", 2022, 79.0, "procent", 1, 2022)
    assert same == f"Valdeltagande i Västerås var 79,0{NBSP}% år 2022."
    older = latest_value_sentence("Valdeltagande", "Västerås", 2022, 79.0, "procent", 1, 2024)
    assert "Uppgift för 2024 finns ännu inte" in older and "2022" in older


# -- changes, development and comparison sentences -----------------------------------

def test_changes_are_signed_and_percentages_change_in_percentage_points():
    assert format_change(-48.2, "antal per 100 000 invånare", 0) == f"{MINUS}48 per 100\u00a0000 invånare"
    assert format_change(5, "procent", 1) == "+5,0 procentenheter"
    assert format_change(0.01, "procent", 1) == "0,0 procentenheter"
    assert format_change(None, "procent") == ".."
    assert format_percent_change(-5.0066) == f"{MINUS}5,0{NBSP}%"
    assert format_percent_change(None) == ".."


def test_symbol_legend_names_the_statistics_sweden_symbols():
    legend = symbol_legend()
    assert legend.startswith("Teckenförklaring: .. = uppgift saknas")
    assert "– = inget finns att redovisa" in legend


def test_development_sentence_states_baseline_latest_change_and_rule():
    d = Development(POSITIVE, baseline_year=2021, threshold=5.0, direction="minska",
                    baseline=(2021, 962.77687), latest=(2022, 914.57457))
    text = development_sentences(d, "Västerås", "antal per 100 000 invånare", 0)
    assert text == (
        "I Västerås minskade värdet från 963 per 100\u00a0000 invånare utgångsåret 2021 till "
        f"915 per 100\u00a0000 invånare år 2022, med 48 per 100\u00a0000 invånare eller 5,0{NBSP}%. "
        f"Planen vill att värdet minskar. En förändring som är mindre än 5{NBSP}% av "
        "utgångsvärdet räknas som ingen tydlig förändring. Förändringen är räknad på de exakta "
        "värdena, inte på de avrundade som visas, så den kan skilja sig något från skillnaden "
        "mellan de avrundade talen.")


def test_development_sentence_for_a_rate_states_the_counts_and_the_interval():
    d = Development(NO_CLEAR_CHANGE, baseline_year=2021, threshold=5.0, direction="minska",
                    baseline=(2021, 962.77687), latest=(2022, 914.57457), kind="takt",
                    counts=(1510.0, 1451.0), interval=(0.8833, 1.0216))
    text = development_sentences(d, "Västerås", "antal per 100 000 invånare", 0)
    assert "ungefär 1 510 fall per år vid utgångsläget och 1 451 fall år 2022" in text
    assert "är 0,88–1,02. Det rymmer 1" in text and "kan bero på slumpen" in text


def test_context_sentence_compares_the_change_with_riket_and_the_group():
    own = Development(POSITIVE, baseline_year=2021, threshold=5.0, direction="minska",
                      baseline=(2021, 100.0), latest=(2022, 85.4))
    nation = Development(NO_CLEAR_CHANGE, baseline_year=2021, threshold=5.0, direction="minska",
                         baseline=(2021, 100.0), latest=(2022, 97.1))
    group = Development(NO_CLEAR_CHANGE, baseline_year=2021, threshold=5.0, direction="minska",
                        baseline=(2021, 100.0), latest=(2022, 100.8))
    text = context_sentence("Västerås", own, [("i riket", nation), ("för gruppen", group)],
                            "antal per 100 000 invånare", 0)
    assert text.startswith("Från 2021 till 2022 var förändringen −14,6")
    assert "mot −2,9 % i riket och +0,8 % för gruppen" in text
    assert "mer åt det håll planen vill än i riket och för gruppen" in text


def test_development_sentence_for_an_earlier_baseline_and_a_repeated_measurement():
    d = Development(POSITIVE, baseline_year=2021, threshold=10, direction="öka",
                    baseline=(2020, 50.0), latest=(2022, 60.0))
    text = development_sentences(d, "Västerås", "procent", 1)
    assert "år 2020, det senaste året före planperioden med ett värde (utgångsåret är 2021)" in text
    assert f"med 10,0 procentenheter (20,0{NBSP}% av utgångsvärdet)" in text
    d = Development(POSITIVE, baseline_year=2021, threshold=5, direction="öka",
                    baseline=(2021, 84.0), latest=(2022, 79.0), baseline_measured=2018,
                    latest_measured=2022)
    assert "Utgångsvärdet är siffran från valet 2018" in development_sentences(
        d, "Västerås", "procent", 1, "valet")


def test_development_sentence_when_it_cannot_be_assessed():
    d = Development(MISSING, baseline_year=2021, threshold=5, direction="öka",
                    baseline=(2021, 3.0), reason="det finns inget värde efter 2021 till och med 2024")
    assert development_sentences(d, "Västerås", "procent", 1) == (
        "Utvecklingen sedan utgångsåret 2021 kan inte bedömas för Västerås: det finns inget "
        f"värde efter 2021 till och med 2024. Utgångsvärdet för Västerås är 3,0{NBSP}% år 2021.")


def test_comparison_sentence_compares_the_figures_the_reader_sees():
    text = comparison_sentence("Västerås", 2022, 80.66, [("i riket", 81.4),
                               ("medelvärdet för liknande kommuner", 80.71), ("x", None)],
                               "procent", 1)
    assert text == (f"År 2022 var värdet i Västerås 80,7{NBSP}%, lägre än i riket (81,4{NBSP}%) "
                    f"och lika högt som medelvärdet för liknande kommuner (80,7{NBSP}%).")
    assert comparison_sentence("Västerås", 2022, 1.0, [("i riket", None)], "procent", 1) == ""


def test_year_phrase():
    assert year_phrase(2022) == "år 2022"
    assert year_phrase(2022, "valet") == "i valet 2022"
    assert year_phrase(2023, "valet", 2022) == "år 2023 (siffran från valet 2022)"


def test_numbers_are_rounded_half_up_as_scb_rounds():
    from trygghet.present.text import format_number

    assert format_number(6.25, 1) == "6,3"  # Babel alone would give 6,2 (half to even)
    assert format_number(0.125, 2) == "0,13"
    assert format_number(2.5, 0) == "3"
    assert format_number(1234.5, 0) == "1\u00a0235"
