"""What a focus-area chapter shows for one edition year.

The notebook ``notebooks/fokusomrade.md`` loads a :class:`~trygghet.data.project.Project`,
computes the development table and draws the charts in visible cells, and then calls
the methods here in reading order; each displays Markdown/HTML outputs that Jupyter
Book renders. Charts are inline images in the outputs (the executed notebook is
self-contained); the indicators' CSV files are written next to it in ``downloads/``.
The edition's data package is written once, by the edition's overview, into the same
``downloads/`` folder; chapters link to it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from trygghet.analysis.development import development_table
from trygghet.data.editions import edition_year
from trygghet.data.indicators import Indicator
from trygghet.data.plan import FocusArea, Plan
from trygghet.data.project import Project, resolve_data_dir
from trygghet.data.settings import Settings
from trygghet.data.untrusted import markdown_blocks, markdown_inline, markdown_link
from trygghet.present import text
from trygghet.present.downloads import data_package_link, write_indicator_csv
from trygghet.present.indicator_page import Chart, IndicatorSection
from trygghet.present.indicator_pages import summaries, summary_markdown
from trygghet.present.status_html import focus_area_parts

FIGURE_DIR = Path("figures")
DOWNLOAD_DIR = Path("downloads")
CHART_FIRST_YEAR_SPAN = 12  # how many years back a chart reaches from the edition year


#: The one notebook every focus-area chapter is run from (with ``focus_area`` and ``year``).
CHAPTER_NOTEBOOK = "fokusomrade"


def notebook_name(focus_area_id: int) -> str:
    """The file name of a focus area's executed notebook (its page's address)."""
    return f"fokusomrade-{focus_area_id}"


@dataclass
class FocusAreaChapter:
    project: Project
    focus_area: FocusArea
    year: int

    def __init__(self, project: Project, focus_area: int | None, year: int | None) -> None:
        """``focus_area`` None: the plan's first; ``year`` None: the latest edition (a
        notebook run without parameters)."""
        self.project = project
        self.focus_area = (project.plan.focus_areas[0] if focus_area is None
                           else project.focus_area(int(focus_area)))
        self.year = edition_year(project.plan, project.data_dir, year)

    @classmethod
    def load(cls, data_dir: str | Path, focus_area: int, year: int) -> FocusAreaChapter:
        return cls(Project.load(data_dir), focus_area, year)

    @property
    def plan(self) -> Plan:
        return self.project.plan

    @property
    def settings(self) -> Settings:
        return self.project.settings

    @property
    def data_dir(self) -> Path:
        return self.project.data_dir

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
        fa, doc = self.focus_area, self.plan.document
        display(Markdown(
            f"**{markdown_inline(fa.title, emphasis=False)}**\n\n" + markdown_inline(
                f"Uppföljning {self.year} av {doc.organisation}s {doc.title[0].lower()}"
                f"{doc.title[1:]}. Sidan visar fokusområdets text ur planen, målen, indikatorerna "
                f"med de senaste uppgifterna till och med {self.year} och aktiviteterna med deras "
                "status.")
        ))

    def plan_text(self) -> None:
        display(Markdown(markdown_blocks(self.focus_area.intro)))

    def goals(self) -> None:
        fa = self.focus_area
        items = "\n".join(f"- {markdown_inline(g.text)}" for g in fa.goals)
        goals = (f"{markdown_blocks(fa.goals_intro)}\n\n{items}" if fa.goals
                 else "Planen anger inga egna mål för fokusområdet.")
        indicators = "\n".join(f"- {markdown_inline(i.name)}" for i in fa.indicators)
        display(Markdown(f"{goals}\n\n{markdown_blocks(fa.indicators_intro)}\n\n{indicators}"))

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
            display(Markdown(f"### {markdown_inline(heading, emphasis=False)}"))
            if planned.id in sections:
                for output in sections[planned.id].outputs():
                    display(output)
            else:
                self._indicator_missing(indicator)

    def indicator_summaries(self) -> None:
        """Per indicator a short line: its name linking to the indicator's own page (chart,
        table, comparisons, sources), the latest value and its year, and the development
        since the baseline as symbol + text (trygghet.present.indicator_pages)."""
        items = summaries(self.plan, self.settings, self.data_dir, self.year, self.focus_area)
        display(Markdown(summary_markdown(items)))

    def activities(self) -> None:
        """The year's status per activity: a summary, the table with lead and co-responsible
        committees and the committee's comment (escaped: never Markdown), and the status
        across editions. Example data gets a visible notice."""
        for part in focus_area_parts(self.plan, self.data_dir, self.focus_area.id, self.year):
            display(Markdown(part.content) if part.kind == "markdown" else HTML(part.content))

    def downloads(self) -> None:
        """Links to this page's data, the edition's data package (written once per edition,
        by its overview, into the same ``downloads/`` folder) and the executed notebook."""
        name = f"{notebook_name(self.focus_area.id)}.ipynb"
        lines = [f"- {data_package_link(self.year, DOWNLOAD_DIR)}"]
        for planned in self.focus_area.indicators:
            indicator = self.project.indicators[planned.id]
            if indicator.has_data:
                target = write_indicator_csv(indicator, self.year, DOWNLOAD_DIR)
                lines.append("- " + markdown_link(f"{planned.name} (CSV)",
                                                  f"path:{target.as_posix()}"))
        lines.append("- " + markdown_link(f"Den körda notebooken för sidan ({name})", f"path:{name}"))
        display(Markdown("\n".join(lines)))

    # -- helpers ------------------------------------------------------------------------

    def _indicator_missing(self, indicator: Indicator) -> None:
        from trygghet.present.indicator_page import expected_source

        display(Markdown(f"**{text.MISSING}.** {expected_source(indicator.meta)}"))


__all__ = ["CHAPTER_NOTEBOOK", "FocusAreaChapter", "notebook_name", "resolve_data_dir"]
