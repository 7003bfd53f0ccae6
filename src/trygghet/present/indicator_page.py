"""What a chapter shows for one indicator with data, in reading order.

:class:`IndicatorSection` returns IPython Markdown/HTML objects; the chapter
displays them. Every figure in the text comes from the data (trygghet.present.text),
every chart has a generated text alternative and a table with the same
figures, and small counts are already suppressed in the values it reads. The markup
comes from templates (``templates/indicator-*.md.j2``, ``figure.md.j2``,
``chart.html.j2``, ``data-table.html.j2``)."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from markupsafe import Markup

from trygghet.analysis import trend
from trygghet.analysis.development import MUNICIPALITY, development_table
from trygghet.data.indicators import SEX_LABELS, Indicator
from trygghet.data.settings import Settings
from trygghet.present import charts, downloads, text
from trygghet.present.tables import html_table
from trygghet.present.templating import HTML, Markdown, plain, render

Output = Markdown | HTML
#: Decimals to show: one number, or a function of the value's year (``decimals_at``).
Decimals = int | Callable[[int], int]


@dataclass
class IndicatorSection:
    indicator: Indicator
    settings: Settings
    year: int
    plan_period: tuple[int, int]
    figure_dir: Path = Path("figures")
    download_dir: Path = Path("downloads")
    chart_span: int = 12  # how many years back a chart reaches from the edition year
    #: Where figure_dir and download_dir are, on disk; the page links to them relative
    #: to its own folder. "." for a notebook, which runs in its output folder.
    out_dir: Path = Path(".")
    #: Markdown heading level of the section's sub-headings: "####" under a chapter's
    #: "### indicator", "##" on the indicator's own page.
    heading: str = "####"
    #: This indicator's rows of trygghet.analysis.development.development_table (computed
    #: here when not given): the comparison table and the figures by sex come from it.
    development_rows: pd.DataFrame | None = None
    #: Charts already drawn (see :func:`draw_charts`), by name: shown inline as images
    #: (a notebook's own outputs) instead of being drawn into ``figure_dir``.
    figures: dict[str, Chart] | None = None
    _outputs: list[Output] = field(default_factory=list, init=False, repr=False)
    _specs: list[ChartSpec] = field(default_factory=list, init=False, repr=False)

    # -- shortcuts ---------------------------------------------------------------------

    @property
    def meta(self):
        return self.indicator.meta

    @property
    def home(self):
        return self.settings.municipality

    @property
    def nation(self):
        return self.settings.national

    @property
    def group(self):
        return self.settings.comparison_group

    @property
    def nation_in_text(self) -> str:
        """Riket in running text is "riket"."""
        return self.nation.name.lower() if self.nation.name == "Riket" else self.nation.name

    @property
    def group_label(self) -> str:
        return f"{self.group.short_name} (medel)"

    @property
    def baseline_year(self) -> int:
        return self.indicator.baseline_year or trend.baseline_year_for(self.plan_period[0])

    @property
    def measurement_name(self) -> str | None:
        cycle = self.meta.measurement_cycle
        return cycle.name if cycle else None

    def _measured(self, year: int) -> int | None:
        cycle = self.meta.measurement_cycle
        return cycle.measured_year(year) if cycle else None

    def _suppressed_years(self) -> set[int]:
        """Years in the chart range where a value is suppressed (shown as "..")."""
        values = self.indicator.values
        if "suppressed" not in values or not values["suppressed"].any():
            return set()
        rows = self._visible(values[values["suppressed"]])
        years = rows["year"].astype(int)
        return {y for y in years if self.year - self.chart_span <= y <= self.year}

    def _md(self, body: str) -> None:
        self._outputs.append(Markdown(body))

    def _text(self, body: str) -> None:
        """A paragraph of plain text (our sentences with names and figures from data
        files): shown literally, never read as Markdown or MyST."""
        self._md(plain(body))

    def _heading(self, title: str) -> None:
        """A sub-heading of the section, at the level ``heading`` says."""
        assert set(self.heading) == {"#"}, self.heading
        self._md(render("heading.md.j2", level=len(self.heading), text=title))

    def _html(self, body: str) -> None:
        self._outputs.append(HTML(body))

    def _visible(self, df: pd.DataFrame) -> pd.DataFrame:
        """Rows a chart or table shows: for sources that repeat the latest
        measurement, only the years with a new measurement."""
        cycle = self.meta.measurement_cycle
        if cycle is None or df.empty:
            return df
        return df[df["year"].astype(int).map(cycle.is_measured)]

    def _series(self, area_code: str, series_id: str | None = None, sex: str = "T") -> pd.DataFrame:
        return self.indicator.series_values(series_id, area_code, sex, self.year)

    def _line(self, label: str, df: pd.DataFrame, areas: list[str] | None = None,
              ) -> charts.Line | None:
        """A chart line; it is broken at the source's method changes that concern its
        ``areas`` (by default the areas in ``df``; for the group mean, its members)."""
        if areas is None:
            areas = sorted(set(df["area_code"])) if "area_code" in df else []
        breaks = tuple(sorted({b.year for b in self.meta.breaks if not b.comparable
                               and any(b.applies_to(a) for a in areas)}))
        df = self._visible(df)
        df = df[df["year"] >= self.year - self.chart_span]
        if df.empty:
            return None
        return charts.Line(label, df["year"].astype(int).tolist(),
                           df["value"].astype(float).tolist(), breaks)

    # -- the section -------------------------------------------------------------------

    def outputs(self) -> list[Output]:
        """Everything shown for the indicator, after its heading."""
        self._outputs, self._specs = [], []
        latest = self.indicator.latest(self.home.code, self.year)
        first_year = self.year - self.chart_span
        if latest is None or latest[0] < first_year:  # e.g. an edition after the last data
            when = (f"till och med {self.year}" if latest is None
                    else f"för {first_year}–{self.year} (det senaste värdet är från {latest[0]})")
            self._md(render("indicator-missing.md.j2", missing=text.MISSING,
                            home=self.home.name, when=when, expected=expected_source(self.meta)))
            self._about()
            return self._outputs
        self._summary(latest)
        self._main_chart()
        if any(s.by_sex for s in self.meta.series if s.main):
            self._by_sex()
        if any(not s.main for s in self.meta.series):
            self._other_series()
        self._comparison_table()
        self._about()
        return self._outputs

    def chart_specs(self) -> list[ChartSpec]:
        """What every chart of the section shows (main chart, by sex, other series), without
        drawing any."""
        figures, self.figures = self.figures, {}
        try:
            self.outputs()
        finally:
            self.figures = figures
        return list(self._specs)

    def development(self) -> trend.Development:
        return trend.development(self.indicator, self.home.code, self.year)

    @property
    def table(self) -> pd.DataFrame:
        """This indicator's rows of the development table (one implementation for pages,
        downloads and notebooks: trygghet.analysis.development)."""
        if self.development_rows is None:
            self.development_rows = development_table([self.indicator], self.settings, self.year)
        rows = self.development_rows
        return rows[rows["indicator"] == self.meta.id]

    def _summary(self, latest: tuple[int, float]) -> None:
        meta = self.meta
        first = text.latest_value_sentence(meta.headline, self.home.name, latest[0], latest[1],
                                           meta.unit, meta.decimals_at(latest[0]), self.year)
        cycle = meta.measurement_cycle
        if cycle and not cycle.is_measured(latest[0]):
            first += (f" Siffran är från {cycle.name} {cycle.measured_year(latest[0])}; Kolada "
                      f"upprepar den åren fram till nästa {cycle.name.removesuffix('et')}.")
        if meta.measures_opposite:
            first += (" Observera att måttet visar motsatsen till indikatorns namn, "
                      f"så planen vill att siffran {'ökar' if meta.direction == 'öka' else 'minskar'}.")
        dev = self.development()
        paragraphs = []
        if meta.baseline_average and dev.baseline_span:
            paragraphs.append(
                f"Varför ett genomsnitt som utgångsvärde: {meta.baseline_average.reason}")
        paragraphs.append(self._context_sentence(dev) if dev.reason is None else "")
        paragraphs.append(self._comparison_sentence(latest))
        pooled = text.pooling_sentence(meta, self.home.code, self.home.name, dev)
        self._md(render(
            "indicator-summary.md.j2", first=first,
            heading=f"Utveckling sedan utgångsåret {dev.baseline_year}: {dev.text}.",
            development=" ".join(filter(None, [text.development_sentences(
                dev, self.home.name, meta.unit, meta.decimals, self.measurement_name,
                decimals_at=meta.decimals_at), pooled])),
            paragraphs=[p for p in paragraphs if p]))

    def _context_sentence(self, own: trend.Development) -> str:
        """How the municipality's change compares with Riket's and the group's, same years."""
        nation = trend.development(self.indicator, self.nation.code, self.year)
        mean = self._group_mean()
        group = None
        if not mean.empty:
            rows = mean.assign(series=self.meta.main_series.id if self.meta.main_series else "",
                               area_code="grupp", area_name=self.group_label, sex="T")
            as_indicator = Indicator(self.meta, rows, self.indicator.baseline_year)
            group = trend.development(as_indicator, "grupp", self.year,
                                      break_areas=self.group.members)
        return text.context_sentence(
            self.home.name, own,
            [(f"i {self.nation_in_text}", nation),
             (f"för {self.group.short_name.lower()} (medelvärde)", group)],
            self.meta.unit, self.meta.decimals)

    def _comparison_sentence(self, latest: tuple[int, float]) -> str:
        year, value = latest
        nation = self._value_at(self._series(self.nation.code), year)
        mean = self._value_at(self._group_mean(), year)
        return text.comparison_sentence(
            self.home.name, year, value,
            [(f"i {self.nation_in_text}", nation),
             (f"medelvärdet för {self.group.short_name.lower()}", mean)],
            self.meta.unit, self.meta.decimals_at(year),
            self.measurement_name if self._measured(year) == year else None,
        )

    def _group_mean(self, series_id: str | None = None, sex: str = "T") -> pd.DataFrame:
        return trend.group_mean(self.indicator, self.group.members, series_id, sex, self.year)

    @staticmethod
    def _value_at(df: pd.DataFrame, year: int) -> float | None:
        rows = df[df["year"] == year]
        return None if rows.empty else float(rows.iloc[-1]["value"])

    # -- charts with their text alternative and table ----------------------------------

    def _spec(self, lines: list[charts.Line], name: str, what: str,
              headers: list[str] | None = None, note: str = "",
              decimals: Decimals | None = None) -> ChartSpec:
        """What a chart shows (its lines, title, the caption's note and the decimals of its
        figures: by default the indicator's main series, ``decimals_at``), without drawing."""
        meta = self.meta
        decimals = decimals or meta.decimals_at
        broken = [line.label for line in lines if line.breaks]
        if broken:
            years = sorted({y for line in lines for y in line.breaks})
            note += (f" Linjen för {text.join_swedish(broken)} är bruten där källan bytte metod "
                     f"({', '.join(map(str, years))}).")
        named = ([charts.Line(h, line.years, line.values, line.breaks)
                  for h, line in zip(headers, lines, strict=True)]
                 if headers else lines)
        if meta.measurement_cycle:
            note += (f" Bara åren med {meta.measurement_cycle.name} visas, eftersom Kolada upprepar "
                    f"siffran åren däremellan.")
        return ChartSpec(f"{name}-{self.year}", meta.id, what, note, lines, named, decimals)

    def _figure(self, spec: ChartSpec, development=None) -> None:
        """The chart with its text alternative, caption and table: the notebook's drawing
        (``figures``) when given, else drawn into ``figure_dir``."""
        meta = self.meta
        self._specs.append(spec)
        lines, named, what, note = spec.lines, spec.named, spec.what, spec.note
        decimals = spec.decimals
        if self.figures is not None:  # drawn by the notebook: only its charts are shown
            chart = self.figures.get(spec.name)
            if chart is not None:
                self._html(chart.html(self._suppressed_years()))
            return
        path = self.figure_dir / f"{spec.name}.svg"
        charts.line_chart(
            lines, self.out_dir / path, unit_label=meta.unit,
            decimals=meta.decimals,
            plan_period=self.plan_period, baseline_year=self.baseline_year,
        )
        alt = alt_text(named, what, meta.unit, decimals, development, self.home.name)
        self._md(render("figure.md.j2", path=path.as_posix(), alt=alt,
                        caption=caption_text(what, meta.unit, note)))
        self._html(value_table_details(named, what, meta.unit, decimals,
                                       self._suppressed_years()))

    @cached_property
    def main_chart(self) -> ChartSpec | None:
        """The section's main chart: the municipality, Riket and the group's mean (None
        when there is no value to draw in the chart's years). Computed once: the notebook
        takes its points (chart_data), draws it (draw_charts) and the section shows it."""
        lines = [
            self._line(self.home.name, self._series(self.home.code)),
            self._line(self.nation.name, self._series(self.nation.code)),
            self._line(self.group.short_name, self._group_mean(), self.group.members),
        ]
        lines = [line for line in lines if line]
        if not lines:
            return None
        headers = [self.group_label if line.label == self.group.short_name else line.label
                   for line in lines]
        has_group = any(line.label == self.group.short_name for line in lines)
        return self._spec(lines, self.meta.id, self.meta.headline, headers=headers,
                          note=f" {self.group.short_name} är jämförelsegruppens medelvärde."
                          if has_group else "")

    def _main_chart(self) -> None:
        spec = self.main_chart
        if spec is not None:
            self._figure(spec, self.development())

    def _by_sex(self) -> None:
        meta = self.meta
        self._heading("Kvinnor och män, flickor och pojkar")
        lines, latest_parts, change_parts = [], [], []
        for sex in ("K", "M", "T"):
            df = self._series(self.home.code, sex=sex)
            line = self._line(SEX_LABELS[sex], df)
            if line:
                lines.append(line)
            if sex == "T":
                continue
            found = self.table[(self.table["area_role"] == MUNICIPALITY)
                               & (self.table["sex"] == sex)]
            if found.empty:
                continue
            dev = found.iloc[0]
            if pd.notna(dev["latest_year"]):
                latest_parts.append((SEX_LABELS[sex].lower(),
                                     (int(dev["latest_year"]), float(dev["latest_value"]))))
            if pd.notna(dev["change"]):
                places = change_decimals(meta, int(dev["baseline_value_year"]),
                                         int(dev["latest_year"]))
                change_parts.append(
                    f"{text.format_change(float(dev['change']), meta.unit, places)} för "
                    f"{SEX_LABELS[sex].lower()} ({dev['symbol']}{text.NBSP}{dev['label']})")
        if len(lines) < 2:
            self._text(f"Det finns ingen uppdelning efter kön för {self.home.name} till och med "
                     f"{self.year}.")
            return
        sentences = []
        years = {y for _, (y, _) in latest_parts}
        if latest_parts and len(years) == 1:
            parts = [f"{text.format_value(v, meta.unit, meta.decimals_at(y))} för {who}"
                     for who, (y, v) in latest_parts]
            sentences.append(f"År {years.pop()} var värdet i {self.home.name} "
                             f"{text.join_swedish(parts)}.")
        if change_parts:
            sentences.append(f"Förändringen sedan utgångsåret var {text.join_swedish(change_parts)}.")
        if sentences:
            self._text(" ".join(sentences))
        self._figure(self._spec(lines, f"{meta.id}-kon",
                                f"{meta.headline} efter kön i {self.home.name}"))

    def _other_series(self) -> None:
        meta = self.meta
        title = meta.other_series_title or "Fler uppdelningar"
        self._heading(title)
        lines, parts, years = [], [], set()
        for series in meta.series:
            df = self._series(self.home.code, series.id)
            line = self._line(series.label, df)
            if line:
                lines.append(line)
            latest = self.indicator.latest(self.home.code, self.year, series.id)
            if latest:
                years.add(latest[0])
                places = meta.decimals_at(latest[0], series.id)
                parts.append(f"{text.format_value(latest[1], meta.unit, places)} för "
                             f"{series.label.lower()}")
        if parts and len(years) == 1:
            year = years.pop()
            phrase = text.year_phrase(year, self.measurement_name, self._measured(year))
            self._text(f"{phrase[0].upper()}{phrase[1:]} var värdet i {self.home.name} "
                     f"{text.join_swedish(parts)}.")
        if lines:
            # one table for series published at different precision: the finest of them
            self._figure(self._spec(
                lines, f"{meta.id}-serier", f"{meta.measure} i {self.home.name}: {title.lower()}",
                decimals=lambda y: max(meta.decimals_at(y, s.id) for s in meta.series)))

    # -- comparison table --------------------------------------------------------------

    def _comparison_table(self) -> None:
        """Every area's development by the same rule (rows of the development table):
        values in the municipality's baseline and latest year, change and judgement."""
        meta = self.meta
        rows_t = self.table[self.table["sex"] == "T"]
        home = rows_t[rows_t["area_role"] == MUNICIPALITY].iloc[0]
        kinds = [(value, when, int(home[when])) for value, when in (
            ("baseline_value", "baseline_value_year"), ("latest_value", "latest_year"))
            if pd.notna(home[when])]
        years = [year for _, _, year in kinds]
        if not years or not meta.kolada_series:
            return  # the city's own values exist for the municipality only: nothing to compare
        self._heading(f"Jämförelse med {self.nation_in_text} och {self.group.short_name.lower()}")
        cycle = meta.measurement_cycle
        header = ["Område"]
        averaged = pd.notna(home["baseline_first_year"])
        for (value, _, y) in kinds:
            if value == "baseline_value" and averaged:
                # an averaged baseline is never headed as one year
                header.append(f"Medel {int(home['baseline_first_year'])}–{y}")
            elif cycle and not cycle.is_measured(y):
                header.append(f"{y} ({cycle.name} {cycle.measured_year(y)})")
            else:
                header.append(str(y))
        two = len(years) == 2
        if two:
            change_unit = text.change_unit_suffix(meta.unit).strip() or meta.unit
            header += [f"Förändring ({change_unit})", "Förändring i %", "Bedömning"]
        rows = []
        used = set()
        for r in rows_t.itertuples(index=False):
            def shown(value, year, wanted, first=None):
                if pd.isna(value):
                    return text.NOT_AVAILABLE
                if pd.notna(first):  # a mean of several years: shown at the finest precision
                    places = max(meta.decimals_at(y) for y in range(int(first), int(year) + 1))
                    return text.format_number(float(value), places)
                number = text.format_number(float(value), meta.decimals_at(int(year)))
                return number if int(year) == wanted else f"{number} ({int(year)})"

            row = [r.area_name, *(shown(getattr(r, value), getattr(r, when), year,
                                        r.baseline_first_year if value == "baseline_value"
                                        else None)
                                  for value, when, year in kinds)]
            if two:
                if pd.notna(r.change):
                    places = change_decimals(meta, int(r.baseline_value_year),
                                             int(r.latest_year))
                    row += [text.format_change(float(r.change), "", places).strip(),
                            text.format_percent_change(None if pd.isna(r.change_percent)
                                                       else float(r.change_percent)),
                            f"{r.symbol}{text.NBSP}{r.label}"]
                else:
                    row += [text.NOT_AVAILABLE, text.NOT_AVAILABLE,
                            f"{r.symbol}{text.NBSP}{r.label}"]
            used.update(c for c in row[1:] if c == text.NOT_AVAILABLE)
            rows.append(row)
        caption = (f"{meta.headline} ({meta.unit}) i {self.home.name}, "
                   f"{self.nation_in_text}, "
                   f"{self.group.short_name.lower()} och gruppens kommuner")
        if two:
            caption += f", från {text.lower_first(header[1])} till {header[2]}"
        self._html(render(
            "table-legend.html.j2",
            table=html_table(caption, header, rows, numeric_columns=range(1, len(header) - 1)
                             if two else range(1, len(header)), stacked=True),
            legend=text.symbol_legend(sorted(used)) if used else ""))
        self._md(render("indicator-group-note.md.j2", group=self.group, home=self.home.name,
                        rates=meta.kind == "takt", own_processing=text.OWN_PROCESSING,
                        pooling=text.pooling_comparison_sentence(
                            meta, (self.home.code, self.home.name),
                            [(code, name) for code, name in zip(
                                rows_t["area_code"], rows_t["area_name"], strict=True)
                             if code in self.group.members and code != self.home.code])))

    # -- about the indicator -----------------------------------------------------------

    def _about(self) -> None:
        self._heading("Om indikatorn")
        download = None
        if not self.indicator.values.empty:  # written by downloads.write_indicator_csvs
            download = (self.download_dir / downloads.indicator_csv_name(self.meta.id)).as_posix()
        threshold = text.threshold_text(trend.threshold_of(self.indicator), self.meta.kind)
        latest = self.indicator.latest(self.home.code, self.year)
        self._md(render(
            "indicator-about.md.j2", meta=self.meta, own_processing=text.OWN_PROCESSING,
            kolada=kolada_link(self.meta), own_sources=self.indicator.own_sources(self.year),
            threshold=threshold, download=download,
            chance=text.chance_text(self.meta.sampling, threshold),
            pooling=text.pooling_about(self.meta, latest[0] if latest else None)))


