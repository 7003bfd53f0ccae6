"""Development since the baseline: the one place for the rules and their thresholds.

The rules (documented for readers in chapters/om-data-och-metod.md):

1. **Baseline.** The baseline year is the last year before the plan period
   (2021 for a plan 2022–2024). The baseline value is the value for that year,
   or, when it has none, for the latest earlier year that has one. Where a single
   year is known to be unusual, the indicator's metadata asks for the mean of the
   years up to the baseline year instead (``baseline_average``: 2019–2021), with a reason.
2. **Latest value.** The latest value after the baseline year, up to and
   including the edition year.
3. **Change.** ``latest - baseline`` in the indicator's unit, computed from the
   unrounded values, and the same in percent of the baseline value.
4. **Judgement**, with the indicator's desired direction (``öka`` or ``minska``,
   of the figure shown), by the kind of measure:

   - **Shares (procent):** the change in percentage points against a threshold in
     points (:data:`DEFAULT_THRESHOLD_POINTS` or the indicator's
     ``threshold_points``). Where the source publishes whole percent, rounding can
     move the change by up to one step, so the change must pass the threshold by
     that much (the values are judged at the precision they are published in).
     Shares of a survey sample (``sampling: urval``) or of a cohort (``kohort``) vary by
     chance too, and no source here publishes the sample or cohort size (Kolada gives
     only the share): a change past the threshold is *Osäker förändring*, never clear.
   - **Rates per N inhabitants and counts:** the counts behind a rate are derived
     from rate × population / N (Kolada N01951). The change is judged with an exact
     95 % interval for the rate ratio (conditional binomial, Clopper–Pearson). If the
     interval covers 1 (no change), the change cannot be told from chance: *Ingen
     tydlig förändring*, whatever its size. A change must also reach the threshold
     in percent (:data:`DEFAULT_THRESHOLD_PERCENT` or ``threshold``). Without
     population figures, only the threshold in percent is used, and the page says so.
   - **Other units:** the threshold in percent of the baseline value.

   A clear change in the desired direction is *Positiv utveckling*; against it,
   *Negativ utveckling*; otherwise *Ingen tydlig förändring*. Where the metadata says
   a change cannot be read as better or worse alone (``ambiguous_direction``, e.g.
   reported drug crime, which rises with police work), a clear change is *Ökning* or
   *Minskning*: what happened, not whether it is good.
5. **Missing and not comparable.** No baseline value, no value after the baseline
   year, or (for sources that repeat the latest measurement, like valdeltagande) no
   new measurement since the baseline: *Uppgift saknas*. A comparison that crosses
   a series break in the source that makes the values not comparable (``breaks`` in
   the metadata): *Går inte att bedöma*.

Values suppressed as small counts are missing values here too, so a
judgement never reveals a suppressed figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd
from scipy.stats import binomtest

from trygghet.data.indicators import Indicator, SeriesBreak
from trygghet.data.plan import Period

#: A change smaller than this, in percent of the baseline value, is "Ingen tydlig förändring".
DEFAULT_THRESHOLD_PERCENT = 5.0
#: For shares: a change smaller than this many percentage points is "Ingen tydlig förändring".
DEFAULT_THRESHOLD_POINTS = 2.0
#: Confidence level of the interval for rates and counts.
CONFIDENCE = 0.95

POSITIVE = "Positiv utveckling"
NO_CLEAR_CHANGE = "Ingen tydlig förändring"
NEGATIVE = "Negativ utveckling"
MISSING = "Uppgift saknas"
NOT_COMPARABLE = "Går inte att bedöma"
#: For an indicator whose direction is ambiguous (``ambiguous_direction`` in its metadata:
#: more reported drug crime can mean more drug use or more police work): what happened.
INCREASE = "Ökning"
DECREASE = "Minskning"
#: A change past the threshold that chance could explain, and the source does not say
#: how large chance is (survey sample sizes, cohort sizes): never called clear.
UNCERTAIN = "Osäker förändring"

#: Text symbols, always shown together with the label (never colour alone).
#: They say whether the development goes the way the plan wants, not whether
#: the figure rises or falls: a falling crime rate is "+ Positiv utveckling".
SYMBOLS = {POSITIVE: "+", NO_CLEAR_CHANGE: "≈", NEGATIVE: "−", INCREASE: "↑", DECREASE: "↓",
           UNCERTAIN: "±", NOT_COMPARABLE: "?", MISSING: ".."}
#: Stable keys, e.g. for CSS classes and data files.
KEYS = {POSITIVE: "positiv", NO_CLEAR_CHANGE: "ingen-tydlig", NEGATIVE: "negativ",
        INCREASE: "okning", DECREASE: "minskning", UNCERTAIN: "osaker",
        NOT_COMPARABLE: "ej-jamforbar", MISSING: "saknas"}
LABELS = [POSITIVE, NO_CLEAR_CHANGE, NEGATIVE, INCREASE, DECREASE, UNCERTAIN, NOT_COMPARABLE,
          MISSING]

#: The rule that judged a development (``Development.rule``, column ``rule`` of
#: utveckling.csv), as a stable key with its Swedish description.
RULES = {
    "andel-procentenheter": "andel: förändringen i procentenheter mot gränsen",
    "andel-kohort-okand": ("andel av en årskull vars storlek inte publiceras: en förändring "
                           "över gränsen är osäker"),
    "urval-utan-urvalsstorlek": ("urvalsundersökning utan publicerad urvalsstorlek eller "
                                 "felmarginal: en förändring över gränsen är osäker"),
    "takt-kvasi-poisson": ("takt eller antal: 95 % intervall för kvoten, vidgat med "
                           "spridningsfaktorn mellan åren (kvasi-Poisson)"),
    "takt-poisson": "takt eller antal: 95 % intervall för kvoten (Poisson)",
    "procent-av-utgangsvardet": "förändringen i procent av utgångsvärdet mot gränsen",
}


def baseline_year_for(plan_start: int) -> int:
    """The baseline year: the last year before the plan period (see ``Period.baseline_year``)."""
    return Period(start=plan_start, end=plan_start).baseline_year


def threshold_of(indicator: Indicator) -> float:
    """The indicator's threshold: percentage points for shares, else percent of the baseline."""
    meta = indicator.meta
    if meta.kind == "andel":
        return meta.threshold_points or DEFAULT_THRESHOLD_POINTS
    return meta.threshold or DEFAULT_THRESHOLD_PERCENT


