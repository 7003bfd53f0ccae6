"""Indicator metadata and values: one ``<id>.yml`` and one tidy ``<id>.csv``
per indicator in ``data/indicators/``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar, Literal

import pandas as pd
from pydantic import Field, ValidationInfo, model_validator

from trygghet.data.national_files import national_path, read_national
from trygghet.data.plan import PLAN_FILE, Direction, PlanDocument, Strict
from trygghet.data.register import registered_name
from trygghet.data.rows import ColumnError, Row, read_rows
from trygghet.data.settings import Settings, load_settings
from trygghet.data.untrusted import text_from_csv
from trygghet.data.yamlio import load_model

#: The ``source`` of every row from Kolada (its API, a mirror or a dump).
KOLADA_SOURCE = "Kolada"
#: The Kolada snapshot the dump importer reads: its ``retrieved`` date is the snapshot's
#: commit date, not the (unknown) day in autumn 2024 when the values were fetched.
KOLADA_DUMP_SNAPSHOT = {
    "date": "2025-03-21",
    "title": "open-numbers/ddf--kolada--dump, commit 8501d5c7694b444dbf59d063c5156754e2a9b819",
    "description": ("Ögonblicksbild av Kolada-data (commit 2025-03-21). Värdena hämtades från "
                    "Koladas API hösten 2024; det exakta datumet är inte känt. I kolumnen "
                    "retrieved står därför ögonblicksbildens datum."),
}

SEX_LABELS = {"T": "Totalt", "K": "Kvinnor/flickor", "M": "Män/pojkar"}


class Source(Strict):
    name: str = Field(description="Var värdena hämtas, t.ex. Kolada.")
    publisher: str = Field(description=(
        "Vem som ger ut källan, t.ex. RKA (Rådet för främjande av kommunala analyser)."))
    original: str = Field(description="Den ursprungliga källan, t.ex. BRÅ och SCB.")
    citation: str = Field(description=(
        "Källhänvisningen som den ska stå under diagram och tabeller, t.ex. Källa: Kolada, "
        "N07540 Anmälda brott totalt, antal/100 000 inv."))
    url: str = Field(description="Adress där läsaren hittar källan.")


class Series(Strict):
    """One line of an indicator. Its values come through one door: Kolada (``kolada_kpi``,
    written by ``trygghet import-kolada`` and ``trygghet kolada``) or the city's own
    sources (``own_source: true``, asked for by ``trygghet indicator-template`` and read
    by ``trygghet import-values``). Each door writes only its own series' rows."""

    id: str = Field(pattern=r"^[A-Za-z0-9-]+$", description=(
        "Seriens id i datafilen (kolumnen series), t.ex. Koladas nyckeltal N07540, eller "
        "det som står i kolumnen Serie i mallen för egna värden."))
    label: str = Field(description="Seriens namn i diagram och tabeller.")
    measure: str | None = Field(default=None, description=(
        "Vad just den här serien mäter, som rubrik, när indikatorns measure nämner flera "
        "serier (t.ex. rättsväsendet och polisen): meningar och diagram om huvudseriens "
        "värden använder då den här rubriken, så att ett värde aldrig står under en rubrik "
        "för två mått."))
    kolada_kpi: str | None = Field(default=None, description=(
        "Koladas nyckeltal (t.ex. N07540), när värdena kommer från Kolada; skrivs av "
        "trygghet import-kolada och trygghet kolada."))
    #: Values are reported by the city (surveys, registers) through import-values.
    own_source: bool = Field(default=False, description=(
        "true när kommunen själv rapporterar värdena (undersökningar, register) med "
        "trygghet indicator-template och trygghet import-values. En serie har antingen "
        "kolada_kpi eller own_source: true."))
    by_sex: bool = Field(default=False, description=(
        "true när värden finns också för kvinnor/flickor och män/pojkar."))
    main: bool = Field(default=False, description=(
        "true för indikatorns huvudserie (exakt en), den som utvecklingen bedöms på."))

    @model_validator(mode="after")
    def _one_door(self) -> Series:
        if self.own_source and self.kolada_kpi:
            raise ValueError("en serie kan inte både ha kolada_kpi och own_source: true")
        return self