def change_decimals(meta, baseline_year: int, latest_year: int) -> int:
    """Decimals of a change between two years' values: the finer of the two years' (a
    whole-percent baseline 34 and a latest 30,9 change by 3,1, not by 3)."""
    return max(meta.decimals_at(baseline_year), meta.decimals_at(latest_year))


def expected_source(meta) -> Markup:
    """Where an indicator's missing values will come from, as a sentence ("" if unknown)."""
    return render("indicator-expected-source.md.j2", meta=meta)


# -- charts drawn by a notebook ---------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    """What one chart shows: its lines (``lines`` labelled for the chart's own labels,
    ``named`` as the table's column headers), title and the caption's note."""

    name: str  # e.g. "valdeltagande-kon-2024": unique in an edition
    indicator: str
    what: str
    note: str
    lines: list[charts.Line]
    named: list[charts.Line]
    #: Decimals of the figures (None: the indicator's main series, ``decimals_at``).
    decimals: Decimals | None = None


def caption_text(what: str, unit: str, note: str) -> str:
    """A chart's caption (plain text)."""
    return (f"{what}, {unit}. Det grå fältet är planperioden och den prickade linjen "
            f"utgångsåret.{note} Samma uppgifter finns i tabellen under diagrammet.")


@dataclass
class Chart:
    """A drawn chart with its text alternative, caption and table. In Jupyter and in the
    book it shows as an image (SVG inside the output, so the executed notebook is
    self-contained) with its alt text and caption, and the table below."""

    spec: ChartSpec
    unit: str
    decimals: Decimals
    alt: str
    svg: bytes
    figure: object = field(default=None, repr=False)  # the matplotlib figure (closed)

    def html(self, extra_years: set[int] | frozenset[int] = frozenset()) -> Markup:
        return render(
            "chart.html.j2",
            source="data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii"),
            alt=self.alt, caption=caption_text(self.spec.what, self.unit, self.spec.note),
            table=value_table_details(self.spec.named, self.spec.what, self.unit, self.decimals,
                                      extra_years))

    def _repr_html_(self) -> str:
        return self.html()