def _towards(change: float, direction: str) -> str:
    wanted_up = direction == "öka"
    return POSITIVE if (change > 0) == wanted_up else NEGATIVE


def classify(baseline: float, latest: float, direction: str, threshold_percent: float) -> str:
    """Classify a change by the threshold in percent of the baseline value (other units)."""
    change = latest - baseline
    if baseline != 0:
        if abs(change) / abs(baseline) * 100 < threshold_percent - 1e-9:
            return NO_CLEAR_CHANGE
    elif change == 0:
        return NO_CLEAR_CHANGE
    return _towards(change, direction)


def classify_share(baseline: float, latest: float, direction: str, threshold_points: float,
                   precision: float = 0.0) -> str:
    """Classify a change in a share by percentage points. ``precision`` is the rounding
    step the source publishes in (1 for whole percent): the change must pass the
    threshold by that much, since rounding may have moved it by up to one step."""
    change = latest - baseline
    if abs(change) - precision < threshold_points - 1e-9:
        return NO_CLEAR_CHANGE
    return _towards(change, direction)


def rate_ratio_interval(count_before: float, exposure_before: float, count_after: float,
                        exposure_after: float, level: float = CONFIDENCE) -> tuple[float, float]:
    """Exact interval for the ratio of two Poisson rates (after / before).

    Given the total, the count after is binomial with p = r·E₂ / (E₁ + r·E₂); the
    Clopper–Pearson interval for p gives the interval for r = p/(1−p) · E₁/E₂."""
    n = round(count_before) + round(count_after)
    k = round(count_after)
    if n == 0:
        return 0.0, math.inf
    ci = binomtest(k, n).proportion_ci(confidence_level=level, method="exact")
    odds = exposure_before / exposure_after

    def ratio(p: float) -> float:
        return math.inf if p >= 1 else p / (1 - p) * odds

    return ratio(ci.low), ratio(ci.high)


