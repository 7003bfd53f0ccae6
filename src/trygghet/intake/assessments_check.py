"""Checking a received assessment of the goals against the plan and the year, one rule a
function.

:func:`check_table` runs the rules for the rows above the table (year, template, who
assessed, the overall text) and for each filled-in row (formulas, goal, verdict, analysis,
date, indicators). Each rule adds its problem, in Swedish and naming file, sheet, row and
column, and returns what it read. The verdicts and the rules a stored assessment also
keeps (an analysis for every verdict but "Går inte att bedöma", the date's range) are the
data layer's (:mod:`trygghet.data.assessments`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trygghet.data.activities import clean_text
from trygghet.data.assessments import (
    NOT_ASSESSED,
    VERDICTS,
    GoalAssessment,
    Verdict,
    date_problem,
    needs_analysis,
    parse_verdict,
    split_indicators,
)
from trygghet.data.errors import Problem
from trygghet.data.plan import Plan
from trygghet.intake.assessments_template import FILLED_IN, TEMPLATE_ID
from trygghet.intake.received import (
    Row,
    Table,
    stated_year,
    template_problems,
    too_many_fields,
)

_ALLOWED = ", ".join(VERDICTS)
#: Where each goal was assessed in the file: finds a goal assessed twice.
Seen = dict[str, int]


@dataclass(frozen=True)
class Received:
    """What a checked file says: the goals' assessments (with their rows) and the edition's
    own fields."""

    goals: list[tuple[GoalAssessment, int]]
    assessed_by: str
    overall: str
    table: Table


# -- the rows above the table ---------------------------------------------------------------

def _year_row(table: Table, meta: dict[str, object], year: int) -> list[Problem]:
    """The "År" row is there and names the year imported."""
    if "år" not in table.meta:
        return [Problem(table.file, "raden År saknas ovanför tabellen (År i kolumn A, året i "
                                    "kolumn B); använd mallen från `trygghet "
                                    "assessment-template`", sheet=table.sheet)]
    return stated_year(table, meta, year)


def _assessed_by(table: Table, meta: dict[str, object], anything: bool) -> list[Problem]:
    """Who assessed, when the file assesses anything ("Bedömd av"; a formula there is
    already reported)."""
    label = "bedömd av"
    if not anything or clean_text(meta.get(label)) or (label in table.meta
                                                       and label not in meta):
        return []
    message = "Bedömd av saknas: skriv vem som har gjort bedömningen"
    if label in table.meta:
        return [table.meta_problem(label, message)]
    return [Problem(table.file, message, column="Bedömd av", sheet=table.sheet)]


# -- one row ------------------------------------------------------------------------------------

def _goal(row: Row, goal_ids: set[str], seen: Seen) -> str:
    """One of the plan's goals, assessed once in the file."""
    goal_id = "".join(row.text("goal").split())
    if not goal_id:
        row.problem("Mål saknas: vilket mål gäller raden?", "goal")
    elif goal_id not in goal_ids:
        row.problem(f"målet {goal_id!r} finns inte i planen", "goal")
    elif goal_id in seen:
        row.problem(f"mål {goal_id} finns två gånger: även på rad {seen[goal_id]}", "goal")
    else:
        seen[goal_id] = row.number
    return goal_id


def _verdict(row: Row) -> Verdict | None:
    """One of the verdicts (:data:`~trygghet.data.assessments.VERDICTS`)."""
    verdict = row.choice("assessment", parse_verdict, "bedömning", _ALLOWED)
    if verdict is NOT_ASSESSED:
        row.problem(f"{NOT_ASSESSED.key!r} kan inte väljas; lämna raden tom om målet inte "
                    f"bedöms, annars välj en av: {_ALLOWED}", "assessment")
        return None
    return verdict


def _analysis(row: Row, verdict: Verdict | None) -> str:
    """What the verdict rests on, where the verdict needs it."""
    analysis = row.text("analysis")
    if verdict is not None and needs_analysis(verdict) and not analysis:
        row.problem(f"analys saknas: skriv vad bedömningen {verdict.key!r} bygger på",
                    "analysis")
    return analysis


def _assessed_date(row: Row, year: int, today: dt.date) -> dt.date | None:
    """When the goal was assessed: from the start of the year up to today."""
    if not row.text("date"):
        row.problem("datum för bedömningen saknas", "date")
        return None
    assessed = row.date("date", year)
    wrong = assessed is not None and date_problem(assessed, year, today)
    if wrong:
        row.problem(wrong, "date")
    return assessed


def _indicators(row: Row, indicator_ids: set[str]) -> tuple[str, ...]:
    """The plan's indicators the verdict rests on (optional), each once."""
    listed = split_indicators(row.text("indicators"))
    unknown = [i for i in listed if i not in indicator_ids]
    if unknown:
        row.problem("okänd indikator: " + ", ".join(repr(i) for i in unknown) + ". Skriv "
                    "indikatorernas id (se bladet Instruktioner), med semikolon emellan.",
                    "indicators")
    return tuple(dict.fromkeys(listed))


def _check_row(row: Row, year: int, plan: Plan, seen: Seen, today: dt.date
               ) -> GoalAssessment | None:
    """Every rule for one row; the assessment when the row has no problem. A row with a
    formula or an error value is not read further, and a row nobody filled in is left out
    (the goal stays "Ingen bedömning ännu")."""
    if row.refuse_formulas(row.table.columns) or not any(row.text(k) for k in FILLED_IN):
        return None
    goal_id = _goal(row, {g.id for g in plan.goals}, seen)
    verdict = _verdict(row)
    analysis = _analysis(row, verdict)
    assessed = _assessed_date(row, year, today)
    indicators = _indicators(row, {i.id for i in plan.indicators})
    if row.problems:
        return None
    return GoalAssessment(goal_id, verdict, analysis, assessed, indicators)


# -- the whole table ---------------------------------------------------------------------------

def check_table(table: Table, year: int, plan: Plan, today: dt.date
                ) -> tuple[Received | None, list[Problem]]:
    """Every row checked against the plan and the year; what the file says when nothing is
    wrong."""
    meta, problems = table.readable_meta()
    problems += _year_row(table, meta, year)
    problems += template_problems(table, meta, TEMPLATE_ID, "mall för bedömning av målen")
    seen: Seen = {}
    found: list[tuple[GoalAssessment, int]] = []
    for number, cells in table.rows:
        shifted = too_many_fields(table, number, cells)
        if shifted is not None:
            problems.append(shifted)
            continue
        row = Row(table, number, cells)
        assessment = _check_row(row, year, plan, seen, today)
        problems += row.problems
        if assessment is not None:
            found.append((assessment, number))
    assessed_by = " ".join(clean_text(meta.get("bedömd av")).split())
    overall = clean_text(meta.get("samlad bedömning"))
    problems += _assessed_by(table, meta, bool(found or overall))
    if not problems and not found and not overall:
        problems.append(Problem(table.file, "filen har inga ifyllda bedömningar att importera",
                                sheet=table.sheet))
    if problems:
        return None, problems
    return Received(found, assessed_by, overall, table), []


__all__ = ["Received", "check_table"]