def chart_data(sections: list[IndicatorSection]) -> pd.DataFrame:
    """Every point of the sections' main charts: one row per chart, line and year (columns
    indicator, chart, title, line, header, year, value), in drawing order. Only each
    indicator's main chart: a chapter stays light on a phone, and the charts by sex and
    by series are on the indicator's own page."""
    rows = [
        {"indicator": spec.indicator, "chart": spec.name, "title": spec.what, "line": line.label,
         "header": named.label, "year": year, "value": value}
        for section in sections if (spec := section.main_chart) is not None
        for line, named in zip(spec.lines, spec.named, strict=True)
        for year, value in zip(line.years, line.values, strict=True)
    ]
    columns = ["indicator", "chart", "title", "line", "header", "year", "value"]
    return pd.DataFrame(rows, columns=columns)


def draw_charts(sections: list[IndicatorSection], points: pd.DataFrame,
                development: pd.DataFrame) -> dict[str, Chart]:
    """Draw each chart in ``points`` (see :func:`chart_data`) with matplotlib in the house
    style (trygghet.present.charts); the main chart's alt text states the municipality's
    development from ``development`` (trygghet.analysis.development.development_table)."""
    specs = {spec.name: (section, spec) for section in sections
             if (spec := section.main_chart) is not None}
    drawn = {}
    for name, rows in points.groupby("chart", sort=False):
        section, spec = specs[name]
        meta = section.meta
        breaks = {line.label: line.breaks for line in spec.lines}
        lines = [charts.Line(label, group["year"].astype(int).tolist(),
                             group["value"].astype(float).tolist(), breaks.get(label, ()))
                 for label, group in rows.groupby("line", sort=False)]
        named = [charts.Line(header, line.years, line.values, line.breaks) for header, line in
                 zip(rows.drop_duplicates("line")["header"], lines, strict=True)]
        figure = charts.line_figure(lines, unit_label=meta.unit, decimals=meta.decimals,
                                    plan_period=section.plan_period,
                                    baseline_year=section.baseline_year)
        dev = None
        if name == f"{meta.id}-{section.year}":
            home = development[(development["indicator"] == meta.id)
                               & (development["area_role"] == MUNICIPALITY)
                               & (development["sex"] == "T")]
            dev = development_view(home.iloc[0]) if not home.empty else None
        decimals = spec.decimals or meta.decimals_at
        alt = alt_text(named, spec.what, meta.unit, decimals, dev, section.home.name)
        drawn[name] = Chart(ChartSpec(name, meta.id, spec.what, spec.note, lines, named,
                                      decimals),
                            meta.unit, decimals, alt, charts.svg_bytes(figure), figure)
    return drawn


