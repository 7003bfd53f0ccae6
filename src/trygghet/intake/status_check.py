"""Checking a received status report against the plan and the year, one rule a function.

:func:`check_table` runs the rules for the file's metadata (year, template, committee)
and for each row (fields, formulas, activity, committee, status, date). Each rule adds
its problem, in Swedish and naming file, sheet, row and column, and returns what it read.
The statuses a committee can choose are the data layer's
(:mod:`trygghet.data.activities`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trygghet.data.activities import (
    NOT_REPORTED,
    Report,
    Status,
    allowed_statuses,
    clean_text,
    parse_status,
)
from trygghet.data.errors import Problem
from trygghet.data.plan import Activity, Committee, Plan
from trygghet.intake.received import (
    Row,
    Table,
    shown,
    template_problems,
    too_many_fields,
)
from trygghet.intake.status_template import TEMPLATE_ID

_READ_KEYS = ("activity", "lead", "status", "comment", "contact", "date")  # what a row gives
#: Where each activity was first reported in this import: finds duplicates across files.
Seen = dict[str, tuple[Table, int]]


@dataclass(frozen=True)
class Received:
    """One checked row of a received file."""

    report: Report
    table: Table
    row: int


# -- the file's metadata (above the header row) ------------------------------------------------

def _stated_year(table: Table, meta: dict[str, object], year: int) -> list[Problem]:
    """The year the template was written for is the year imported."""
    if "år" not in meta:
        return []
    value = meta["år"]
    try:
        stated = int(float(clean_text(value)))
    except ValueError:
        return [table.meta_problem("år", f"År måste vara ett årtal (angivet: {shown(value)})")]
    if stated == year:
        return []
    return [table.meta_problem("år", f"rapporten gäller år {stated}, men importen gäller {year} "
                                     f"(--year {year}). Använd rätt års mall eller rätt --year.")]


def _file_committee(table: Table, meta: dict[str, object], plan: Plan,
                    problems: list[Problem]) -> Committee | None:
    """The committee the template was written for, when it names one the plan knows."""
    if "nämnd" not in meta:
        return None
    committee = plan.resolve_committee(clean_text(meta["nämnd"]))
    if committee is None:
        problems.append(table.meta_problem("nämnd", f"okänd nämnd {shown(meta['nämnd'])}"))
    return committee


# -- one row ------------------------------------------------------------------------------------

def _activity_id(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    return "".join(clean_text(value).split()).replace(",", ".")


def _activity(row: Row, planned: dict[str, Activity], seen: Seen) -> Activity | None:
    """The plan's activity the row reports on, reported once in the import."""
    if "activity" in row.refused:
        return None
    activity_id = _activity_id(row.value("activity"))
    activity = planned.get(activity_id)
    if not activity_id:
        row.problem("Nr saknas: vilken aktivitet gäller raden?", "activity")
    elif activity is None:
        row.problem(f"aktivitet {activity_id!r} finns inte i planen", "activity")
    elif activity_id in seen:
        other, other_row = seen[activity_id]
        row.problem(f"aktivitet {activity_id} finns två gånger: även på rad {other_row}"
                    f"{row.table.elsewhere(other)}", "activity")
    else:
        seen[activity_id] = (row.table, row.number)
    return activity


def _row_committee(row: Row, plan: Plan, file_committee: Committee | None) -> Committee | None:
    """The committee named on the row, else the file's."""
    name = row.text("lead")
    if not name:
        return file_committee
    committee = plan.resolve_committee(name)
    if committee is None:
        row.problem(f"okänd nämnd {name!r}", "lead")
    return committee


def _leads(row: Row, plan: Plan, activity: Activity, file_committee: Committee | None,
           committee: Committee | None) -> None:
    """The committee reporting is the activity's lead committee, and one is named."""
    wrong = [c for c in (file_committee, committee) if c and c.id != activity.lead]
    if wrong:
        row.problem(f"aktivitet {activity.id} leds av {plan.committee_name(activity.lead)}, "
                    f"inte av {wrong[0].name}; den rapporteras i den nämndens mall",
                    "lead" if "lead" in row.table.columns else "activity")
    if committee is None and not row.text("lead") and "lead" not in row.refused:
        row.problem("ansvarig nämnd saknas (kolumnen Ansvarig nämnd)", "lead")


def _status(row: Row) -> Status | None:
    """A status the committee can report (see :mod:`trygghet.data.activities`)."""
    if "status" in row.refused:
        return None
    status = row.choice("status", parse_status, "status", allowed_statuses())
    if status is NOT_REPORTED:
        row.problem(f"{NOT_REPORTED.key!r} kan inte rapporteras; välj en av: "
                    f"{allowed_statuses()}", "status")
    return status


def _reported_date(row: Row, year: int) -> dt.date | None:
    """When the report was written, if given: a date in the year or the year after."""
    if not row.text("date"):
        return None
    reported = row.date("date", year)
    if reported is None:
        return None
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 12, 31)
    if not start <= reported <= end:
        row.problem(f"datumet {reported.isoformat()} ligger utanför rapporteringen för {year} "
                    f"({start.isoformat()}–{end.isoformat()})", "date")
    return reported


def _check_row(row: Row, year: int, plan: Plan, planned: dict[str, Activity], seen: Seen,
               file_committee: Committee | None) -> Report | None:
    """Every rule for one row; the report when the row has no problem."""
    row.refuse_formulas(_READ_KEYS)  # reported; the row's other cells are still checked
    activity = _activity(row, planned, seen)
    committee = _row_committee(row, plan, file_committee)
    if activity is not None:
        _leads(row, plan, activity, file_committee, committee)
    status = _status(row)
    reported = _reported_date(row, year)
    if row.problems or activity is None:
        return None
    return Report(activity=activity.id, status=status, comment=row.text("comment"),
                  committee=activity.lead, reported_date=reported)


# -- the whole table ---------------------------------------------------------------------------

def check_table(table: Table, year: int, plan: Plan,
                seen: Seen) -> tuple[list[Received], list[Problem]]:
    """Every row checked against the plan and the year; ``seen`` finds duplicates across files."""
    meta, problems = table.readable_meta()
    problems += _stated_year(table, meta, year)
    problems += template_problems(table, meta, TEMPLATE_ID, "statusmall")
    file_committee = _file_committee(table, meta, plan, problems)
    planned = {a.id: a for a in plan.activities}
    received: list[Received] = []
    for number, cells in table.rows:
        if all(clean_text(c) == "" for c in cells):
            continue
        shifted = too_many_fields(table, number, cells)
        if shifted is not None:
            problems.append(shifted)
            continue
        row = Row(table, number, cells)
        report = _check_row(row, year, plan, planned, seen, file_committee)
        problems += row.problems
        if report is not None:
            received.append(Received(report, table, number))
    if not problems and not received:
        problems.append(Problem(table.file, "filen har inga ifyllda rader att importera",
                                sheet=table.sheet))
    return received, problems
