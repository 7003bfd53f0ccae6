"""Swedish formatting (via Babel) and sentences computed from data.

Every figure a reader sees in prose is produced here, never typed by hand."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

LOCALE = "sv_SE"
MISSING = "Uppgift saknas"
NBSP = "\u00a0"


def round_half_up(value: float, decimals: int) -> Decimal:
    """Round as SCB does, half away from zero (6,25 → 6,3), not half to even."""
    exact = Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float | None, decimals: int = 1) -> str:
    """``1234.5`` → ``"1 234,5"`` (Swedish decimal comma, space as thousands separator),
    rounded half up as SCB rounds."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ".."
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with localcontext() as context:  # room for every digit of a large value
        context.prec = max(28, int(abs(value)).bit_length() // 3 + decimals + 2)
        return format_decimal(round_half_up(value, decimals), format=pattern, locale=LOCALE)


def unit_suffix(unit: str) -> str:
    """How a unit follows a number: ``procent`` → ``" %"``, others spelled out."""
    if unit == "procent":
        return f"{NBSP}%"
    if unit.startswith("antal per "):
        # "100 000" must not break over two lines: no-break space between digit groups.
        return " " + re.sub(r"(?<=\d) (?=\d{3}\b)", NBSP, unit.removeprefix("antal "))
    return ""


def format_value(value: float | None, unit: str, decimals: int = 1) -> str:
    """A number with its unit: ``"84,0 %"``, ``"914,6 per 100 000 invånare"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ".."
    return format_number(value, decimals) + unit_suffix(unit)


def genitive(name: str) -> str:
    """Swedish genitive: "Borås" → "Borås", "Örebro" → "Örebros"."""
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


#: Definite forms of the names plans have ("handlingsplan" → "handlingsplanen"), by ending.
_DEFINITE_ENDINGS = [("program", "met"), ("plan", "en"), ("strategi", "n"), ("policy", "n")]


def definite(noun: str) -> str | None:
    """The definite form of a plan's document type ("Handlingsplan" → "handlingsplanen",
    "Program" → "programmet"); None when the word is not one of the known kinds."""
    word = noun.strip().lower()
    return next((word + suffix for ending, suffix in _DEFINITE_ENDINGS if word.endswith(ending)),
                None)


def lower_first(name: str) -> str:
    """``"Tillit bland barn"`` → ``"tillit bland barn"``; an abbreviation ("NTU …") is kept."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def join_swedish(items: list[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b och c"`` (empty items left out)."""
    return format_list([i for i in items if i], locale=LOCALE)


def swedish_date(day: dt.date) -> str:
    """``2026-11-26`` → ``"26 november 2026"``."""
    return format_date(day, format="d MMMM y", locale=LOCALE)


def counted(n: int, one: str, many: str) -> str:
    """``n`` with the noun in the number it needs: "1 fokusområde", "6 fokusområden"."""
    return f"{n} {one if n == 1 else many}"


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


# -- change since the baseline, comparisons ------------------------------------------

MINUS = "\u2212"
NOT_AVAILABLE = ".."  # Statistics Sweden: not available or too uncertain to publish
NOTHING_TO_REPORT = "–"  # Statistics Sweden: nothing to report (magnitude zero)
SYMBOL_LEGEND = {
    NOT_AVAILABLE: "uppgift saknas, är för osäker eller är dold för att antalet är litet",
    NOTHING_TO_REPORT: "inget finns att redovisa",
}
OWN_PROCESSING = "Egen bearbetning av data från Kolada"


def signed(text: str, value: float) -> str:
    """Prefix a formatted magnitude with "+" or a true minus sign."""
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return text


def change_unit_suffix(unit: str) -> str:
    """How a change follows a number: percentages change in percentage points."""
    if unit == "procent":
        return " procentenheter"
    return unit_suffix(unit)


def heading_with_unit(name: str, unit: str) -> str:
    """An indicator heading that states its unit: "Antal anmälda brott (per 100 000 invånare)".

    A rate is never put after a share's name ("Andel … (per 100 000 invånare)" would say
    two things at once): it is then stated as what the figure is, "(mäts som antal per …)"."""
    if unit.startswith("antal per "):
        shares = name.strip().lower().startswith("andel")
        shown = f"mäts som {unit}" if shares else unit.removeprefix("antal ")
    else:
        shown = unit
    return f"{name} ({shown})"


def threshold_text(threshold: float, kind: str) -> str:
    """The threshold for a clear change in its own unit: ``"3 procentenheter"`` for a share
    (kind "andel", judged in percentage points), ``"5 % av utgångsvärdet"`` otherwise."""
    shown = format_number(threshold, 0 if float(threshold).is_integer() else 1)
    if kind == "andel":
        return f"{shown} procentenheter"
    return f"{shown}{NBSP}% av utgångsvärdet"


def measured_value(value_text: str, needs_measure: bool, shown_as: str) -> str:
    """A value as it stands next to an indicator's name: when the figure is not what the
    name says (the share who feel *unsafe* for "trygga", or one of two measures), the value
    says what it measures: ``"34,4 % otrygga sen kväll i bostadsområdet"``."""
    if not needs_measure or not shown_as:
        return value_text
    return f"{value_text} {lower_first(shown_as)}"


def measured_name(name: str, measures_opposite: bool, shown_as: str) -> str:
    """An indicator's name where values or places stand next to it (a table row, a
    heading): when the figure measures the opposite, the name says what the figure is:
    ``"Tillit bland vuxna (siffran visar: saknar tillit till andra)"``."""
    if not measures_opposite or not shown_as:
        return name
    return f"{name} (siffran visar: {lower_first(shown_as)})"


def format_change(change: float | None, unit: str, decimals: int = 1) -> str:
    """``-48.2`` → ``"−48 per 100 000 invånare"``; ``-5`` (procent) → ``"−5,0 procentenheter"``."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return NOT_AVAILABLE
    magnitude = format_number(abs(change), decimals)
    if magnitude.strip("0,") == "":  # rounds to zero: no sign
        return magnitude + change_unit_suffix(unit)
    return signed(magnitude, change) + change_unit_suffix(unit)


