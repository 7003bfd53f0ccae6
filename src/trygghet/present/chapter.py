"""What a focus-area chapter shows for one edition year.

The notebook ``notebooks/fokusomrade.md`` loads a :class:`~trygghet.data.project.Project`,
computes the development table and draws the charts in visible cells, and then calls
the methods here in reading order; each displays Markdown/HTML outputs that Jupyter
Book renders. Charts are inline images in the outputs (the executed notebook is
self-contained); the indicators' CSV files are written next to it in ``downloads/``.
The edition's data package is written once, by the edition's overview, into the same
``downloads/`` folder; chapters link to it. The Markdown comes from templates
(``templates/chapter-*.md.j2``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pandas as pd
from IPython.display import display

from trygghet.analysis.development import development_table
from trygghet.data.indicators import Indicator
from trygghet.data.plan import FocusArea, Plan
from trygghet.data.project import ASSESSMENTS, BASICS, REPORTS, Project, UsesProject
from trygghet.data.untrusted import markdown_blocks, markdown_inline
from trygghet.present import assessments, text
from trygghet.present.downloads import data_package_link, write_indicator_csv
from trygghet.present.indicator_page import Chart, IndicatorSection
from trygghet.present.indicator_pages import summaries, summary_markdown
from trygghet.present.status_html import focus_area_parts
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

    def introduction(self) -> None:
        """The focus area's title and what this edition covers."""
        doc = self.plan.document
        display(Markdown(render("chapter-introduction.md.j2", focus_area=self.focus_area,
                                year=self.year, organisation=doc.organisation,
                                plan_title=doc.title)))

    def goal_assessments(self) -> None:
        """Each goal's verdict (symbol + text), analysis and date, with the indicators and
        their development beside them (trygghet.present.assessments)."""
        for part in assessments.chapter_parts(self.project, self.year, self.focus_area.id):
            display(Markdown(part.content) if part.kind == "markdown" else HTML(part.content))

    def plan_text(self) -> None:
        display(Markdown(markdown_blocks(self.focus_area.intro)))

    def goals(self) -> None:
        display(Markdown(render("chapter-goals.md.j2", focus_area=self.focus_area)))

    def indicators(self, development: pd.DataFrame | None = None,
                   figures: dict[str, Chart] | None = None) -> None:
        """One section per indicator: latest value, chart, table, source. ``development``
        (trygghet.analysis.development.development_table) and ``figures`` (charts drawn by
        the notebook) are computed here when not given; charts then go to ``figures/``."""
        if development is None:
            development = development_table(self.project.indicators_of(self.focus_area.id),
                                            self.settings, self.year)
        sections = {s.meta.id: s for s in self.sections(development, figures)}
        for planned in self.focus_area.indicators:
            indicator = self.project.indicators[planned.id]
            heading = text.heading_with_unit(planned.name, indicator.meta.unit)
            display(Markdown(render("heading.md.j2", level=3, text=heading)))
            if planned.id in sections:
                for output in sections[planned.id].outputs():
                    display(output)
            else:
                self._indicator_missing(indicator)

    def indicator_summaries(self) -> None:
        """Per indicator a short line: its name linking to the indicator's own page (chart,
        table, comparisons, sources), the latest value and its year, and the development
        since the baseline as symbol + text (trygghet.present.indicator_pages)."""
        items = summaries(self.project, self.year, self.focus_area)
        display(Markdown(summary_markdown(items)))

    def activities(self) -> None:
        """The year's status per activity: a summary, the table with lead and co-responsible
        committees and the committee's comment (escaped: never Markdown), and the status
        across editions. Example data gets a visible notice."""
        for part in focus_area_parts(self.project, self.focus_area.id):
            display(Markdown(part.content) if part.kind == "markdown" else HTML(part.content))

    def downloads(self) -> None:
        """Links to this page's data, the edition's data package (written once per edition,
        by its overview, into the same ``downloads/`` folder) and the executed notebook."""
        indicators = []
        for planned in self.focus_area.indicators:
            indicator = self.project.indicators[planned.id]
            if indicator.has_data:
                target = write_indicator_csv(indicator, self.year, DOWNLOAD_DIR)
                indicators.append({"name": planned.name, "path": target.as_posix()})
        display(Markdown(render(
            "chapter-downloads.md.j2", data_package=data_package_link(self.year, DOWNLOAD_DIR),
            indicators=indicators, notebook=f"{notebook_name(self.focus_area.id)}.ipynb")))

    # -- helpers ------------------------------------------------------------------------

    def _indicator_missing(self, indicator: Indicator) -> None:
        from trygghet.present.indicator_page import expected_source

        display(Markdown(render("chapter-indicator-missing.md.j2", missing=text.MISSING,
                                expected=expected_source(indicator.meta))))


__all__ = ["CHAPTER_NOTEBOOK", "READS", "FocusAreaChapter", "notebook_name"]
