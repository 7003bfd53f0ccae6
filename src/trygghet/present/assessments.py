"""How the assessment of the goals is shown: at the top of each focus-area chapter (every
goal's verdict, analysis and date, with the indicators and their development beside it),
on the edition's front page (how many goals have each verdict) and on the edition's page
"Samlad bedömning" (the unit's overall text and every goal, by focus area).

A verdict is always symbol + text (the colour is an extra cue only). The analysis and the
overall text come from the unit's file: they reach pages only through the templates in
``present/templates/assessment*.j2`` (HTML autoescaped, MyST literal), never as markup.
Example assessments get a visible notice on every page that shows them.

The functions return :class:`~trygghet.present.status_html.Part` lists, like the activity
status: the chapter and the overview (notebooks) display them; the "Samlad bedömning" page
is Markdown written by the build (no notebook)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup

from trygghet.data import assessments
from trygghet.data.assessments import NOT_ASSESSED, EditionAssessment, GoalAssessment
from trygghet.data.editions import chapter_doc, edition_dir
from trygghet.data.plan import FocusArea, Goal, Plan
from trygghet.data.project import Project
from trygghet.present import committees, text
from trygghet.present.indicator_pages import IndicatorSummary, summaries, summary_markdown
from trygghet.present.status_html import Part, status_table
from trygghet.present.templating import render

PAGE_NAME = "samlad-bedomning"
PAGE_TITLE = "Samlad bedömning"


def page_doc(year: int) -> str:
    """The Sphinx document name of the edition's "Samlad bedömning" page."""
    return f"{edition_dir(year)}/{PAGE_NAME}"


def page_link(year: int) -> str:
    return f"project:/{page_doc(year)}.md"


def toc_entry(year: int) -> dict:
    return {"file": page_doc(year), "title": PAGE_TITLE}


def _one_line(html: str) -> str:
    """HTML on one line, so that inside a Markdown page no line can end its raw block."""
    return " ".join(html.splitlines())