def format_percent_change(percent: float | None, decimals: int = 1) -> str:
    """``-5.0066`` → ``"−5,0 %"``."""
    if percent is None or (isinstance(percent, float) and math.isnan(percent)):
        return NOT_AVAILABLE
    magnitude = format_number(abs(percent), decimals)
    if magnitude.strip("0,") == "":
        return f"{magnitude}{NBSP}%"
    return signed(magnitude, percent) + f"{NBSP}%"


def symbol_legend(symbols: list[str] | None = None) -> str:
    """The legend for Statistics Sweden's symbols: ``'Teckenförklaring: .. = …'``."""
    symbols = symbols or list(SYMBOL_LEGEND)
    parts = [f"{s} = {SYMBOL_LEGEND[s]}" for s in symbols]
    return "Teckenförklaring: " + "; ".join(parts) + "."


def year_phrase(year: int, measurement_name: str | None = None, measured: int | None = None) -> str:
    """How a sentence opens on a year: ``"år 2022"``, ``"i valet 2022"``, or
    ``"år 2023 (siffran från valet 2022)"`` for a repeated measurement."""
    if measurement_name:
        measured = year if measured is None else measured
        if measured == year:
            return f"i {measurement_name} {year}"
        return f"år {year} (siffran från {measurement_name} {measured})"
    return f"år {year}"


