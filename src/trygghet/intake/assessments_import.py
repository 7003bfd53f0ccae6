"""``trygghet import-assessments``: the unit's assessment of the goals into the edition's
files.

The import reads the filled-in template (.xlsx, .ods or CSV with the same rows), checks
everything (:mod:`trygghet.intake.assessments_check`), and only when nothing is wrong
writes ``data/goals/bedomning-<year>.csv`` and ``samlad-bedomning-<year>.yml`` (see
:mod:`trygghet.data.assessments`), notes the import in ``data/goals/importlogg.csv`` and
keeps an untouched copy of the file in the archive folder, all in one step
(:func:`trygghet.intake.raw_files.commit`). A stored assessment is never overwritten
without ``replace=True``; on any problem nothing is written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from trygghet.data import assessments as goals_data
from trygghet.data import clock, layout
from trygghet.data.assessments import LOG_FILE, EditionAssessment, GoalAssessment
from trygghet.data.errors import DataError, Problem
from trygghet.data.plan import load_plan, load_plans
from trygghet.intake import raw_files
from trygghet.intake import received as incoming
from trygghet.intake.assessments_check import Received, check_table
from trygghet.intake.assessments_template import INSTRUCTIONS_SHEET, LAYOUT, SHEET
from trygghet.intake.raw_files import FileResult
from trygghet.intake.received import Table

_NO_TABLE = ("filen är inte en mall för bedömning av målen: hittar ingen rubrikrad med "
             "kolumnerna Mål och Bedömning")


def read_table(path: Path) -> Table | list[Problem]:
    """The assessment's table (the template's sheet first), or why there is none."""
    tables = incoming.read_tables(
        path, LAYOUT, skip_sheets=[INSTRUCTIONS_SHEET],
        not_a_template=(f"{_NO_TABLE} (väntat bladet {SHEET!r}). Använd mallen från "
                        "`trygghet assessment-template`."),
        not_a_table=f"{_NO_TABLE} (semikolon- eller kommaseparerad).")
    if isinstance(tables[0], Problem):
        return tables
    return next((t for t in tables if t.sheet == SHEET), tables[0])


@dataclass
class ImportResult:
    year: int
    file: FileResult
    written: list[Path]
    removed_examples: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.written)


def _check_stored(data_dir: Path, year: int) -> None:
    """The year's stored assessment files are valid (else nothing is merged into them)."""
    names = {goals_data.assessment_path(data_dir, year).name,
             goals_data.edition_path(data_dir, year).name}
    problems = [p for p in goals_data.check_assessment_files(data_dir, load_plans(data_dir))
                if p.file.name in names]
    if problems:
        raise DataError(problems)


def _stored(data_dir: Path, year: int, *, replace: bool, example: bool
            ) -> tuple[EditionAssessment | None, int]:
    """The year's stored assessment to merge into, and how many example goals are dropped.

    Example data never goes over a real assessment; a real one replaces example data only
    with ``replace``."""
    existing = goals_data.load_assessments(data_dir, year)
    target = goals_data.assessment_path(data_dir, year)
    if existing and example and not existing.example:
        raise DataError([Problem(target, f"{year} har redan riktiga bedömningar; exempeldata "
                                         "importeras aldrig över dem")])
    if existing and existing.example and not example:
        if not replace:
            raise DataError([Problem(
                target, f"{year} innehåller exempeldata. Kör igen med --replace för att ersätta "
                        "exemplen med den riktiga bedömningen; då tas årets alla exempel bort "
                        "(exempelfilen finns kvar i arkivet).")])
        return None, len(existing.goals)
    return existing, 0


def _merge_goals(existing: EditionAssessment | None, checked: Received, result: FileResult,
                 year: int, *, replace: bool, example: bool
                 ) -> tuple[dict[str, GoalAssessment], list[Problem]]:
    """The stored goals with the received ones added; a different assessment of a goal
    replaces the stored one only with ``replace`` (else a problem)."""
    merged = dict(existing.goals) if existing else {}
    conflicts: list[Problem] = []
    for item, row in checked.goals:
        new = dataclasses.replace(item, example=example, source=result.stored_as)
        old = raw_files.merge_received(merged, new.goal, new, result, replace)
        if old is not None:
            conflicts.append(checked.table.problem(
                f"mål {new.goal} har redan en annan bedömning för {year} ({old.verdict.key}, "
                f"från {old.source}). Kör igen med --replace för att ersätta den; den "
                "tidigare filen finns kvar i arkivet.", row, "assessment"))
    return merged, conflicts


def _edition_texts(existing: EditionAssessment | None, checked: Received, source: str,
                   year: int, *, replace: bool) -> tuple[tuple[str, str, str], list[Problem]]:
    """Who assessed, the overall text and the file they come from: the received ones, or
    the stored ones when the file brings no new overall text. A different stored text is
    replaced only with ``replace`` (else a problem)."""
    assessed_by, overall = checked.assessed_by, checked.overall
    if not existing:
        return (assessed_by, overall, source), []
    table, conflicts = checked.table, []
    for label, old, new in (("Bedömd av", existing.assessed_by, assessed_by),
                            ("Samlad bedömning", existing.overall, overall)):
        if new and old and new != old and not replace:
            message = (f"{label} för {year} finns redan med en annan text (från "
                       f"{existing.source}). Kör igen med --replace för att ersätta den.")
            conflicts.append(table.meta_problem(label.lower(), message)
                             if label.lower() in table.meta
                             else Problem(table.file, message, column=label, sheet=table.sheet))
    if not overall or (overall == existing.overall and assessed_by == existing.assessed_by):
        return (existing.assessed_by, existing.overall, existing.source), conflicts
    return (assessed_by, overall, source), conflicts


def import_assessments(data_dir: Path, file: Path, year: int, *, replace: bool = False,
                       example: bool = False, today: dt.date | None = None,
                       archive: Path | None = None) -> ImportResult:
    """Check the file, then merge it into the edition's assessment files. Raises DataError
    and writes nothing if anything is wrong. ``archive`` is where the received file's copy
    is kept (default ``inkommet/<year>/bedomningar/arkiv/``)."""
    data_dir = Path(data_dir)
    archive = Path(archive) if archive else layout.archive_dir(data_dir.parent, year,
                                                               layout.ASSESSMENTS)
    plan = load_plan(data_dir, year)
    incoming.check_year(plan, year, "bedömningen")
    _check_stored(data_dir, year)
    path = Path(file)
    table = read_table(path)
    if isinstance(table, list):
        raise DataError(table)
    # The log notes the time of the import unless a day is given.
    checked, problems = check_table(table, year, plan, today or clock.today())
    if problems:
        raise DataError(problems)
    existing, removed = _stored(data_dir, year, replace=replace, example=example)

    result = raw_files.received_files([path], archive)[path]
    merged, conflicts = _merge_goals(existing, checked, result, year, replace=replace,
                                     example=example)
    (assessed_by, overall, source), more = _edition_texts(existing, checked, result.stored_as,
                                                          year, replace=replace)
    if conflicts + more:
        raise DataError(conflicts + more)

    edition = EditionAssessment(year, merged, overall, assessed_by, example, source)
    # Everything is checked: now write the files, the log and the copy at once.
    files = {} if edition == existing else {
        goals_data.goals_dir(data_dir) / name: content
        for name, content in goals_data.assessment_file_contents(edition).items()}
    written = raw_files.commit(files, goals_data.goals_dir(data_dir) / LOG_FILE, year,
                               [result], today, example="true" if example else "false")
    return ImportResult(year, result, written, removed)


__all__ = ["LOG_FILE", "ImportResult", "import_assessments", "read_table"]