def widen_interval(ratio: float, interval: tuple[float, float], dispersion: float
                   ) -> tuple[float, float]:
    """Quasi-Poisson: the interval's distances from ``ratio`` on the log scale times
    √``dispersion`` (a factor of 1 leaves it unchanged)."""
    low, high = interval
    if not (0 < ratio < math.inf) or dispersion <= 1:
        return interval
    scale = math.sqrt(dispersion)
    return (ratio * (low / ratio) ** scale if low > 0 else 0.0,
            ratio * (high / ratio) ** scale if high < math.inf else math.inf)


def dispersion_factor(indicator: Indicator, until_year: int | None = None) -> float | None:
    """:func:`estimate_dispersion` of a rate indicator's municipalities (``data/kommuner/``)
    from the years up to ``until_year`` (an edition's verdicts use only what was known
    then), estimated once per loaded indicator and kept with it; None without them."""
    municipalities = indicator.municipalities
    if municipalities is None:
        return None
    per = float(indicator.meta.rate_per or 1)
    key = ("dispersion", per, until_year)
    if key not in indicator.derived:
        known = (municipalities if until_year is None
                 else municipalities[municipalities["year"] <= until_year])
        indicator.derived[key] = estimate_dispersion(known, per)
    return indicator.derived[key]


def estimate_dispersion(municipalities: pd.DataFrame, per: float) -> float | None:
    """How many times more rates vary from one year to the next than Poisson assumes.

    For every municipality and pair of consecutive years, the count the next year given
    both years' total is binomial under Poisson, around the pair of years' common ratio
    for all municipalities. The factor is Pearson's chi-square over its degrees of
    freedom (at least 1). ``municipalities``: columns year, area_code, value (rate per
    ``per`` inhabitants) and population. None when there are too few pairs."""
    df = municipalities.dropna(subset=["value", "population"])
    df = df.assign(count=df["value"] * df["population"] / per)
    nxt = df.assign(year=df["year"] - 1)
    pairs = df.merge(nxt, on=["year", "area_code"], suffixes=("_1", "_2"))
    pairs = pairs[(pairs["count_1"] + pairs["count_2"]) > 0]
    if len(pairs) < 10:
        return None
    totals = pairs.groupby("year")[["count_1", "count_2", "population_1", "population_2"]].sum()
    common = ((totals["count_2"] / totals["population_2"])
              / (totals["count_1"] / totals["population_1"])).rename("common")
    pairs = pairs.join(common, on="year")
    n = pairs["count_1"] + pairs["count_2"]
    exposure_2 = pairs["common"] * pairs["population_2"]
    p = exposure_2 / (pairs["population_1"] + exposure_2)
    chi_square = ((pairs["count_2"] - n * p) ** 2 / (n * p * (1 - p))).sum()
    degrees = len(pairs) - len(totals)
    return max(1.0, float(chi_square / degrees))


def classify_rate(baseline: float, latest: float, interval: tuple[float, float],
                  direction: str, threshold_percent: float) -> str:
    """Classify a change in a rate or count: clear only when the interval for the rate
    ratio excludes 1 and the change reaches the threshold in percent."""
    low, high = interval
    if low <= 1.0 <= high:
        return NO_CLEAR_CHANGE
    return classify(baseline, latest, direction, threshold_percent)