def _rule_sentence(d, decimals_shown: int) -> str:
    """How the development was judged, in plain Swedish (trygghet.analysis.trend's rules)."""
    wanted = "ökar" if d.direction == "öka" else "minskar"
    threshold = threshold_text(d.threshold, d.kind)
    if d.kind == "andel":
        rule = (f"Planen vill att andelen {wanted}. En förändring som är mindre än {threshold} "
                f"räknas som ingen tydlig förändring.")
        if d.precision:
            least = format_number(d.threshold + d.precision,
                                  0 if float(d.threshold + d.precision).is_integer() else 1)
            rule += (f" Källan anger värdena i hela procent, och avrundningen kan flytta "
                     f"förändringen, så den måste vara minst {least} procentenheter för att "
                     f"räknas som tydlig.")
        if d.method_note:
            rule += f" {d.method_note}"
        return rule
    rule = f"Planen vill att värdet {wanted}."
    if d.interval is not None and d.counts is not None:
        low, high = d.interval
        before, after = (format_number(c, 0) for c in d.counts)
        covers = low <= 1 <= high
        rule += (f" Bakom siffrorna ligger ungefär {before} fall per år vid utgångsläget och "
                 f"{after} fall år {d.latest[0]}. Ett osäkerhetsintervall på 95{NBSP}% för "
                 f"kvoten mellan det senaste värdet och utgångsvärdet är "
                 f"{format_number(low, 2)}–{format_number(high, 2)}. "
                 + ("Det rymmer 1, alltså ingen förändring, så förändringen kan bero på slumpen."
                    if covers else
                    "Det rymmer inte 1, så förändringen är större än vad slumpen brukar ge."))
        if d.dispersion and d.dispersion > 1:
            rule += (f" Intervallet är vidgat, eftersom sådana antal i Sveriges kommuner "
                     f"varierar {format_number(d.dispersion, 1)} gånger mer mellan åren än "
                     f"slumpen ensam skulle ge.")
        elif d.method_note:
            rule += f" {d.method_note}"
        rule += f" En tydlig förändring måste också vara minst {threshold}."
        return rule
    rule += f" En förändring som är mindre än {threshold} räknas som ingen tydlig förändring."
    if d.method_note:
        rule += f" Här har {d.method_note}."
    return rule


def development_sentences(
    development, area_name: str, unit: str, decimals: int,
    measurement_name: str | None = None, decimals_at=None,
) -> str:
    """The computed text for a :class:`trygghet.analysis.trend.Development`.

    States the baseline and latest values with their years, the change in the
    unit (percentage points for shares) and in percent of the baseline, how the
    change was judged, and that it was computed from unrounded values.
    ``decimals_at(year)`` gives the decimals a year's value is published with."""
    d = development
    places = decimals_at or (lambda year: decimals)
    if d.baseline is None or d.latest is None or d.reason:
        known = ""
        if d.baseline is not None:
            when = (f"i genomsnitt {d.baseline_span[0]}–{d.baseline_span[1]}" if d.baseline_span
                    else f"år {d.baseline[0]}")
            known = (f" Utgångsvärdet för {area_name} är "
                     f"{format_value(d.baseline[1], unit, places(d.baseline[0]))} {when}.")
        why = f" {d.series_break.description}" if d.series_break is not None else ""
        return (f"Utvecklingen sedan utgångsåret {d.baseline_year} kan inte bedömas för "
                f"{area_name}: {d.reason}.{why}{known}")
    base_year, base_value = d.baseline
    last_year, last_value = d.latest
    shown = min(places(base_year), places(last_year))
    if d.baseline_span:
        base_phrase = (f"i genomsnitt {d.baseline_span[0]}–{d.baseline_span[1]}, åren före "
                       f"planperioden,")
    elif base_year == d.baseline_year:
        base_phrase = f"utgångsåret {base_year}"
    else:
        base_phrase = (f"år {base_year}, det senaste året före planperioden med ett värde "
                       f"(utgångsåret är {d.baseline_year}),")
    if d.change == 0:
        sentence = (f"I {area_name} var värdet {format_value(last_value, unit, shown)} både "
                    f"{base_phrase} och år {last_year}.")
    else:
        verb = "ökade" if d.change > 0 else "minskade"
        # the change at the finer of the two years' precision, as the tables show it
        finer = max(places(base_year), places(last_year))
        amount = format_number(abs(d.change), finer) + change_unit_suffix(unit)
        if d.change_percent is not None:
            share = format_number(abs(d.change_percent), 1)
            amount += (f" ({share}{NBSP}% av utgångsvärdet)" if unit == "procent"
                       else f" eller {share}{NBSP}%")
        sentence = (f"I {area_name} {verb} värdet från "
                    f"{format_value(base_value, unit, places(base_year))} {base_phrase} till "
                    f"{format_value(last_value, unit, places(last_year))} år {last_year}, "
                    f"med {amount}.")
    notes = []
    if measurement_name and d.baseline_measured not in (None, base_year):
        notes.append(f"Utgångsvärdet är siffran från {measurement_name} {d.baseline_measured}, "
                     f"som Kolada upprepar åren fram till nästa mätning.")
    if measurement_name and d.latest_measured not in (None, last_year):
        notes.append(f"Det senaste värdet är siffran från {measurement_name} "
                     f"{d.latest_measured}.")
    if d.series_break is not None:
        notes.append(f"Källan ändrade sin metod {d.series_break.year}: "
                     f"{d.series_break.description}")
    notes.append(_rule_sentence(d, shown))
    if d.ambiguous:
        notes.append(ambiguous_sentence(d.ambiguous))
    notes.append(UNROUNDED_NOTE)
    return " ".join([sentence, *notes])