def _paragraphs(value: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", value) if p.strip()]


# -- building blocks -----------------------------------------------------------------------

def example_notice(plan: Plan, assessment: EditionAssessment | None) -> Part | None:
    """The notice for a page that shows example assessments (None for a real one)."""
    if assessment is None or not assessment.example:
        return None
    return Part("markdown", str(render(
        "assessment-notice.md.j2", organisation=text.genitive(plan.document.organisation),
        what=f"Bedömningarna av målen för {assessment.year}")))


def card(goal_assessment: GoalAssessment | None) -> Part:
    """One goal's verdict (symbol + text), analysis and date, as one line of HTML."""
    a = goal_assessment
    return Part("html", _one_line(render(
        "assessment-card.html.j2", verdict=a.verdict if a else NOT_ASSESSED,
        paragraphs=_paragraphs(a.analysis) if a else [],
        date=a.assessed_date if a else None,
        date_text=text.swedish_date(a.assessed_date) if a else "")))


def heading(title: str, level: int) -> Part:
    return Part("markdown", str(render("assessment-heading.md.j2", title=title,
                                       level=level)).strip())


def goal_heading(goal: Goal, level: int) -> Part:
    return heading(f"{goal.id} {goal.text}", level)


def counts_table(assessment: EditionAssessment | None, goals: Sequence[Goal], caption: str
                 ) -> Part:
    """How many goals have each verdict (every verdict listed, and those not assessed)."""
    counted = assessments.counts(assessment, goals)
    return Part("html", status_table(caption, ["Bedömning", "Antal mål"],
                                     [[v, str(n)] for v, n in counted.items()],
                                     numeric_columns=[1]))


def evidence_groups(fa: FocusArea, assessment: EditionAssessment
                    ) -> list[tuple[list[Goal], tuple[str, ...]]]:
    """Which indicators stand beside which assessed goals: a goal that names its
    indicators gets them, the other assessed goals share the focus area's."""
    own = [(g, a.indicators) for g in fa.goals
           if (a := assessment.of(g.id)) is not None and a.indicators]
    shared = [g for g in fa.goals if (a := assessment.of(g.id)) is not None and not a.indicators]
    groups = [([g], ids) for g, ids in own]
    if shared:
        groups.append((shared, ()))
    return groups


def evidence(goals: list[Goal], listed: tuple[str, ...], items: list[IndicatorSummary],
             fa: FocusArea) -> Part:
    """The indicators beside the verdicts of ``goals``, each with latest value and
    development, linking to its page."""
    by_id = {s.id: s for s in items}
    chosen = [by_id[i] for i in listed] if listed else \
        [by_id[i.id] for i in fa.indicators]
    which = ("de indikatorer som bedömningen bygger på" if listed
             else "fokusområdets indikatorer")
    return Part("markdown", str(render(
        "assessment-evidence.md.j2", goals=text.join_swedish([g.id for g in goals]),
        which=which, items=Markup(summary_markdown(chosen)))).strip())


# -- a focus area's chapter ------------------------------------------------------------------

def chapter_parts(project: Project, year: int, focus_area_id: int) -> list[Part]:
    """The top of a focus area's chapter: each goal with its verdict, analysis and date,
    and beside them the indicators with their development."""
    plan = project.plan
    fa = plan.focus_area(focus_area_id)
    assessment = project.for_year(year).assessment()
    parts = [p for p in [example_notice(plan, assessment)] if p]
    parts.append(Part("markdown", str(render(
        "assessment-chapter.md.j2", assessment=assessment, year=year,
        page=page_link(year))).strip()))
    groups = evidence_groups(fa, assessment) if assessment else []
    items: list[IndicatorSummary] = []
    if groups:
        elsewhere = any(i not in {p.id for p in fa.indicators} for _, ids in groups for i in ids)
        items = summaries(project, year, None if elsewhere else fa)
    own = {goals[0].id: ids for goals, ids in groups if ids}
    for goal in fa.goals:
        parts += [goal_heading(goal, 3), card(assessment.of(goal.id) if assessment else None)]
        if goal.id in own:  # right beside its verdict
            parts.append(evidence([goal], own[goal.id], items, fa))
    # The goals that rest on the focus area's indicators share one list, after them.
    parts += [evidence(goals, ids, items, fa) for goals, ids in groups if not ids]
    return parts


# -- the edition's front page ------------------------------------------------------------------

def overview_parts(project: Project) -> list[Part]:
    """The edition's front page: how many goals have each verdict, and a link to the page
    "Samlad bedömning"."""
    plan, year = project.plan, project.year
    assessment = project.assessment()
    parts = [p for p in [example_notice(plan, assessment)] if p]
    parts.append(Part("markdown", str(render(
        "assessment-overview.md.j2", assessment=assessment, year=year,
        assessed=len(assessment.goals) if assessment else 0, total=len(plan.goals),
        page=page_link(year))).strip()))
    if assessment is not None:
        parts.append(counts_table(assessment, plan.goals,
                                  f"Antal mål per bedömning {year}, alla fokusområden"))
    return parts


# -- the page "Samlad bedömning" ---------------------------------------------------------------

def page_parts(project: Project) -> list[Part]:
    """The edition's page: the overall text, the counts and every goal by focus area."""
    plan, year = project.plan, project.year
    assessment = project.assessment()
    notice = example_notice(plan, assessment)
    latest = assessment.latest_date if assessment else None
    parts = [Part("markdown", str(render(
        "assessment-page.md.j2", year=year, total=len(plan.goals), assessment=assessment,
        notice=Markup(notice.content) if notice else None,
        latest=text.swedish_date(latest) if latest else None)).strip())]
    if assessment is not None:
        parts.append(counts_table(assessment, plan.goals,
                                  f"Antal mål per bedömning {year}, alla fokusområden"))
    for fa in plan.focus_areas:
        parts.append(heading(f"{fa.id}. {fa.title}", 2))
        for goal in fa.goals:
            parts += [goal_heading(goal, 3), card(assessment.of(goal.id) if assessment else None)]
        parts.append(Part("markdown", str(render(
            "assessment-evidence-link.md.j2", fa=fa,
            page=f"project:/{chapter_doc(year, fa.id)}.ipynb")).strip()))
    return parts


def edition_pages(project: Project) -> dict[str, bytes]:
    """The edition's "Samlad bedömning" page by its path in the book."""
    return {f"{page_doc(project.year)}.md": committees.render(page_parts(project))
            .encode("utf-8")}


__all__ = ["PAGE_TITLE", "chapter_parts", "edition_pages", "overview_parts", "page_doc",
           "page_parts", "toc_entry"]
