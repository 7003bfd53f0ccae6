"""What a published edition showed: its frozen values and development judgements.

When an edition is published, ``trygghet snapshot --year ÅR`` writes two files under
``data/editions/<år>/`` and they are committed with the publication:

* ``publicerade-varden.csv``: every indicator value the edition shows (all areas, series
  and sexes, years up to the edition year), as published: a small count suppressed in
  the book has an empty ``value`` and ``suppressed`` true.
* ``publicerad-utveckling.csv``: the municipality's development judgement per indicator
  and sex, as the edition showed it.
* ``saknades-vid-publicering.csv``: what was still missing from the edition when it was
  published (reports, values, assessments, example data): the list ``trygghet status``
  computes (trygghet.analysis.reporting_state), one row per gap; only the header when
  nothing was missing. Editions are often published with a report missing; the record
  says so. A snapshot written before this file existed has none (not recorded).

The next edition compares today's values with them ("Nytt sedan förra uppföljningen"):
Kolada revises earlier years, and only a record of what was shown can tell a revision
from a value that was always there. A snapshot is written once and never silently
overwritten (see :func:`write_snapshot`). No snapshot means the comparison cannot be
made, and the page says so."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar

import pandas as pd
from pydantic import AfterValidator, ValidationInfo, field_validator, model_validator

from trygghet.data.errors import DataError, Problem, UserError
from trygghet.data.files import files_under, write_files_atomically
from trygghet.data.rows import (
    ColumnError,
    Finite,
    IsoDate,
    Row,
    TrueFalse,
    not_blank,
    read_rows,
    year_of_file,
)

SNAPSHOT_DIR = "editions"
VALUES_FILE = "publicerade-varden.csv"
DEVELOPMENT_FILE = "publicerad-utveckling.csv"
MISSING_FILE = "saknades-vid-publicering.csv"

#: The kinds of gap (trygghet.analysis.reporting_state.MISSING and EXAMPLE).
MISSING_KINDS = ("saknas", "exempel")
#: The columns that say what was shown (``frozen`` only says when it was recorded).
VALUE_KEY = ["indicator", "series", "area_code", "sex", "year"]
DEVELOPMENT_KEY = ["indicator", "area_code", "sex"]


def snapshot_dir(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / SNAPSHOT_DIR / str(year)


def snapshot_paths(data_dir: Path, year: int) -> tuple[Path, Path]:
    """The edition's frozen values and development files."""
    folder = snapshot_dir(data_dir, year)
    return folder / VALUES_FILE, folder / DEVELOPMENT_FILE


def missing_path(data_dir: Path, year: int) -> Path:
    """The edition's record of what was missing when it was published."""
    return snapshot_dir(data_dir, year) / MISSING_FILE


@dataclass(frozen=True)
class MissingItem:
    """One thing missing from an edition when it was published (a reporting-state gap)."""

    check: str  # the check's key: "statusrapporter", "indikatorvarden" …
    kind: str  # one of MISSING_KINDS
    subject: str  # "Kulturnämnden"
    what: str  # "ingen rapport för 2024 (aktiviteterna 3.2, 3.4)"


def snapshot_years(data_dir: Path) -> list[int]:
    """Editions that have a snapshot (both files)."""
    folder = Path(data_dir) / SNAPSHOT_DIR
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir()
                  if p.name.isdigit() and all(f.exists() for f in snapshot_paths(data_dir, int(p.name))))


def snapshot_files(data_dir: Path) -> list[Path]:
    """Every file under ``data/editions/`` (what pages comparing editions read)."""
    folder = Path(data_dir) / SNAPSHOT_DIR
    return files_under(folder)


@dataclass(frozen=True)
class Snapshot:
    """What edition ``year`` showed, recorded on ``frozen``."""

    year: int
    frozen: dt.date
    values: pd.DataFrame  # VALUE_COLUMNS without edition/frozen; value NaN when suppressed
    development: pd.DataFrame  # DEVELOPMENT_COLUMNS without edition/frozen
    #: What was missing when it was published; None: not recorded (an older snapshot).
    missing: tuple[MissingItem, ...] | None = None


# -- reading -----------------------------------------------------------------------------------

#: The ``edition`` column: the year the folder's name gives.
Edition = year_of_file("utgåvan ska vara {year} som i katalognamnet")


class _EditionRow(Row):
    """What every snapshot row starts with: the edition (the folder's name) and the day
    the snapshot was recorded."""

    edition: Edition
    frozen: IsoDate


Filled = Annotated[str, not_blank("får inte vara tom")]