@dataclass(frozen=True)
class Development:
    """An indicator's development since the baseline for one area and edition."""

    label: str
    baseline_year: int  # the year the rule asks for (the year before the plan)
    threshold: float  # percentage points for shares, else percent of the baseline value
    direction: str  # "öka" or "minska", of the figure shown
    baseline: tuple[int, float] | None = None
    latest: tuple[int, float] | None = None
    #: For sources that repeat the latest measurement (valdeltagande): the year
    #: each value was actually measured, e.g. baseline 2021 → the 2018 election.
    baseline_measured: int | None = None
    latest_measured: int | None = None
    #: Why the label is "Uppgift saknas" or "Går inte att bedöma" (a Swedish clause), else None.
    reason: str | None = None
    #: "andel", "takt", "antal" or "annat": which rule judged it (see the module's docstring).
    kind: str = "annat"
    #: First and last year of an averaged baseline (e.g. 2019–2021), else None.
    baseline_span: tuple[int, int] | None = None
    #: Rates and counts: the derived counts behind baseline and latest value.
    counts: tuple[float, float] | None = None
    #: Rates and counts: the 95 % interval of the rate ratio latest / baseline.
    interval: tuple[float, float] | None = None
    #: The rounding step the source publishes in, when it entered the judgement.
    precision: float | None = None
    #: The series break the comparison crosses, if any.
    series_break: SeriesBreak | None = None
    #: A Swedish note on how it was judged when the usual rule could not be applied.
    method_note: str | None = None
    #: Why a clear change cannot be read as better or worse alone (the metadata's
    #: ``ambiguous_direction``); the label is then "Ökning" or "Minskning".
    ambiguous: str | None = None
    #: The key of the rule that judged it (:data:`RULES`), None when it was not judged.
    rule: str | None = None
    #: Rates: the dispersion factor the interval was widened by (1 = Poisson).
    dispersion: float | None = None

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.label]

    @property
    def key(self) -> str:
        return KEYS[self.label]

    @property
    def text(self) -> str:
        """Symbol and label together, never broken apart: "+\u00a0Positiv utveckling"."""
        return f"{self.symbol}\u00a0{self.label}"

    @property
    def change(self) -> float | None:
        """Latest minus baseline, in the indicator's unit (percentage points for shares)."""
        if self.baseline is None or self.latest is None:
            return None
        return self.latest[1] - self.baseline[1]

    @property
    def change_percent(self) -> float | None:
        """The change in percent of the baseline value (None if the baseline is 0)."""
        if self.change is None or self.baseline[1] == 0:
            return None
        return self.change / abs(self.baseline[1]) * 100

    @property
    def rate_ratio(self) -> float | None:
        if self.baseline is None or self.latest is None or self.baseline[1] == 0:
            return None
        return self.latest[1] / self.baseline[1]

    @property
    def baseline_label(self) -> str:
        """The baseline as readers see it: "2021" or "medel 2019–2021"."""
        if self.baseline_span:
            return f"medel {self.baseline_span[0]}–{self.baseline_span[1]}"
        return str(self.baseline[0]) if self.baseline else str(self.baseline_year)


def _latest_at_or_before(df: pd.DataFrame, year: int) -> tuple[int, float] | None:
    rows = df[df["year"] <= year]
    if rows.empty:
        return None
    last = rows.iloc[-1]
    return int(last["year"]), float(last["value"])


def _population(indicator: Indicator, area_code: str, years: list[int]) -> list[float] | None:
    pop = indicator.population
    if pop is None:
        return None
    rows = pop[pop["area_code"] == area_code].set_index("year")["value"]
    if not all(y in rows.index for y in years):
        return None
    return [float(rows[y]) for y in years]


def _rate_judgement(indicator: Indicator, area_code: str, baseline_years: list[int],
                    baseline_values: list[float], latest: tuple[int, float], threshold: float,
                    edition_year: int) -> dict:
    """Counts, interval and label for a rate or count (rule 4, rates and counts)."""
    meta = indicator.meta
    if meta.kind == "antal":
        exposures_before, exposure_after = [1.0] * len(baseline_years), 1.0
        per = 1.0
    else:
        pops = _population(indicator, area_code, [*baseline_years, latest[0]])
        if pops is None:
            return {"method_note": "befolkningsuppgifter saknas, så bara gränsen i procent har "
                                   "använts, utan osäkerhetsintervall",
                    "rule": "procent-av-utgangsvardet"}
        exposures_before, exposure_after = pops[:-1], pops[-1]
        per = float(meta.rate_per or 1)
    count_before = sum(v * e / per for v, e in zip(baseline_values, exposures_before, strict=True))
    count_after = latest[1] * exposure_after / per
    interval = rate_ratio_interval(count_before, sum(exposures_before), count_after,
                                   exposure_after)
    phi = dispersion_factor(indicator, edition_year) if meta.kind == "takt" else None
    if phi is not None and count_before > 0:
        ratio = (count_after / exposure_after) / (count_before / sum(exposures_before))
        interval = widen_interval(ratio, interval, phi)
    baseline_value = sum(baseline_values) / len(baseline_values)
    label = classify_rate(baseline_value, latest[1], interval, meta.direction, threshold)
    return {"label": label, "counts": (count_before / len(baseline_years), count_after),
            "interval": interval, "dispersion": phi if phi is not None else 1.0,
            "rule": "takt-kvasi-poisson" if phi is not None else "takt-poisson",
            **({} if phi is not None else {"method_note": (
                "Spridningen mellan åren kunde inte skattas, eftersom uppgifter för alla "
                "kommuner saknas. Intervallet förutsätter därför Poissonfördelning och kan vara "
                "för smalt.")})}


