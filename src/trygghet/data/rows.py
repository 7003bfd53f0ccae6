"""One way to read a CSV row: each kind of CSV file declares its rows as a :class:`Row`
(a pydantic model whose fields are the file's columns, in order), and :func:`read_rows`
reads any of them. Every problem names the file, the record's first line and the column,
in Swedish (:func:`trygghet.data.errors.swedish_message`). The same model gives the
file's Table Schema fields for a data package (:func:`table_fields`)."""

from __future__ import annotations

import datetime as dt
import math
import typing
from pathlib import Path
from typing import Annotated, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
)

from trygghet.data.errors import DataError, Problem, header_problems, swedish_message
from trygghet.data.files import read_csv_records


class ColumnError(ValueError):
    """A rule about a whole row (a model validator) that names the column at fault."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


class Row(BaseModel):
    """One row of a CSV file: the fields are its columns, in order. A field that may be
    None reads an empty cell as None. Validators read ``info.context`` for what the file's
    name says (its ``year``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: True: the header must be exactly the columns, in order; False: any order.
    exact_header: ClassVar[bool] = True
    #: Columns that must not be there, with why (in Swedish).
    refused_columns: ClassVar[dict[str, str]] = {}
    #: The columns no two rows may share, and the message for a row that repeats them
    #: (formatted with the row's fields and ``line``, the earlier row's line).
    key: ClassVar[tuple[str, ...]] = ()
    duplicate: ClassVar[str] = "raden finns redan på rad {line}"
    #: The column a repeated key is reported in (default: the key's, when it has one).
    duplicate_column: ClassVar[str | None] = None

    @classmethod
    def columns(cls) -> list[str]:
        return list(cls.model_fields)


R = TypeVar("R", bound=Row)


def _message(error: dict) -> str:
    """:func:`swedish_message`, without repeating a value the message already names and
    without "(angivet: '')" after a rule about an empty cell."""
    value = error.get("input")
    if error["type"] == "value_error" and isinstance(value, str) and (
            not value.strip() or value in str(error["ctx"]["error"])):
        error = {**error, "input": None}
    return swedish_message(error)


def _validation_problems(err: ValidationError, path: Path, line: int) -> list[Problem]:
    problems = []
    for e in err.errors():
        cause = (e.get("ctx") or {}).get("error")
        column = ".".join(str(p) for p in e["loc"]) or getattr(cause, "column", None)
        problems.append(Problem(path, _message(e), row=line, column=column))
    return problems


def _optional(model: type[Row]) -> set[str]:
    """The fields that may be None: an empty cell is None there."""
    return {name for name, f in model.model_fields.items()
            if type(None) in typing.get_args(f.annotation)}


def _header_problems(path: Path, header: list[str], model: type[Row]) -> list[Problem]:
    columns = model.columns()
    if model.exact_header:
        problems = [] if header == columns else [Problem(
            path, f"kolumnerna ska vara {','.join(columns)}; filen har {','.join(header)}",
            row=1)]
    else:
        # a refused column is named once, with why, not also as unknown
        problems = header_problems(
            path, [c for c in header if c not in model.refused_columns], columns)
    return problems + [Problem(path, why, row=1, column=c)
                       for c, why in model.refused_columns.items() if c in header]


def _count_problem(path: Path, line: int, found: int, wanted: int) -> Problem:
    more = found > wanted
    return Problem(path, (
        f"raden har {found} fält, {'fler' if more else 'färre'} än rubrikradens {wanted}"
        + (" (decimalkomma i stället för decimalpunkt, eller ett kommatecken för mycket?)"
           if more else "")), row=line)


def read_rows(path: Path, model: type[R], context: dict | None = None
              ) -> list[tuple[int, R]]:
    """Every row of a CSV file as ``model``, with the line it starts on; rows with only
    empty cells are left out. A DataError names every problem: the header's, then each
    row's, then rows repeating another's ``key``."""
    header, records = read_csv_records(path)
    problems = _header_problems(path, header, model)
    if problems:
        raise DataError(problems)
    optional = _optional(model)
    rows: list[tuple[int, R]] = []
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(_count_problem(path, line, len(fields), len(header)))
            continue
        record = {c: (None if v == "" and c in optional else v)
                  for c, v in zip(header, fields, strict=True)}
        try:
            rows.append((line, model.model_validate(record, context=context)))
        except ValidationError as err:
            problems += _validation_problems(err, path, line)
    problems += _duplicates(path, rows, model)
    if problems:
        raise DataError(problems)
    return rows


def _duplicates(path: Path, rows: list[tuple[int, Row]], model: type[Row]) -> list[Problem]:
    if not model.key:
        return []
    seen: dict[tuple, int] = {}
    problems = []
    for line, row in rows:
        key = tuple(getattr(row, k) for k in model.key)
        if key in seen:
            problems.append(Problem(
                path, model.duplicate.format(**dict(row), line=seen[key]), row=line,
                column=model.duplicate_column or (model.key[0] if len(model.key) == 1
                                                  else None)))
        seen.setdefault(key, line)
    return problems


# -- cell types shared by the files --------------------------------------------------------

def _iso_date(value: object) -> object:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("måste vara ett datum ÅÅÅÅ-MM-DD") from None
    return value


def _true_false(value: object) -> object:
    if value in {"true", "false"}:
        return value == "true"
    if isinstance(value, bool):
        return value
    raise ValueError("måste vara true eller false")


def _finite(value: object) -> object:
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise ValueError("måste vara ett tal") from None
        if not math.isfinite(number):
            raise ValueError("måste vara ett ändligt tal")
        return number
    return value


#: A date as ``ÅÅÅÅ-MM-DD`` (what :meth:`datetime.date.fromisoformat` reads).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
#: ``true`` or ``false``, nothing else.
TrueFalse = Annotated[bool, BeforeValidator(_true_false)]
#: A real, finite number.
Finite = Annotated[float, BeforeValidator(_finite)]


def year_of_file(message: str) -> object:
    """An integer column that must be the year the file's name gives (``context["year"]``);
    else ``message`` (formatted with ``year``)."""
    def check(value: object, info: ValidationInfo) -> object:
        year = (info.context or {}).get("year")
        if year is not None and value != str(year):
            raise ValueError(message.format(year=year))
        return value
    return Annotated[int, BeforeValidator(check)]


def not_blank(message: str) -> AfterValidator:
    """For a text column that must not be empty (nor only spaces): ``message`` otherwise."""
    def check(value: str) -> str:
        if not value.strip():
            raise ValueError(message)
        return value
    return AfterValidator(check)


#: The ``year`` column of a file named by its year (``status-2024.csv``).
FileYear = year_of_file("året ska vara {year} som i filnamnet")


# -- Table Schema ------------------------------------------------------------------------------

_TYPES = {"integer": "integer", "number": "number", "string": "string", "boolean": "boolean"}


def table_fields(model: type[Row]) -> list[dict]:
    """The model's columns as Frictionless Table Schema fields (name, type and the
    constraints the model states: pattern, enum, minimum, maximum)."""
    schema = model.model_json_schema()
    fields = []
    for name, prop in schema["properties"].items():
        options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
        spec = options[0] if len(options) == 1 else {}
        kind = "date" if spec.get("format") == "date" else _TYPES.get(spec.get("type"), "any")
        constraints = {k: spec[j] for j, k in (("pattern", "pattern"), ("enum", "enum"),
                                               ("minimum", "minimum"), ("maximum", "maximum"))
                       if j in spec}
        fields.append({"name": name, "type": kind}
                      | ({"constraints": constraints} if constraints else {}))
    return fields


__all__ = [
    "ColumnError",
    "FileYear",
    "Finite",
    "IsoDate",
    "Row",
    "TrueFalse",
    "read_rows",
    "table_fields",
    "year_of_file",
]