class Missing(Strict):
    planned_source: str = Field(description=(
        "Varifrån värdet ska komma, visas som Uppgift saknas … tills värden finns."))


class MeasurementCycle(Strict):
    """A source that measures only some years and repeats the latest measurement
    in the years between (Kolada's valdeltagande: the last election's figure)."""

    every_years: int = Field(ge=2, description="Hur många år det går mellan mätningarna.")
    reference_year: int = Field(ge=1900, le=2100, description=(
        "Ett år med en ny mätning, t.ex. ett valår."))
    name: str = Field(default="mätningen", description=(
        "Vad en mätning kallas i texten, t.ex. valet."))

    def measured_year(self, year: int) -> int:
        """The year of the measurement that a value for ``year`` repeats."""
        return year - (year - self.reference_year) % self.every_years

    def is_measured(self, year: int) -> bool:
        return self.measured_year(year) == year


class Precision(Strict):
    """The source publishes values rounded to ``step`` (1 = whole percent) from ``from_year``."""

    from_year: int = Field(ge=1900, le=2100, description="Första året som avrundas så.")
    step: float = Field(gt=0, description=(
        "Steget som källan avrundar till, t.ex. 1 för hela procent."))
    series: list[str] = Field(default_factory=list, description=(
        "Serierna (id) som avrundas så; tom lista: alla serier."))


class BaselineAverage(Strict):
    """Measure development from the mean of the ``years`` years up to and including the
    baseline year (2019–2021 for a plan from 2022) instead of one year, because a single
    year is known to be unusual; ``reason`` says why, for readers."""

    years: int = Field(ge=2, le=5, description=(
        "Antal år till och med utgångsåret som medelvärdet tas över (2–5)."))
    reason: str = Field(description="Varför, med ord för läsarna.")


class SeriesBreak(Strict):
    """A change of method in the source: values before ``year`` and from ``year`` on are
    not directly comparable. Charts break the line there; a development that crosses a
    break that is not ``comparable`` is judged "Går inte att bedöma"."""

    year: int = Field(ge=1900, le=2100, description="Första året med den nya metoden.")
    description: str = Field(description="Vad som ändrades, med ord för läsarna.")
    #: Area codes the break concerns (e.g. the municipalities of a regional survey); empty: all.
    areas: list[str] = Field(default_factory=list, description=(
        "Områdeskoder som brottet gäller; tom lista: alla områden."))
    comparable: bool = Field(default=False, description=(
        "true om värdena före och efter ändå går att jämföra."))

    def applies_to(self, area_code: str) -> bool:
        return not self.areas or area_code in self.areas


class Pooling(Strict):
    """How many survey years one published value pools (``years``), for the areas of some
    counties or, without ``counties``, for every other area: the value for year T covers
    the survey years T − years + 1 to T."""

    years: int = Field(ge=1, le=10, description=(
        "Hur många undersökningsår som slås ihop i ett publicerat värde: värdet för år T "
        "gäller åren T−(years−1) till T (1: bara år T)."))
    counties: list[Annotated[str, Field(pattern=r"^\d{2}$")]] = Field(
        default_factory=list, description=(
            "Länskoderna (två siffror, början av kommunkoden, t.ex. 19 för Västmanland) där "
            "uppgiften gäller; tom lista: alla andra områden."))
    where: str | None = Field(default=None, description=(
        "Var uppgiften gäller, med ord för läsarna, t.ex. Uppsala, Södermanlands, Värmlands, "
        "Örebro och Västmanlands län; krävs med counties."))
    survey: str | None = Field(default=None, description=(
        "Undersökningen värdena kommer från där, t.ex. Liv & Hälsa."))

    @model_validator(mode="after")
    def _where_with_counties(self) -> Pooling:
        if self.counties and not self.where:
            raise ValueError("where krävs när counties anges: var uppgiften gäller, med ord")
        return self

    def applies_to(self, area_code: str) -> bool:
        """Whether the entry's counties hold ``area_code`` (a municipality or region code)."""
        return area_code[:2] in self.counties


