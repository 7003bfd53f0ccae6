"""Swedish number formatting and computed sentences."""

from __future__ import annotations

from trygghet.text import NBSP, format_number, format_value, join_swedish, latest_value_sentence


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
    assert format_value(914.57457, "antal per 100 000 invånare", 1) == "914,6 per 100 000 invånare"
    assert format_value(12, "antal", 0) == "12"


def test_join_swedish():
    assert join_swedish(["a", "b", "c"]) == "a, b och c"
    assert join_swedish(["a"]) == "a"
    assert join_swedish([]) == ""


def test_sentence_says_when_the_latest_value_is_older_than_the_edition():
    same = latest_value_sentence("Valdeltagande", "Västerås", 2022, 79.0, "procent", 1, 2022)
    assert same == f"Valdeltagande i Västerås var 79,0{NBSP}% år 2022."
    older = latest_value_sentence("Valdeltagande", "Västerås", 2022, 79.0, "procent", 1, 2024)
    assert "Uppgift för 2024 finns ännu inte" in older and "2022" in older
