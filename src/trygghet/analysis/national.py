"""Where a municipality stands among all of Sweden's municipalities.

The rule (explained for readers in chapters/om-data-och-metod.md):

1. **Who is ranked.** Every municipality with a value for the indicator that
   year. Riket and regions are not ranked. Values are compared as published
   (rates per 100 000 invånare, percentages).
2. **Rank.** Place 1 is the best value according to the indicator's desired
   direction *of the figure shown* (``direction`` in ``<id>.yml``: ``minska``
   means the lowest value is best). For indicators that measure the opposite of
   the plan's wording (``measures_opposite``), ``direction`` already refers to
   the figure shown, so it is not turned round again. Equal values share the
   best of their places ("1, 2, 2, 4").
3. **Percentile.** The share of the *other* ranked municipalities whose value is
   worse, in percent: 100 is better than every other municipality, 0 better than
   none. Municipalities with the same value count as neither better nor worse.
4. **Movement since the baseline.** The position in the baseline year (the last
   year before the plan period, or, if the municipality has no value then, the
   latest earlier year with one) against the latest year after the baseline year
   up to the edition year. Ranks from years with different numbers of ranked
   municipalities are not directly comparable; the percentile is. No movement is
   given across a change of method in the source (``breaks`` in the metadata, not
   ``comparable``) between the two years, whichever municipalities it concerns: the
   position is relative to the others, so their change of method moves it too.
"""

from __future__ import annotations

import pandas as pd

#: Columns added by :func:`positions`.
POSITION_COLUMNS = ["rank", "n", "worse", "percentile"]
MOVEMENT_COLUMNS = [
    "indicator", "baseline_year", "baseline_rank", "baseline_n", "baseline_percentile",
    "baseline_value", "latest_year", "latest_rank", "latest_n", "latest_percentile",
    "latest_value", "rank_change", "percentile_change", "reason",
]


def _directions(indicators: pd.DataFrame) -> dict[str, str]:
    return dict(zip(indicators["id"], indicators["direction"], strict=True))


