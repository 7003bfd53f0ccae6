"""What a focus-area chapter shows for one edition year.

The notebook ``notebooks/fokusomrade.md`` loads a :class:`~trygghet.data.project.Project`,
computes the development table and draws the charts in visible cells, and asks the
methods here for the page's parts in reading order: each returns a list of Markdown/HTML
objects and writes nothing; the notebook displays them. The chapter opens with its own
summary (goals with their assessment, indicators and activities at a glance) and a short
in-page menu; the details follow. Charts are inline images in the outputs (the executed
notebook is self-contained). The indicators' CSV files are written by one explicit call
in the notebook (:func:`trygghet.present.downloads.write_indicator_csvs`) into
``downloads/``; the edition's data package is written once, by the edition's overview,
into the same folder, and chapters link to it. The Markdown comes from templates
(``templates/chapter-*.md.j2``)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pandas as pd
from markupsafe import Markup
from matplotlib.figure import Figure

from trygghet.analysis.development import development_table
from trygghet.data.indicators import Indicator
from trygghet.data.plan import FocusArea, Plan
from trygghet.data.project import ASSESSMENTS, BASICS, REPORTS, Project, UsesProject
from trygghet.data.untrusted import markdown_blocks, markdown_inline
from trygghet.present import assessments, charts, text
from trygghet.present.downloads import data_package_link, indicator_csv_name
from trygghet.present.indicator_page import (
    Chart,
    IndicatorSection,
    chart_data,
    draw_charts,
    expected_source,
)
from trygghet.present.indicator_pages import revision_note, summaries, summary_markdown
from trygghet.present.status_html import Part, activity_summary, focus_area_parts
from trygghet.present.templating import HTML, Markdown, render

FIGURE_DIR = Path("figures")
DOWNLOAD_DIR = Path("downloads")
CHART_FIRST_YEAR_SPAN = 12  # how many years back a chart reaches from the edition year


#: The one notebook every focus-area chapter is run from (with ``focus_area`` and ``year``).
CHAPTER_NOTEBOOK = "fokusomrade"


def plan_kind(plan: Plan) -> Markdown:
    """What the pages follow up, in headings ("Uppföljning av …", "Ur …"): the plan's
    document type in its definite form ("handlingsplanen", "programmet"), else "planen"."""
    kind = text.definite(plan.document.document_type) or "planen"
    return Markdown(markdown_inline(kind, emphasis=False))


def notebook_name(focus_area_id: int) -> str:
    """The file name of a focus area's executed notebook (its page's address)."""
    return f"fokusomrade-{focus_area_id}"


#: What a chapter reads (see trygghet.data.project): its cached runs follow these files only.
READS = BASICS | {REPORTS, ASSESSMENTS}

Output = Markdown | HTML


def shown(parts: list[Part]) -> list[Output]:
    """Parts (Markdown from our templates, HTML tables) as objects a notebook displays."""
    return [Markdown(p.content) if p.kind == "markdown" else HTML(p.content) for p in parts]


#: The chapter's sections, in reading order: (heading, its anchor). The in-page menu
#: links to them; the notebook's headings must read the same (a test keeps them so).
SECTIONS = [
    ("Målen och bedömningen", "malen-och-bedomningen"),
    ("Indikatorerna år för år", "indikatorerna-ar-for-ar"),
    ("Aktiviteterna", "aktiviteterna"),
    ("Ur planen", "ur-planen"),
    ("Så räknas det fram", "sa-raknas-det-fram"),
    ("Ladda ner", "ladda-ner"),
]


@dataclass
class FocusAreaChapter(UsesProject):
    """One focus area's chapter of edition ``project.year``."""

    project: Project
    focus_area: FocusArea

    READS: ClassVar[frozenset[str]] = READS

    def __init__(self, project: Project, focus_area: int | None = None) -> None:
        """``focus_area`` None: the plan's first (a notebook run without parameters)."""
        self.project = project
        self.focus_area = (project.plan.focus_areas[0] if focus_area is None
                           else project.focus_area(int(focus_area)))

    def sections(self, development: pd.DataFrame | None = None,
                 figures: dict[str, Chart] | None = None) -> list[IndicatorSection]:
        """One :class:`IndicatorSection` per indicator with data, in plan order."""
        period = self.plan.document.period
        return [IndicatorSection(ind, self.settings, self.year, (period.start, period.end),
                                 figure_dir=FIGURE_DIR, download_dir=DOWNLOAD_DIR,
                                 chart_span=CHART_FIRST_YEAR_SPAN,
                                 development_rows=development, figures=figures)
                for ind in self.project.indicators_of(self.focus_area.id) if ind.has_data]

    # -- page parts, in reading order -------------------------------------------------

    def introduction(self) -> list[Output]:
        """The focus area's title and what this edition covers."""
        doc = self.plan.document
        return [Markdown(render("chapter-introduction.md.j2", focus_area=self.focus_area,
                                year=self.year, organisation=doc.organisation,
                                plan_title=doc.title))]

    def menu(self) -> list[Output]:
        """The in-page menu: one tap to each part of the chapter."""
        return [HTML(render("chapter-menu.html.j2", sections=SECTIONS))]

    def summary(self) -> list[Output]:
        """The chapter in brief, before any detail: each goal with its assessment, each
        indicator with its latest value and development, and the activities' statuses
        counted."""
        parts = [HTML(render("chapter-summary-heading.html.j2", text="Mål"))]
        parts += shown(assessments.goal_summary(self.project, self.year, self.focus_area.id))
        parts.append(HTML(render("chapter-summary-heading.html.j2", text="Indikatorer")))
        parts += self.indicator_summaries()
        parts.append(HTML(render("chapter-summary-heading.html.j2", text="Aktiviteter")))
        parts += shown(activity_summary(self.project, self.focus_area.id))
        return parts

    def goal_assessments(self) -> list[Output]:
        """Each goal's verdict (symbol + text), analysis and date, with the indicators and
        their development beside them (trygghet.present.assessments)."""
        return shown(assessments.chapter_parts(self.project, self.year, self.focus_area.id))

    def plan_text(self) -> list[Output]:
        return [Markdown(markdown_blocks(self.focus_area.intro))]

    def goals(self) -> list[Output]:
        return [Markdown(render("chapter-goals.md.j2", focus_area=self.focus_area))]

    def indicators(self, development: pd.DataFrame | None = None,
                   figures: dict[str, Chart] | None = None) -> list[Output]:
        """One section per indicator: latest value, chart, table, source. ``development``
        (trygghet.analysis.development.development_table) and ``figures`` (charts drawn by
        the notebook) are computed here when not given, in memory: nothing is written."""
        if development is None:
            development = development_table(self.project.indicators_of(self.focus_area.id),
                                            self.settings, self.year)
        if figures is None:
            drawn = self.sections(development)
            figures = draw_charts(drawn, chart_data(drawn), development)
        sections = {s.meta.id: s for s in self.sections(development, figures)}
        parts: list[Output] = []
        for planned in self.focus_area.indicators:
            indicator = self.project.indicators[planned.id]
            heading = text.heading_with_unit(planned.name, indicator.meta.unit)
            parts.append(Markdown(render("heading.md.j2", level=3, text=heading)))
            if planned.id in sections:
                parts += sections[planned.id].outputs()
                revised = revision_note(self.project, indicator)
                if revised:
                    parts.append(Markdown(revised))
            else:
                parts.append(self._indicator_missing(indicator))
        return parts

    def indicator_summaries(self) -> list[Output]:
        """Per indicator a short line: its name linking to the indicator's own page (chart,
        table, comparisons, sources), the latest value and its year, and the development
        since the baseline as symbol + text (trygghet.present.indicator_pages)."""
        items = summaries(self.project, self.year, self.focus_area)
        return [Markdown(summary_markdown(items))]

    def activities(self) -> list[Output]:
        """The year's status per activity: a summary, the table with lead and co-responsible
        committees and the committee's comment (escaped: never Markdown), and the status
        across editions. Example data gets a visible notice."""
        return shown(focus_area_parts(self.project, self.focus_area.id))

    def downloads(self) -> list[Output]:
        """Links to this page's data (written by
        :func:`~trygghet.present.downloads.write_indicator_csvs`), the edition's data
        package (written once per edition, by its overview, into the same ``downloads/``
        folder) and the executed notebook."""
        indicators = [{"name": planned.name,
                       "path": (DOWNLOAD_DIR / indicator_csv_name(planned.id)).as_posix()}
                      for planned in self.focus_area.indicators
                      if self.project.indicators[planned.id].has_data]
        return [Markdown(render(
            "chapter-downloads.md.j2", data_package=data_package_link(self.year, DOWNLOAD_DIR),
            indicators=indicators, notebook=f"{notebook_name(self.focus_area.id)}.ipynb"))]

    # -- helpers ------------------------------------------------------------------------

    def _indicator_missing(self, indicator: Indicator) -> Output:
        return Markdown(render("chapter-indicator-missing.md.j2", missing=text.MISSING,
                               expected=expected_source(indicator.meta)))


def figure(fig: Figure, alt: str, caption: str, table: Markup) -> HTML:
    """A chart drawn in the notebook, as the book shows charts: the image (SVG inside the
    output) with its text alternative and caption, and ``table`` (the same figures, see
    :func:`trygghet.present.tables.frame_table`) folded below it. Its text is SVG text
    (a light page on a phone). Closes the figure."""
    svg = charts.svg_bytes(fig, text_as_text=True)
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    return HTML(render("chart.html.j2", source=source, alt=alt, caption=caption,
                       table=render("data-table.html.j2", what=caption, table=table, legend="")))


__all__ = ["CHAPTER_NOTEBOOK", "READS", "SECTIONS", "FocusAreaChapter", "figure", "notebook_name",
           "shown"]