RATE_UNIT = re.compile(r"^antal per (\d[\d ]*) ")


class IndicatorMeta(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$", description=(
        "Indikatorns id, samma som i planen och i filnamnet <id>.yml."))
    measure: str = Field(description=(
        "Vad siffran mäter, som mening eller rubrik, t.ex. Anmälda brott totalt."))
    unit: str = Field(description=(
        "Enheten: procent, antal, antal per 100 000 invånare eller annan text; samma som i "
        "planen."))
    decimals: int = Field(ge=0, le=3, description="Antal decimaler som visas (0–3).")
    direction: Direction = Field(description="Önskad riktning: öka eller minska.")
    ambiguous_direction: str | None = Field(default=None, description=(
        "När en förändring inte ensam kan läsas som bättre eller sämre (t.ex. fler anmälda "
        "narkotikabrott, som också kan betyda att polisen arbetar mer): varför, med ord för "
        "läsarna. Bedömningen säger då bara Ökning eller Minskning."))
    measures_opposite: bool = Field(default=False, description=(
        "true när måttet visar motsatsen till indikatorns namn (t.ex. andelen otrygga för "
        "indikatorn Trygga i bostadsområdet); sidan säger det då till läsaren."))
    definition: str = Field(description="Källans definition av måttet.")
    source: Source | None = Field(default=None, description=(
        "Källan; null för indikatorer utan öppen källa."))
    publication: str | None = Field(default=None, description=(
        "Hur ofta källan publiceras, t.ex. Årligen."))
    caveats: list[str] = Field(default_factory=list, description=(
        "Det läsaren bör tänka på när siffrorna tolkas, en mening eller ett stycke per punkt."))
    series: list[Series] = Field(default_factory=list, description=(
        "Indikatorns serier (linjer); tom lista när värden saknas helt."))
    missing: Missing | None = Field(default=None, description=(
        "Krävs när ingen serie kommer från Kolada: varifrån värdet ska komma."))
    #: Smallest change, in percent of the baseline value, that counts as a clear
    #: change; None means trygghet.analysis.trend.DEFAULT_THRESHOLD_PERCENT.
    threshold: float | None = Field(default=None, gt=0, le=100, description=(
        "Minsta förändring i procent av utgångsvärdet som räknas som en tydlig förändring; "
        "null: standardgränsen (se kapitlet Om data och metod)."))
    measurement_cycle: MeasurementCycle | None = Field(default=None, description=(
        "För källor som mäter bara vissa år och upprepar senaste mätningen däremellan "
        "(t.ex. valdeltagandet)."))
    #: Heading for the non-main series (e.g. "Valdistrikten").
    other_series_title: str | None = Field(default=None, description=(
        "Rubriken för de andra serierna än huvudserien, t.ex. Valdistrikten."))
    #: For shares: smallest change in percentage points that counts as a clear change;
    #: None means trygghet.analysis.trend.DEFAULT_THRESHOLD_POINTS.
    threshold_points: float | None = Field(default=None, gt=0, le=100, description=(
        "För andelar i procent: minsta förändring i procentenheter som räknas som tydlig; "
        "null: standardgränsen."))
    #: The precision the source publishes values in, where it is coarser than the file shows.
    precision: list[Precision] = Field(default_factory=list, description=(
        "När källan avrundar grövre än filen visar: från vilket år och till vilket steg."))
    baseline_average: BaselineAverage | None = Field(default=None, description=(
        "Mät utvecklingen från medelvärdet av flera år i stället för utgångsåret ensamt, "
        "när det året var ovanligt."))
    breaks: list[SeriesBreak] = Field(default_factory=list, description=(
        "Metodbyten i källan: diagrammen bryter linjen där, och en utveckling över ett "
        "brott som inte är jämförbart bedöms inte."))
    #: How the values come about, which decides how chance is judged (trygghet.analysis.trend).
    sampling: Literal["register", "kohort", "urval"] = Field(default="register", description=(
        "Hur värdena kommer till: register (hela befolkningen, t.ex. alla anmälda brott), "
        "kohort (en andel av en årskull, t.ex. elever i åk 9, där slumpen spelar roll när "
        "årskullen är liten) eller urval (en urvalsundersökning)."))
    #: Surveys that pool several survey years into one published value, as the source
    #: describes it (Kolada's description of the measure); empty: not known.
    pooling: list[Pooling] = Field(default_factory=list, description=(
        "För urvalsundersökningar: hur många undersökningsår som slås ihop i varje publicerat "
        "värde, enligt källans beskrivning, för vissa län eller (utan counties) för alla "
        "andra områden. Tom lista: okänt, och indikatorns sida säger att uppgift saknas."))

    @model_validator(mode="after")
    def _one_pooling_for_the_rest(self) -> IndicatorMeta:
        rest = [p for p in self.pooling if not p.counties]
        if len(rest) > 1:
            raise ValueError("pooling får ha högst en rad utan counties (den gäller alla andra "
                             "områden)")
        counties = [c for p in self.pooling for c in p.counties]
        if len(counties) != len(set(counties)):
            raise ValueError("ett län står på flera rader i pooling")
        return self

    def pooling_for(self, area_code: str) -> Pooling | None:
        """How many survey years a value of ``area_code`` pools, or None when not known."""
        found = next((p for p in self.pooling if p.applies_to(area_code)), None)
        return found or next((p for p in self.pooling if not p.counties), None)

    @property
    def kind(self) -> Literal["andel", "takt", "antal", "annat"]:
        """What kind of measure the values are, which decides how development is judged:
        a share in percent, a rate per N inhabitants, a count, or something else."""
        unit = self.unit.strip()
        if unit == "procent":
            return "andel"
        if RATE_UNIT.match(unit + " "):
            return "takt"
        if unit == "antal":
            return "antal"
        return "annat"

    @property
    def rate_per(self) -> int | None:
        """For a rate "antal per 100 000 invånare": 100000."""
        found = RATE_UNIT.match(self.unit.strip() + " ")
        return int(found.group(1).replace(" ", "")) if found else None

    def precision_at(self, year: int, series_id: str | None = None) -> float | None:
        """The rounding step of values published for ``year`` in a series (default: the
        main series), if the source rounds coarsely."""
        if series_id is None:
            series_id = self.main_series.id if self.main_series else None
        steps = [p for p in self.precision
                 if p.from_year <= year and (not p.series or series_id in p.series)]
        return max(steps, key=lambda p: p.from_year).step if steps else None

    def decimals_at(self, year: int, series_id: str | None = None) -> int:
        """Decimals to show for a value of ``year`` in a series (default: the main series):
        never more than the source publishes."""
        step = self.precision_at(year, series_id)
        if step is not None and step >= 1:
            return 0
        return self.decimals

    @property
    def main_series(self) -> Series | None:
        return next((s for s in self.series if s.main), None)

    @property
    def headline(self) -> str:
        """What the main series' values measure, as a heading: the main series' own
        ``measure`` when the indicator's measure names several series, else the measure."""
        main = self.main_series
        return main.measure if main and main.measure else self.measure

    @property
    def value_needs_its_measure(self) -> bool:
        """Whether a value shown next to the indicator's name must say what it measures:
        the figure measures the opposite of the name, or only one of the measures the name
        covers (the main series has a ``measure`` of its own)."""
        main = self.main_series
        return self.measures_opposite or bool(main and main.measure)

    @property
    def shown_as(self) -> str:
        """What the figure shown for the indicator measures, in a few words: the main
        series' label ("Saknar tillit till andra"), else the measure."""
        main = self.main_series
        return main.label if main else self.measure

    @property
    def own_series(self) -> list[Series]:
        """The series the city reports itself (``own_source: true``)."""
        return [s for s in self.series if s.own_source]

    @property
    def kolada_series(self) -> list[Series]:
        return [s for s in self.series if s.kolada_kpi]

    def series_label(self, series_id: str) -> str:
        return next((s.label for s in self.series if s.id == series_id), series_id)