def development(
    indicator: Indicator, area_code: str, edition_year: int, *,
    baseline_year: int | None = None, series_id: str | None = None, sex: str = "T",
    break_areas: list[str] | None = None,
) -> Development:
    """The development since the baseline of ``indicator`` (its main series by
    default) for ``area_code`` as known in ``edition_year``. ``break_areas`` are the
    municipalities whose changes of method concern the values (default: ``area_code``;
    for a group's mean, its members: a member's change of method moves the mean).

    For an indicator whose direction is ambiguous, a clear change is "Ökning" or
    "Minskning" instead of "Positiv" or "Negativ utveckling" (rule 4)."""
    found = _development(indicator, area_code, edition_year, baseline_year=baseline_year,
                         series_id=series_id, sex=sex, break_areas=break_areas)
    reason = indicator.meta.ambiguous_direction
    if not reason:
        return found
    if found.label in (POSITIVE, NEGATIVE):
        return replace(found, label=INCREASE if found.change > 0 else DECREASE,
                       ambiguous=reason)
    return replace(found, ambiguous=reason)


def _development(
    indicator: Indicator, area_code: str, edition_year: int, *,
    baseline_year: int | None, series_id: str | None, sex: str,
    break_areas: list[str] | None,
) -> Development:
    base_year = baseline_year if baseline_year is not None else indicator.baseline_year
    if base_year is None:
        raise ValueError("baseline_year saknas: ange det eller läs indikatorn med load_indicator")
    meta = indicator.meta
    threshold = threshold_of(indicator)
    common = {"baseline_year": base_year, "threshold": threshold, "direction": meta.direction,
              "kind": meta.kind}
    df = indicator.series_values(series_id, area_code, sex, edition_year) \
        if not indicator.values.empty else indicator.values
    average = meta.baseline_average
    span = (base_year - average.years + 1, base_year) if average else None
    if span:
        window = df[(df["year"] >= span[0]) & (df["year"] <= span[1])] if not df.empty else df
        complete = len(window) == average.years
        baseline = (base_year, float(window["value"].mean())) if complete else None
        baseline_years = window["year"].astype(int).tolist()
        baseline_values = window["value"].astype(float).tolist()
        common["baseline_span"] = span
    else:
        baseline = _latest_at_or_before(df, base_year) if not df.empty else None
        baseline_years = [baseline[0]] if baseline else []
        baseline_values = [baseline[1]] if baseline else []
    after = df[df["year"] > base_year] if not df.empty else df
    latest = _latest_at_or_before(after, edition_year) if not after.empty else None
    cycle = meta.measurement_cycle
    measured = {}
    if cycle:
        measured = {
            "baseline_measured": cycle.measured_year(baseline[0]) if baseline else None,
            "latest_measured": cycle.measured_year(latest[0]) if latest else None,
        }
    if baseline is None:
        missing = (f"det saknas värden för något av åren {span[0]}–{span[1]}" if span
                   else f"det finns inget värde för {base_year} eller tidigare")
        return Development(MISSING, **common, latest=latest, **measured, reason=missing)
    if latest is None:
        return Development(MISSING, **common, baseline=baseline, **measured,
                           reason=f"det finns inget värde efter {base_year} till och med "
                                  f"{edition_year}")
    if cycle and measured["latest_measured"] == measured["baseline_measured"]:
        return Development(MISSING, **common, baseline=baseline, latest=latest, **measured,
                           reason=f"det har inte kommit någon ny siffra sedan "
                                  f"{cycle.name} {measured['baseline_measured']}")
    found = dict(common, baseline=baseline, latest=latest, **measured)
    first = (measured.get("baseline_measured") or baseline_years[0])
    areas = [area_code] if break_areas is None else list(break_areas)
    crossed = next((b for b in meta.breaks
                    if any(b.applies_to(a) for a in areas) and first < b.year <= latest[0]),
                   None)
    if crossed is not None:
        found["series_break"] = crossed
        if not crossed.comparable:
            return Development(NOT_COMPARABLE, **found,
                               reason=f"källan ändrade sin metod {crossed.year}, så värdena "
                                      f"före och efter går inte att jämföra")
    if meta.kind == "andel":
        years = [*baseline_years, latest[0]]
        steps = [meta.precision_at(y) for y in years]
        precision = max((p for p in steps if p), default=0.0)
        label = classify_share(baseline[1], latest[1], meta.direction, threshold, precision)
        found["precision"] = precision or None
        if meta.sampling == "register" or label == NO_CLEAR_CHANGE:
            rule = {"register": "andel-procentenheter", "kohort": "andel-kohort-okand",
                    "urval": "urval-utan-urvalsstorlek"}[meta.sampling]
            return Development(label, **found, rule=rule)
        return Development(UNCERTAIN, **found, **uncertain_share(meta.sampling))
    if meta.kind in ("takt", "antal"):
        judged = _rate_judgement(indicator, area_code, baseline_years, baseline_values, latest,
                                 threshold, edition_year)
        label = judged.pop("label", None) or classify(baseline[1], latest[1], meta.direction,
                                                      threshold)
        return Development(label, **found, **judged)
    return Development(classify(baseline[1], latest[1], meta.direction, threshold), **found,
                       rule="procent-av-utgangsvardet")


