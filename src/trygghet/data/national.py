"""Every municipality's values for the plan's Kolada indicators: ``data/kommuner/<id>.csv``.

The files are written by ``trygghet import-kolada`` (see
``trygghet.intake.kolada_national``) and read here, validated like every other
data file: a bad cell is reported in Swedish with file, row and column."""

from __future__ import annotations

import pandas as pd

from trygghet.data.indicators import suppress_small_counts
from trygghet.data.national_files import (
    NATIONAL_COLUMNS,
    NATIONAL_DIR,
    national_dir,
    national_path,
    read_national,
)
from trygghet.data.project import NATIONAL, Project

#: Columns of :func:`load_national_values` and :func:`load_area_values`.
VALUE_COLUMNS = ["indicator", "year", "area_code", "area_name", "value"]


def national_indicators(project: Project) -> pd.DataFrame:
    """The plan's indicators, in plan order, with what the national comparison needs:
    id, name (as in the plan), measure, unit, decimals, direction (of the figure
    shown), ambiguous_direction (why a higher or lower value cannot be read as better or
    worse alone, else None), sampling and pooling (IndicatorMeta's: how the values come
    about, and for surveys how many survey years a value pools), measures_opposite, shown_as (what the figure measures, IndicatorMeta.shown_as),
    value_needs_its_measure (IndicatorMeta's),
    breaks (the source's method changes that make values not comparable), kolada_kpi
    (of the main series, or None) and
    has_national_data (a file in data/kommuner/ with at least one value); for sources
    that repeat the latest measurement (valdeltagande) measurement_name, _every and
    _reference as in ``MeasurementCycle``, else None. ``project`` is a
    :class:`~trygghet.data.project.Project` or its data directory."""
    project.require(NATIONAL)
    rows = []
    for planned in project.plan.indicators:
        meta = project.indicators[planned.id].meta
        main = meta.main_series
        cycle = meta.measurement_cycle
        path = national_path(project.data_dir, planned.id)
        rows.append({
            "id": meta.id, "name": planned.name, "measure": meta.headline, "unit": meta.unit,
            "decimals": meta.decimals, "direction": meta.direction,
            "ambiguous_direction": meta.ambiguous_direction, "sampling": meta.sampling,
            "pooling": list(meta.pooling),
            "measures_opposite": meta.measures_opposite, "shown_as": meta.shown_as,
            "value_needs_its_measure": meta.value_needs_its_measure,
            "breaks": [b for b in meta.breaks if not b.comparable],
            "kolada_kpi": main.kolada_kpi if main else None,
            "has_national_data": path.exists() and not read_national(path).empty,
            "measurement_name": cycle.name if cycle else None,
            "measurement_every": cycle.every_years if cycle else None,
            "measurement_reference": cycle.reference_year if cycle else None,
        })
    return pd.DataFrame(rows, columns=[
        "id", "name", "measure", "unit", "decimals", "direction", "ambiguous_direction",
        "sampling", "pooling", "measures_opposite", "shown_as", "value_needs_its_measure", "breaks", "kolada_kpi",
        "has_national_data", "measurement_name", "measurement_every",
        "measurement_reference"]).astype({"measurement_name": object,
                                          "ambiguous_direction": object})


def _empty_values() -> pd.DataFrame:
    return pd.DataFrame({"indicator": pd.Series(dtype="str"), "year": pd.Series(dtype="int64"),
                         "area_code": pd.Series(dtype="str"), "area_name": pd.Series(dtype="str"),
                         "value": pd.Series(dtype="float64")})


def load_national_values(project: Project, until_year: int | None = None
                         ) -> pd.DataFrame:
    """Every municipality's values, all indicators in one long frame (columns
    indicator, year, area_code, area_name, value), up to ``until_year``.

    Counts (unit "antal") below the project's limit are removed as everywhere else
    in the book, so a position never reveals a suppressed figure."""
    project.require(NATIONAL)
    limit = project.settings.suppress_counts_below
    frames = []
    for indicator in project.indicators_of():
        path = national_path(project.data_dir, indicator.meta.id)
        if not path.exists():
            continue
        frame = read_national(path)
        if until_year is not None:
            frame = frame[frame["year"] <= until_year]
        frame = suppress_small_counts(frame, indicator.meta.unit, limit)
        frame = frame.dropna(subset=["value"]).drop(columns="suppressed")
        frames.append(frame.assign(indicator=indicator.meta.id)[VALUE_COLUMNS])
    if not frames:
        return _empty_values()
    return pd.concat(frames, ignore_index=True)


def load_area_values(project: Project, area_code: str,
                     until_year: int | None = None) -> pd.DataFrame:
    """One area's values (e.g. Riket) for every indicator, from the indicator files'
    main series, total (columns as :func:`load_national_values`)."""
    frames = []
    for indicator in project.indicators_of():
        if indicator.values.empty or indicator.meta.main_series is None:
            continue
        rows = indicator.series_values(area_code=area_code, until_year=until_year)
        if not rows.empty:
            frames.append(rows.assign(indicator=indicator.meta.id)[VALUE_COLUMNS])
    if not frames:
        return _empty_values()
    frame = pd.concat(frames, ignore_index=True)
    return frame.astype({"year": "int64", "value": "float64"})


__all__ = ["NATIONAL_COLUMNS", "NATIONAL_DIR", "VALUE_COLUMNS", "load_area_values",
           "load_national_values", "national_dir", "national_indicators", "national_path",
           "read_national"]
