"""Checking a received file of the city's own indicator values, one rule a function.

:func:`check_table` runs the rules for the sheet's metadata (year, template) and for each
filled-in row (formulas, indicator, year, series, unit, sex, value, source, date, the same
value twice). Each rule adds its problem, in Swedish and naming file, sheet, row and
column, and returns what it read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trygghet.data.activities import clean_text
from trygghet.data.errors import Problem
from trygghet.data.indicators import SEX_LABELS, IndicatorMeta, Series, value_problem
from trygghet.intake.received import (
    Row,
    Table,
    norm_label,
    parse_date,
    parse_number,
    shown,
    stated_year,
    template_problems,
    whole_number,
)
from trygghet.intake.values_template import FILLED_IN, TEMPLATE_ID, YEARS_BACK

#: What the unit may write in Kön, casefolded → code.
SEX_INPUT = {"t": "T", "totalt": "T", "alla": "T", "k": "K", "kvinnor/flickor": "K",
             "kvinnor": "K", "flickor": "K", "m": "M", "män/pojkar": "M", "män": "M",
             "pojkar": "M"}
#: Where each value was first given in this import: finds the same value twice.
Seen = dict[tuple, tuple[Table, int]]


@dataclass(frozen=True)
class Value:
    """One checked value from a received file."""

    indicator: str
    series: str
    sex: str
    year: int
    value: float
    source: str  # as published: "<survey> (<source>), egen uppgift från <municipality>"
    retrieved: dt.date
    table: Table
    row: int


# -- one row ------------------------------------------------------------------------------------

def _needed(row: Row, key: str, what: str) -> str | None:
    """A text the row must have, with single spaces."""
    text = " ".join(row.text(key).split())
    if not text:
        row.problem(f"{what} saknas", key)
        return None
    return text


def _indicator(row: Row, metas: dict[str, IndicatorMeta]) -> IndicatorMeta | None:
    """One of the indicators the city feeds."""
    indicator_id = _needed(row, "indicator", "indikator")
    meta = metas.get(indicator_id or "")
    if indicator_id and meta is None:
        row.problem(f"indikatorn {indicator_id!r} finns inte bland indikatorerna med egna "
                    "källor (own_source i data/indicators/)", "indicator")
    return meta


def _value_year(row: Row, year: int) -> int | None:
    """The year the value is for: the template's year or up to YEARS_BACK before it."""
    raw = row.value("year")
    try:
        value_year = whole_number(raw)
    except ValueError:
        row.problem(f"År måste vara ett årtal (angivet: {shown(raw)})", "year")
        return None
    if not year - YEARS_BACK <= value_year <= year:
        row.problem(f"året {value_year} går inte att rapportera i mallen för {year}; ange ett "
                    f"år från {year - YEARS_BACK} till och med {year}", "year")
    return value_year


def _series(row: Row, meta: IndicatorMeta) -> Series | None:
    """One of the indicator's own series; may be left out when it has only one."""
    own = {s.id: s for s in meta.own_series}
    raw = row.text("series")
    if not raw and len(own) == 1:
        raw = next(iter(own))
    series = own.get(raw)
    if series is None:
        row.problem(f"okänd serie {raw!r} för {meta.id}; välj en av: {', '.join(own)}", "series")
    return series


def _unit(row: Row, meta: IndicatorMeta) -> None:
    """The unit, if written, is the indicator's."""
    unit = row.text("unit")
    if unit and unit != meta.unit:
        row.problem(f"enheten ska vara {meta.unit!r}, inte {unit!r}", "unit")


def _sex(row: Row, series: Series | None) -> str | None:
    """Totalt (when left empty), or a sex where the series is reported by sex."""
    sex = SEX_INPUT.get(norm_label(row.value("sex")) or "t")
    if sex is None:
        row.problem(f"okänt kön {shown(row.value('sex'))}; skriv Totalt, Kvinnor/flickor "
                    "eller Män/pojkar", "sex")
    elif series is not None and sex != "T" and not series.by_sex:
        row.problem(f"serien {series.id} redovisas inte uppdelad på kön; skriv Totalt", "sex")
    return sex