def positions(values: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Every municipality's rank, the number ranked, how many are worse and the
    percentile, per indicator and year (see the rule in the module docstring).

    ``values``: columns indicator, year, area_code, area_name, value (one row per
    municipality; rows without a value are not ranked). ``indicators``: columns
    id and direction ("öka" or "minska")."""
    direction = _directions(indicators)
    unknown = sorted(set(values["indicator"]) - set(direction))
    if unknown:
        raise ValueError(f"Riktning saknas för indikatorn {', '.join(unknown)}")
    ranked = values.dropna(subset=["value"]).copy()
    # Rank on "badness": for "öka" a higher value is better, so rank the negated value.
    sign = ranked["indicator"].map(lambda i: 1.0 if direction[i] == "minska" else -1.0)
    score = ranked["value"] * sign
    groups = score.groupby([ranked["indicator"], ranked["year"]])
    ranked["rank"] = groups.rank(method="min").astype("int64")
    ranked["n"] = groups.transform("count").astype("int64")
    ranked["worse"] = (ranked["n"] - groups.rank(method="max")).astype("int64")
    others = ranked["n"] - 1
    ranked["percentile"] = (ranked["worse"] / others.where(others > 0) * 100).astype("float64")
    return ranked.sort_values(["indicator", "year", "rank", "area_code"],
                              kind="stable").reset_index(drop=True)


def position_of(ranks: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """One municipality's rows of :func:`positions`, by indicator and year."""
    return ranks[ranks["area_code"] == area_code].sort_values(["indicator", "year"])


def _crossed_break(breaks, first: int, last: int):
    """The first change of method (a SeriesBreak) between two years, or None."""
    return next((b for b in breaks or () if first < b.year <= last), None)


def movements(ranks: pd.DataFrame, indicators: pd.DataFrame, area_code: str,
              baseline_year: int, edition_year: int) -> pd.DataFrame:
    """One row per indicator (in the order of ``indicators``): the municipality's
    position at the baseline and in the latest year up to ``edition_year``, and
    the change (``rank_change`` > 0 and ``percentile_change`` > 0 mean a better
    position). Missing positions are NaN and ``reason`` says why (Swedish); so is a
    movement across a change of method (``indicators``' optional column ``breaks``:
    the SeriesBreaks that are not comparable), whose positions are kept but not compared."""
    own = position_of(ranks, area_code)
    breaks_of = (dict(zip(indicators["id"], indicators["breaks"], strict=True))
                 if "breaks" in indicators else {})
    rows = []
    for indicator in indicators["id"]:
        mine = own[(own["indicator"] == indicator) & (own["year"] <= edition_year)]
        base = mine[mine["year"] <= baseline_year].tail(1)
        latest = mine[mine["year"] > baseline_year].tail(1)
        row: dict[str, object] = {"indicator": indicator}
        for prefix, found in (("baseline", base), ("latest", latest)):
            first = found.iloc[0] if not found.empty else None
            for column in ("year", "rank", "n", "percentile", "value"):
                row[f"{prefix}_{column}"] = first[column] if first is not None else None
        if indicator not in set(ranks["indicator"]):
            reason = "det finns inga uppgifter för Sveriges kommuner"
        elif latest.empty and base.empty:
            reason = f"kommunen har inget värde till och med {edition_year}"
        elif base.empty:
            reason = f"kommunen har inget värde för {baseline_year} eller tidigare"
        elif latest.empty:
            reason = f"kommunen har inget värde efter {baseline_year} till och med {edition_year}"
        elif (crossed := _crossed_break(breaks_of.get(indicator), int(base.iloc[0]["year"]),
                                        int(latest.iloc[0]["year"]))) is not None:
            reason = (f"källan ändrade sin metod {crossed.year}, så placeringarna före och "
                      f"efter går inte att jämföra")
        else:
            reason = None
        row["reason"] = reason
        rows.append(row)
    frame = pd.DataFrame(rows)
    for column in ("year", "rank", "n"):
        for prefix in ("baseline", "latest"):
            frame[f"{prefix}_{column}"] = frame[f"{prefix}_{column}"].astype("Int64")
    for prefix in ("baseline", "latest"):
        for column in ("percentile", "value"):
            frame[f"{prefix}_{column}"] = frame[f"{prefix}_{column}"].astype("float64")
    # None (not NaN) when nothing is missing, so `if reason:` reads naturally.
    frame["reason"] = pd.Series([r["reason"] for r in rows], dtype=object, index=frame.index)
    comparable = frame["reason"].isna()
    frame["rank_change"] = (frame["baseline_rank"] - frame["latest_rank"]).where(comparable)
    frame["percentile_change"] = (frame["latest_percentile"]
                                  - frame["baseline_percentile"]).where(comparable)
    return frame[MOVEMENT_COLUMNS]


def group_means(values: pd.DataFrame, members: list[str]) -> pd.DataFrame:
    """The comparison group's unweighted mean per indicator and year (columns
    indicator, year, value, n), only for years when every member has a value, so
    the mean always covers the same municipalities (as
    :func:`trygghet.analysis.trend.group_mean`)."""
    rows = values[values["area_code"].isin(members)].dropna(subset=["value"])
    agg = rows.groupby(["indicator", "year"])["value"].agg(["mean", "count"]).reset_index()
    agg = agg[agg["count"] == len(set(members))]
    out = agg.rename(columns={"mean": "value", "count": "n"})
    return out.astype({"year": "int64", "value": "float64", "n": "int64"}).reset_index(drop=True)


def distribution(values: pd.DataFrame) -> pd.DataFrame:
    """The national distribution per indicator and year: n, min, lower quartile,
    median, upper quartile, max (columns n, min, q1, median, q3, max)."""
    grouped = values.dropna(subset=["value"]).groupby(["indicator", "year"])["value"]
    out = pd.DataFrame({
        "n": grouped.count(), "min": grouped.min(), "q1": grouped.quantile(0.25),
        "median": grouped.median(), "q3": grouped.quantile(0.75), "max": grouped.max(),
    }).reset_index()
    return out.astype({"year": "int64", "n": "int64"})


__all__ = ["MOVEMENT_COLUMNS", "POSITION_COLUMNS", "distribution", "group_means", "movements",
           "position_of", "positions"]
