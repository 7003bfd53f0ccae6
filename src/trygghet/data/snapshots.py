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

import pandas as pd

from trygghet.data.errors import DataError, Problem, UserError
from trygghet.data.files import write_files_atomically
from trygghet.data.indicators import read_csv_records

SNAPSHOT_DIR = "editions"
VALUES_FILE = "publicerade-varden.csv"
DEVELOPMENT_FILE = "publicerad-utveckling.csv"
MISSING_FILE = "saknades-vid-publicering.csv"

VALUE_COLUMNS = ["edition", "frozen", "indicator", "series", "area_code", "area_name", "sex",
                 "year", "value", "suppressed"]
DEVELOPMENT_COLUMNS = ["edition", "frozen", "indicator", "area_code", "area_name", "sex",
                       "latest_year", "latest_value", "label"]
MISSING_COLUMNS = ["edition", "frozen", "check", "kind", "subject", "what"]
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
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


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

def _number(text: str) -> float | None:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _read(path: Path, columns: list[str], year: int, problems: list[Problem]
          ) -> tuple[list[dict], list[int]]:
    """The file's rows as dicts with ``edition`` and ``frozen`` checked, and their lines."""
    try:
        header, records = read_csv_records(path)
    except DataError as err:
        problems += err.problems
        return [], []
    if header != columns:
        problems.append(Problem(path, f"kolumnerna ska vara {','.join(columns)}; filen har "
                                      f"{','.join(header)}", row=1))
        return [], []
    rows, lines = [], []
    for line, fields in records:
        if len(fields) != len(columns):
            problems.append(Problem(path, f"raden har {len(fields)} fält, väntat {len(columns)}",
                                    row=line))
            continue
        rec = dict(zip(columns, fields, strict=True))
        if rec["edition"] != str(year):
            problems.append(Problem(path, f"utgåvan ska vara {year} som i katalognamnet "
                                          f"(angivet: {rec['edition']!r})", row=line,
                                    column="edition"))
            continue
        try:
            rec["frozen"] = dt.date.fromisoformat(rec["frozen"])
        except ValueError:
            problems.append(Problem(path, f"måste vara ett datum ÅÅÅÅ-MM-DD (angivet: "
                                          f"{rec['frozen']!r})", row=line, column="frozen"))
            continue
        rows.append(rec)
        lines.append(line)
    return rows, lines


def _frame(path: Path, parsed: list[tuple[dict, int]], columns: list[str], key: list[str],
           what: str, problems: list[Problem]) -> pd.DataFrame:
    """The parsed rows as a frame; a row repeating an earlier row's ``key`` is a problem."""
    frame = pd.DataFrame([r for r, _ in parsed], columns=columns)
    for i in frame.index[frame.duplicated(key)]:
        problems.append(Problem(path, f"samma {what} finns redan på en tidigare rad",
                                row=parsed[i][1]))
    return frame


def _parse_values(path: Path, year: int, problems: list[Problem]) -> pd.DataFrame:
    rows, lines = _read(path, VALUE_COLUMNS, year, problems)
    parsed = []
    for rec, line in zip(rows, lines, strict=True):
        try:
            rec["year"] = int(rec["year"])
        except ValueError:
            problems.append(Problem(path, f"måste vara ett heltal (angivet: {rec['year']!r})",
                                    row=line, column="year"))
            continue
        if rec["year"] > year:
            problems.append(Problem(path, f"året {rec['year']} är senare än utgåvan {year}",
                                    row=line, column="year"))
            continue
        if rec["suppressed"] not in {"true", "false"}:
            problems.append(Problem(path, "måste vara true eller false (angivet: "
                                          f"{rec['suppressed']!r})", row=line,
                                    column="suppressed"))
            continue
        rec["suppressed"] = rec["suppressed"] == "true"
        try:
            rec["value"] = _number(rec["value"]) if rec["value"] else None
        except ValueError:
            problems.append(Problem(path, f"måste vara ett tal (angivet: {rec['value']!r})",
                                    row=line, column="value"))
            continue
        if rec["value"] is None and not rec["suppressed"]:
            problems.append(Problem(path, "värde saknas (bara ett dolt litet antal har inget "
                                          "värde)", row=line, column="value"))
            continue
        parsed.append((rec, line))
    frame = _frame(path, parsed, VALUE_COLUMNS, VALUE_KEY, "indikator, serie, område, kön och år",
                   problems)
    frame["value"] = frame["value"].astype("float64")
    return frame


def _parse_development(path: Path, year: int, problems: list[Problem]) -> pd.DataFrame:
    rows, lines = _read(path, DEVELOPMENT_COLUMNS, year, problems)
    parsed = []
    for rec, line in zip(rows, lines, strict=True):
        try:
            rec["latest_year"] = int(rec["latest_year"]) if rec["latest_year"] else None
            rec["latest_value"] = _number(rec["latest_value"]) if rec["latest_value"] else None
        except ValueError:
            problems.append(Problem(path, "senaste år och värde måste vara tal", row=line,
                                    column="latest_year"))
            continue
        if not rec["label"]:
            problems.append(Problem(path, "bedömningen saknas", row=line, column="label"))
            continue
        parsed.append((rec, line))
    frame = _frame(path, parsed, DEVELOPMENT_COLUMNS, DEVELOPMENT_KEY,
                   "indikator, område och kön", problems)
    frame["latest_year"] = frame["latest_year"].astype("Int64")
    frame["latest_value"] = frame["latest_value"].astype("float64")
    return frame


def _parse_missing(path: Path, year: int, problems: list[Problem]
                   ) -> tuple[MissingItem, ...] | None:
    if not path.exists():
        return None
    rows, lines = _read(path, MISSING_COLUMNS, year, problems)
    items = []
    for rec, line in zip(rows, lines, strict=True):
        if rec["kind"] not in MISSING_KINDS:
            problems.append(Problem(path, f"måste vara {' eller '.join(MISSING_KINDS)} "
                                          f"(angivet: {rec['kind']!r})", row=line, column="kind"))
            continue
        empty = [c for c in ("check", "subject", "what") if not rec[c].strip()]
        if empty:
            problems.append(Problem(path, "får inte vara tom", row=line, column=empty[0]))
            continue
        items.append(MissingItem(rec["check"], rec["kind"], rec["subject"], rec["what"]))
    return tuple(items)


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
    values = _parse_values(values_path, year, problems)
    development = _parse_development(development_path, year, problems)
    missing = _parse_missing(missing_path(data_dir, year), year, problems)
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
