"""Development since the baseline: the one place for the rule and its threshold.

The rule (documented for readers in chapters/om-data-och-metod.md):

1. **Baseline.** The baseline year is the last year before the plan period
   (2021 for a plan 2022–2024). The baseline value is the value for that year,
   or, when it has none, for the latest earlier year that has one.
2. **Latest value.** The latest value after the baseline year, up to and
   including the edition year.
3. **Change.** ``latest - baseline`` in the indicator's unit, and the same in
   percent of the baseline value.
4. **Classification**, with the indicator's desired direction (``öka`` or
   ``minska``, of the figure shown):

   - the change is smaller than the threshold (default
     :data:`DEFAULT_THRESHOLD_PERCENT` percent of the baseline value, or the
     indicator's own ``threshold``): *Ingen tydlig förändring*;
   - otherwise, a change in the desired direction: *Positiv utveckling*;
     against it: *Negativ utveckling*;
   - no baseline value, no value after the baseline year, or (for sources that
     repeat the latest measurement, like valdeltagande) no new measurement since
     the baseline: *Uppgift saknas*.

Values suppressed as small counts are missing values here too, so a
classification never reveals a suppressed figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from trygghet.data.indicators import Indicator
from trygghet.data.plan import Period

#: A change smaller than this, in percent of the baseline value, is "Ingen tydlig förändring".
DEFAULT_THRESHOLD_PERCENT = 5.0

POSITIVE = "Positiv utveckling"
NO_CLEAR_CHANGE = "Ingen tydlig förändring"
NEGATIVE = "Negativ utveckling"
MISSING = "Uppgift saknas"

#: Text symbols, always shown together with the label (never colour alone).
#: They say whether the development goes the way the plan wants, not whether
#: the figure rises or falls: a falling crime rate is "+ Positiv utveckling".
SYMBOLS = {POSITIVE: "+", NO_CLEAR_CHANGE: "≈", NEGATIVE: "−", MISSING: ".."}
#: Stable keys, e.g. for CSS classes and data files.
KEYS = {POSITIVE: "positiv", NO_CLEAR_CHANGE: "ingen-tydlig", NEGATIVE: "negativ",
        MISSING: "saknas"}
LABELS = [POSITIVE, NO_CLEAR_CHANGE, NEGATIVE, MISSING]


def baseline_year_for(plan_start: int) -> int:
    """The baseline year: the last year before the plan period (see ``Period.baseline_year``)."""
    return Period(start=plan_start, end=plan_start).baseline_year


def threshold_of(indicator: Indicator) -> float:
    """The indicator's threshold in percent of the baseline value."""
    return indicator.meta.threshold or DEFAULT_THRESHOLD_PERCENT


def classify(baseline: float, latest: float, direction: str, threshold_percent: float) -> str:
    """Classify a change from ``baseline`` to ``latest`` (rule step 4)."""
    change = latest - baseline
    if baseline != 0:
        if abs(change) / abs(baseline) * 100 < threshold_percent - 1e-9:
            return NO_CLEAR_CHANGE
    elif change == 0:
        return NO_CLEAR_CHANGE
    wanted_up = direction == "öka"
    return POSITIVE if (change > 0) == wanted_up else NEGATIVE


@dataclass(frozen=True)
class Development:
    """An indicator's development since the baseline for one area and edition."""

    label: str
    baseline_year: int  # the year the rule asks for (the year before the plan)
    threshold: float  # percent of the baseline value
    direction: str  # "öka" or "minska", of the figure shown
    baseline: tuple[int, float] | None = None
    latest: tuple[int, float] | None = None
    #: For sources that repeat the latest measurement (valdeltagande): the year
    #: each value was actually measured, e.g. baseline 2021 → the 2018 election.
    baseline_measured: int | None = None
    latest_measured: int | None = None
    #: Why the label is "Uppgift saknas" (a Swedish clause), else None.
    reason: str | None = None

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
        """Latest minus baseline, in the indicator's unit."""
        if self.baseline is None or self.latest is None:
            return None
        return self.latest[1] - self.baseline[1]

    @property
    def change_percent(self) -> float | None:
        """The change in percent of the baseline value (None if the baseline is 0)."""
        if self.change is None or self.baseline[1] == 0:
            return None
        return self.change / abs(self.baseline[1]) * 100


def _latest_at_or_before(df: pd.DataFrame, year: int) -> tuple[int, float] | None:
    rows = df[df["year"] <= year]
    if rows.empty:
        return None
    last = rows.iloc[-1]
    return int(last["year"]), float(last["value"])


def development(
    indicator: Indicator, area_code: str, edition_year: int, *,
    baseline_year: int | None = None, series_id: str | None = None, sex: str = "T",
) -> Development:
    """The development since the baseline of ``indicator`` (its main series by
    default) for ``area_code`` as known in ``edition_year``."""
    base_year = baseline_year if baseline_year is not None else indicator.baseline_year
    if base_year is None:
        raise ValueError("baseline_year saknas: ange det eller läs indikatorn med load_indicator")
    meta = indicator.meta
    common = {"baseline_year": base_year, "threshold": threshold_of(indicator),
              "direction": meta.direction}
    df = indicator.series_values(series_id, area_code, sex, edition_year) \
        if not indicator.values.empty else indicator.values
    baseline = _latest_at_or_before(df, base_year) if not df.empty else None
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
        return Development(MISSING, **common, latest=latest, **measured,
                           reason=f"det finns inget värde för {base_year} eller tidigare")
    if latest is None:
        return Development(MISSING, **common, baseline=baseline, **measured,
                           reason=f"det finns inget värde efter {base_year} till och med "
                                  f"{edition_year}")
    if cycle and measured["latest_measured"] == measured["baseline_measured"]:
        return Development(MISSING, **common, baseline=baseline, latest=latest, **measured,
                           reason=f"det har inte kommit någon ny siffra sedan "
                                  f"{cycle.name} {measured['baseline_measured']}")
    label = classify(baseline[1], latest[1], meta.direction, common["threshold"])
    return Development(label, **common, baseline=baseline, latest=latest, **measured)


# -- comparisons ----------------------------------------------------------------------


def group_mean(
    indicator: Indicator, members: list[str], series_id: str | None = None, sex: str = "T",
    until_year: int | None = None,
) -> pd.DataFrame:
    """The comparison group's unweighted mean per year (columns year, value, n).

    A year has a mean only when every member has a value that year, so that the
    mean always covers the same municipalities. This is the project's own
    computation ("Egen bearbetning av data från Kolada")."""
    frames = [indicator.series_values(series_id, code, sex, until_year) for code in members]
    frames = [f for f in frames if not f.empty]
    if len(frames) < len(members) or not members:
        complete_years: set[int] = set()
    else:
        complete_years = set.intersection(*(set(f["year"].astype(int)) for f in frames))
    if not complete_years:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "value": pd.Series(dtype="float64"),
                             "n": pd.Series(dtype="int64")})
    rows = pd.concat(frames)
    rows = rows[rows["year"].isin(complete_years)]
    mean = rows.groupby("year")["value"].agg(["mean", "count"]).reset_index()
    mean.columns = ["year", "value", "n"]
    mean["year"] = mean["year"].astype("int64")
    mean["value"] = mean["value"].astype("float64")
    return mean.sort_values("year").reset_index(drop=True)


def is_finite(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


__all__ = [
    "DEFAULT_THRESHOLD_PERCENT", "LABELS", "MISSING", "NEGATIVE", "NO_CLEAR_CHANGE", "POSITIVE",
    "SYMBOLS", "Development", "baseline_year_for", "classify", "development", "group_mean",
    "threshold_of",
]
