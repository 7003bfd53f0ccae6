"""What a focus-area chapter shows for one edition year.

Notebooks create a :class:`FocusAreaChapter` and call its methods in reading
order; each method displays Markdown/HTML outputs that Jupyter Book renders.
Files the page links to (charts, downloads) are written next to the executed
notebook, in ``figures/`` and ``downloads/``."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML, Markdown, display

from trygghet import activities, charts, text
from trygghet.indicators import SEX_LABELS, Indicator, load_indicator, values_path
from trygghet.plan import FocusArea, Plan, load_plan
from trygghet.settings import Settings, load_settings
from trygghet.tables import html_table

FIGURE_DIR = Path("figures")
DOWNLOAD_DIR = Path("downloads")
CHART_FIRST_YEAR_SPAN = 12  # how many years back a chart reaches from the edition year


def resolve_data_dir(data_dir: str | Path) -> Path:
    """The data directory: as given if it exists, else searched for upwards from here."""
    path = Path(data_dir)
    if (path / "plan").is_dir():
        return path.resolve()
    for parent in [Path.cwd(), *Path.cwd().parents]:
        if (parent / path / "plan").is_dir():
            return (parent / path).resolve()
    raise FileNotFoundError(f"Hittar ingen datakatalog {data_dir!s} med underkatalogen plan/.")


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
            f"**{fa.title}**\n\n"
            f"Uppföljning {self.year} av {doc.organisation}s {doc.title[0].lower()}{doc.title[1:]}. "
            f"Sidan visar fokusområdets text ur planen, målen, indikatorerna med de senaste "
            f"uppgifterna till och med {self.year} och aktiviteterna med deras status."
        ))

    def plan_text(self) -> None:
        display(Markdown(self.focus_area.intro))

    def goals(self) -> None:
        fa = self.focus_area
        items = "\n".join(f"- {g.text}" for g in fa.goals)
        indicators = "\n".join(f"- {i.name}" for i in fa.indicators)
        display(Markdown(f"{fa.goals_intro}\n\n{items}\n\n{fa.indicators_intro}\n\n{indicators}"))

    def indicators(self) -> None:
        """One section per indicator: latest value, chart, table, source."""
        for planned in self.focus_area.indicators:
            indicator = load_indicator(self.data_dir, planned.id)
            display(Markdown(f"### {planned.name}"))
            if indicator.has_data:
                self._indicator_with_data(indicator)
            else:
                self._indicator_missing(indicator)

    def activities(self) -> None:
        """The activities with lead and co-responsible committees and the year's status."""
        reports = activities.load_reports(self.data_dir, self.year)
        rows = []
        for a in self.focus_area.activities:
            co = [self.plan.committee_name(c) for c in a.co_responsible]
            if a.others:
                co.append(a.others)
            report = activities.status_of(reports, a.id)
            rows.append([a.id, a.text, self.plan.committee_name(a.lead),
                         text.join_swedish(co) or "–", report.status.label])
        if not reports:
            display(Markdown(
                f"Inga statusrapporter för {self.year} har kommit in ännu. Alla aktiviteter "
                f"visas därför som *Ej rapporterad*. Ansvarig nämnd rapporterar till "
                f"Stadsledningskontoret inför varje uppföljning."
            ))
        display(HTML(html_table(
            f"Aktiviteter i fokusområde {self.focus_area.id} och deras status {self.year}",
            ["Nr", "Aktivitet", "Ansvarig nämnd", "Medansvariga", f"Status {self.year}"],
            rows,
        )))

    def downloads(self) -> None:
        """Links to this page's data and executed notebook, for reproducing it."""
        name = f"{notebook_name(self.focus_area.id)}.ipynb"
        lines = [f"- {{download}}`Den körda notebooken för sidan ({name}) <{name}>`"]
        for planned in self.focus_area.indicators:
            source = values_path(self.data_dir, planned.id)
            if source.exists():
                target = DOWNLOAD_DIR / source.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                lines.append(f"- {{download}}`{planned.name} (CSV) <{target.as_posix()}>`")
        display(Markdown("\n".join(lines)))

    # -- helpers ------------------------------------------------------------------------

    def _indicator_missing(self, indicator: Indicator) -> None:
        planned = indicator.meta.missing.planned_source if indicator.meta.missing else ""
        display(Markdown(f"**{text.MISSING}.** {planned}"))

    def _indicator_with_data(self, indicator: Indicator) -> None:
        meta, home, nation = indicator.meta, self.settings.municipality, self.settings.national
        latest = indicator.latest(home.code, self.year)
        if latest is None:
            display(Markdown(f"**{text.MISSING}** för {home.name} till och med {self.year}."))
            return
        sentences = [text.latest_value_sentence(
            meta.measure, home.name, latest[0], latest[1], meta.unit, meta.decimals, self.year)]
        national = indicator.latest(nation.code, self.year)
        if national is not None:
            sentences.append(
                f"För {nation.name} var värdet {text.format_value(national[1], meta.unit, meta.decimals)} "
                f"år {national[0]}."
            )
        if meta.measures_opposite:
            sentences.append("Observera att måttet visar motsatsen till indikatorns namn "
                             f"(önskad riktning: {meta.direction}).")
        else:
            sentences.append(f"Önskad riktning: {meta.direction}.")
        display(Markdown(" ".join(sentences)))
        lines = self._chart_lines(indicator)
        figure = charts.line_chart(
            lines, FIGURE_DIR / f"{meta.id}.svg", unit_label=meta.unit, decimals=meta.decimals,
            plan_period=(self.plan.document.period.start, self.plan.document.period.end),
        )
        display(Markdown(
            f":::{{figure}} {figure.as_posix()}\n:alt: {self._alt_text(lines, meta.measure, meta.unit, meta.decimals)}\n\n"
            f"{meta.measure}, {meta.unit}. Det grå fältet är planperioden. Samma uppgifter finns i tabellen nedan.\n:::"
        ))
        display(HTML(self._value_table(lines, meta.measure, meta.unit, meta.decimals)))
        source = meta.source.citation if meta.source else ""
        notes = "".join(f"\n- {c}" for c in meta.caveats)
        display(Markdown(f"{source}" + (f"\n\nAtt tänka på:{notes}" if notes else "")))

    def _chart_lines(self, indicator: Indicator) -> list[charts.Line]:
        """The municipality and Riket for the main series, plus the municipality's other series."""
        first_year = self.year - CHART_FIRST_YEAR_SPAN
        home, nation = self.settings.municipality, self.settings.national
        wanted = [(indicator.meta.main_series, home), (indicator.meta.main_series, nation)]
        wanted += [(s, home) for s in indicator.meta.series if not s.main]
        lines = []
        for series, area in wanted:
            df = indicator.series_values(series.id, area.code, "T", self.year)
            df = df[df["year"] >= first_year]
            if df.empty:
                continue
            label = area.name if series.main else f"{area.name}, {series.label.lower()}"
            lines.append(charts.Line(label, df["year"].astype(int).tolist(), df["value"].tolist()))
        return lines

    @staticmethod
    def _alt_text(lines: list[charts.Line], measure: str, unit: str, decimals: int) -> str:
        first = min(line.years[0] for line in lines)
        last = max(line.years[-1] for line in lines)
        latest = text.join_swedish(
            [f"{line.label} {text.format_value(line.values[-1], unit, decimals)} ({line.years[-1]})"
             for line in lines]
        )
        names = text.join_swedish([line.label for line in lines])
        return (f"Linjediagram över {measure.lower()} {first}–{last} för {names}. "
                f"Senaste värden: {latest}.")

    @staticmethod
    def _value_table(lines: list[charts.Line], measure: str, unit: str, decimals: int) -> str:
        years = sorted({y for line in lines for y in line.years})
        by_line = [dict(zip(line.years, line.values, strict=True)) for line in lines]
        rows = [[str(y), *(text.format_number(v.get(y), decimals) for v in by_line)] for y in years]
        return html_table(
            f"{measure} ({unit}) per år. \"..\" betyder att uppgift saknas.",
            ["År", *(line.label for line in lines)], rows,
            numeric_columns=range(1, len(lines) + 1),
        )


__all__ = ["SEX_LABELS", "FocusAreaChapter", "notebook_name", "resolve_data_dir"]
