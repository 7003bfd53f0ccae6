"""``trygghet ta-bort-exempel``: removing a year's example data without real reports.

The archive's statuses and goal assessments for 2022 and 2023 are invented examples
(``example=true``, made by ``scripts/make_example_*.py``). Importing the real reports with
``--replace`` removes them, but a year may have to be published without them (a committee
never reported, the unit assessed nothing), and ``trygghet status --strict`` cannot pass
while examples remain. This removes the year's example status file and/or example
assessment files:

- only example data, never a real report or assessment;
- all or nothing: every kind asked for is checked before anything is removed;
- logged in ``borttagna-exempel.csv`` beside the files: year, date, file, checksum and the
  rows it had (reports or goals; 1 for the edition's ``samlad-bedomning-<year>.yml``).

The received example files stay in ``data/raw/<year>/`` and in the import logs, as after
``--replace``."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from trygghet.data import activities, assessments, clock
from trygghet.data.errors import DataError, Problem
from trygghet.data.files import write_files_atomically
from trygghet.data.writing import transaction

#: The log of removals, one in each folder whose files are removed.
REMOVAL_LOG = activities.EXAMPLE_REMOVAL_LOG
REMOVAL_COLUMNS = ["year", "removed", "file", "sha256", "rows"]

#: The kinds of example data, as the command's flags name them.
STATUS, ASSESSMENTS = "status", "bedomningar"
WHAT = {STATUS: "statusrapporterna", ASSESSMENTS: "bedömningen av målen"}
COUNTED = {STATUS: "aktiviteter", ASSESSMENTS: "mål"}


@dataclass(frozen=True)
class Removed:
    """One kind of example data removed for a year: its files and how many rows they had."""

    kind: str
    files: tuple[Path, ...]
    rows: int


def _status_files(data_dir: Path, year: int) -> tuple[tuple[Path, ...], int] | Problem:
    path = activities.status_path(data_dir, year)
    if not path.exists():
        return Problem(path, f"{year} har inga statusrapporter, inga exempel att ta bort")
    reports = activities.load_reports(data_dir, year)
    if reports and not activities.is_example(reports):
        return Problem(path, f"{year} har nämndernas riktiga rapporter, inga exempel; "
                             "ta-bort-exempel tar aldrig bort riktiga rapporter")
    return (path,), len(reports)


def _assessment_files(data_dir: Path, year: int) -> tuple[tuple[Path, ...], int] | Problem:
    found = assessments.load_assessments(data_dir, year)
    paths = (assessments.assessment_path(data_dir, year), assessments.edition_path(data_dir, year))
    if found is None:
        return Problem(paths[0], f"{year} har ingen bedömning av målen, inga exempel att ta bort")
    if not found.example:
        return Problem(paths[0], f"bedömningen av målen för {year} är den riktiga, inte exempel; "
                                 "ta-bort-exempel tar aldrig bort en riktig bedömning")
    return tuple(p for p in paths if p.exists()), len(found.goals)


FINDERS = {STATUS: _status_files, ASSESSMENTS: _assessment_files}


def _log_contents(log: Path, rows: list[list[object]]) -> bytes:
    """The removal log with ``rows`` appended (the header when the log is new)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not log.exists():
        writer.writerow(REMOVAL_COLUMNS)
    writer.writerows(rows)
    old = log.read_bytes() if log.exists() else b""
    return old + buffer.getvalue().encode("utf-8")


def _remove_and_log(paths: list[Path], logs: dict[Path, bytes]) -> None:
    """Remove every file and write the logs, as one change (all or nothing, also when the
    command is stopped half-way: :func:`trygghet.data.writing.transaction`)."""
    with transaction() as tx:
        for path in paths:
            tx.remove(path)
        write_files_atomically(logs)


def remove_examples(data_dir: Path, year: int, kinds: list[str] | None = None,
                    today: dt.date | None = None) -> list[Removed]:
    """Remove the year's example data of ``kinds`` (None: every kind that has examples).

    A kind named in ``kinds`` must have example data, or nothing is removed (DataError).
    Without ``kinds`` the kinds without examples are left as they are, and DataError says
    so when the year has no example data at all."""
    data_dir = Path(data_dir)
    found: dict[str, tuple[tuple[Path, ...], int]] = {}
    problems: list[Problem] = []
    for kind in kinds or list(FINDERS):
        result = FINDERS[kind](data_dir, year)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            found[kind] = result
    if kinds and problems:
        raise DataError(problems)
    if not found:
        raise DataError([Problem(data_dir, f"{year} har ingen exempeldata att ta bort")])

    today = today or clock.today()
    removed = [Removed(kind, paths, rows) for kind, (paths, rows) in found.items()]
    logs = {item.files[0].parent / REMOVAL_LOG: [
        [year, today.isoformat(), path.relative_to(data_dir).as_posix(),
         hashlib.sha256(path.read_bytes()).hexdigest(), item.rows if path.suffix == ".csv"
         else 1] for path in item.files]
        for item in removed}
    _remove_and_log([p for item in removed for p in item.files],
                    {log: _log_contents(log, rows) for log, rows in logs.items()})
    return removed


__all__ = ["ASSESSMENTS", "COUNTED", "REMOVAL_LOG", "STATUS", "WHAT", "Removed", "remove_examples"]