class ValueRow(Row):
    """One row of a tidy indicator file, as read from CSV text. Its value must be plausible
    for the indicator's unit (``context["unit"]``, :func:`value_problem`), and a row from
    Kolada must name its area as the municipality register does."""

    key: ClassVar[tuple[str, ...]] = ("year", "series", "area_code", "sex")
    duplicate: ClassVar[str] = "samma år, serie, område och kön finns redan på rad {line}"

    year: int = Field(ge=1900, le=2100)
    series: str = Field(min_length=1)
    area_code: str = Field(pattern=r"^\d{4}$")
    area_name: str = Field(min_length=1)
    sex: Literal["T", "K", "M"]
    value: float | None
    source: str = Field(min_length=1)
    retrieved: dt.date

    @model_validator(mode="after")
    def _plausible(self, info: ValidationInfo) -> ValueRow:
        context = info.context if info.context is not None else {}
        wrong = self.value is not None and value_problem(self.value, context.get("unit"))
        if wrong:
            raise ColumnError("value", wrong)
        if self.source == KOLADA_SOURCE:
            registered_name(self.area_code, self.area_name, context)
        return self


CSV_COLUMNS = ValueRow.columns()


def meta_path(data_dir: Path, indicator_id: str) -> Path:
    return Path(data_dir) / "indicators" / f"{indicator_id}.yml"