def ambiguous_sentence(
    reason: str,
    claim: str = "En ökning eller minskning kan inte ensam läsas som bättre eller sämre",
    therefore: str = ("Därför säger bedömningen bara vad som hände, Ökning eller Minskning, "
                      "när förändringen är tydlig."),
) -> str:
    """Why a clear change of the indicator is stated as "Ökning" or "Minskning" only (or,
    with ``claim`` and ``therefore``, why something else is said without better or worse)."""
    reason = reason.strip()
    if not reason.endswith("."):
        reason += "."
    return f"{claim}: {reason} {therefore}"


#: Changes are computed from the exact values; said wherever a change is shown.
UNROUNDED_NOTE = ("Förändringen är räknad på de exakta värdena, inte på de avrundade som visas, "
                  "så den kan skilja sig något från skillnaden mellan de avrundade talen.")


def context_sentence(area_name: str, own, others: list[tuple[str, object]], unit: str,
                     decimals: int) -> str:
    """How the area's change compares with others' over the same years, in one sentence:
    "Under samma år minskade värdet med 14,6 % i Örebro, mot 2,9 % i riket och …".
    ``own`` and each other are :class:`Development` s (None where there is none)."""
    if own is None or own.change is None:
        return ""

    def amount(d) -> str:
        if unit == "procent":
            return f"{format_change(d.change, unit, decimals)}"
        return format_percent_change(d.change_percent)

    # Only others judged over the same years and without a change of method between them.
    others = [(phrase, d) for phrase, d in others
              if d is not None and d.change is not None and d.reason is None
              and d.baseline is not None and d.latest is not None
              and d.latest[0] == own.latest[0]]
    parts = [f"{amount(d)} {phrase}" for phrase, d in others]
    if not parts:
        return ""
    span = (f"{own.baseline_span[0]}–{own.baseline_span[1]}" if own.baseline_span
            else str(own.baseline[0]))
    sentence = (f"Från {span} till {own.latest[0]} var förändringen {amount(own)} i {area_name}, "
                f"mot {join_swedish(parts)}.")
    if own.ambiguous:  # neither better nor worse: only the figures are compared
        return sentence
    wanted_up = own.direction == "öka"
    compared = others
    better = [phrase for phrase, d in compared
              if (own.change > d.change) == wanted_up and own.change != d.change]
    if better and len(better) == len(compared):
        sentence += (f" {area_name} utvecklades alltså mer åt det håll planen vill än "
                     f"{join_swedish(better)}.")
    elif not better and compared:
        sentence += (f" {area_name} utvecklades alltså mindre åt det håll planen vill än "
                     f"{join_swedish([p for p, _ in compared])}.")
    return sentence


