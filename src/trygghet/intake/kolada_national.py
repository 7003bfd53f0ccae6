"""Every municipality's values for the plan's Kolada indicators, from the dump.

The chapter "<kommun> bland Sveriges kommuner" places the municipality among all
of Sweden's municipalities. It needs each indicator's main series (total, not by
sex) for every municipality, but only for the years around the plan: from
:data:`YEARS_BEFORE_BASELINE` years before the baseline year to the latest year
in the dump. This module writes one small tidy file per indicator::

    data/kommuner/<indicator-id>.csv   year,area_code,area_name,value

Riket and the regions are not municipalities and are left out (Riket's value is
in ``data/indicators/<id>.csv``). Names come from the dump's municipality list
(``entities/ddf--entities--geo--kommun.csv``). Values are written as published
(rates per 100 000 stay rates), with full precision.

``trygghet import-kolada`` calls :func:`national_files` before it writes
anything, so a missing or broken dump file stops the whole import.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from trygghet.data.files import write_files_atomically
from trygghet.data.indicators import MUNICIPAL_POPULATION, POPULATION_KPI, IndicatorMeta
from trygghet.data.national import NATIONAL_COLUMNS, national_path
from trygghet.data.plan import PLAN_FILE, PlanDocument, plan_folders
from trygghet.data.yamlio import load_model
from trygghet.intake.kolada import KoladaImportError, read_dump_series

#: How many years before the baseline year the files reach back; three years
#: cover the latest earlier value of indicators measured every second year.
YEARS_BEFORE_BASELINE = 3

_KOMMUN_ENTITIES = Path("entities") / "ddf--entities--geo--kommun.csv"


def municipality_codes(dump_dir: Path) -> list[str]:
    """The Kolada codes of every municipality in the dump's municipality list."""
    path = Path(dump_dir) / _KOMMUN_ENTITIES
    if not path.is_file():
        raise KoladaImportError(f"Rådatafilen saknas: {path}")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if "kommun" not in frame.columns:
        raise KoladaImportError(f"Kolumnen 'kommun' saknas i rådatafilen {path}")
    bad = frame.loc[~frame["kommun"].str.fullmatch(r"\d{4}"), "kommun"]
    if not bad.empty:
        raise KoladaImportError(f"Ogiltig kommunkod {bad.iloc[0]!r} i rådatafilen {path}")
    return sorted(frame["kommun"])


def render_national_csv(rows: pd.DataFrame) -> bytes:
    """Deterministic UTF-8 CSV bytes (``\\n`` newlines, full-precision values)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(NATIONAL_COLUMNS)
    for year, code, name, value in rows[list(NATIONAL_COLUMNS)].itertuples(index=False, name=None):
        writer.writerow([int(year), code, name, repr(float(value))])
    return buffer.getvalue().encode("utf-8")


def default_first_year(data_dir: Path) -> int:
    """The first year to import: a few years before the plan's baseline year."""
    first = min(load_model(folder / PLAN_FILE, PlanDocument).period.baseline_year
                for folder in plan_folders(data_dir))  # the first plan's
    return first - YEARS_BEFORE_BASELINE


def national_files(dump_dir: Path, data_dir: Path, first_year: int | None = None
                   ) -> dict[Path, bytes]:
    """The content of ``data/kommuner/<id>.csv`` for every indicator whose main
    series has a Kolada KPI, by path. Reads everything; writes nothing."""
    dump_dir, data_dir = Path(dump_dir), Path(data_dir)
    if not dump_dir.is_dir():
        raise KoladaImportError(f"Katalogen med Kolada-dumpen saknas: {dump_dir}")
    first = default_first_year(data_dir) if first_year is None else first_year
    codes = municipality_codes(dump_dir)
    metas = [load_model(p, IndicatorMeta)
             for p in sorted((data_dir / "indicators").glob("*.yml"))]
    targets: dict[Path, bytes] = {}
    for meta in metas:
        main = meta.main_series
        if main is None or not main.kolada_kpi:
            continue
        targets[national_path(data_dir, meta.id)] = _national_csv(dump_dir, main.kolada_kpi,
                                                                   codes, first)
    if any(meta.kind == "takt" for meta in metas):  # rates: every municipality's inhabitants
        targets[national_path(data_dir, MUNICIPAL_POPULATION)] = _national_csv(
            dump_dir, POPULATION_KPI, codes, first)
    return targets


def _national_csv(dump_dir: Path, kpi: str, codes: list[str], first: int) -> bytes:
    rows = read_dump_series(dump_dir, kpi, codes, by_sex=False)
    rows = rows[(rows["sex"] == "T") & (rows["year"] >= first)]
    return render_national_csv(rows.sort_values(["year", "area_code"], kind="stable"))


def import_national(dump_dir: Path, data_dir: Path, first_year: int | None = None) -> list[Path]:
    """Write every ``data/kommuner/<id>.csv`` at once; return the written paths."""
    return write_files_atomically(national_files(dump_dir, data_dir, first_year))


__all__ = ["YEARS_BEFORE_BASELINE", "default_first_year", "import_national",
           "municipality_codes", "national_files", "render_national_csv"]
