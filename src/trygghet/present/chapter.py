"""What a focus-area chapter shows for one edition year.

Notebooks create a :class:`FocusAreaChapter` and call its methods in reading
order; each method displays Markdown/HTML outputs that Jupyter Book renders.
Files the page links to (charts, downloads) are written next to the executed
notebook, in ``figures/`` and ``downloads/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML, Markdown, display

from trygghet.data.indicators import Indicator, load_indicator
from trygghet.data.plan import FocusArea, Plan, load_plan
from trygghet.data.project import resolve_data_dir
from trygghet.data.settings import Settings, load_settings
from trygghet.data.untrusted import markdown_blocks, markdown_inline, markdown_link
from trygghet.present import text
from trygghet.present.downloads import data_package_markdown, write_indicator_csv
from trygghet.present.indicator_page import IndicatorSection
from trygghet.present.indicator_pages import summaries, summary_markdown
from trygghet.present.status_html import focus_area_parts

FIGURE_DIR = Path("figures")
DOWNLOAD_DIR = Path("downloads")
CHART_FIRST_YEAR_SPAN = 12  # how many years back a chart reaches from the edition year


def notebook_name(focus_area_id: int) -> str:
    """The file name of a focus area's notebook (source and executed)."""
    return f"fokusomrade-{focus_area_id}"


@dataclass
class FocusAreaChapter:
    plan: Plan
    settings: Settings
    focus_area: FocusArea
    year: int
    data_dir: Path

    @classmethod
    def load(cls, data_dir: str | Path, focus_area: int, year: int) -> FocusAreaChapter:
        data = resolve_data_dir(data_dir)
        plan = load_plan(data)
        return cls(plan, load_settings(data), plan.focus_area(focus_area), int(year), data)

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
        indicators = "\n".join(f"- {markdown_inline(i.name)}" for i in fa.indicators)
        display(Markdown(f"{markdown_blocks(fa.goals_intro)}\n\n{items}\n\n"
                         f"{markdown_blocks(fa.indicators_intro)}\n\n{indicators}"))

    def indicators(self) -> None:
        """One section per indicator: latest value, chart, table, source."""
        for planned in self.focus_area.indicators:
            indicator = load_indicator(self.data_dir, planned.id)
            heading = text.heading_with_unit(planned.name, indicator.meta.unit)
            display(Markdown(f"### {markdown_inline(heading, emphasis=False)}"))
            if indicator.has_data:
                self._indicator_with_data(indicator)
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
        """Links to this page's data, the edition's data package and the executed notebook."""
        name = f"{notebook_name(self.focus_area.id)}.ipynb"
        lines = [f"- {data_package_markdown(self.data_dir, self.year, DOWNLOAD_DIR)}"]
        for planned in self.focus_area.indicators:
            indicator = load_indicator(self.data_dir, planned.id)
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

    def _indicator_with_data(self, indicator: Indicator) -> None:
        """Development since the baseline, comparisons, breakdowns, charts with text
        alternatives and tables, sources and download (trygghet.present.indicator_page)."""
        period = self.plan.document.period
        section = IndicatorSection(indicator, self.settings, self.year, (period.start, period.end),
                                   figure_dir=FIGURE_DIR, download_dir=DOWNLOAD_DIR,
                                   chart_span=CHART_FIRST_YEAR_SPAN)
        for output in section.outputs():
            display(output)


__all__ = ["FocusAreaChapter", "notebook_name", "resolve_data_dir"]
