"""Which edition years the book has, and where their pages live."""

from __future__ import annotations

from pathlib import Path

from trygghet.data.activities import report_years
from trygghet.data.assessments import assessment_years
from trygghet.data.clock import today
from trygghet.data.plan import Plan, Plans, load_plans


def edition_years(data_dir: Path, plan: Plan | None = None, plans: Plans | None = None
                  ) -> list[int]:
    """The book's editions: every plan's period years that have ended, plus any year that
    has status reports or goal assessments; with ``plan``, only the years whose edition
    follows up that plan (see :meth:`trygghet.data.plan.Plans.of_year`). A book whose
    first plan has not had a year yet has the plan's first year, so it has a start page.

    A plan year becomes an edition when it is over (its follow-up can begin), so a newly
    adopted plan never shows follow-ups of years still to come. Adding next year's
    edition is adding that year's data files, or the turn of the year: no code or
    notebook changes."""
    plans = plans or load_plans(data_dir)
    ended = today().year - 1
    years = ({y for y in plans.years if y <= ended} | set(report_years(data_dir))
             | set(assessment_years(data_dir)))
    years = years or {plans.all[0].document.period.start}
    return sorted(y for y in years if plan is None or plans.owns(plan, y))


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


def edition_year(data_dir: Path, year: int | str | None, plans: Plans | None = None) -> int:
    """``year`` as an edition year; None (a notebook run without parameters): the latest."""
    return int(year) if year is not None else edition_years(data_dir, plans=plans)[-1]