class ValueSnapshotRow(_EditionRow):
    """One row of ``publicerade-varden.csv``: a value as the edition showed it."""

    key: ClassVar[tuple[str, ...]] = tuple(VALUE_KEY)
    duplicate: ClassVar[str] = ("samma indikator, serie, område, kön och år finns redan på "
                                "rad {line}")

    indicator: str
    series: str
    area_code: str
    area_name: str
    sex: str
    year: int
    value: Finite | None
    suppressed: TrueFalse

    @field_validator("year")
    @classmethod
    def _not_later(cls, value: int, info: ValidationInfo) -> int:
        edition = (info.context or {}).get("year")
        if edition is not None and value > edition:
            raise ValueError(f"året {value} är senare än utgåvan {edition}")
        return value

    @model_validator(mode="after")
    def _value_or_suppressed(self) -> ValueSnapshotRow:
        if self.value is None and not self.suppressed:
            raise ColumnError("value", "värde saknas (bara ett dolt litet antal har inget värde)")
        return self


class DevelopmentSnapshotRow(_EditionRow):
    """One row of ``publicerad-utveckling.csv``: a development judgement as shown."""

    key: ClassVar[tuple[str, ...]] = tuple(DEVELOPMENT_KEY)
    duplicate: ClassVar[str] = "samma indikator, område och kön finns redan på rad {line}"

    indicator: str
    area_code: str
    area_name: str
    sex: str
    latest_year: int | None
    latest_value: Finite | None
    label: Annotated[str, not_blank("bedömningen saknas")]


def _kind(value: str) -> str:
    if value not in MISSING_KINDS:
        raise ValueError(f"måste vara {' eller '.join(MISSING_KINDS)}")
    return value


class MissingSnapshotRow(_EditionRow):
    """One row of ``saknades-vid-publicering.csv``: a gap when the edition was published."""

    check: Filled
    kind: Annotated[str, AfterValidator(_kind)]
    subject: Filled
    what: Filled


VALUE_COLUMNS = ValueSnapshotRow.columns()
DEVELOPMENT_COLUMNS = DevelopmentSnapshotRow.columns()
MISSING_COLUMNS = MissingSnapshotRow.columns()


def _rows(path: Path, model: type[Row], year: int, problems: list[Problem]) -> list[dict]:
    """The file's rows as dicts (none when it has problems, which are added to ``problems``)."""
    try:
        return [dict(row) for _, row in read_rows(path, model, {"year": year})]
    except DataError as err:
        problems += err.problems
        return []


def _load(data_dir: Path, year: int) -> tuple[Snapshot | None, list[Problem]]:
    values_path, development_path = snapshot_paths(data_dir, year)
    problems: list[Problem] = []
    present = [p for p in (values_path, development_path) if p.exists()]
    if not present:
        if missing_path(data_dir, year).exists():
            return None, [Problem(values_path, "filen saknas; en ögonblicksbild består av "
                                               f"{VALUES_FILE}, {DEVELOPMENT_FILE} och "
                                               f"{MISSING_FILE}")]
        return None, problems
    if len(present) == 1:
        missing = development_path if present[0] == values_path else values_path
        return None, [Problem(missing, "filen saknas; en ögonblicksbild består av "
                                       f"{VALUES_FILE} och {DEVELOPMENT_FILE}")]
    values = pd.DataFrame(_rows(values_path, ValueSnapshotRow, year, problems),
                          columns=VALUE_COLUMNS).astype({"value": "float64"})
    development = pd.DataFrame(_rows(development_path, DevelopmentSnapshotRow, year, problems),
                               columns=DEVELOPMENT_COLUMNS).astype(
        {"latest_year": "Int64", "latest_value": "float64"})
    missing_file = missing_path(data_dir, year)
    missing = tuple(MissingItem(r["check"], r["kind"], r["subject"], r["what"])
                    for r in _rows(missing_file, MissingSnapshotRow, year, problems)) \
        if missing_file.exists() else None
    if problems:
        return None, problems
    frozen = max([*values["frozen"], *development["frozen"]], default=None)
    if frozen is None:
        return None, [Problem(values_path, "filen har inga rader", row=2)]
    return Snapshot(year, frozen, values.drop(columns=["edition", "frozen"]),
                    development.drop(columns=["edition", "frozen"]), missing), []


def load_snapshot(data_dir: Path, year: int) -> Snapshot | None:
    """What edition ``year`` showed, or None when no snapshot was written."""
    snapshot, problems = _load(data_dir, year)
    if problems:
        raise DataError(problems)
    return snapshot


def check_snapshots(data_dir: Path) -> list[Problem]:
    """Every problem in ``data/editions/`` (for :mod:`trygghet.data.validate`)."""
    folder = Path(data_dir) / SNAPSHOT_DIR
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for sub in sorted(folder.iterdir()):
        if not (sub.is_dir() and sub.name.isdigit()):
            problems.append(Problem(sub, "här ska bara finnas en katalog per utgåva (årtal)"))
            continue
        problems += _load(data_dir, int(sub.name))[1]
    return problems


