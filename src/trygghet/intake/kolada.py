"""Import Kolada values from a local copy of the open-numbers Kolada dump.

The dump (github.com/open-numbers/ddf--kolada--dump) mirrors values scraped
from the Kolada API. This module turns the raw dump files for the plan's
indicators into one tidy CSV per indicator: ``data/indicators/<id>.csv``.

Expected dump layout (Kolada's open dump, ``ddf--kolada--dump``, downloaded beside the project)::

    <dump_dir>/datapoints_by_geo_year/ddf--datapoints--<kpi>--by--geo--year.csv
    <dump_dir>/datapoints_by_geo_gender_year/ddf--datapoints--<kpi>--by--geo--gender--year.csv
    <dump_dir>/entities/ddf--entities--geo--kommun.csv
    <dump_dir>/entities/ddf--entities--geo--rike.csv
    <dump_dir>/entities/ddf--entities--geo--region.csv   (only needed for regions)

``<kpi>`` is the Kolada KPI id in lower case. The dump writes Riket as geo
"0" and regions as two digits; Kolada (and our files) use "0000" and "00XX".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from trygghet.data.errors import DataError, UserError
from trygghet.data.files import read_csv_records, write_files_atomically
from trygghet.data.indicators import (
    CSV_COLUMNS,
    KOLADA_DUMP_SNAPSHOT,
    KOLADA_SOURCE,
    IndicatorMeta,
    other_rows,
    sort_rows,
    value_problem,
)
from trygghet.data.register import REGISTER_PATH, area_name_problem, load_register
from trygghet.data.settings import load_settings
from trygghet.data.yamlio import load_model

__all__ = [
    "COLUMNS",
    "KoladaImportError",
    "dump_file",
    "dump_files",
    "import_dump",
    "read_area_names",
    "read_dump_series",
    "render_csv",
    "to_dump_geo",
    "to_kolada_code",
]

#: Columns of the tidy indicator files, in this exact order.
COLUMNS: tuple[str, ...] = tuple(CSV_COLUMNS)

SOURCE_NAME = KOLADA_SOURCE
DEFAULT_RETRIEVED = KOLADA_DUMP_SNAPSHOT["date"]  # the dump's commit date (see the constant)

_GEO_YEAR_DIR = "datapoints_by_geo_year"
_GEO_GENDER_YEAR_DIR = "datapoints_by_geo_gender_year"
_ENTITIES_DIR = "entities"
_SEX_CODES = {"k": "K", "m": "M"}
_TIDY_DTYPES = {"year": "int64", "area_code": "str", "area_name": "str", "sex": "str"}


class KoladaImportError(UserError):
    """Raised when the raw dump or the project metadata cannot be imported."""

    untouched = "Inget har skrivits; de befintliga datafilerna är orörda."


# --------------------------------------------------------------------------
# Codes and file names
# --------------------------------------------------------------------------


def to_dump_geo(code: str) -> str:
    """Translate a Kolada area code ("0000", "0019", "1980") to the dump's geo id."""
    if code == "0000":
        return "0"
    if len(code) == 4 and code.startswith("00"):
        return code[2:]
    return code


def to_kolada_code(geo: str) -> str:
    """Translate a dump geo id ("0", "19", "1980") to a Kolada area code."""
    if geo == "0":
        return "0000"
    if len(geo) == 2:
        return "00" + geo
    return geo


def dump_file(dump_dir: Path, kpi: str, by_sex: bool) -> Path:
    """Path of the raw dump file for a KPI, total (by_sex=False) or by gender."""
    k = kpi.lower()
    if by_sex:
        return (
            Path(dump_dir)
            / _GEO_GENDER_YEAR_DIR
            / f"ddf--datapoints--{k}--by--geo--gender--year.csv"
        )
    return Path(dump_dir) / _GEO_YEAR_DIR / f"ddf--datapoints--{k}--by--geo--year.csv"


def _read_raw_csv(path: Path, required: Sequence[str]) -> pd.DataFrame:
    """Read a raw dump CSV as strings and check that the required columns exist."""
    if not path.is_file():
        raise KoladaImportError(f"Rådatafilen saknas: {path}")
    try:
        header, records = read_csv_records(path)
    except DataError as err:
        raise KoladaImportError(f"Rådatafilen kunde inte läsas: {err}") from None
    for line, fields in records:
        if len(fields) != len(header):
            raise KoladaImportError(f"Rådatafilen {path}, rad {line}: raden har {len(fields)} "
                                    f"fält men rubrikraden har {len(header)}")
    frame = pd.DataFrame([fields for _, fields in records], columns=header, dtype=str)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise KoladaImportError(
            f"Kolumnen {', '.join(repr(c) for c in missing)} saknas i rådatafilen {path}"
        )
    return frame


