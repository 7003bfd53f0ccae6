"""Every municipality's values for the plan's Kolada indicators: ``data/kommuner/<id>.csv``.

The files are written by ``trygghet import-kolada`` (see
``trygghet.intake.kolada_national``) and read here, validated like every other
data file: a bad cell is reported in Swedish with file, row and column."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pandas as pd
from pydantic import Field, ValidationInfo, model_validator

from trygghet.data.indicators import registered_name, suppress_small_counts
from trygghet.data.project import Project
from trygghet.data.rows import Row, read_rows

NATIONAL_DIR = "kommuner"
#: Columns of :func:`load_national_values` and :func:`load_area_values`.
VALUE_COLUMNS = ["indicator", "year", "area_code", "area_name", "value"]


class NationalRow(Row):
    """One row of ``data/kommuner/<id>.csv``, as read from CSV text. Every name here is
    Kolada's, so it is the municipality register's."""

    key: ClassVar[tuple[str, ...]] = ("year", "area_code")
    duplicate: ClassVar[str] = "samma år och kommun finns redan på rad {line}"

    year: int = Field(ge=1900, le=2100)
    # A municipality's code: four digits, never Riket ("0000") or a region ("00XX").
    area_code: str = Field(pattern=r"^(0[1-9]|[1-9]\d)\d{2}$")
    area_name: str = Field(min_length=1)
    value: float = Field(allow_inf_nan=False)

    @model_validator(mode="after")
    def _registered(self, info: ValidationInfo) -> NationalRow:
        registered_name(self.area_code, self.area_name, info.context)
        return self


NATIONAL_COLUMNS = tuple(NationalRow.columns())


def national_dir(data_dir: Path) -> Path:
    return Path(data_dir) / NATIONAL_DIR


def national_path(data_dir: Path, indicator_id: str) -> Path:
    return national_dir(data_dir) / f"{indicator_id}.csv"


def read_national(path: Path) -> pd.DataFrame:
    """Read and validate one ``data/kommuner/<id>.csv`` (columns year, area_code,
    area_name, value); every bad cell is reported with row and column."""
    rows = read_rows(Path(path), NationalRow, {})
    frame = pd.DataFrame([row.model_dump() for _, row in rows], columns=list(NATIONAL_COLUMNS))
    return frame.astype({"year": "int64", "area_code": "str", "area_name": "str",
                         "value": "float64"})


def national_indicators(project: Project | str | Path) -> pd.DataFrame:
    """The plan's indicators, in plan order, with what the national comparison needs:
    id, name (as in the plan), measure, unit, decimals, direction (of the figure
    shown), measures_opposite, kolada_kpi (of the main series, or None) and
    has_national_data (a file in data/kommuner/ with at least one value); for sources
    that repeat the latest measurement (valdeltagande) measurement_name, _every and
    _reference as in ``MeasurementCycle``, else None. ``project`` is a
    :class:`~trygghet.data.project.Project` or its data directory."""
    project = Project.of(project)
    rows = []
    for planned in project.plan.indicators:
        meta = project.indicators[planned.id].meta
        main = meta.main_series
        cycle = meta.measurement_cycle
        path = national_path(project.data_dir, planned.id)
        rows.append({
            "id": meta.id, "name": planned.name, "measure": meta.measure, "unit": meta.unit,
            "decimals": meta.decimals, "direction": meta.direction,
            "measures_opposite": meta.measures_opposite,
            "kolada_kpi": main.kolada_kpi if main else None,
            "has_national_data": path.exists() and not read_national(path).empty,
            "measurement_name": cycle.name if cycle else None,
            "measurement_every": cycle.every_years if cycle else None,
            "measurement_reference": cycle.reference_year if cycle else None,
        })
    return pd.DataFrame(rows, columns=[
        "id", "name", "measure", "unit", "decimals", "direction", "measures_opposite",
        "kolada_kpi", "has_national_data", "measurement_name", "measurement_every",
        "measurement_reference"]).astype({"measurement_name": object})


def _empty_values() -> pd.DataFrame:
    return pd.DataFrame({"indicator": pd.Series(dtype="str"), "year": pd.Series(dtype="int64"),
                         "area_code": pd.Series(dtype="str"), "area_name": pd.Series(dtype="str"),
                         "value": pd.Series(dtype="float64")})


def load_national_values(project: Project | str | Path, until_year: int | None = None
                         ) -> pd.DataFrame:
    """Every municipality's values, all indicators in one long frame (columns
    indicator, year, area_code, area_name, value), up to ``until_year``.

    Counts (unit "antal") below the project's limit are removed as everywhere else
    in the book, so a position never reveals a suppressed figure."""
    project = Project.of(project)
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


def load_area_values(project: Project | str | Path, area_code: str,
                     until_year: int | None = None) -> pd.DataFrame:
    """One area's values (e.g. Riket) for every indicator, from the indicator files'
    main series, total (columns as :func:`load_national_values`)."""
    frames = []
    for indicator in Project.of(project).indicators_of():
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
