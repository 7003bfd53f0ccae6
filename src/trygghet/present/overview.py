"""The edition overview: the start page (latest edition) and each edition's front page.

It answers "how is it going?" on one phone screen: in total and per focus area, the
activities' statuses as a bar with symbol + text counts, and each indicator named with
its latest value, that value's year and its development (symbol + text), linking to
the indicator's page. When a year has no reports or no new values yet, it says so
instead of showing zeros. Built from short lists and two-column tables so it reads
on a 375 px wide phone. The markup comes from templates (``templates/overview-*.md.j2``,
``status-bar.html.j2``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from IPython.display import display
from markupsafe import Markup

from trygghet.analysis import trend
from trygghet.data import activities
from trygghet.data.editions import (
    chapter_doc,
    edition_dir,
    plan_chapter_doc,
)
from trygghet.data.plan import FocusArea
from trygghet.data.project import ASSESSMENTS, BASICS, REPORTS, Project, UsesProject
from trygghet.present import assessments
from trygghet.present.chapter import DOWNLOAD_DIR, plan_kind
from trygghet.present.downloads import data_package_markdown
from trygghet.present.indicator_pages import (
    IndicatorSummary,
    latest_years_sentence,
    summaries,
    summary_markdown,
)
from trygghet.present.reporting_pages import links_markdown
from trygghet.present.status_html import example_notice, status_table
from trygghet.present.templating import HTML, Markdown, render


def status_bar(counts: dict[activities.Status, int], caption: str) -> Markup:
    """The statuses as a stacked bar (a picture for the eye, hidden from screen readers)
    followed by the same counts as symbol + text. One line of HTML."""
    return render("status-bar.html.j2", caption=caption,
                  shown=[(s, int(n)) for s, n in counts.items() if n])


#: What an edition's overview reads (see trygghet.data.project).
READS = BASICS | {REPORTS, ASSESSMENTS}


@dataclass
class EditionOverview(UsesProject):
    """The start page of edition ``project.year``."""

    project: Project

    READS: ClassVar[frozenset[str]] = READS

    # -- computed state ------------------------------------------------------------------

    @cached_property
    def _developments(self) -> dict[int, Counter[str]]:
        """Per focus area: how many indicators are in each development class (from the
        summaries, so each indicator is read and judged once)."""
        return {fa.id: Counter(s.development.label for s in self.indicator_summaries(fa))
                for fa in self.plan.focus_areas}

    @cached_property
    def _reports(self) -> dict[str, activities.Report]:
        return self.project.reports()

    @cached_property
    def _summaries(self) -> list[IndicatorSummary]:
        return summaries(self.project, self.year)

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
    def plan_kind(self) -> Markdown:
        """The title's "handlingsplanen" / "programmet" (:func:`chapter.plan_kind`)."""
        return plan_kind(self.plan)

    @property
    def baseline_year(self) -> int:
        return trend.baseline_year_for(self.plan.document.period.start)

    # -- page parts ------------------------------------------------------------------------

    def introduction(self) -> None:
        doc = self.plan.document
        follow_up = (f"/{plan_chapter_doc(self.plan, doc.follow_up_chapter)}"
                     if doc.follow_up_chapter else None)
        display(Markdown(render("overview-introduction.md.j2", year=self.year, document=doc,
                                plan=self.plan, follow_up=follow_up)))
        display(Markdown(links_markdown(self.project.edition_years(only_this_plan=True),
                                        self.year)))

    def at_a_glance(self) -> None:
        """The whole plan's state: indicator development and activity status, in total."""
        notice = example_notice(self.project, [self.year])
        if notice:
            display(Markdown(notice.content))
        developments: Counter[str] = Counter()
        statuses: Counter[activities.Status] = Counter()
        for fa in self.plan.focus_areas:
            developments.update(self.developments(fa))
            statuses.update(self.statuses(fa))
        latest = [s.latest[0] for s in self._summaries if s.latest]
        display(Markdown(render(
            "overview-at-a-glance.md.j2", home=self.settings.municipality.name,
            baseline_year=self.baseline_year, latest=max(latest) if latest else None,
            year=self.year, latest_years=latest_years_sentence(self._summaries, self.year))))
        display(HTML(status_table(
            f"Indikatorernas utveckling {self.year}, alla fokusområden",
            ["Utveckling", "Antal indikatorer"],
            [[f"{trend.SYMBOLS[label]}\u00a0{label}", str(developments[label])]
             for label in trend.LABELS],
            numeric_columns=[1],
        )))
        if not self.reported:
            display(Markdown(render("overview-not-reported.md.j2",
                                    not_reported=self.not_reported_sentence(),
                                    count=len(self.plan.activities))))
            return
        display(HTML(status_table(
            f"Aktiviteternas status {self.year}, alla fokusområden",
            ["Status", "Antal aktiviteter"],
            [[status, str(n)] for status, n in statuses.items()],
            numeric_columns=[1],
        )))

    def goal_assessments(self) -> None:
        """How many goals have each verdict, and a link to the edition's "Samlad bedömning"
        (trygghet.present.assessments)."""
        for part in assessments.overview_parts(self.project):
            display(Markdown(part.content) if part.kind == "markdown" else HTML(part.content))

    def focus_areas(self) -> None:
        """One short section per focus area: the activities' statuses as a bar with counts,
        each indicator with latest value, year and development, linking to its page, and
        a link into the chapter (goals, plan text, activities one by one)."""
        for fa in self.plan.focus_areas:
            display(Markdown(render(
                "overview-focus-area.md.j2", focus_area=fa,
                not_reported=None if self.reported else self.not_reported_sentence())))
            if self.reported and fa.activities:
                display(HTML(status_bar(self.statuses(fa),
                                        f"Aktiviteternas status i fokusområde {fa.id}")))
            display(Markdown(render(
                "overview-focus-area-indicators.md.j2", focus_area=fa,
                summaries=summary_markdown(self.indicator_summaries(fa)),
                chapter=chapter_doc(self.year, fa.id))))

    def downloads(self) -> None:
        """The edition's data package, for researchers."""
        display(Markdown(render(
            "overview-downloads.md.j2",
            data_package=data_package_markdown(self.project, self.year, DOWNLOAD_DIR))))

    def editions(self) -> None:
        editions = [{"year": y, "doc": f"{edition_dir(y)}/index"}
                    for y in reversed(self.project.edition_years())]
        display(Markdown(render("overview-editions.md.j2", editions=editions, year=self.year)))


__all__ = ["READS", "EditionOverview"]
