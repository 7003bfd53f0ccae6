"""The assessment of the plan's goals, edition by edition: the vocabulary, the files and
their checks.

Before each follow-up the unit responsible (the plan's coordinator) assesses
every goal of the plan: one verdict out of four, an analysis and a date, and writes an
overall text for the edition ("Samlad bedömning"). ``trygghet import-assessments`` (see
:mod:`trygghet.intake.assessments_import`) writes two files per edition, never edited by hand:

* ``data/goals/bedomning-<year>.csv``: one row per assessed goal (see ``CSV_COLUMNS``);
* ``data/goals/samlad-bedomning-<year>.yml``: who assessed, the overall text, whether it
  is example data, the received file.

A goal without a row has no assessment yet ("Ingen bedömning ännu"); a year without the
files has none at all. :func:`load_assessments` is the API pages and checklists read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar

import yaml
from pydantic import Field, PlainValidator, ValidationInfo, field_validator

from trygghet.data import clock
from trygghet.data.activities import EXAMPLE_REMOVAL_LOG, Status, clean_text
from trygghet.data.errors import DataError, Problem
from trygghet.data.files import read_csv_records, read_text, write_files_atomically
from trygghet.data.import_log import LOG_FILE, logged_files
from trygghet.data.plan import Goal, Plan, Plans, Strict
from trygghet.data.rows import FileYear, IsoDate, Row, TrueFalse, not_blank, read_rows
from trygghet.data.yamlio import load_model

#: A verdict as shown to readers: always symbol and text together (never colour alone).
#: Squares, so that they differ from the activity statuses (✔ ◐ ○ ⚠ ✖ –) and the
#: indicators' development (+ ≈ − ± ? ..): filled, half filled, empty; ⊘ cannot be judged.
Verdict = Status

VERDICTS: dict[str, Verdict] = {
    v.key: v
    for v in [
        Status("Uppfyllt", "■", "assessment-met", "målet är uppnått för året"),
        Status("Delvis uppfyllt", "◧", "assessment-partly",
               "en del av målet är uppnått, eller utvecklingen går åt rätt håll men inte "
               "fullt ut"),
        Status("Inte uppfyllt", "□", "assessment-not-met",
               "målet är inte uppnått; utvecklingen går inte åt det håll planen vill"),
        Status("Går inte att bedöma", "⊘", "assessment-unknown",
               "underlaget räcker inte för en bedömning, till exempel när indikatorernas "
               "värden saknas; skriv varför i analysen"),
    ]
}
CANNOT_ASSESS = VERDICTS["Går inte att bedöma"]
#: A goal the unit has not assessed (yet). Not a verdict: it cannot be chosen.
NOT_ASSESSED = Status("Ingen bedömning ännu", "⬚", "assessment-none",
                      "målet har inte bedömts för året")

GOALS_DIR = "goals"
INDICATOR_SEPARATOR = ";"


@dataclass(frozen=True)
class GoalAssessment:
    """One goal's assessment for one edition."""

    goal: str
    verdict: Verdict
    analysis: str
    assessed_date: dt.date
    #: The indicators the verdict rests on; empty: the focus area's indicators.
    indicators: tuple[str, ...] = ()
    example: bool = False
    source: str = ""  # the received file, as the import log names it

    def same_content(self, other: GoalAssessment) -> bool:
        """True when two assessments say the same (where they came from aside)."""
        fields = ("goal", "verdict", "analysis", "assessed_date", "indicators", "example")
        return all(getattr(self, f) == getattr(other, f) for f in fields)


class EditionFile(Strict):
    """``samlad-bedomning-<year>.yml``."""

    year: int
    assessed_by: str = Field(min_length=1)
    overall: str = ""
    example: bool
    source: str = Field(min_length=1)


@dataclass(frozen=True)
class EditionAssessment:
    """Every goal assessment of one edition and the unit's overall text."""

    year: int
    goals: dict[str, GoalAssessment]  # by goal id
    overall: str
    assessed_by: str
    example: bool
    source: str = ""

    def of(self, goal_id: str) -> GoalAssessment | None:
        return self.goals.get(goal_id)

    def verdict(self, goal_id: str) -> Verdict:
        found = self.goals.get(goal_id)
        return found.verdict if found else NOT_ASSESSED

    def missing(self, plan: Plan) -> list[Goal]:
        """The plan's goals that have no assessment in this edition."""
        return [g for g in plan.goals if g.id not in self.goals]

    @property
    def latest_date(self) -> dt.date | None:
        return max((g.assessed_date for g in self.goals.values()), default=None)