def values_path(data_dir: Path, indicator_id: str) -> Path:
    return Path(data_dir) / "indicators" / f"{indicator_id}.csv"


def load_meta(data_dir: Path, indicator_id: str) -> IndicatorMeta:
    return load_model(meta_path(data_dir, indicator_id), IndicatorMeta)


# -- plausible values ------------------------------------------------------------------
#
# Every door that lets a value in (``trygghet validate`` and the build through
# read_values, the dump importer, the live Kolada client) asks value_problem().
# The limits, per unit in data/indicators/*.yml:
#
# - "procent": a share, 0–100.
# - "antal": a count, a whole number 0–100 000 000 (ten times Sweden's population).
# - "antal per N …" (e.g. "antal per 100 000 invånare"): a rate, 0–N, i.e. at most
#   one case per inhabitant; the highest in Kolada for our KPIs is about 17 500.
# - any other unit: a number between −10^12 and 10^12.
# Every value must be a real, finite number (not true/false, not text, not NaN/∞).

PERCENT_UNIT = "procent"
MAX_COUNT = 100_000_000
MAX_ANY = 10**12
_RATE_UNIT = re.compile(r"^antal per (\d[\d \u00a0]*)")


def _sv_number(value: float) -> str:
    if abs(value) >= 1e15:
        return repr(float(value))
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return text.replace(",", " ").replace(".", ",")


def value_range(unit: str | None) -> tuple[float, float]:
    """The plausible (lowest, highest) value of an indicator measured in ``unit``."""
    unit = (unit or "").strip()
    if unit == PERCENT_UNIT:
        return 0.0, 100.0
    if unit == COUNT_UNIT:
        return 0.0, float(MAX_COUNT)
    rate = _RATE_UNIT.match(unit)
    if rate:
        return 0.0, float(re.sub(r"\D", "", rate.group(1)))
    return float(-MAX_ANY), float(MAX_ANY)


def value_problem(value: object, unit: str | None) -> str | None:
    """Why ``value`` cannot be a value of an indicator measured in ``unit`` (Swedish,
    naming the value), or None when it is plausible. The one plausibility rule."""
    if isinstance(value, bool):
        return f"värdet {str(value).lower()} är ett sanningsvärde, inte ett tal"
    if not isinstance(value, int | float):
        return f"värdet {value!r} är inte ett tal"
    if not math.isfinite(value):
        return f"värdet {value!r} är inte ett ändligt tal"
    low, high = value_range(unit)
    if not low <= value <= high:
        what = f"ett värde i enheten {unit!r}" if unit else "ett värde"
        return (f"värdet {_sv_number(value)} är inte rimligt: {what} ska ligga mellan "
                f"{_sv_number(low)} och {_sv_number(high)}")
    if is_count(unit or "") and not float(value).is_integer():
        return (f"värdet {_sv_number(value)} är inte ett heltal: ett värde i enheten "
                f"{COUNT_UNIT!r} är ett antal och skrivs utan decimaler")
    return None


