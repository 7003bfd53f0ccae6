"""The edition overview: the start page (latest edition) and each edition's front page.

It shows the whole plan at a glance: per focus area its goals, how the
indicators have developed since the baseline, and the activities' statuses,
each as symbol + text and each linking into the chapter. Built from short
lists and two-column tables so it reads on a 375 px wide phone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from IPython.display import HTML, Markdown, display

from trygghet.analysis import trend
from trygghet.data import activities
from trygghet.data.editions import chapter_doc, edition_dir, edition_years
from trygghet.data.indicators import load_indicator
from trygghet.data.plan import FocusArea, Plan, load_plan
from trygghet.data.project import resolve_data_dir
from trygghet.data.settings import Settings, load_settings
from trygghet.data.untrusted import markdown_blocks, markdown_inline
from trygghet.present.chapter import DOWNLOAD_DIR
from trygghet.present.downloads import data_package_markdown
from trygghet.present.status_html import example_notice, status_table


@dataclass
class EditionOverview:
    plan: Plan
    settings: Settings
    year: int
    data_dir: Path

    @classmethod
    def load(cls, data_dir: str | Path, year: int) -> EditionOverview:
        data = resolve_data_dir(data_dir)
        return cls(load_plan(data), load_settings(data), int(year), data)

    # -- computed state ------------------------------------------------------------------

    @cached_property
    def _developments(self) -> dict[int, Counter[str]]:
        """Per focus area: how many indicators are in each development class (read once)."""
        home = self.settings.municipality.code
        return {
            fa.id: Counter(trend.development(load_indicator(self.data_dir, i.id), home,
                                             self.year).label for i in fa.indicators)
            for fa in self.plan.focus_areas
        }

    @cached_property
    def _reports(self) -> dict[str, activities.Report]:
        return activities.load_reports(self.data_dir, self.year)

    def developments(self, fa: FocusArea) -> Counter[str]:
        """How many of the focus area's indicators are in each development class."""
        return self._developments[fa.id]

    def statuses(self, fa: FocusArea) -> dict[activities.Status, int]:
        return activities.count_statuses(self._reports, [a.id for a in fa.activities])

    @property
    def baseline_year(self) -> int:
        return trend.baseline_year_for(self.plan.document.period.start)

    # -- page parts ------------------------------------------------------------------------

    def introduction(self) -> None:
        doc = self.plan.document
        display(Markdown(
            f"**Uppföljning {self.year}** av *{markdown_inline(doc.title, emphasis=False)}*"
            + markdown_inline(f", {doc.organisation}. {doc.adopted_text} (DNR: {doc.dnr}). "
                              f"Planen gäller {doc.period.start}–{doc.period.end}.",
                              emphasis=False)
            + f"\n\n{markdown_blocks(doc.follow_up_text)}\n\n"
            f"Här följs planens {len(self.plan.focus_areas)} fokusområden upp med "
            f"{len(self.plan.goals)} mål, {len(self.plan.indicators)} indikatorer och "
            f"{len(self.plan.activities)} aktiviteter."
        ))

    def at_a_glance(self) -> None:
        """The whole plan's state: indicator development and activity status, in total."""
        notice = example_notice(self.plan, self.data_dir, [self.year])
        if notice:
            display(Markdown(notice.content))
        developments: Counter[str] = Counter()
        statuses: Counter[activities.Status] = Counter()
        for fa in self.plan.focus_areas:
            developments.update(self.developments(fa))
            statuses.update(self.statuses(fa))
        home = markdown_inline(self.settings.municipality.name, emphasis=False)
        display(Markdown(
            f"Indikatorernas utveckling i {home} från utgångsläget {self.baseline_year} till "
            f"senaste värde till och med {self.year}, med hänsyn till den riktning planen vill ha. "
            "Hur utvecklingen bedöms står under {doc}`Om data och metod </chapters/om-data-och-metod>`."
        ))
        display(HTML(status_table(
            f"Indikatorernas utveckling {self.year}, alla fokusområden",
            ["Utveckling", "Antal indikatorer"],
            [[f"{trend.SYMBOLS[label]}\u00a0{label}", str(developments[label])]
             for label in trend.LABELS],
            numeric_columns=[1],
        )))
        display(HTML(status_table(
            f"Aktiviteternas status {self.year}, alla fokusområden",
            ["Status", "Antal aktiviteter"],
            [[status, str(n)] for status, n in statuses.items()],
            numeric_columns=[1],
        )))

    def focus_areas(self) -> None:
        """One short section per focus area, linking into its chapter."""
        for fa in self.plan.focus_areas:
            developments = self.developments(fa)
            statuses = self.statuses(fa)
            goals = "\n".join(f"- {markdown_inline(g.text)}" for g in fa.goals)
            indicator_line = " · ".join(
                f"{trend.SYMBOLS[label]}\u00a0{label}: {developments[label]}"
                for label in trend.LABELS if developments[label]
            )
            status_line = " · ".join(
                f"{status.symbol}\u00a0{status.key}: {n}" for status, n in statuses.items() if n
            )
            display(Markdown(
                f"### {fa.id}. {markdown_inline(fa.title, emphasis=False)}\n\n"
                f"{{doc}}`Läs kapitlet om fokusområde {fa.id} </{chapter_doc(self.year, fa.id)}>`\n\n"
                f"**Mål**\n\n{goals}\n\n"
                f"**Indikatorer ({len(fa.indicators)})**: {indicator_line}\n\n"
                f"**Aktiviteter ({len(fa.activities)})**: {status_line}"
            ))

    def downloads(self) -> None:
        """The edition's data package, for researchers."""
        display(Markdown(
            f"- {data_package_markdown(self.data_dir, self.year, DOWNLOAD_DIR)}\n"
            "- Varje kapitel har också indikatorernas uppgifter som CSV och den körda "
            "notebooken för sidan."
        ))

    def editions(self) -> None:
        years = edition_years(self.plan, self.data_dir)
        items = "\n".join(
            f"- {{doc}}`Uppföljning {y} </{edition_dir(y)}/index>`"
            + (" (den här)" if y == self.year else "")
            for y in reversed(years)
        )
        display(Markdown(
            f"Varje uppföljning har en egen fast adress. Tidigare uppföljningar ändras inte när "
            f"nya läggs till.\n\n{items}"
        ))


__all__ = ["EditionOverview"]