def goals_dir(data_dir: Path) -> Path:
    return Path(data_dir) / GOALS_DIR


def assessment_path(data_dir: Path, year: int) -> Path:
    return goals_dir(data_dir) / f"bedomning-{year}.csv"


def edition_path(data_dir: Path, year: int) -> Path:
    return goals_dir(data_dir) / f"samlad-bedomning-{year}.yml"


_FILE = re.compile(r"^(?:samlad-)?bedomning-(\d{4})\.(?:csv|yml)$")


def assessment_years(data_dir: Path) -> list[int]:
    """Years that have an assessment file (either of the two)."""
    folder = goals_dir(data_dir)
    found = {int(m.group(1)) for p in folder.glob("*") if (m := _FILE.match(p.name))} \
        if folder.is_dir() else set()
    return sorted(found)


def assessment_files(data_dir: Path, year: int) -> list[Path]:
    """The year's existing assessment files (what the edition's pages read)."""
    return [p for p in (assessment_path(data_dir, year), edition_path(data_dir, year))
            if p.exists()]


def counts(assessment: EditionAssessment | None, goals: Iterable[Goal]) -> dict[Verdict, int]:
    """How many of ``goals`` have each verdict, ``NOT_ASSESSED`` last; every verdict listed."""
    result = {v: 0 for v in [*VERDICTS.values(), NOT_ASSESSED]}
    for g in goals:
        result[assessment.verdict(g.id) if assessment else NOT_ASSESSED] += 1
    return result


def parse_verdict(value: object) -> Verdict | None:
    """The verdict a person meant: any capitalisation, extra spaces, with or without the
    symbol the book shows in front. ``NOT_ASSESSED`` is recognised (so that it can be
    refused with a clear message); ``None`` if it is no verdict at all."""
    text = " ".join(clean_text(value).split())
    for v in [*VERDICTS.values(), NOT_ASSESSED]:
        if text.startswith(v.symbol + " "):
            text = text[len(v.symbol):].strip()
            break
    wanted = text.casefold()
    return next((v for v in [*VERDICTS.values(), NOT_ASSESSED] if v.key.casefold() == wanted),
                None)


def split_indicators(value: str) -> list[str]:
    """``"a; b, c"`` → ``["a", "b", "c"]``: ids separated by semicolons, commas or spaces."""
    return [p for p in re.split(r"[;,\s]+", value) if p]


def needs_analysis(verdict: Verdict) -> bool:
    """Whether a verdict needs an analysis (what it rests on): every verdict but
    "Går inte att bedöma", where the analysis is welcome but may be left out."""
    return verdict is not CANNOT_ASSESS


def date_problem(assessed: dt.date, year: int, today: dt.date | None = None) -> str | None:
    """Why ``assessed`` cannot be the date of an assessment of ``year`` (Swedish, stating
    the rule), or None. The one rule, for the import and the validation: from the start of
    the year assessed up to today (:func:`trygghet.data.clock.today`). Follow-ups often
    finish late, so there is no other upper bound."""
    today = today or clock.today()
    first = dt.date(year, 1, 1)
    if first <= assessed <= today:
        return None
    where = "i framtiden" if assessed > today else f"före {year}"
    return (f"datumet {assessed.isoformat()} ligger {where}: en bedömning av {year} ska "
            f"dateras från {first.isoformat()} till och med i dag ({today.isoformat()})")


# -- reading -----------------------------------------------------------------------------

def _verdict(value: object) -> Verdict:
    verdict = VERDICTS.get(value) if isinstance(value, str) else value
    if verdict not in VERDICTS.values():
        raise ValueError(f"okänd bedömning {value!r}; tillåtna: {', '.join(VERDICTS)}")
    return verdict


