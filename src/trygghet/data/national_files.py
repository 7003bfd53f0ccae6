"""Reading ``data/kommuner/<id>.csv``, every municipality's values of one Kolada KPI.

Apart from :mod:`trygghet.data.national` so that the indicators (trygghet.data.indicators)
can read every municipality's rates without importing the project."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pandas as pd
from pydantic import Field, ValidationInfo, model_validator

from trygghet.data.register import registered_name
from trygghet.data.rows import Row, read_rows

NATIONAL_DIR = "kommuner"


class NationalRow(Row):
    """One row of ``data/kommuner/<id>.csv``, as read from CSV text. Every name here is
    Kolada's, so it is the municipality register's."""

    key: ClassVar[tuple[str, ...]] = ("year", "area_code")
    duplicate: ClassVar[str] = "samma år och kommun finns redan på rad {line}"
    duplicate_column: ClassVar[str | None] = "area_code"

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


__all__ = ["NATIONAL_COLUMNS", "NATIONAL_DIR", "NationalRow", "national_dir", "national_path",
           "read_national"]
