"""Which edition years the book has, and where their pages live."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trygghet.data.activities import load_reports, report_years
from trygghet.data.assessments import assessment_years, load_assessments
from trygghet.data.clock import today
from trygghet.data.indicators import read_values, values_path
from trygghet.data.plan import Plan, load_plans


def edition_years(data_dir: Path, plan: Plan | None = None) -> list[int]:
    """The book's editions: every plan's period years that have ended, plus any year that
    has status reports or goal assessments; with ``plan``, only the years whose edition
    follows up that plan (see :meth:`trygghet.data.plan.Plans.of_year`). A book whose
    first plan has not had a year yet has the plan's first year, so it has a start page.

    A plan year becomes an edition when it is over (its follow-up can begin), so a newly
    adopted plan never shows follow-ups of years still to come. Adding next year's
    edition is adding that year's data files, or the turn of the year: no code or
    notebook changes."""
    plans = load_plans(data_dir)
    ended = today().year - 1
    years = ({y for y in plans.years if y <= ended} | set(report_years(data_dir))
             | set(assessment_years(data_dir)))
    years = years or {plans.all[0].document.period.start}
    return sorted(y for y in years if plan is None or plans.owns(plan, y))


def last_updated(data_dir: Path, year: int) -> dt.date | None:
    """The date of the newest data behind an edition ("Senast uppdaterad", the PDF's
    cover): the newest of its status reports (that year's and earlier), its goal
    assessments and the retrievals of its plan's indicator values. Never the build's
    clock, so the same data give the same pages; None when nothing has a date."""
    dates = [r.reported_date for y in report_years(data_dir) if y <= year
             for r in load_reports(data_dir, y).values() if r.reported_date]
    assessed = load_assessments(data_dir, year)
    if assessed is not None and assessed.latest_date:
        dates.append(assessed.latest_date)
    for planned in load_plans(data_dir).of_year(year).indicators:
        path = values_path(data_dir, planned.id)
        if path.exists():
            values = read_values(path)
            if not values.empty:
                dates.append(max(values["retrieved"]))
    return max(dates) if dates else None


def edition_dir(year: int) -> str:
    """The edition's folder in the book; its URL never changes once published."""
    return f"editions/{year}"


def chapter_doc(year: int, focus_area_id: int) -> str:
    """The Sphinx document name of a focus-area chapter in an edition."""
    return f"{edition_dir(year)}/fokusomrade-{focus_area_id}"


def indicator_doc(year: int, indicator_id: str = "index") -> str:
    """The Sphinx document name of an indicator's page in an edition (``index``: the
    edition's page listing all indicators). The address never changes once published."""
    return f"{edition_dir(year)}/indikatorer/{indicator_id}"


def plan_chapter_doc(plan: Plan, name: str) -> str:
    """The Sphinx document name of one of the plan's text chapters (plan.yml, ``chapters``):
    ``planer/<start>-<end>/<name>``, or in the plan's ``chapter_folder``."""
    return f"{plan.document.chapters_dir}/{name}"


def edition_year(data_dir: Path, year: int | str | None) -> int:
    """``year`` as an edition year; None (a notebook run without parameters): the latest."""
    return int(year) if year is not None else edition_years(data_dir)[-1]
