"""The edition overview: the start page (latest edition) and each edition's front page.

It answers "how is it going?" on one phone screen: in total and per focus area, the
activities' statuses as a bar with symbol + text counts, and each indicator named with
its latest value, that value's year and its development (symbol + text), linking to
the indicator's page. When a year has no reports or no new values yet, it says so
instead of showing zeros. Built from short lists and two-column tables so it reads
on a 375 px wide phone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path

from IPython.display import HTML, Markdown, display

from trygghet.analysis import trend
from trygghet.data import activities
from trygghet.data.editions import (
    chapter_doc,
    edition_dir,
    edition_year,
    edition_years,
    plan_chapter_doc,
)
from trygghet.data.plan import FocusArea, Plan, load_plan
from trygghet.data.project import resolve_data_dir
from trygghet.data.settings import Settings, load_settings
from trygghet.data.untrusted import markdown_inline
from trygghet.present.chapter import DOWNLOAD_DIR
from trygghet.present.downloads import data_package_markdown
from trygghet.present.indicator_pages import (
    IndicatorSummary,
    latest_years_sentence,
    summaries,
    summary_markdown,
)
from trygghet.present.status_html import example_notice, status_table


def status_bar(counts: dict[activities.Status, int], caption: str) -> str:
    """The statuses as a stacked bar (a picture for the eye, hidden from screen readers)
    followed by the same counts as symbol + text. One line of HTML."""
    shown = [(s, n) for s, n in counts.items() if n]
    bar = "".join(f'<span class="{escape(s.css)}" style="flex-grow: {n}">{escape(s.symbol)}</span>'
                  for s, n in shown)
    listed = " · ".join(f"{escape(s.symbol)}\u00a0{escape(s.key)}: {n}" for s, n in shown)
    return (f'<div class="trygghet-statusbar"><div class="bar" aria-hidden="true">{bar}</div>'
            f'<p><span class="visually-hidden">{escape(caption)}: </span>{listed}</p></div>')


@dataclass
class EditionOverview:
    plan: Plan
    settings: Settings
    year: int
    data_dir: Path

    @classmethod
    def load(cls, data_dir: str | Path, year: int | None = None) -> EditionOverview:
        """The overview of edition ``year`` (None: the latest)."""
        data = resolve_data_dir(data_dir)
        plan = load_plan(data)
        return cls(plan, load_settings(data), edition_year(plan, data, year), data)

    # -- computed state ------------------------------------------------------------------

    @cached_property
    def _developments(self) -> dict[int, Counter[str]]:
        """Per focus area: how many indicators are in each development class (from the
        summaries, so each indicator is read and judged once)."""
        return {fa.id: Counter(s.development.label for s in self.indicator_summaries(fa))
                for fa in self.plan.focus_areas}

    @cached_property
    def _reports(self) -> dict[str, activities.Report]:
        return activities.load_reports(self.data_dir, self.year)

    @cached_property
    def _summaries(self) -> list[IndicatorSummary]:
        return summaries(self.plan, self.settings, self.data_dir, self.year)

    def indicator_summaries(self, fa: FocusArea) -> list[IndicatorSummary]:
        return [s for s in self._summaries if s.focus_area.id == fa.id]

    @property
    def reported(self) -> bool:
        """Whether any committee has reported for the edition's year."""
        return bool(self._reports)

    def not_reported_sentence(self) -> str:
        return f"Nämnderna har inte rapporterat för {self.year} ännu."

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
            + markdown_inline(f", {doc.organisation}, {doc.period.start}–{doc.period.end}. "
                              f"{doc.adopted_text} (DNR: {doc.dnr}).", emphasis=False)
            + " Här följs planens "
            f"{len(self.plan.focus_areas)} fokusområden upp med {len(self.plan.goals)} mål, "
            f"{len(self.plan.indicators)} indikatorer och {len(self.plan.activities)} "
            "aktiviteter: hur indikatorerna har utvecklats och hur långt nämnderna har kommit "
            "med aktiviteterna."
            + (f" {{doc}}`Hur uppföljningen går till </{plan_chapter_doc(self.plan, doc.follow_up_chapter)}>`."
               if doc.follow_up_chapter else "")
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
        latest = [s.latest[0] for s in self._summaries if s.latest]
        until = (f"det senaste värdet ({max(latest)})" if latest
                 else f"{self.year} (inga värden finns ännu)")
        display(Markdown(
            f"Indikatorernas utveckling i {home} från utgångsåret {self.baseline_year} till "
            f"{until}, med hänsyn till den riktning planen vill ha. "
            f"{latest_years_sentence(self._summaries, self.year)} "
            "Hur utvecklingen bedöms står under {doc}`Om data och metod </chapters/om-data-och-metod>`."
        ))
        display(HTML(status_table(
            f"Indikatorernas utveckling {self.year}, alla fokusområden",
            ["Utveckling", "Antal indikatorer"],
            [[f"{trend.SYMBOLS[label]}\u00a0{label}", str(developments[label])]
             for label in trend.LABELS],
            numeric_columns=[1],
        )))
        if not self.reported:
            display(Markdown(f"**Aktiviteterna:** {self.not_reported_sentence()} Alla "
                             f"{len(self.plan.activities)} aktiviteter visas som *Ej rapporterad*."))
            return
        display(HTML(status_table(
            f"Aktiviteternas status {self.year}, alla fokusområden",
            ["Status", "Antal aktiviteter"],
            [[status, str(n)] for status, n in statuses.items()],
            numeric_columns=[1],
        )))

    def focus_areas(self) -> None:
        """One short section per focus area: the activities' statuses as a bar with counts,
        each indicator with latest value, year and development, linking to its page, and
        a link into the chapter (goals, plan text, activities one by one)."""
        for fa in self.plan.focus_areas:
            display(Markdown(
                f"### {fa.id}. {markdown_inline(fa.title, emphasis=False)}\n\n**Aktiviteter ({len(fa.activities)})**"
                + (": planen har inga aktiviteter i fokusområdet." if not fa.activities
                   else "" if self.reported else f": {self.not_reported_sentence()}")
            ))
            if self.reported and fa.activities:
                display(HTML(status_bar(self.statuses(fa),
                                        f"Aktiviteternas status i fokusområde {fa.id}")))
            display(Markdown(
                f"**Indikatorer ({len(fa.indicators)})**\n\n"
                f"{summary_markdown(self.indicator_summaries(fa))}\n\n"
                f"{{doc}}`Mål, aktiviteter och planens text i fokusområde {fa.id} "
                f"</{chapter_doc(self.year, fa.id)}>`"
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