def development_view(row: pd.Series) -> SimpleNamespace:
    """A development-table row with the attributes :func:`alt_text` reads."""
    def pair(year, value):
        return None if pd.isna(year) else (int(year), float(value))

    first = row["baseline_first_year"]
    baseline = pair(row["baseline_value_year"], row["baseline_value"])
    return SimpleNamespace(
        baseline=baseline,
        baseline_label=(f"medel {int(first)}–{baseline[0]}" if pd.notna(first) and baseline
                        else str(baseline[0]) if baseline else None),
        latest=pair(row["latest_year"], row["latest_value"]),
        change=None if pd.isna(row["change"]) else float(row["change"]),
        change_percent=None if pd.isna(row["change_percent"]) else float(row["change_percent"]),
        label=row["label"])


# -- text alternatives and tables ------------------------------------------------------


_SAFE_URL = re.compile(r"^https://[A-Za-z0-9.\-]+/[A-Za-z0-9/._~?=&%,+\-]*$")


def kolada_link(meta) -> Markup:
    """A Markdown line linking to the indicator's key figures in Kolada, or "" when the
    source is not Kolada or its address is not a plain https address."""
    if not meta.source or not _SAFE_URL.match(meta.source.url or ""):
        return Markup("")
    kpis = [s.kolada_kpi for s in meta.series if s.kolada_kpi and s.kolada_kpi.isalnum()]
    return render("kolada-link.md.j2", kpis=kpis, url=meta.source.url)


