"""Development since the baseline as tables: the one implementation behind the chapter
pages' comparison tables, the data package's ``utveckling.csv`` and the notebooks.

:func:`development_table` applies the rule in :func:`trygghet.analysis.trend.development`
to every indicator, area (the municipality, Riket, the comparison group's mean and each
member) and sex, and returns one row each. :func:`group_mean_table` is the group's mean
per year. Both return pandas DataFrames; nothing here formats text for readers."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from trygghet.analysis import trend
from trygghet.data.indicators import CSV_COLUMNS, Indicator
from trygghet.data.settings import Settings

#: Which kind of area a row is about, in the order tables show them.
MUNICIPALITY, NATIONAL, GROUP_MEAN, MEMBER = "kommun", "riket", "gruppmedel", "gruppkommun"
ROLES = [MUNICIPALITY, NATIONAL, GROUP_MEAN, MEMBER]

#: The columns of :func:`development_table`, in order.
COLUMNS = [
    "indicator", "measure", "unit", "direction", "series", "area_role", "area_code",
    "area_name", "sex", "baseline_year", "baseline_first_year", "baseline_value_year",
    "baseline_value", "latest_year", "latest_value", "change", "change_percent", "kind",
    "threshold", "interval_low", "interval_high", "dispersion", "pooled_years", "rule", "label",
    "symbol", "key", "reason", "method_note",
]


def pooled_years(meta, role: str, code: str) -> int | None:
    """How many survey years each of the row's values pools (a survey's ``pooling``): for a
    municipality its own window; for Riket and a group's mean only when the source gives
    one window for every area. None when not a survey or not known."""
    if meta.sampling != "urval" or not meta.pooling:
        return None
    if role in (MUNICIPALITY, MEMBER):
        found = meta.pooling_for(code)
        return found.years if found else None
    windows = {p.years for p in meta.pooling}
    return windows.pop() if len(windows) == 1 and not meta.pooling[0].counties else None


def sexes(indicator: Indicator) -> list[str]:
    """The sexes the main series is published for: T, and K and M when split by sex."""
    main = indicator.meta.main_series
    return ["T", "K", "M"] if main is not None and main.by_sex else ["T"]


def _area_names(indicator: Indicator, settings: Settings) -> dict[str, str]:
    names = {settings.municipality.code: settings.municipality.name,
             settings.national.code: settings.national.name}
    values = indicator.values
    if not values.empty:
        found = values.drop_duplicates("area_code").set_index("area_code")["area_name"]
        names = {**found.to_dict(), **names}
    return names


def _group_indicator(indicator: Indicator, settings: Settings, sex: str, year: int
                     ) -> Indicator:
    """The group's mean as an indicator of its own (area code = the group's id), so that
    its development is judged by the same rule. Without population figures, rates are
    judged by the threshold alone (trend.development says so in ``method_note``)."""
    group = settings.comparison_group
    main = indicator.meta.main_series
    mean = trend.group_mean(indicator, group.members, None, sex, year)
    rows = pd.DataFrame({
        "year": mean["year"], "series": main.id if main else "", "area_code": group.id,
        "area_name": group.short_name, "sex": sex, "value": mean["value"], "source": "",
        "retrieved": None}, columns=CSV_COLUMNS)
    return Indicator(indicator.meta, rows, indicator.baseline_year, population=None)


def _row(indicator: Indicator, role: str, code: str, name: str, sex: str,
         d: trend.Development) -> dict:
    meta = indicator.meta
    main = meta.main_series
    return {
        "indicator": meta.id, "measure": meta.headline, "unit": meta.unit,
        "direction": meta.direction, "series": main.id if main else None,
        "area_role": role, "area_code": code, "area_name": name, "sex": sex,
        "baseline_year": d.baseline_year,
        "baseline_first_year": d.baseline_span[0] if d.baseline_span else None,
        "baseline_value_year": d.baseline[0] if d.baseline else None,
        "baseline_value": d.baseline[1] if d.baseline else None,
        "latest_year": d.latest[0] if d.latest else None,
        "latest_value": d.latest[1] if d.latest else None,
        "change": d.change, "change_percent": d.change_percent, "kind": d.kind,
        "threshold": d.threshold,
        "interval_low": d.interval[0] if d.interval else None,
        "interval_high": d.interval[1] if d.interval else None,
        "dispersion": d.dispersion, "pooled_years": pooled_years(meta, role, code),
        "rule": d.rule,
        "label": d.label, "symbol": d.symbol, "key": d.key, "reason": d.reason,
        "method_note": d.method_note,
    }


def development_table(indicators: Iterable[Indicator], settings: Settings, year: int
                      ) -> pd.DataFrame:
    """Each indicator's development since the baseline as known in ``year``: one row per
    indicator × area (municipality, Riket, the comparison group's mean, each member in
    name order) × sex (T, and K and M for series split by sex), in that order.

    Indicators without values get rows too, judged "Uppgift saknas". ``change`` is in the
    indicator's unit (percentage points for shares), ``change_percent`` in percent of the
    baseline value; ``threshold`` is in points for shares (``kind`` "andel"), else percent;
    ``interval_low``/``interval_high`` are the 95 % interval of the rate ratio for rates and
    counts (widened by the ``dispersion`` factor); ``pooled_years`` is how many survey years
    each value of a survey pools (:func:`pooled_years`), and ``rule`` is the key of the rule that
    judged the row (trend.RULES). The judgement is ``label`` with its ``symbol`` and stable ``key``."""
    group = settings.comparison_group
    rows = []
    for indicator in indicators:
        names = _area_names(indicator, settings)
        members = sorted(group.members, key=lambda code: names.get(code, code))
        for sex in sexes(indicator):
            def judge(ind: Indicator, code: str, sex: str = sex,
                      break_areas: list[str] | None = None) -> trend.Development:
                return trend.development(ind, code, year, sex=sex, break_areas=break_areas)

            rows.append(_row(indicator, MUNICIPALITY, settings.municipality.code,
                             settings.municipality.name, sex,
                             judge(indicator, settings.municipality.code)))
            rows.append(_row(indicator, NATIONAL, settings.national.code,
                             settings.national.name, sex, judge(indicator, settings.national.code)))
            rows.append(_row(indicator, GROUP_MEAN, group.id, f"{group.short_name} (medel)", sex,
                             judge(_group_indicator(indicator, settings, sex, year), group.id,
                                   break_areas=group.members)))
            rows += [_row(indicator, MEMBER, code, names.get(code, code), sex,
                          judge(indicator, code)) for code in members]
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("baseline_year", "baseline_first_year", "baseline_value_year", "latest_year",
                   "pooled_years"):
        table[column] = table[column].astype("Int64")
    for column in ("baseline_value", "latest_value", "change", "change_percent", "threshold",
                   "interval_low", "interval_high", "dispersion"):
        table[column] = table[column].astype("float64")
    return table


def group_mean_table(indicators: Iterable[Indicator], settings: Settings, year: int
                     ) -> pd.DataFrame:
    """The comparison group's unweighted mean per indicator, series, sex and year up to
    ``year`` (columns indicator, series, sex, year, value, members); see trend.group_mean."""
    members = settings.comparison_group.members
    frames = []
    for indicator in indicators:
        for series in indicator.meta.series:
            for sex in (["T", "K", "M"] if series.by_sex else ["T"]):
                mean = trend.group_mean(indicator, members, series.id, sex, year)
                frames.append(mean.rename(columns={"n": "members"}).assign(
                    indicator=indicator.meta.id, series=series.id, sex=sex))
    columns = ["indicator", "series", "sex", "year", "value", "members"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


__all__ = ["COLUMNS", "GROUP_MEAN", "MEMBER", "MUNICIPALITY", "NATIONAL", "ROLES",
           "development_table", "group_mean_table", "sexes"]
