"""Swedish formatting (via Babel) and sentences computed from data.

Every figure a reader sees in prose is produced here, never typed by hand."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

LOCALE = "sv_SE"
MISSING = "Uppgift saknas"
NBSP = "\u00a0"


def format_number(value: float | None, decimals: int = 1) -> str:
    """``1234.5`` → ``"1 234,5"`` (Swedish decimal comma, space as thousands separator)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ".."
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def unit_suffix(unit: str) -> str:
    """How a unit follows a number: ``procent`` → ``" %"``, others spelled out."""
    if unit == "procent":
        return f"{NBSP}%"
    if unit.startswith("antal per "):
        return f" {unit.removeprefix('antal ')}"
    return ""


def format_value(value: float | None, unit: str, decimals: int = 1) -> str:
    """A number with its unit: ``"84,0 %"``, ``"914,6 per 100 000 invånare"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ".."
    return format_number(value, decimals) + unit_suffix(unit)


def join_swedish(items: list[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b och c"``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def latest_value_sentence(
    measure: str, area_name: str, year: int, value: float, unit: str, decimals: int,
    edition_year: int,
) -> str:
    """The sentence stating an indicator's latest value, and whether it is older than the edition."""
    sentence = (
        f"{measure} i {area_name} var {format_value(value, unit, decimals)} år {year}."
    )
    if year < edition_year:
        sentence += (
            f" Uppgift för {edition_year} finns ännu inte; {year} är det senaste år som har ett värde."
        )
    return sentence