def comparison_sentence(
    area_name: str, year: int, value: float, others: list[tuple[str, float | None]],
    unit: str, decimals: int, measurement_name: str | None = None,
) -> str:
    """``"År 2022 var värdet i Örebro 915 per 100 000 invånare, lägre än i Riket (…)"``.

    ``others`` are (phrase, value) pairs such as ("i Riket", 1014.2). Higher/lower
    is stated on the rounded figures the reader sees, without judging it."""
    shown = format_number(value, decimals)
    parts = []
    for phrase, other in others:
        if other is None or (isinstance(other, float) and math.isnan(other)):
            continue
        other_shown = format_number(other, decimals)
        rounded_self = round(value, decimals)
        rounded_other = round(other, decimals)
        if rounded_self > rounded_other:
            word = "högre än"
        elif rounded_self < rounded_other:
            word = "lägre än"
        else:
            word = "lika högt som"
        parts.append(f"{word} {phrase} ({other_shown}{unit_suffix(unit)})")
    if not parts:
        return ""
    opening = year_phrase(year, measurement_name)
    return (f"{opening[0].upper()}{opening[1:]} var värdet i {area_name} {shown}"
            f"{unit_suffix(unit)}, {join_swedish(parts)}.")


# -- chance and pooled survey years (issue 22, part 2) ------------------------------------

#: Small numbers as words, as Swedish text writes them.
NUMBER_WORDS = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju",
                8: "åtta", 9: "nio", 10: "tio"}


def chance_text(sampling: str, threshold: str) -> str | None:
    """How chance is judged for a survey's or a cohort's share, for "Om indikatorn"
    (``threshold`` as :func:`threshold_text` gives it); None for register data."""
    rule = (f"Därför kallas en förändring aldrig tydlig här: en förändring på minst "
            f"{threshold} visas som osäker, en mindre som ingen tydlig förändring.")
    if sampling == "urval":
        return ("Siffran kommer från en urvalsundersökning, och källan publicerar inte hur "
                "många som svarade eller någon felmarginal, så det går inte att räkna ut hur "
                f"stor slumpens inverkan är. {rule}")
    if sampling == "kohort":
        return ("Andelen gäller en årskull, och en andel av en liten årskull kan ändras en hel "
                "del av en slump. Hur mycket går bara att räkna ut med årskullens storlek, och "
                "den finns inte i uppgifterna: Kolada publicerar bara andelen, inte hur många "
                "som ingår, varken för alla eller för flickor och pojkar var för sig. "
                f"{rule}")
    return None


def pooling_rule(years: int) -> str:
    """``"varje värde slår ihop två undersökningsår: värdet för ett år gäller det året och
    året före"``."""
    if years == 1:
        return "varje värde gäller ett enda undersökningsår"
    before = "året före" if years == 2 else f"de {NUMBER_WORDS.get(years - 1, years - 1)} åren före"
    return (f"varje värde slår ihop {NUMBER_WORDS.get(years, years)} undersökningsår: värdet för "
            f"ett år gäller det året och {before}")


def pooling_about(meta, example_year: int | None = None) -> str | None:
    """How many survey years a survey indicator's values pool, for "Om indikatorn", from
    its metadata (``pooling``), or that it is not known and where it would come from;
    None for indicators that are not surveys."""
    if meta.sampling != "urval":
        return None
    if not meta.pooling:
        described = (f"{genitive(meta.source.name)} beskrivning av måttet"
                     if meta.source else "Beskrivningen av måttet")
        original = meta.source.original if meta.source else "källan"
        return (f"{MISSING}. {described} säger inte om ett värde bygger på ett eller flera "
                f"undersökningsår. Uppgiften finns hos den ursprungliga källan: {original}.")
    if len(meta.pooling) == 1:
        only = meta.pooling[0]
        sentence = f"{pooling_rule(only.years).capitalize()}."
        if example_year and only.years > 1:
            sentence += (f" Till exempel gäller värdet för {example_year} undersökningsåren "
                         f"{example_year - only.years + 1}–{example_year}.")
        if only.survey:
            sentence += f" Undersökningen är {only.survey}."
        return sentence
    parts = []
    for entry in sorted(meta.pooling, key=lambda p: not p.counties):
        where = entry.where if entry.counties else "övriga landet"
        survey = f" ({entry.survey})" if entry.survey else ""
        parts.append(f"I {where}{survey}: {pooling_rule(entry.years)}.")
    return " ".join(parts)