def places_at(decimals: Decimals, year: int) -> int:
    """Decimals to show for a value of ``year``: ``decimals`` is a number, or the
    indicator's ``decimals_at`` (never more than the source publishes that year)."""
    return decimals(year) if callable(decimals) else decimals


def alt_text(lines: list[charts.Line], what: str, unit: str, decimals: Decimals,
             development: trend.Development | None = None, area_name: str | None = None) -> str:
    """The chart's text alternative, generated from its data: what it shows, the
    latest values and, for the main chart, the change since the baseline."""
    first = min(line.years[0] for line in lines)
    last = max(line.years[-1] for line in lines)
    names = text.join_swedish([line.label for line in lines])
    latest = text.join_swedish(
        [f"{line.label} "
         f"{text.format_value(line.values[-1], unit, places_at(decimals, line.years[-1]))} "
         f"({line.years[-1]})" for line in lines]
    )
    alt = (f"Linjediagram över {text.lower_first(what)} {first}–{last} för {names}. "
           f"Senaste värden: {latest}.")
    if development is not None and area_name:
        if development.change is not None:
            change_places = max(places_at(decimals, development.baseline[0]),
                                places_at(decimals, development.latest[0]))
            alt += (f" Förändring för {area_name} från {development.baseline_label} till "
                    f"{development.latest[0]}: "
                    f"{text.format_change(development.change, unit, change_places)}"
                    + (f" ({text.format_percent_change(development.change_percent)} av "
                       f"utgångsvärdet)"
                       if development.change_percent is not None else "")
                    + f", {development.label.lower()}.")
        else:
            alt += f" Utvecklingen sedan utgångsåret: {development.label.lower()}."
    return alt