def read_values(path: Path, unit: str | None = None) -> pd.DataFrame:
    """Read and validate one tidy CSV; every bad cell is reported with row and column.

    Values are checked with :func:`value_problem` against ``unit`` (the indicator's
    unit; None checks only that they are real, finite and not absurdly large)."""
    rows = read_rows(path, ValueRow, {"unit": unit})
    frame = pd.DataFrame([row.model_dump() for _, row in rows], columns=CSV_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    return frame


def sort_rows(rows: pd.DataFrame, meta: IndicatorMeta) -> pd.DataFrame:
    """Tidy rows in file order: series as in the metadata, then area code, sex and year."""
    order = {s.id: i for i, s in enumerate(meta.series)}
    return rows.sort_values(
        ["series", "area_code", "sex", "year"],
        key=lambda col: col.map(lambda s: order.get(s, len(order))) if col.name == "series"
        else col, kind="stable")


def other_rows(path: Path, meta: IndicatorMeta, series_ids: set[str]) -> pd.DataFrame:
    """The rows of an existing tidy file that belong to series other than ``series_ids``:
    what one door (Kolada, the city's own sources) must keep when it rewrites the file."""
    if not Path(path).exists():
        return pd.DataFrame(columns=CSV_COLUMNS)
    rows = read_values(path, meta.unit)
    rows["retrieved"] = rows["retrieved"].astype(str)
    return rows[~rows["series"].isin(series_ids)].reset_index(drop=True)


COUNT_UNIT = "antal"


def is_count(unit: str) -> bool:
    """Whether values in ``unit`` are counts of people or cases, which may point at
    individuals when small. Only the unit "antal" is; rates ("antal per 100 000
    invånare") and shares ("procent") are not, whatever their size."""
    return unit.strip() == COUNT_UNIT


def suppress_small_counts(values: pd.DataFrame, unit: str, limit: int) -> pd.DataFrame:
    """A copy of ``values`` with a boolean ``suppressed`` column; for counts below
    ``limit`` the value is removed (NaN), so every table, chart and download built
    from the result shows ".." instead of the number."""
    out = values.copy()
    small = out["value"].notna() & (out["value"] < limit) if is_count(unit) else False
    out["suppressed"] = pd.Series(small, index=out.index, dtype=bool)
    out.loc[out["suppressed"], "value"] = float("nan")
    return out


#: A published value that today's data give differently (:meth:`Indicator.as_published`).
REVISION_COLUMNS = ["year", "series", "area_code", "area_name", "sex", "published", "current"]


@dataclass(frozen=True)
class Indicator:
    """An indicator's metadata together with its values (empty when none exist).

    ``values`` are the values as published in this book: small counts are
    already suppressed (``suppressed`` column). ``baseline_year`` is the last
    year before the plan period (see trygghet.analysis.trend)."""

    meta: IndicatorMeta
    values: pd.DataFrame
    baseline_year: int | None = None
    #: Inhabitants per area and year (area_code, year, value), for rates; None if unknown.
    population: pd.DataFrame | None = None
    #: Rates: every municipality's rate and inhabitants (year, area_code, value,
    #: population) from data/kommuner/, to estimate the year-to-year spread; else None.
    municipalities: pd.DataFrame | None = None
    #: For an edition rendered from its snapshot (:meth:`as_published`): the day it was
    #: published, and the values it showed that differ today (REVISION_COLUMNS).
    published_on: dt.date | None = None
    revisions: pd.DataFrame | None = None
    #: What is computed from this indicator's own data once and kept with it (the
    #: analysis's estimates, e.g. trend.dispersion_factor); never a module-level cache.
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    def as_published(self, published: pd.DataFrame, published_on: dt.date) -> Indicator:
        """This indicator with the values an edition showed when it was published (its
        snapshot's rows for the indicator: :mod:`trygghet.data.snapshots`) instead of
        today's, and in ``revisions`` each of those values that today's data give
        differently (``current`` NaN: no longer in the source, or now suppressed). The
        source and retrieval date of a value come from today's row with the same key."""
        key = ["series", "area_code", "sex", "year"]
        rows = published[[*key, "area_name", "value", "suppressed"]].astype(
            {"year": "int64", "value": "float64", "suppressed": bool})
        today = self.values.astype({"year": "int64"})
        values = rows.merge(today[[*key, "source", "retrieved"]], on=key, how="left")
        values["source"] = values["source"].fillna("")
        # A value no longer in today's file has no known retrieval date: None, never text.
        values["retrieved"] = values["retrieved"].astype(object).where(
            values["retrieved"].notna(), None)
        both = rows.merge(today[[*key, "value", "suppressed"]], on=key, how="left",
                          suffixes=("", "_today"))
        same = ((both["value"].isna() & both["value_today"].isna()
                 & (both["suppressed"] == both["suppressed_today"].fillna(False).astype(bool)))
                | ((both["value"] - both["value_today"]).abs() <= 1e-9))
        changed = both[~same]
        revisions = pd.DataFrame({
            "year": changed["year"], "series": changed["series"],
            "area_code": changed["area_code"], "area_name": changed["area_name"],
            "sex": changed["sex"], "published": changed["value"],
            "current": changed["value_today"]})[REVISION_COLUMNS].reset_index(drop=True)
        return dataclasses.replace(
            self, values=values[[*CSV_COLUMNS, "suppressed"]].reset_index(drop=True),
            published_on=published_on, revisions=revisions, derived={})

    @property
    def has_data(self) -> bool:
        if "suppressed" in self.values and self.values["suppressed"].any():
            return True
        return not self.values.dropna(subset=["value"]).empty

    def own_sources(self, until_year: int) -> list[str]:
        """The sources of the city's own values up to ``until_year``, as the unit gave them
        ("Liv & hälsa ung 2024 (Region Västmanland), egen uppgift från Örebro")."""
        own = {s.id for s in self.meta.own_series}
        rows = self.values[self.values["series"].isin(own) & (self.values["year"] <= until_year)]
        return sorted(set(rows["source"]))

    def series_values(
        self, series_id: str | None = None, area_code: str | None = None, sex: str = "T",
        until_year: int | None = None,
    ) -> pd.DataFrame:
        """Rows of one series (default: the main one), optionally one area, up to a year."""
        main = self.meta.main_series
        series_id = series_id or (main.id if main else None)
        df = self.values[(self.values["series"] == series_id) & (self.values["sex"] == sex)]
        if area_code is not None:
            df = df[df["area_code"] == area_code]
        if until_year is not None:
            df = df[df["year"] <= until_year]
        return df.dropna(subset=["value"]).sort_values(["area_code", "year"])

    def latest(
        self, area_code: str, until_year: int, series_id: str | None = None, sex: str = "T"
    ) -> tuple[int, float] | None:
        """The latest (year, value) at or before ``until_year``, or None."""
        df = self.series_values(series_id, area_code, sex, until_year)
        if df.empty:
            return None
        last = df.iloc[-1]
        return int(last["year"]), float(last["value"])


#: Population per area and year (Kolada N01951): the denominators behind rates per
#: 100 000, so a change in a rate can be judged against chance (trygghet.analysis.trend).
#: Same tidy columns as an indicator file; written by ``trygghet import-kolada``.
POPULATION_KPI = "N01951"
POPULATION_FILE = "befolkning.csv"


def population_path(data_dir: Path) -> Path:
    return Path(data_dir) / POPULATION_FILE


def read_population(data_dir: Path) -> pd.DataFrame | None:
    """Columns ``area_code, year, value`` (inhabitants), or None when the file is missing."""
    path = population_path(data_dir)
    if not path.exists():
        return None
    values = read_values(path)
    values = values[(values["series"] == POPULATION_KPI) & (values["sex"] == "T")]
    return values[["area_code", "year", "value"]].dropna().reset_index(drop=True)


def read_published_values(path: Path) -> pd.DataFrame:
    """Values from a data package's ``data/<id>.csv`` (the download format, UTF-8 with BOM,
    ".." where a value is suppressed) as the tidy columns plus ``suppressed``: exactly the
    values the book published, so an analysis of an unpacked package gives the same figures.
Text fields are read back as they were written (:func:`~trygghet.data.untrusted.text_from_csv`)."""
    raw = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for column in ("series", "area_code", "area_name", "sex", "source"):  # the text fields
        raw[column] = raw[column].map(text_from_csv)
    values = pd.DataFrame({
        "year": raw["year"].astype("int64"), "series": raw["series"],
        "area_code": raw["area_code"], "area_name": raw["area_name"], "sex": raw["sex"],
        "value": pd.to_numeric(raw["value"].replace({"..": None, "": None})).astype("float64"),
        "source": raw["source"], "retrieved": raw["retrieved"].map(dt.date.fromisoformat),
    }, columns=CSV_COLUMNS)
    values["suppressed"] = (raw["value"] == "..").to_numpy()
    return values


#: In an unpacked edition data package (``indikatorer-<år>.zip``) the values are here.
PACKAGE_DATA_DIR = "data"
PACKAGE_DESCRIPTOR = "datapackage.json"


def is_data_package(data_dir: Path) -> bool:
    """Whether ``data_dir`` is an unpacked edition data package rather than ``data/``."""
    return (Path(data_dir) / PACKAGE_DESCRIPTOR).is_file()


def load_indicator(data_dir: Path, indicator_id: str, *, settings: Settings | None = None,
                   document: PlanDocument | None = None,
                   population: pd.DataFrame | None = None) -> Indicator:
    """Metadata and values as the book publishes them: small counts suppressed
    (limit from settings.yml) and the baseline year taken from the plan period.

    ``data_dir`` is the project's ``data/`` or an unpacked edition data package (its values
    are already published, see :func:`read_published_values`). Settings, plan document and
    population may be passed in when already loaded (trygghet.data.project.Project)."""
    data_dir = Path(data_dir)
    meta = load_meta(data_dir, indicator_id)
    settings = settings or load_settings(data_dir)
    if is_data_package(data_dir):
        path = data_dir / PACKAGE_DATA_DIR / f"{indicator_id}.csv"
        values = (read_published_values(path) if path.exists()
                  else suppress_small_counts(pd.DataFrame(columns=CSV_COLUMNS), meta.unit, 1))
    else:
        path = values_path(data_dir, indicator_id)
        values = (read_values(path, meta.unit) if path.exists()
                  else pd.DataFrame(columns=CSV_COLUMNS))
        values["value"] = values["value"].astype("float64")
        values = suppress_small_counts(values, meta.unit, settings.suppress_counts_below)
    document = document or load_model(data_dir / "plan" / PLAN_FILE, PlanDocument)
    municipalities = None
    if meta.kind != "takt":
        population = None
    else:
        population = read_population(data_dir) if population is None else population
        municipalities = read_municipal_rates(data_dir, indicator_id)
    return Indicator(meta=meta, values=values, baseline_year=document.period.baseline_year,
                     population=population, municipalities=municipalities)


#: data/kommuner/befolkning.csv: every municipality's inhabitants (Kolada N01951), written
#: by ``trygghet import-kolada`` beside the indicators' files of every municipality.
MUNICIPAL_POPULATION = "befolkning"


def read_municipal_rates(data_dir: Path, indicator_id: str) -> pd.DataFrame | None:
    """Every municipality's rate with its inhabitants (columns year, area_code, value,
    population) from ``data/kommuner/``, or None when either file is missing."""
    rates, people = (national_path(data_dir, name)
                     for name in (indicator_id, MUNICIPAL_POPULATION))
    if not rates.is_file() or not people.is_file():
        return None
    population = read_national(people).rename(columns={"value": "population"})
    merged = read_national(rates).merge(population[["year", "area_code", "population"]],
                                        on=["year", "area_code"])
    return merged[["year", "area_code", "value", "population"]]