class AssessmentRow(Row):
    """One row of ``bedomning-<year>.csv``: a goal's verdict, analysis and date, the
    indicators it rests on, and the received file it came from."""

    exact_header: ClassVar[bool] = False
    key: ClassVar[tuple[str, ...]] = ("goal",)
    duplicate: ClassVar[str] = "mål {goal} finns redan på rad {line}"

    year: FileYear
    goal: Annotated[str, not_blank("målets id saknas")]
    assessment: Annotated[Verdict, PlainValidator(_verdict, json_schema_input_type=str)]
    analysis: str
    assessed_date: IsoDate
    indicators: tuple[str, ...]
    example: TrueFalse
    source: str

    @field_validator("analysis")
    @classmethod
    def _analysis(cls, value: str, info: ValidationInfo) -> str:
        verdict = info.data.get("assessment")
        if verdict is not None and needs_analysis(verdict) and not value.strip():
            raise ValueError(f"analys saknas; den behövs för bedömningen {verdict.key!r}")
        return value

    @field_validator("assessed_date")
    @classmethod
    def _date(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        wrong = date_problem(value, (info.context or {}).get("year", value.year))
        if wrong:
            raise ValueError(wrong)
        return value

    @field_validator("indicators", mode="before")
    @classmethod
    def _indicators(cls, value: object) -> object:
        return split_indicators(value) if isinstance(value, str) else value


CSV_COLUMNS = AssessmentRow.columns()


def read_assessment_file(path: Path, year: int) -> tuple[list[GoalAssessment], list[Problem]]:
    """Read one year's CSV strictly (it is written by the import, never by hand); the
    plan's checks are in :func:`check_assessment_files`."""
    try:
        rows = read_rows(path, AssessmentRow, {"year": year})
    except DataError as err:
        return [], err.problems
    return [GoalAssessment(goal=r.goal, verdict=r.assessment, analysis=r.analysis,
                           assessed_date=r.assessed_date, indicators=r.indicators,
                           example=r.example, source=r.source) for _, r in rows], []


def load_assessments(data_dir: Path, year: int) -> EditionAssessment | None:
    """The edition's assessments, or None when the year has none ("Ingen bedömning ännu").
    Raises DataError on an invalid file (``trygghet validate`` names every problem)."""
    csv_path, yml_path = assessment_path(data_dir, year), edition_path(data_dir, year)
    if not csv_path.exists() and not yml_path.exists():
        return None
    goals, problems = read_assessment_file(csv_path, year) if csv_path.exists() else \
        ([], [Problem(csv_path, "filen saknas men finns för samma år: " + yml_path.name)])
    edition = None
    if yml_path.exists():
        try:
            edition = load_model(yml_path, EditionFile)
        except DataError as err:
            problems += err.problems
        else:
            if edition.year != year:
                problems.append(Problem(yml_path, f"året ska vara {year} som i filnamnet "
                                                  f"(angivet: {edition.year})", row=_line_of(
                                                      yml_path, "year"), column="year"))
    else:
        problems.append(Problem(yml_path, "filen saknas men finns för samma år: "
                                          + csv_path.name))
    if problems:
        raise DataError(problems)
    return EditionAssessment(year, {g.goal: g for g in goals}, edition.overall,
                             edition.assessed_by, edition.example, edition.source)


def check_assessment_files(data_dir: Path, plans: Plans) -> list[Problem]:
    """Every problem in the assessment files, including what only the year's plan can tell:
    unknown goals and indicators, a year outside the follow-up, a received file the import
    log does not name,
    example rows mixed with real ones."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    folder = goals_dir(data_dir)
    if folder.is_dir():
        for path in sorted(folder.glob("*.csv")) + sorted(folder.glob("*.yml")):
            if not _FILE.match(path.name) and path.name not in {
                    LOG_FILE, EXAMPLE_REMOVAL_LOG}:
                problems.append(Problem(path, "okänt filnamn: väntat bedomning-<år>.csv eller "
                                              "samlad-bedomning-<år>.yml"))
    for year in assessment_years(data_dir):
        plan = plans.of_year(year)
        goal_ids = {g.id for g in plan.goals}
        indicator_ids = {i.id for i in plan.indicators}
        try:
            edition = load_assessments(data_dir, year)
        except DataError as err:
            problems += err.problems
            continue
        csv_path, yml_path = assessment_path(data_dir, year), edition_path(data_dir, year)
        outside = plan.year_problem(year, csv_path)
        if outside:
            problems.append(outside)
        rows = _row_numbers(csv_path)
        logged = logged_files(folder / LOG_FILE, year)
        for a in edition.goals.values():
            line = rows.get(a.goal)
            if a.goal not in goal_ids:
                problems.append(Problem(csv_path, f"målet {a.goal!r} finns inte i planen",
                                        row=line, column="goal"))
            unknown = [i for i in a.indicators if i not in indicator_ids]
            if unknown:
                problems.append(Problem(csv_path, "indikatorn finns inte i planen: "
                                        + ", ".join(unknown), row=line, column="indicators"))
            problems += _check_source(logged, csv_path, a.source, line, year)
            if a.example != edition.example:
                problems.append(Problem(
                    csv_path, f"example är {str(a.example).lower()} men "
                              f"{str(edition.example).lower()} i {yml_path.name}; exempeldata "
                              "och riktiga bedömningar får inte blandas i samma år",
                    row=line, column="example"))
        problems += _check_source(logged, yml_path, edition.source, None, year)
    return problems


def _check_source(logged: set[str], path: Path, source: str, line: int | None,
                  year: int) -> list[Problem]:
    if not source:
        return [Problem(path, "källfil saknas (vilken mottagen fil raden kommer från)",
                        row=line, column="source")]
    if source not in logged:
        return [Problem(path, f"den mottagna filen {source} finns inte i {LOG_FILE} för {year}",
                        row=line, column="source")]
    return []


def _line_of(path: Path, key: str) -> int | None:
    """The line of a top-level key in a YAML file."""
    for i, line in enumerate(read_text(path).splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return i
    return None


def _row_numbers(path: Path) -> dict[str, int]:
    """Each goal's line in a file that has been read without problems."""
    header, records = read_csv_records(path)
    column = header.index("goal")
    return {values[column]: line for line, values in records if len(values) > column}


# -- writing -------------------------------------------------------------------------------

def _goal_sort_key(goal_id: str) -> tuple:
    """``M1.10`` after ``M1.9``; other ids after them, by text."""
    numbers = re.findall(r"\d+", goal_id)
    return (0, *map(int, numbers)) if numbers else (1, goal_id)


class _BlockDumper(yaml.SafeDumper):
    """Multi-line texts as YAML block scalars (``|``), readable in a diff."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_representer)


def assessment_file_contents(assessment: EditionAssessment) -> dict[str, bytes]:
    """The two files of an edition (relative to ``data/goals/``), goals in plan order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in sorted(assessment.goals.values(), key=lambda a: _goal_sort_key(a.goal)):
        writer.writerow([assessment.year, a.goal, a.verdict.key, a.analysis,
                         a.assessed_date.isoformat(), INDICATOR_SEPARATOR.join(a.indicators),
                         "true" if a.example else "false", a.source])
    edition = {"year": assessment.year, "assessed_by": assessment.assessed_by,
               "overall": assessment.overall, "example": assessment.example,
               "source": assessment.source}
    header = ("# Skrivs av `trygghet import-assessments`; ändra inte för hand "
              "(se data/goals/README.md).\n")
    text = yaml.dump(edition, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False,
                     width=100)
    return {f"bedomning-{assessment.year}.csv": buffer.getvalue().encode("utf-8"),
            f"samlad-bedomning-{assessment.year}.yml": (header + text).encode("utf-8")}


def write_assessment_files(data_dir: Path, assessment: EditionAssessment) -> list[Path]:
    """Write both files of the edition at once (all or nothing)."""
    folder = goals_dir(data_dir)
    return write_files_atomically({folder / name: content for name, content
                                   in assessment_file_contents(assessment).items()})


__all__ = ["CANNOT_ASSESS", "CSV_COLUMNS", "NOT_ASSESSED", "VERDICTS", "EditionAssessment",
           "GoalAssessment", "Verdict", "assessment_path", "assessment_years",
           "check_assessment_files", "counts", "date_problem", "edition_path",
           "load_assessments", "needs_analysis", "parse_verdict", "split_indicators",
           "write_assessment_files"]
