"""``trygghet import-values``: the city's own indicator values into the tidy files.

The import reads the filled-in workbook (or CSV with the same columns), checks every row
(:mod:`trygghet.intake.values_check`), and only when nothing is wrong keeps an untouched
copy under ``data/raw/<year>/``, merges the values into ``data/indicators/<id>.csv`` (the
same tidy files as Kolada's values; other series' rows are kept) and notes the import in
``data/indicators/importlogg.csv``. A stored value is never overwritten without
``replace=True``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from trygghet.data.errors import DataError, Problem
from trygghet.data.files import write_files_atomically
from trygghet.data.indicators import (
    CSV_COLUMNS,
    SEX_LABELS,
    IndicatorMeta,
    read_values,
    sort_rows,
    values_path,
)
from trygghet.data.plan import load_plan
from trygghet.data.settings import Area, load_settings
from trygghet.data.writing import transaction
from trygghet.intake import raw_files
from trygghet.intake import received as incoming
from trygghet.intake.kolada import render_csv
from trygghet.intake.raw_files import LOG_FILE, FileResult
from trygghet.intake.received import Table
from trygghet.intake.values_check import Seen, Value, check_table
from trygghet.intake.values_template import INSTRUCTIONS_SHEET, LAYOUT, own_indicators, sv_number

# -- reading a received file ------------------------------------------------------------------

def read_tables(path: Path) -> list[Table] | list[Problem]:
    """Every value table in a received file: one per template sheet, or the CSV file."""
    return incoming.read_tables(
        path, LAYOUT, skip_sheets=[INSTRUCTIONS_SHEET],
        not_a_template=("filen är inte en indikatormall: inget blad har kolumnerna Indikator "
                        "och Värde. Använd mallen från `trygghet indicator-template`."),
        not_a_table=("filen är inte en fil med indikatorvärden: hittar ingen rubrikrad med "
                     "kolumnerna Indikator och Värde (semikolon- eller kommaseparerad)."))


# -- the import -------------------------------------------------------------------------------

@dataclass
class ImportResult:
    year: int
    files: list[FileResult]
    written: list[Path]


def _check_files(paths: list[Path], year: int, metas: dict[str, IndicatorMeta],
                 municipality: str, today: dt.date) -> list[Value]:
    """Every value in every file, checked; DataError with every problem found."""
    problems: list[Problem] = []
    found: list[Value] = []
    seen: Seen = {}
    for path in paths:
        tables = read_tables(path)
        if tables and isinstance(tables[0], Problem):
            problems += tables
            continue
        file_values: list[Value] = []
        for table in tables:
            rows, row_problems = check_table(table, year, metas, municipality, seen, today)
            file_values += rows
            problems += row_problems
        if not file_values and not problems:
            problems.append(Problem(path, "filen har inga ifyllda värden att importera"))
        found += file_values
    if problems:
        raise DataError(problems)
    return found


def _stored_values(path: Path, meta: IndicatorMeta) -> pd.DataFrame:
    """The indicator's tidy file as stored (empty when there is none yet)."""
    try:
        old = read_values(path, meta.unit) if path.exists() else \
            pd.DataFrame(columns=CSV_COLUMNS)
    except DataError as err:
        raise DataError([Problem(path, f"den befintliga filen är ogiltig: {err}")]) from None
    old["retrieved"] = old["retrieved"].astype(str)
    return old


def _merge(old: pd.DataFrame, values: list[Value], meta: IndicatorMeta, home: Area,
           results: dict[Path, FileResult], conflicts: list[Problem], *, replace: bool
           ) -> pd.DataFrame | None:
    """The tidy values with the received ones added, or None when nothing changes. A
    different stored value is replaced only with ``replace``, else it is a conflict.
    Counts what each file did."""
    stored = {(r.series, r.area_code, r.sex, int(r.year)): r for r in old.itertuples()}
    new_rows = []
    replaced_keys = set()
    for v in values:
        result = results[v.table.file]
        key = (v.series, home.code, v.sex, v.year)
        before = stored.get(key)
        if before is None:
            result.added += 1
        elif before.value == v.value and before.source == v.source:
            result.unchanged += 1
            continue
        elif replace:
            result.replaced += 1
            replaced_keys.add(key)
        else:
            conflicts.append(v.table.problem(
                f"{meta.id} har redan ett annat värde för {v.year} "
                f"({v.series}, {SEX_LABELS[v.sex].lower()}): {sv_number(before.value)} med "
                f"källan {before.source!r}; det nya är {sv_number(v.value)} med källan "
                f"{v.source!r}. Kör igen med --replace för att ersätta det.", v.row, "value"))
            continue
        new_rows.append({"year": v.year, "series": v.series, "area_code": home.code,
                         "area_name": home.name, "sex": v.sex, "value": v.value,
                         "source": v.source, "retrieved": v.retrieved.isoformat()})
    if not new_rows:
        return None
    keep = old[[(r.series, r.area_code, r.sex, int(r.year)) not in replaced_keys
                for r in old.itertuples()]] if not old.empty else old
    return pd.concat([p for p in (keep[CSV_COLUMNS], pd.DataFrame(new_rows, columns=CSV_COLUMNS))
                      if not p.empty], ignore_index=True)


def import_values(data_dir: Path, files: list[Path], year: int, *, replace: bool = False,
                  today: dt.date | None = None) -> ImportResult:
    """Check every file, then merge the values into data/indicators/<id>.csv. Raises
    DataError and writes nothing if anything is wrong."""
    data_dir = Path(data_dir)
    today = today or dt.date.today()
    plan = load_plan(data_dir, year)
    incoming.check_year(plan, year)
    settings = load_settings(data_dir)
    metas = {m.id: m for m in own_indicators(data_dir, plan)}
    paths = raw_files.require_files(files)
    found = _check_files(paths, year, metas, settings.municipality.name, today)

    results = raw_files.received_files(paths, data_dir, year)
    targets: dict[Path, bytes] = {}
    conflicts: list[Problem] = []
    for indicator_id in sorted({v.indicator for v in found}):
        meta, path = metas[indicator_id], values_path(data_dir, indicator_id)
        tidy = _merge(_stored_values(path, meta), [v for v in found if v.indicator == indicator_id],
                      meta, settings.municipality, results, conflicts, replace=replace)
        if tidy is not None:
            targets[path] = render_csv(sort_rows(tidy, meta))
    if conflicts:
        raise DataError(conflicts)

    # Everything is checked: now write, all files as one change.
    with transaction():
        raw_files.keep_received(data_dir, results.values())
        write_files_atomically(targets)
        raw_files.log_import(data_dir / "indicators" / LOG_FILE, year, today, results.values())
    return ImportResult(year, list(results.values()), list(targets))


__all__ = ["LOG_FILE", "ImportResult", "import_values", "read_tables"]