# -- writing ---------------------------------------------------------------------------------

class SnapshotExistsError(UserError):
    """The edition already has a different snapshot; the message is Swedish."""


def _csv(columns: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def snapshot_bytes(year: int, frozen: dt.date, values: pd.DataFrame, development: pd.DataFrame,
                   missing: Sequence[MissingItem] = ()) -> tuple[bytes, bytes, bytes]:
    """The three files' bytes: values and development sorted by their key, so the same data
    gives the same file; the missing items in the order the checklist shows them."""
    values = values.sort_values(VALUE_KEY, kind="stable")
    development = development.sort_values(DEVELOPMENT_KEY, kind="stable")
    lead = [str(year), frozen.isoformat()]
    return (
        _csv(VALUE_COLUMNS, [lead + [_cell(v) for v in row] for row in
                             values[VALUE_COLUMNS[2:]].itertuples(index=False, name=None)]),
        _csv(DEVELOPMENT_COLUMNS, [lead + [_cell(v) for v in row] for row in
                                   development[DEVELOPMENT_COLUMNS[2:]].itertuples(
                                       index=False, name=None)]),
        _csv(MISSING_COLUMNS, [[*lead, m.check, m.kind, m.subject, m.what] for m in missing]),
    )


def _without_date(content: bytes) -> list[list[str]]:
    """A snapshot file's rows without the ``frozen`` column: what it says was shown."""
    return [row[:1] + row[2:] for row in csv.reader(io.StringIO(content.decode("utf-8")))]


def _differences(old: bytes, new: bytes, shown: int | None) -> list[str]:
    """The rows (by what they are about: all but the last ``shown`` columns; None: the whole
    row) whose content differs between two versions of a snapshot file, as
    ``"anmalda-brott, N07540, …"``."""
    def rows(content: bytes) -> dict[tuple, tuple]:
        if shown is None:
            return {tuple(r[1:]): () for r in _without_date(content)[1:]}
        return {tuple(r[1:-shown]): tuple(r[-shown:]) for r in _without_date(content)[1:]}

    before, after = rows(old), rows(new)
    return [", ".join(key) for key in sorted(before.keys() | after.keys())
            if before.get(key) != after.get(key)]


def write_snapshot(data_dir: Path, year: int, frozen: dt.date, values: pd.DataFrame,
                   development: pd.DataFrame, replace: bool = False,
                   missing: Sequence[MissingItem] = ()) -> bool:
    """Write edition ``year``'s snapshot, with what was ``missing`` when it was published;
    True when files were written.

    An existing snapshot showing the same is kept as it is (its date too; an older one
    without a missing list stays without one: today's list is not what was missing then).
    One that differs is replaced only with ``replace``; otherwise
    :class:`SnapshotExistsError` says how many rows differ, and nothing is written."""
    paths = (*snapshot_paths(data_dir, year), missing_path(data_dir, year))
    new = snapshot_bytes(year, frozen, values, development, missing)
    if all(p.exists() for p in paths[:2]):
        kept = [(p, b, shown) for p, b, shown in zip(paths, new, (2, 3, None), strict=True)
                if p.exists()]
        if all(_without_date(p.read_bytes()) == _without_date(b) for p, b, _ in kept):
            return False
        if not replace:
            differing = [d for p, b, shown in kept for d in _differences(p.read_bytes(), b, shown)]
            examples = "; ".join(differing[:3]) + (" …" if len(differing) > 3 else "")
            raise SnapshotExistsError(
                f"Uppföljningen {year} har redan en ögonblicksbild ({paths[0].parent}), och "
                f"{len(differing)} av dess rader skiljer sig från dagens uppgifter ({examples}). "
                "Den visar vad utgåvan visade när den publicerades och skrivs inte över. Ska den "
                "ersättas (till exempel när utgåvan publiceras på nytt efter en rättelse), kör "
                "samma kommando med --replace.")
    write_files_atomically(dict(zip(paths, new, strict=True)))
    return True


__all__ = ["DEVELOPMENT_COLUMNS", "DEVELOPMENT_FILE", "MISSING_COLUMNS", "MISSING_FILE",
           "VALUES_FILE", "VALUE_COLUMNS", "MissingItem", "Snapshot", "SnapshotExistsError",
           "check_snapshots", "load_snapshot", "missing_path", "snapshot_bytes", "snapshot_dir",
           "snapshot_files", "snapshot_paths", "snapshot_years", "write_snapshot"]
