"""What a chapter shows for one indicator with data, in reading order.

:class:`IndicatorSection` returns IPython Markdown/HTML objects; the chapter
displays them. Every figure in the text comes from the data (trygghet.present.text),
every chart has a generated text alternative and a table with the same
figures, and small counts are already suppressed in the values it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown

from trygghet.analysis import trend
from trygghet.data.indicators import SEX_LABELS, Indicator
from trygghet.data.settings import Settings
from trygghet.data.untrusted import markdown_inline
from trygghet.present import charts, downloads, text
from trygghet.present.tables import html_table

Output = Markdown | HTML


def _markdown_safe(value: str) -> str:
    """Text for a directive option (the figure's ``:alt:``), which is not Markdown: one
    line, no backticks. Text in Markdown goes through :mod:`trygghet.data.untrusted`."""
    return " ".join(value.split()).replace("`", "'")


@dataclass
class IndicatorSection:
    indicator: Indicator
    settings: Settings
    year: int
    plan_period: tuple[int, int]
    figure_dir: Path = Path("figures")
    download_dir: Path = Path("downloads")
    chart_span: int = 12  # how many years back a chart reaches from the edition year
    _outputs: list[Output] = field(default_factory=list, init=False, repr=False)

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
        self._md(markdown_inline(body, emphasis=False))

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

    def _line(self, label: str, df: pd.DataFrame) -> charts.Line | None:
        df = self._visible(df)
        df = df[df["year"] >= self.year - self.chart_span]
        if df.empty:
            return None
        return charts.Line(label, df["year"].astype(int).tolist(), df["value"].astype(float).tolist())

    # -- the section -------------------------------------------------------------------

    def outputs(self) -> list[Output]:
        """Everything shown for the indicator, after its heading."""
        self._outputs = []
        latest = self.indicator.latest(self.home.code, self.year)
        first_year = self.year - self.chart_span
        if latest is None or latest[0] < first_year:  # e.g. an edition after the last data
            when = (f"till och med {self.year}" if latest is None
                    else f"för {first_year}–{self.year} (det senaste värdet är från {latest[0]})")
            self._md(f"**{text.MISSING}** för {markdown_inline(self.home.name)} {when}. "
                     f"{expected_source(self.meta)}".rstrip())
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

    def development(self) -> trend.Development:
        return trend.development(self.indicator, self.home.code, self.year)

    def _summary(self, latest: tuple[int, float]) -> None:
        meta = self.meta
        first = text.latest_value_sentence(meta.measure, self.home.name, latest[0], latest[1],
                                           meta.unit, meta.decimals, self.year)
        cycle = meta.measurement_cycle
        if cycle and not cycle.is_measured(latest[0]):
            first += (f" Siffran är från {cycle.name} {cycle.measured_year(latest[0])}; Kolada "
                      f"upprepar den åren fram till nästa {cycle.name.removesuffix('et')}.")
        if meta.measures_opposite:
            first += (" Observera att måttet visar motsatsen till indikatorns namn, "
                      f"så planen vill att siffran {'ökar' if meta.direction == 'öka' else 'minskar'}.")
        dev = self.development()
        heading = markdown_inline(f"Utveckling sedan utgångsåret {dev.baseline_year}: {dev.text}.")
        development = (f"**{heading}** "
                       + markdown_inline(text.development_sentences(
                           dev, self.home.name, meta.unit, meta.decimals, self.measurement_name),
                           emphasis=False))
        paragraphs = [markdown_inline(first, emphasis=False), development]
        compare = self._comparison_sentence(latest)
        if compare:
            paragraphs.append(markdown_inline(compare, emphasis=False))
        self._md("\n\n".join(paragraphs))

    def _comparison_sentence(self, latest: tuple[int, float]) -> str:
        year, value = latest
        nation = self._value_at(self._series(self.nation.code), year)
        mean = self._value_at(self._group_mean(), year)
        return text.comparison_sentence(
            self.home.name, year, value,
            [(f"i {self.nation_in_text}", nation),
             (f"medelvärdet för {self.group.short_name.lower()}", mean)],
            self.meta.unit, self.meta.decimals,
            self.measurement_name if self._measured(year) == year else None,
        )

    def _group_mean(self, series_id: str | None = None, sex: str = "T") -> pd.DataFrame:
        return trend.group_mean(self.indicator, self.group.members, series_id, sex, self.year)

    @staticmethod
    def _value_at(df: pd.DataFrame, year: int) -> float | None:
        rows = df[df["year"] == year]
        return None if rows.empty else float(rows.iloc[-1]["value"])

    # -- charts with their text alternative and table ----------------------------------

    def _figure(self, lines: list[charts.Line], name: str, what: str, development=None,
                headers: list[str] | None = None, note: str = "") -> None:
        meta = self.meta
        path = charts.line_chart(
            lines, self.figure_dir / f"{name}-{self.year}.svg", unit_label=meta.unit,
            decimals=meta.decimals,
            plan_period=self.plan_period, baseline_year=self.baseline_year,
        )
        named = ([charts.Line(h, line.years, line.values) for h, line in zip(headers, lines,
                                                                              strict=True)]
                 if headers else lines)
        alt = alt_text(named, what, meta.unit, meta.decimals, development, self.home.name)
        if meta.measurement_cycle:
            note += (f" Bara åren med {meta.measurement_cycle.name} visas, eftersom Kolada upprepar "
                    f"siffran åren däremellan.")
        caption = markdown_inline(
            f"{what}, {meta.unit}. Det grå fältet är planperioden och den prickade linjen "
            f"utgångsåret.{note} Samma uppgifter finns i tabellen under diagrammet.",
            emphasis=False)
        self._md(f":::{{figure}} {path.as_posix()}\n:alt: {_markdown_safe(alt)}\n\n{caption}\n:::")
        self._html(value_table_details(named, what, meta.unit, meta.decimals,
                                       self._suppressed_years()))

    def _main_chart(self) -> None:
        lines = [
            self._line(self.home.name, self._series(self.home.code)),
            self._line(self.nation.name, self._series(self.nation.code)),
            self._line(self.group.short_name, self._group_mean()),
        ]
        lines = [line for line in lines if line]
        if not lines:  # no value to draw in the chart's years
            return
        headers = [self.group_label if line.label == self.group.short_name else line.label
                   for line in lines]
        has_group = any(line.label == self.group.short_name for line in lines)
        self._figure(lines, self.meta.id, self.meta.measure, self.development(),
                     headers=headers,
                     note=f" {self.group.short_name} är jämförelsegruppens medelvärde."
                     if has_group else "")

    def _by_sex(self) -> None:
        meta = self.meta
        self._md("#### Kvinnor och män, flickor och pojkar")
        lines, latest_parts, change_parts = [], [], []
        for sex in ("K", "M", "T"):
            df = self._series(self.home.code, sex=sex)
            line = self._line(SEX_LABELS[sex], df)
            if line:
                lines.append(line)
            if sex == "T":
                continue
            dev = trend.development(self.indicator, self.home.code, self.year, sex=sex)
            if dev.latest:
                latest_parts.append((SEX_LABELS[sex].lower(), dev.latest))
            if dev.change is not None:
                change_parts.append(
                    f"{text.format_change(dev.change, meta.unit, meta.decimals)} för "
                    f"{SEX_LABELS[sex].lower()} ({dev.text})")
        if len(lines) < 2:
            self._text(f"Det finns ingen uppdelning efter kön för {self.home.name} till och med "
                     f"{self.year}.")
            return
        sentences = []
        years = {y for _, (y, _) in latest_parts}
        if latest_parts and len(years) == 1:
            parts = [f"{text.format_value(v, meta.unit, meta.decimals)} för {who}"
                     for who, (_, v) in latest_parts]
            sentences.append(f"År {years.pop()} var värdet i {self.home.name} "
                             f"{text.join_swedish(parts)}.")
        if change_parts:
            sentences.append(f"Förändringen sedan utgångsåret var {text.join_swedish(change_parts)}.")
        if sentences:
            self._text(" ".join(sentences))
        self._figure(lines, f"{meta.id}-kon", f"{meta.measure} efter kön i {self.home.name}")

    def _other_series(self) -> None:
        meta = self.meta
        title = meta.other_series_title or "Fler uppdelningar"
        self._md(f"#### {markdown_inline(title, emphasis=False)}")
        lines, parts, years = [], [], set()
        for series in meta.series:
            df = self._series(self.home.code, series.id)
            line = self._line(series.label, df)
            if line:
                lines.append(line)
            latest = self.indicator.latest(self.home.code, self.year, series.id)
            if latest:
                years.add(latest[0])
                parts.append(f"{text.format_value(latest[1], meta.unit, meta.decimals)} för "
                             f"{series.label.lower()}")
        if parts and len(years) == 1:
            year = years.pop()
            phrase = text.year_phrase(year, self.measurement_name, self._measured(year))
            self._text(f"{phrase[0].upper()}{phrase[1:]} var värdet i {self.home.name} "
                     f"{text.join_swedish(parts)}.")
        if lines:
            self._figure(lines, f"{meta.id}-serier",
                         f"{meta.measure} i {self.home.name}: {title.lower()}")

    # -- comparison table --------------------------------------------------------------

    def _comparison_table(self) -> None:
        meta = self.meta
        dev = self.development()
        years = [y for y in ((dev.baseline or (None,))[0], (dev.latest or (None,))[0]) if y]
        if not years or not meta.kolada_series:
            return  # the city's own values exist for the municipality only: nothing to compare
        self._md("#### " + markdown_inline(
            f"Jämförelse med {self.nation_in_text} och {self.group.short_name.lower()}",
            emphasis=False))
        areas: list[tuple[str, pd.DataFrame]] = [
            (self.home.name, self._series(self.home.code)),
            (self.nation.name, self._series(self.nation.code)),
            (self.group_label, self._group_mean()),
        ]
        members = []
        for code in self.group.members:
            df = self._series(code)
            names = self.indicator.values.loc[self.indicator.values["area_code"] == code, "area_name"]
            members.append((names.iloc[0] if not names.empty else code, df))
        areas += sorted(members, key=lambda item: item[0])
        cycle = meta.measurement_cycle
        header = ["Område"]
        for y in years:
            if cycle and not cycle.is_measured(y):
                header.append(f"{y} ({cycle.name} {cycle.measured_year(y)})")
            else:
                header.append(str(y))
        two = len(years) == 2
        if two:
            change_unit = text.change_unit_suffix(meta.unit).strip() or meta.unit
            header += [f"Förändring ({change_unit})", "Förändring i %", "Bedömning"]
        rows = []
        used = set()
        for name, df in areas:
            values = [self._value_at(df, y) for y in years]
            row = [name] + [text.format_number(v, meta.decimals) for v in values]
            if two:
                if values[0] is not None and values[1] is not None:
                    label = trend.classify(values[0], values[1], meta.direction, dev.threshold)
                    change = values[1] - values[0]
                    percent = change / abs(values[0]) * 100 if values[0] else None
                    row += [text.format_change(change, "", meta.decimals).strip(),
                            text.format_percent_change(percent),
                            f"{trend.SYMBOLS[label]}{text.NBSP}{label}"]
                else:
                    row += [text.NOT_AVAILABLE] * 3
            used.update(c for c in row[1:] if c == text.NOT_AVAILABLE)
            rows.append(row)
        caption = (f"{meta.measure} ({meta.unit}) i {self.home.name}, "
                   f"{self.nation_in_text}, "
                   f"{self.group.short_name.lower()} och gruppens kommuner")
        if two:
            caption += f", från {years[0]} till {years[1]}"
        legend = text.symbol_legend(sorted(used)) if used else ""
        self._html(html_table(caption, header, rows, numeric_columns=range(1, len(header) - 1)
                              if two else range(1, len(header)))
                   + (f'<p class="trygghet-legend">{legend}</p>' if legend else ""))
        self._md(
            markdown_inline(f"{self.group.short_name} är Koladas kommungrupp", emphasis=False)
            + f" *{markdown_inline(self.group.name, emphasis=False)}* " + markdown_inline(
                f"({self.group.id}). Gruppens medelvärde är ovägt och räknas bara för år då alla "
                f"{len(self.group.members)} kommuner har ett värde. Bedömningen följer samma "
                f"regel som för {self.home.name}. Källa: Kolada. Medelvärde, förändring och "
                f"bedömning: {text.OWN_PROCESSING}.", emphasis=False)
        )

    # -- about the indicator -----------------------------------------------------------

    def _about(self) -> None:
        meta = self.meta
        self._md("#### Om indikatorn")
        lines = [f"**Definition.** {markdown_inline(meta.definition)}"]
        if meta.source:
            lines.append(markdown_inline(
                f"{meta.source.citation} Ursprunglig källa: {meta.source.original}. Förändringar, "
                f"medelvärden och bedömningar på sidan: {text.OWN_PROCESSING}.", emphasis=False))
        own = self.indicator.own_sources(self.year)
        if own:
            lines.append(markdown_inline(
                f"Källa: {'; '.join(own)}. Förändringar och bedömningar på sidan: "
                "egen bearbetning.", emphasis=False))
        if meta.publication:
            lines.append(f"**Publiceras.** {markdown_inline(meta.publication + '.')}")
        threshold = text.format_number(trend.threshold_of(self.indicator), 0)
        lines.append(f"**Gräns för tydlig förändring.** {threshold}{text.NBSP}% av utgångsvärdet.")
        body = "\n\n".join(lines)
        if meta.caveats:
            body += "\n\nAtt tänka på:\n" + "\n".join(f"- {markdown_inline(c)}" for c in meta.caveats)
        if not self.indicator.values.empty:
            path = downloads.write_indicator_csv(self.indicator, self.year, self.download_dir)
            body += (f"\n\n{{download}}`Ladda ner uppgifterna för indikatorn (CSV) "
                     f"<{path.as_posix()}>`")
        self._md(body)


def expected_source(meta) -> str:
    """Where an indicator's missing values will come from, as a sentence ("" if unknown)."""
    if meta.missing:
        return markdown_inline(meta.missing.planned_source)
    if meta.source:
        when = f" ({markdown_inline(meta.publication.lower())})" if meta.publication else ""
        return (f"Värdena kommer från {markdown_inline(meta.source.name)} och visas här när "
                f"de har publicerats{when}.")
    return ""


# -- text alternatives and tables ------------------------------------------------------


def alt_text(lines: list[charts.Line], what: str, unit: str, decimals: int,
             development: trend.Development | None = None, area_name: str | None = None) -> str:
    """The chart's text alternative, generated from its data: what it shows, the
    latest values and, for the main chart, the change since the baseline."""
    first = min(line.years[0] for line in lines)
    last = max(line.years[-1] for line in lines)
    names = text.join_swedish([line.label for line in lines])
    latest = text.join_swedish(
        [f"{line.label} {text.format_value(line.values[-1], unit, decimals)} ({line.years[-1]})"
         for line in lines]
    )
    alt = (f"Linjediagram över {what[0].lower()}{what[1:]} {first}–{last} för {names}. "
           f"Senaste värden: {latest}.")
    if development is not None and area_name:
        if development.change is not None:
            alt += (f" Förändring för {area_name} från {development.baseline[0]} till "
                    f"{development.latest[0]}: "
                    f"{text.format_change(development.change, unit, decimals)}"
                    + (f" ({text.format_percent_change(development.change_percent)} av "
                       f"utgångsvärdet)"
                       if development.change_percent is not None else "")
                    + f", {development.label.lower()}.")
        else:
            alt += f" Utvecklingen sedan utgångsåret: {development.label.lower()}."
    return alt


def value_table_details(lines: list[charts.Line], what: str, unit: str, decimals: int,
                        extra_years: set[int] | frozenset[int] = frozenset(),
                        headers: list[str] | None = None) -> str:
    """The chart's figures as a table, in a disclosure widget right below it.
    ``extra_years`` (years with a suppressed value) get a row of ".." too;
    ``headers`` replace the lines' labels as column headers."""
    years = sorted({y for line in lines for y in line.years} | set(extra_years))
    by_line = [dict(zip(line.years, line.values, strict=True)) for line in lines]
    rows = [[str(y), *(text.format_number(v.get(y), decimals) for v in by_line)] for y in years]
    used = any(text.NOT_AVAILABLE in row for row in rows)
    headers = headers or [line.label for line in lines]
    table = html_table(f"{what} ({unit}) per år", ["År", *headers], rows,
                       numeric_columns=range(1, len(lines) + 1))
    legend = (f'<p class="trygghet-legend">{text.symbol_legend([text.NOT_AVAILABLE])}</p>'
              if used else "")
    return (f'<details class="trygghet-data"><summary>Tabell med uppgifterna i diagrammet: '
            f"{escape(what)}</summary>{table}{legend}</details>")


__all__ = ["IndicatorSection", "alt_text", "expected_source", "value_table_details"]