def pooling_short(meta) -> str:
    """In a few words, for a list of survey indicators: ``"två undersökningsår i varje
    värde"``, ``"ett undersökningsår i varje värde i … län, fyra i övriga landet"``."""
    if not meta.pooling:
        return f"hur många undersökningsår ett värde bygger på: {MISSING.lower()}"
    entries = sorted(meta.pooling, key=lambda p: not p.counties)
    first = entries[0]
    phrase = f"{NUMBER_WORDS.get(first.years, first.years)} undersökningsår i varje värde"
    if len(entries) == 1:
        return phrase
    rest = [f"{NUMBER_WORDS.get(e.years, e.years)} i "
            f"{e.where if e.counties else 'övriga landet'}" for e in entries[1:]]
    return f"{phrase} i {first.where}, {join_swedish(rest)}"


def _years_span(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def pooling_sentence(meta, area_code: str, area_name: str, development) -> str:
    """Where a survey indicator's development is stated: which survey years its baseline
    and latest values cover for ``area_code``, whether the latest reaches back before the
    plan period, and how many years the two share; "" when not a survey or not judged."""
    d = development
    if meta.sampling != "urval" or d.baseline is None or d.latest is None or d.reason:
        return ""
    pooling = meta.pooling_for(area_code)
    if pooling is None:
        return (f"Hur många undersökningsår varje värde för {area_name} bygger på: {MISSING} "
                f"(se Om indikatorn).")
    if pooling.years == 1:
        return f"Värdena för {area_name} gäller ett undersökningsår vardera."
    n = pooling.years
    base_first = (d.baseline_span[0] if d.baseline_span else d.baseline[0]) - n + 1
    base_last, latest = d.baseline[0], d.latest[0]
    latest_first = latest - n + 1
    sentence = (f"Varje värde för {area_name} slår ihop {NUMBER_WORDS.get(n, n)} "
                f"undersökningsår: utgångsvärdet gäller undersökningsåren "
                f"{_years_span(base_first, base_last)} och det senaste värdet "
                f"{_years_span(latest_first, latest)}.")
    if latest_first <= d.baseline_year:
        before = _years_span(latest_first, d.baseline_year)
        sentence += (f" Det senaste värdet bygger alltså också på {before}, före "
                     f"planperioden.")
    shared = base_last - latest_first + 1
    if shared > 0:
        sentence += (f" De två värdena har {NUMBER_WORDS.get(shared, shared)} undersökningsår "
                     f"gemensamma, så skillnaden mellan dem beror bara på de år som inte är "
                     f"gemensamma och blir mindre än skillnaden mellan just de åren.")
    return sentence


def pooling_comparison_sentence(meta, home: tuple[str, str], others: list[tuple[str, str]]
                                ) -> str:
    """When the municipality's values pool another number of survey years than some other
    municipalities' (e.g. one year in Liv & Hälsa's counties, four elsewhere): says so,
    with the names (``home`` and ``others`` are (code, name)); else ""."""
    if meta.sampling != "urval" or not meta.pooling:
        return ""
    mine = meta.pooling_for(home[0])
    if mine is None:
        return ""
    by_years: dict[int, list[str]] = {}
    for code, name in others:
        theirs = meta.pooling_for(code)
        if theirs is not None and theirs.years != mine.years:
            by_years.setdefault(theirs.years, []).append(name)
    if not by_years:
        return ""

    def years(n: int) -> str:
        return ("ett undersökningsår per värde" if n == 1
                else f"{NUMBER_WORDS.get(n, n)} undersökningsår sammanslagna")

    parts = [f"för {join_swedish(names)} {years(n)}" for n, names in sorted(by_years.items())]
    return (f"Värdena bygger inte på lika många undersökningsår: för {home[1]} "
            f"{years(mine.years)}, {join_swedish(parts)}. Ett värde som slår ihop flera år "
            f"ändras långsammare, så jämför förändringarna med försiktighet.")