# --------------------------------------------------------------------------
# Reading the dump
# --------------------------------------------------------------------------


def read_area_names(dump_dir: Path, areas: Sequence[str]) -> dict[str, str]:
    """Names of the given Kolada area codes, from the dump's entity files; each must be the
    municipality register's name for its code (:mod:`trygghet.data.register`)."""
    entities = Path(dump_dir) / _ENTITIES_DIR
    wanted = {to_dump_geo(a): a for a in areas}
    kinds = {"rike" if g == "0" else "region" if len(g) == 2 else "kommun" for g in wanted}
    names: dict[str, str] = {}
    for kind in sorted(kinds):
        path = entities / f"ddf--entities--geo--{kind}.csv"
        frame = _read_raw_csv(path, [kind, "name"])
        for geo, name in zip(frame[kind], frame["name"], strict=True):
            if geo in wanted:
                names[wanted[geo]] = name.strip()
    unknown = [a for a in areas if a not in names]
    if unknown:
        raise KoladaImportError(
            f"Området {', '.join(unknown)} finns inte i dumpens entitetsfiler i {entities}"
        )
    register = load_register()
    wrong = [problem for code in areas
             if (problem := area_name_problem(code, names[code], register))]
    if wrong:
        more = f"\n  … och {len(wrong) - 10} till" if len(wrong) > 10 else ""
        raise KoladaImportError(
            f"Dumpens entitetsfiler i {entities} stämmer inte med kommunregistret "
            f"({REGISTER_PATH.name}); inget sådant namn sparas:\n  " + "\n  ".join(wrong[:10])
            + more)
    return names


def _parse_values(raw: pd.Series, path: Path) -> pd.Series:
    """Parse value strings to floats; non-numeric or non-finite values are an error."""
    values = pd.to_numeric(raw, errors="coerce")
    bad = values.isna() | ~values.map(lambda v: math.isfinite(v) if pd.notna(v) else False)
    if bad.any():
        example = raw[bad].iloc[0]
        raise KoladaImportError(f"Ogiltigt värde {example!r} i rådatafilen {path}")
    return values.astype("float64")


def _parse_years(raw: pd.Series, path: Path) -> pd.Series:
    """Parse year strings to ints; anything else is an error."""
    ok = raw.str.fullmatch(r"\d{4}")
    if not ok.all():
        raise KoladaImportError(f"Ogiltigt år {raw[~ok].iloc[0]!r} i rådatafilen {path}")
    return raw.astype("int64")


def _read_one(dump_dir: Path, kpi: str, geos: set[str], gendered: bool) -> pd.DataFrame:
    """Rows of one raw file for the wanted dump geos: year, geo, sex, value."""
    path = dump_file(dump_dir, kpi, by_sex=gendered)
    column = kpi.lower()
    keys = ["geo", "gender", "year"] if gendered else ["geo", "year"]
    frame = _read_raw_csv(path, [*keys, column])
    frame = frame.loc[frame["geo"].isin(geos)]
    # An empty cell means "no value" in the dump: it is not a data point.
    frame = frame.loc[frame[column].str.strip() != ""]
    if frame.duplicated(keys).any():
        dup = frame.loc[frame.duplicated(keys, keep=False), keys].iloc[0].tolist()
        raise KoladaImportError(f"Dubblettrad {dup} i rådatafilen {path}")
    if gendered:
        unknown = sorted(set(frame["gender"]) - set(_SEX_CODES))
        if unknown:
            raise KoladaImportError(f"Okänt kön {unknown[0]!r} i rådatafilen {path}")
        sex = frame["gender"].map(_SEX_CODES)
    else:
        sex = pd.Series("T", index=frame.index)
    return pd.DataFrame(
        {
            "year": _parse_years(frame["year"], path),
            "geo": frame["geo"],
            "sex": sex,
            "value": _parse_values(frame[column], path),
        }
    )