def _number(row: Row, meta: IndicatorMeta | None) -> float | None:
    """A number within what the indicator's unit allows."""
    raw = row.value("value")
    if not clean_text(raw):
        row.problem("värde saknas", "value")
        return None
    try:
        number = parse_number(raw)
    except ValueError:
        row.problem(f"värdet {shown(raw)} är inte ett tal; skriv till exempel 23,5", "value")
        return None
    wrong = meta is not None and value_problem(number, meta.unit)
    if wrong:
        row.problem(wrong, "value")
    return number


def _retrieved(row: Row, year: int, value_year: int | None, today: dt.date) -> dt.date | None:
    """When the value was published or taken out: not in the future, not before its year."""
    raw = row.value("date")
    if not clean_text(raw):
        row.problem("datum då värdet publicerades eller togs ut saknas", "date")
        return None
    try:
        retrieved = parse_date(raw)
    except (ValueError, OverflowError):
        row.problem(f"okänt datum {shown(raw)}; skriv till exempel {year + 1}-02-15", "date")
        return None
    if retrieved > today or (value_year and retrieved.year < value_year):
        when = "i framtiden" if retrieved > today else "före året"
        row.problem(f"datumet {retrieved.isoformat()} kan inte stämma för ett värde för "
                    f"{value_year} (det ligger {when})", "date")
    return retrieved


def _first_time(row: Row, key: tuple, seen: Seen) -> bool:
    """The same indicator, series, sex and year is given once in the import."""
    if key not in seen:
        seen[key] = (row.table, row.number)
        return True
    other, other_row = seen[key]
    indicator, series, sex, value_year = key
    row.problem(f"{indicator}, {series}, {SEX_LABELS[sex].lower()}, {value_year} finns två "
                f"gånger: även på rad {other_row}{row.table.elsewhere(other, name_sheet=True)}",
                "year")
    return False


def _check_row(row: Row, year: int, metas: dict[str, IndicatorMeta], municipality: str,
               seen: Seen, today: dt.date) -> Value | None:
    """Every rule for one row; the value when the row has no problem."""
    if row.refuse_formulas(row.table.columns):
        return None
    meta = _indicator(row, metas)
    value_year = _value_year(row, year)
    series = None
    if meta is not None:
        series = _series(row, meta)
        _unit(row, meta)
    sex = _sex(row, series)
    number = _number(row, meta)
    source = _needed(row, "source", "källa")
    survey = _needed(row, "survey", "undersökning eller register")
    retrieved = _retrieved(row, year, value_year, today)
    if row.problems or meta is None or series is None:
        return None
    if not _first_time(row, (meta.id, series.id, sex, value_year), seen):
        return None
    return Value(meta.id, series.id, sex, value_year, number,
                 f"{survey} ({source}), egen uppgift från {municipality}", retrieved,
                 row.table, row.number)


# -- the whole table ---------------------------------------------------------------------------

def check_table(table: Table, year: int, metas: dict[str, IndicatorMeta], municipality: str,
                seen: Seen, today: dt.date) -> tuple[list[Value], list[Problem]]:
    """Every filled-in row checked; ``seen`` finds the same value twice across sheets and files."""
    stated, problems = table.readable_meta()
    problems += stated_year(table, stated, year)
    problems += template_problems(table, stated, TEMPLATE_ID, "indikatormall")
    found: list[Value] = []
    for number, cells in table.rows:
        if not any(clean_text(table.value(cells, k)) for k in FILLED_IN):
            continue  # a pre-filled row nobody filled in
        row = Row(table, number, cells)
        value = _check_row(row, year, metas, municipality, seen, today)
        problems += row.problems
        if value is not None:
            found.append(value)
    return found, problems
