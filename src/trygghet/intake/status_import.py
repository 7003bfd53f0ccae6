"""``trygghet import-status``: the committees' reports into the year's status file.

The import reads the filled-in workbooks (or CSV files with the same columns), checks every
row against the plan (:mod:`trygghet.intake.status_check`), and only when nothing is wrong
keeps an untouched copy of each file under ``data/raw/<year>/`` and merges the reports
into ``data/activities/status-<year>.csv``. On any problem it writes nothing.

A stored report is never overwritten silently: a new report that differs from the stored
one stops the import unless ``replace=True``; the file the replaced report came from stays
in ``data/raw/``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from trygghet.data import activities
from trygghet.data.activities import Report
from trygghet.data.errors import DataError, Problem
from trygghet.data.plan import Plan, load_plan
from trygghet.data.writing import transaction
from trygghet.intake import raw_files
from trygghet.intake import received as incoming
from trygghet.intake.raw_files import LOG_FILE, FileResult
from trygghet.intake.status_check import Received, Seen, check_table
from trygghet.intake.status_reading import read_table

__all__ = ["LOG_FILE", "ImportResult", "import_status"]


@dataclass
class ImportResult:
    year: int
    status_file: Path
    files: list[FileResult]
    removed_examples: int = 0

    @property
    def changed(self) -> bool:
        return self.removed_examples > 0 or any(f.added or f.replaced for f in self.files)


def _check_files(paths: list[Path], year: int, plan: Plan) -> list[Received]:
    """Every row of every file, checked; DataError with every problem found."""
    problems: list[Problem] = []
    received: list[Received] = []
    seen: Seen = {}
    for path in paths:
        table = read_table(path)
        if isinstance(table, list):
            problems += table
            continue
        rows, row_problems = check_table(table, year, plan, seen)
        received += rows
        problems += row_problems
    if problems:
        raise DataError(problems)
    return received


def _stored_reports(data_dir: Path, year: int, *, replace: bool, example: bool
                    ) -> tuple[dict[str, Report], int]:
    """The year's stored reports to merge into, and how many example rows are dropped.

    Example data never goes over real reports; real reports replace example data only
    with ``replace``."""
    status_file = activities.status_path(data_dir, year)
    existing = activities.load_reports(data_dir, year)
    existing_example = activities.is_example(existing)
    if existing and example and not existing_example:
        raise DataError([Problem(status_file, f"{year} har redan nämndernas riktiga rapporter; "
                                              "exempeldata importeras aldrig över dem")])
    if existing_example and not example:
        if not replace:
            raise DataError([Problem(
                status_file, f"{year} innehåller exempeldata. Kör igen med --replace för att "
                             "ersätta exempeldata med nämndernas rapporter; då tas årets "
                             "alla exempelrader bort (exempelfilerna finns kvar i data/raw/).")])
        return {}, len(existing)
    return existing, 0


def _merge(existing: dict[str, Report], received: list[Received],
           results: dict[Path, FileResult], year: int, *, replace: bool, example: bool
           ) -> dict[str, Report]:
    """The stored reports with the received ones added; a different report for an activity
    replaces the stored one only with ``replace``. Counts what each file did."""
    merged = dict(existing)
    conflicts: list[Problem] = []
    for item in received:
        result = results[item.table.file]
        new = dataclasses.replace(item.report, example=example, source=result.stored_as)
        old = raw_files.merge_received(merged, new.activity, new, result, replace)
        if old is not None:
            conflicts.append(item.table.problem(
                f"aktivitet {new.activity} har redan en annan rapport för {year} "
                f"(status {old.status.key}, från data/raw/{old.source}). Kör igen med --replace "
                "för att ersätta den; den tidigare filen finns kvar i data/raw/.",
                item.row, "status"))
    if conflicts:
        raise DataError(conflicts)
    return merged


def import_status(data_dir: Path, files: list[Path], year: int, *, replace: bool = False,
                  example: bool = False, today: dt.date | None = None) -> ImportResult:
    """Check every file, then merge into the year's status file. Raises DataError and
    writes nothing if anything is wrong."""
    data_dir = Path(data_dir)
    plan = load_plan(data_dir, year)
    incoming.check_year(plan, year, "statusrapporter")
    status_file = activities.status_path(data_dir, year)
    if status_file.exists():
        stored_problems = activities.check_status_file(data_dir, year, plan)
        if stored_problems:
            raise DataError(stored_problems)
    paths = raw_files.require_files(files)
    received = _check_files(paths, year, plan)
    existing, removed_examples = _stored_reports(data_dir, year, replace=replace,
                                                 example=example)
    results = raw_files.received_files(paths, data_dir, year)
    merged = _merge(existing, received, results, year, replace=replace, example=example)

    # Everything is checked: now write, all files as one change.
    outcome = ImportResult(year, status_file, list(results.values()), removed_examples)
    with transaction():
        raw_files.keep_received(data_dir, results.values())
        if outcome.changed or not status_file.exists():
            activities.write_status_file(status_file, year, merged.values())
        raw_files.log_import(data_dir / "activities" / LOG_FILE, year, today or dt.date.today(),
                            outcome.files, example="true" if example else "false")
    return outcome