def read_dump_series(dump_dir: Path, kpi: str, areas: Sequence[str], by_sex: bool) -> pd.DataFrame:
    """Tidy rows of one KPI for the given Kolada area codes.

    Columns: year (int), area_code (Kolada code, str), area_name, sex
    ("T" from the by-geo-year file; plus "K"/"M" from the gender file when
    ``by_sex``), value (float, as in the dump). Sorted by area_code, sex, year.
    Areas without values for the KPI simply have no rows.
    """
    dump_dir = Path(dump_dir)
    areas = list(dict.fromkeys(areas))
    names = read_area_names(dump_dir, areas)
    geos = {to_dump_geo(a) for a in areas}
    parts = [_read_one(dump_dir, kpi, geos, gendered=False)]
    if by_sex:
        parts.append(_read_one(dump_dir, kpi, geos, gendered=True))
    rows = pd.concat(parts, ignore_index=True)
    rows["area_code"] = rows["geo"].map(to_kolada_code)
    rows["area_name"] = rows["area_code"].map(names)
    rows = rows[["year", "area_code", "area_name", "sex", "value"]]
    rows = rows.astype(_TIDY_DTYPES | {"value": "float64"})
    return rows.sort_values(["area_code", "sex", "year"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def render_csv(rows: pd.DataFrame) -> bytes:
    """Serialise tidy rows (COLUMNS) to deterministic UTF-8 CSV bytes with "\\n" newlines."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for rec in rows[list(COLUMNS)].itertuples(index=False, name=None):
        year, series, code, name, sex, value, source, retrieved = rec
        # repr() is the shortest text that reads back as the same float: no rounding.
        writer.writerow([int(year), series, code, name, sex, repr(float(value)), source, retrieved])
    return buffer.getvalue().encode("utf-8")


def import_dump(dump_dir: Path, data_dir: Path, retrieved: str = DEFAULT_RETRIEVED) -> list[Path]:
    """Write data/indicators/<id>.csv for every indicator with Kolada series (see
    :func:`dump_files`), all at once; return the written paths."""
    return write_files_atomically(dump_files(dump_dir, data_dir, retrieved))


def dump_files(dump_dir: Path, data_dir: Path, retrieved: str = DEFAULT_RETRIEVED
               ) -> dict[Path, bytes]:
    """The content of data/indicators/<id>.csv for every indicator with Kolada series, by
    path. Reads data_dir/settings.yml for the areas and data_dir/indicators/*.yml for
    the series; reads and checks everything, writes nothing."""
    dump_dir, data_dir = Path(dump_dir), Path(data_dir)
    try:
        dt.date.fromisoformat(retrieved)
    except (TypeError, ValueError) as exc:
        raise KoladaImportError(
            f"Hämtdatumet {retrieved!r} är inte ett datum på formen ÅÅÅÅ-MM-DD"
        ) from exc
    if not dump_dir.is_dir():
        raise KoladaImportError(f"Katalogen med Kolada-dumpen saknas: {dump_dir}")
    areas = load_settings(data_dir).area_codes
    indicators_dir = data_dir / "indicators"
    metas = [load_model(p, IndicatorMeta) for p in sorted(indicators_dir.glob("*.yml"))]

    targets: dict[Path, bytes] = {}
    wrong: list[str] = []
    for meta in metas:
        kolada_series = [s for s in meta.series if s.kolada_kpi]
        if not kolada_series:
            continue
        parts = []
        for series in kolada_series:
            rows = read_dump_series(dump_dir, series.kolada_kpi, areas, series.by_sex)
            wrong += _implausible(rows, dump_dir, series.kolada_kpi, meta)
            rows.insert(1, "series", series.id)
            parts.append(rows)
        tidy = pd.concat(parts, ignore_index=True)
        tidy["source"] = SOURCE_NAME
        tidy["retrieved"] = retrieved
        path = indicators_dir / f"{meta.id}.csv"
        # The city's own series in the same file are kept as they are; a file with only
        # Kolada's series is made anew from the dump.
        others = pd.DataFrame(columns=CSV_COLUMNS)
        if meta.own_series:
            try:
                others = other_rows(path, meta, {s.id for s in kolada_series})
            except DataError as err:
                raise KoladaImportError(f"Den befintliga filen {path} är ogiltig: {err}") from None
        if not others.empty:
            tidy = pd.concat([tidy[list(COLUMNS)], others[list(COLUMNS)]], ignore_index=True)
        # Series keep metadata order; within a series rows are by area_code, sex, year.
        targets[path] = render_csv(sort_rows(tidy, meta))

    if wrong:
        more = f"\n  … och {len(wrong) - 10} till" if len(wrong) > 10 else ""
        raise KoladaImportError("Dumpen har värden som inte kan stämma; inget har skrivits:\n  "
                                + "\n  ".join(wrong[:10]) + more)
    return targets


def _implausible(rows: pd.DataFrame, dump_dir: Path, kpi: str, meta: IndicatorMeta) -> list[str]:
    """Each value of ``rows`` that the one plausibility rule refuses, named by file,
    KPI, area and year."""
    found = []
    for year, code, sex, value in rows[["year", "area_code", "sex", "value"]].itertuples(
            index=False, name=None):
        problem = value_problem(value, meta.unit)
        if problem:
            path = dump_file(dump_dir, kpi, by_sex=sex != "T")
            found.append(f"{path.name}: nyckeltal {kpi}, område {code}, år {year}, kön {sex} "
                         f"(indikatorn {meta.id}): {problem}")
    return found