def uncertain_share(sampling: str) -> dict:
    """Rule and note for a share whose change passes the threshold but whose chance
    variation the source does not publish (survey sample sizes, cohort sizes)."""
    if sampling == "urval":
        return {"rule": "urval-utan-urvalsstorlek",
                "method_note": "Värdet kommer från en urvalsundersökning, och källan publicerar "
                               "inte hur många som svarade eller någon felmarginal. Därför går "
                               "det inte att säga om förändringen är större än slumpen, och den "
                               "kallas osäker i stället för tydlig."}
    return {"rule": "andel-kohort-okand",
            "method_note": "Andelen gäller en årskull elever, och källan publicerar inte hur stor "
                           "årskullen är. Därför går det inte att säga om förändringen är större "
                           "än skillnaderna mellan årskullar brukar vara, och den kallas osäker "
                           "i stället för tydlig."}


# -- comparisons ----------------------------------------------------------------------


def group_mean(
    indicator: Indicator, members: list[str], series_id: str | None = None, sex: str = "T",
    until_year: int | None = None,
) -> pd.DataFrame:
    """The comparison group's unweighted mean per year (columns year, value, n).

    A year has a mean only when every member has a value that year, so that the
    mean always covers the same municipalities. This is the project's own
    computation ("Egen bearbetning av data från Kolada")."""
    # One selection of the series for every member (not one per member), in the members'
    # order, so that the mean adds the values up in the same order.
    order = {code: i for i, code in enumerate(dict.fromkeys(members))}
    rows = indicator.series_values(series_id, None, sex, until_year)
    rows = rows[rows["area_code"].isin(order)]
    rows = rows.iloc[rows["area_code"].map(order).argsort(kind="stable")]
    years = [set(y.astype(int)) for _, y in rows.groupby("area_code", sort=False)["year"]]
    if len(years) < len(order) or not members:
        complete_years: set[int] = set()
    else:
        complete_years = set.intersection(*years)
    if not complete_years:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "value": pd.Series(dtype="float64"),
                             "n": pd.Series(dtype="int64")})
    rows = rows[rows["year"].isin(complete_years)]
    mean = rows.groupby("year")["value"].agg(["mean", "count"]).reset_index()
    mean.columns = ["year", "value", "n"]
    mean["year"] = mean["year"].astype("int64")
    mean["value"] = mean["value"].astype("float64")
    return mean.sort_values("year").reset_index(drop=True)


def is_finite(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


__all__ = [
    "DECREASE", "DEFAULT_THRESHOLD_PERCENT", "DEFAULT_THRESHOLD_POINTS", "INCREASE", "LABELS",
    "MISSING", "NEGATIVE", "NOT_COMPARABLE", "NO_CLEAR_CHANGE", "POSITIVE", "RULES", "SYMBOLS",
    "UNCERTAIN", "Development", "baseline_year_for", "classify", "classify_rate",
    "classify_share", "development", "dispersion_factor",
    "estimate_dispersion", "group_mean", "rate_ratio_interval", "threshold_of",
    "widen_interval",
]
