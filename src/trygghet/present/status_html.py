"""How activity status is shown in the book: per focus area, per committee and across
editions, always as symbol + text (+ colour), never colour alone.

Everything that comes from a status report, above all the committees' comments, is
untrusted text: it goes into HTML tables (templates ``table.html.j2`` and
``status-cell.html.j2``, autoescaped) and never into Markdown or MyST. Each table is one
line of HTML, so that embedded in a Markdown page (committee pages) no line of a comment
can end the raw block and be read as Markdown.

The functions return :class:`Part` lists: Markdown from our templates (headings,
sentences, the example-data notice) and HTML tables with the reported text. A notebook
displays them (``Markdown``/``HTML``); the committee pages write them into MyST files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup

from trygghet.data import activities
from trygghet.data.activities import STATUSES, Report, Status
from trygghet.data.editions import edition_dir
from trygghet.data.plan import Activity, Plan
from trygghet.data.project import Project
from trygghet.present import text
from trygghet.present.tables import html_table, plain_cell
from trygghet.present.templating import render

Cell = str | Status


@dataclass(frozen=True)
class Part:
    kind: Literal["markdown", "html"]
    content: str


def _status_cell(value: object) -> tuple[str | None, str]:
    """A status as symbol + text with its colour class; anything else as plain text."""
    if isinstance(value, Status):
        return f"status {value.css}", render("status-cell.html.j2", status=value)
    return plain_cell(value)


def status_table(caption: str, header: Sequence[str], rows: Sequence[Sequence[Cell]],
                 numeric_columns: Sequence[int] = ()) -> Markup:
    """:func:`trygghet.present.tables.html_table` whose status cells carry symbol, text and a
    colour class. The result is a single line. Tables with more than two columns become
    one card per activity on a phone (``stacked``); those with five or more (text, lead,
    co-responsible, status, comment) also in the text column of a computer screen, where
    six columns would not fit (``wide``)."""
    css = "trygghet-table status-table" + (" wide" if len(header) >= 5 else "")
    html = html_table(caption, header, rows, numeric_columns=numeric_columns,
                      css_class=css, render=_status_cell, stacked=len(header) > 2)
    assert "\n" not in html
    return html


# -- building blocks ----------------------------------------------------------------------

def committee_doc(year: int, committee_id: str = "index") -> str:
    """The document name of an edition's committee page (or of their index page)."""
    return f"{edition_dir(year)}/namnder/{committee_id}"


def example_notice(project: Project, years: Sequence[int]) -> Part | None:
    """The visible notice for pages that show example data instead of real reports."""
    plan = project.plan
    example = project.example_years(years)
    if not example:
        return None
    return Part("markdown", render(
        "example-notice.md.j2",
        organisation_genitive=text.genitive(plan.document.organisation),
        years=text.join_swedish([str(y) for y in example])))


def co_responsible(plan: Plan, activity: Activity) -> str:
    names = [plan.committee_name(c) for c in activity.co_responsible]
    if activity.others:
        names.append(activity.others)
    return text.join_swedish(names) or "–"


def summary_table(caption: str, reports: dict[str, Report], ids: Sequence[str]) -> Markup:
    """How many of the activities have each status; every status is listed."""
    counts = activities.count_statuses(reports, ids)
    return status_table(caption, ["Status", "Antal aktiviteter"],
                        [[s, str(n)] for s, n in counts.items()], numeric_columns=[1])


def summary_sentence(reports: dict[str, Report], ids: Sequence[str]) -> str:
    """``"Av de 6 aktiviteterna har 2 status Genomförd och 4 status Påbörjad."``"""
    counts = {s: n for s, n in activities.count_statuses(reports, ids).items() if n}
    if len(ids) == 1:
        return f"Aktiviteten har status {next(iter(counts)).key}."
    if len(counts) == 1:
        return f"Alla {len(ids)} aktiviteterna har status {next(iter(counts)).key}."
    parts = [f"{n} status {s.key}" for s, n in counts.items()]
    return f"Av de {len(ids)} aktiviteterna har {text.join_swedish(parts)}."


def history_table(caption: str, project: Project, activity_list: Sequence[Activity],
                  years: Sequence[int], extra: dict[str, str] | None = None,
                  extra_header: str = "") -> Markup:
    """Each activity's status in each edition year, so movement shows across a row."""
    by_year = project.status_history(years)
    header = ["Nr", *([extra_header] if extra else []), *(str(y) for y in years)]
    rows = []
    for a in activity_list:
        row: list[Cell] = [a.id]
        if extra:
            row.append(extra[a.id])
        row += [activities.status_of(by_year[y], a.id).status for y in years]
        rows.append(row)
    return status_table(caption, header, rows)


def history_part(caption: str, project: Project, activity_list: Sequence[Activity],
                 years: Sequence[int], **kw) -> Part:
    if len(years) < 2:
        return Part("markdown", render("activities-first-edition.md.j2", year=years[0]))
    return Part("html", history_table(caption, project, activity_list, years, **kw))


# -- a focus area's chapter ---------------------------------------------------------------

def focus_area_parts(project: Project, focus_area_id: int) -> list[Part]:
    """The chapter's activity section: notice, summary, table with comments, history."""
    plan, year = project.plan, project.year
    fa = plan.focus_area(focus_area_id)
    if not fa.activities:
        return [Part("markdown", f"Planen har inga aktiviteter i fokusområde {fa.id}. "
                                 "Fokusområdet följs upp med indikatorerna.")]
    reports = project.reports()
    ids = [a.id for a in fa.activities]
    years = project.years_shown()
    parts: list[Part] = []
    notice = example_notice(project, years)
    if notice:
        parts.append(notice)
    if not reports:
        parts.append(Part("markdown", render("activities-no-reports.md.j2", year=year,
                                             reports_to=plan.document.reports_to)))
    parts += [
        Part("markdown", render("activities-summary.md.j2", year=year,
                                sentence=summary_sentence(reports, ids))),
        Part("html", summary_table(
            f"Antal aktiviteter i fokusområde {fa.id} per status {year}", reports, ids)),
        Part("markdown", render("activities-table-intro.md.j2", year=year)),
        Part("html", status_table(
            f"Aktiviteter i fokusområde {fa.id} och deras status {year}",
            ["Nr", "Aktivitet", "Ansvarig nämnd", "Medansvariga", f"Status {year}", "Kommentar"],
            [[a.id, a.text, plan.committee_name(a.lead), co_responsible(plan, a),
              activities.status_of(reports, a.id).status,
              activities.status_of(reports, a.id).comment or "–"] for a in fa.activities],
        )),
        Part("markdown", render("heading.md.j2", level=3, text="Status år för år")),
        history_part(f"Aktiviteternas status i fokusområde {fa.id} år för år, "
                     f"{years[0]}–{years[-1]}", project, fa.activities, years),
        Part("markdown", render("activities-committee-pages.md.j2", year=year,
                                doc=committee_doc(year))),
    ]
    return parts


def status_legend() -> Markup:
    """The symbols, for pages that explain them."""
    return status_table("Symbolerna för aktiviteternas status", ["Status", "Betydelse"],
                        [[s, s.description] for s in STATUSES.values()])