def value_table_details(lines: list[charts.Line], what: str, unit: str, decimals: Decimals,
                        extra_years: set[int] | frozenset[int] = frozenset(),
                        headers: list[str] | None = None) -> Markup:
    """The chart's figures as a table, in a disclosure widget right below it.
    ``extra_years`` (years with a suppressed value) get a row of ".." too;
    ``headers`` replace the lines' labels as column headers."""
    years = sorted({y for line in lines for y in line.years} | set(extra_years))
    by_line = [dict(zip(line.years, line.values, strict=True)) for line in lines]
    rows = [[str(y), *(text.format_number(v.get(y), places_at(decimals, y)) for v in by_line)]
            for y in years]
    used = any(text.NOT_AVAILABLE in row for row in rows)
    headers = headers or [line.label for line in lines]
    table = html_table(f"{what} ({unit}) per år", ["År", *headers], rows,
                       numeric_columns=range(1, len(lines) + 1))
    return render("data-table.html.j2", what=what, table=table,
                  legend=text.symbol_legend([text.NOT_AVAILABLE]) if used else "")


__all__ = [
    "Chart",
    "ChartSpec",
    "IndicatorSection",
    "alt_text",
    "caption_text",
    "chart_data",
    "development_view",
    "draw_charts",
    "expected_source",
    "value_table_details",
]
