"""Reading ``data/kommuner/<id>.csv``, every municipality's values of one Kolada KPI.

Apart from :mod:`trygghet.data.national` so that the indicators (trygghet.data.indicators)
can read every municipality's rates without importing the project."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trygghet.data.errors import DataError, Problem, csv_error_message, problems_from_validation
from trygghet.data.files import read_text
from trygghet.data.register import area_name_problem, load_register

NATIONAL_DIR = "kommuner"
NATIONAL_COLUMNS = ("year", "area_code", "area_name", "value")


class NationalRow(BaseModel):
    """One row of ``data/kommuner/<id>.csv``, as read from CSV text."""

    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=1900, le=2100)
    # A municipality's code: four digits, never Riket ("0000") or a region ("00XX").
    area_code: str = Field(pattern=r"^(0[1-9]|[1-9]\d)\d{2}$")
    area_name: str = Field(min_length=1)
    value: float = Field(allow_inf_nan=False)


def national_dir(data_dir: Path) -> Path:
    return Path(data_dir) / NATIONAL_DIR


def national_path(data_dir: Path, indicator_id: str) -> Path:
    return national_dir(data_dir) / f"{indicator_id}.csv"


def read_national(path: Path) -> pd.DataFrame:
    """Read and validate one ``data/kommuner/<id>.csv`` (columns year, area_code,
    area_name, value); every bad cell is reported with row and column."""
    path = Path(path)
    try:
        lines = list(csv.reader(io.StringIO(read_text(path), newline="")))
    except csv.Error as exc:
        raise DataError([Problem(path, f"filen kan inte läsas som CSV: "
                                       f"{csv_error_message(exc)}")]) from None
    if not lines or tuple(lines[0]) != NATIONAL_COLUMNS:
        found = ",".join(lines[0]) if lines else "ingen rubrikrad"
        raise DataError([Problem(path, f"kolumnerna ska vara {','.join(NATIONAL_COLUMNS)}; "
                                       f"filen har {found}", row=1)])
    wrong = [Problem(path, f"raden har {len(fields)} fält men ska ha {len(NATIONAL_COLUMNS)} "
                           "(decimalkomma i stället för decimalpunkt?)", row=i)
             for i, fields in enumerate(lines[1:], start=2) if len(fields) != len(NATIONAL_COLUMNS)]
    if wrong:
        raise DataError(wrong)
    raw = pd.DataFrame(lines[1:], columns=list(NATIONAL_COLUMNS), dtype=str)
    problems: list[Problem] = []
    rows = []
    register = load_register()
    for i, record in enumerate(raw.to_dict("records")):
        try:
            row = NationalRow.model_validate(record).model_dump()
        except ValidationError as err:
            problems += problems_from_validation(err, path, row=i + 2)
            continue
        # Every name here is Kolada's, so it is the municipality register's.
        wrong = area_name_problem(row["area_code"], row["area_name"], register)
        if wrong:
            problems.append(Problem(path, wrong, row=i + 2, column="area_name"))
            continue
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(NATIONAL_COLUMNS))
    for i in frame.index[frame.duplicated(["year", "area_code"])]:
        problems.append(Problem(path, "samma år och kommun finns redan på en tidigare rad",
                                row=i + 2, column="area_code"))
    if problems:
        raise DataError(problems)
    return frame.astype({"year": "int64", "area_code": "str", "area_name": "str",
                         "value": "float64"})


__all__ = ["NATIONAL_COLUMNS", "NATIONAL_DIR", "NationalRow", "national_dir", "national_path",
           "read_national"]
