"""The edition overview: the start page and each edition's front page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML, Markdown, display

from trygghet import activities, text
from trygghet.chapter import resolve_data_dir
from trygghet.editions import chapter_doc, edition_dir, edition_years
from trygghet.indicators import load_indicator
from trygghet.plan import Plan, load_plan
from trygghet.tables import html_table


@dataclass
class EditionOverview:
    plan: Plan
    year: int
    data_dir: Path

    @classmethod
    def load(cls, data_dir: str | Path, year: int) -> EditionOverview:
        data = resolve_data_dir(data_dir)
        return cls(load_plan(data), int(year), data)

    def introduction(self) -> None:
        doc = self.plan.document
        display(Markdown(
            f"**Uppföljning {self.year}** av *{doc.title}*, {doc.organisation}. "
            f"{doc.adopted_text} (DNR: {doc.dnr}). Planen gäller "
            f"{doc.period.start}–{doc.period.end}.\n\n{doc.follow_up_text}\n\n"
            f"Här följs planens {len(self.plan.focus_areas)} fokusområden upp med "
            f"{len(self.plan.goals)} mål, {len(self.plan.indicators)} indikatorer och "
            f"{len(self.plan.activities)} aktiviteter."
        ))

    def focus_areas(self) -> None:
        """Per focus area: link, goals, indicators with data, activity statuses."""
        reports = activities.load_reports(self.data_dir, self.year)
        rows = []
        for fa in self.plan.focus_areas:
            with_data = sum(load_indicator(self.data_dir, i.id).has_data for i in fa.indicators)
            statuses = Counter(activities.status_of(reports, a.id).status.label
                               for a in fa.activities)
            rows.append([
                f"{fa.id}. {fa.title}",
                str(len(fa.goals)),
                f"{with_data} av {len(fa.indicators)}",
                text.join_swedish([f"{n} {label}" for label, n in statuses.items()]),
            ])
        links = "\n".join(
            f"{fa.id}. {{doc}}`{fa.title} </{chapter_doc(self.year, fa.id)}>`"
            for fa in self.plan.focus_areas
        )
        display(Markdown(f"Läs kapitlen för {self.year}:\n\n{links}"))
        display(HTML(html_table(
            f"Fokusområdena {self.year}: mål, indikatorer med uppgifter och aktiviteternas status",
            ["Fokusområde", "Mål", "Indikatorer med uppgifter", "Aktiviteter"], rows,
        )))

    def editions(self) -> None:
        years = edition_years(self.plan, self.data_dir)
        items = "\n".join(
            f"- {{doc}}`Uppföljning {y} </{edition_dir(y)}/index>`" + (" (den här)" if y == self.year else "")
            for y in reversed(years)
        )
        display(Markdown(items))
