"""Indicators for readers: a compact summary per indicator, one page per indicator and
edition, and a page per edition listing all indicators with their data status.

The pages are plain MyST Markdown written by the build into a folder of their own
(``editions/<år>/indikatorer/``), with their charts and downloads: no notebook, no
kernel. Drawing the charts is the expensive part, so the build runs
:func:`write_edition_pages` once per edition into its cache, keyed on the inputs.

The pages and their parts come from templates (``templates/indicator*.md.j2``,
``indicator-status-table.html.j2``): text from data files (indicator names, focus-area
titles, planned sources) is HTML-escaped in HTML and literal text in Markdown (every
ASCII punctuation character escaped, see :mod:`trygghet.present.templating`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML
from markupsafe import Markup

from trygghet.analysis import trend
from trygghet.data.editions import chapter_doc, indicator_doc
from trygghet.data.indicators import Indicator
from trygghet.data.plan import FocusArea, Plan, PlanIndicator
from trygghet.data.project import BASICS, Project
from trygghet.data.settings import Settings
from trygghet.present import text
from trygghet.present.indicator_page import IndicatorSection
from trygghet.present.templating import plain, render

FIGURE_DIR = Path("figures")
DOWNLOAD_DIR = Path("downloads")
CHART_SPAN = 12  # how many years back a chart reaches from the edition year
INDEX_TITLE = "Alla indikatorer"
SECTION_TITLE = "Indikatorer"

#: Text from data for a Markdown inline position: literal, one line (the one helper for
#: this, :func:`trygghet.present.templating.plain`; the name is kept for callers).
md_text = plain


# -- one indicator in brief ------------------------------------------------------------

KOLADA = "kolada"
OWN = "egen"
MISSING = "saknas"


@dataclass(frozen=True)
class IndicatorSummary:
    """What a reader needs to know about an indicator at a glance, for one edition."""

    planned: PlanIndicator
    focus_area: FocusArea
    indicator: Indicator
    development: trend.Development
    latest: tuple[int, float] | None
    year: int

    @property
    def id(self) -> str:
        return self.planned.id

    @property
    def name(self) -> str:
        return self.planned.name

    @property
    def source_kind(self) -> str:
        """Where the figures come from: Kolada, the organisation's own sources, or nowhere yet."""
        if not self.indicator.has_data:
            return MISSING
        source = self.indicator.meta.source
        return KOLADA if source and source.name == "Kolada" else OWN

    @property
    def planned_source(self) -> str:
        """Where a missing value will come from: the metadata's planned source, else the
        indicator's own source."""
        meta = self.indicator.meta
        if meta.missing:
            return meta.missing.planned_source
        if meta.source:
            return f"Värdet hämtas från {meta.source.name} när det har publicerats."
        return ""

    @property
    def latest_text(self) -> str:
        """``"914 per 100 000 invånare (2022)"``, or "Uppgift saknas". When the figure
        measures the opposite of the indicator's name, it says what it measures:
        ``"34,4 % otrygga sen kväll i bostadsområdet (2022)"``."""
        if self.latest is None:
            return text.MISSING
        meta = self.indicator.meta
        shown = text.format_value(self.latest[1], meta.unit, meta.decimals_at(self.latest[0]))
        shown = text.measured_value(shown, meta.value_needs_its_measure, meta.shown_as)
        return f"{shown} ({self.latest[0]})"

    @property
    def development_text(self) -> str:
        """Symbol and text, e.g. ``"+ Positiv utveckling"``."""
        return f"{self.development.symbol}{text.NBSP}{self.development.label}"

    @property
    def doc(self) -> str:
        return indicator_doc(self.year, self.id)


def summaries(project: Project, year: int,
              focus_area: FocusArea | None = None) -> list[IndicatorSummary]:
    """The summaries of every indicator in the plan (or in one focus area), in plan order,
    from the project's indicators as loaded (nothing is read again)."""
    home = project.settings.municipality.code
    result = []
    for fa in project.plan.focus_areas if focus_area is None else [focus_area]:
        for planned in fa.indicators:
            indicator = project.indicators[planned.id]
            result.append(IndicatorSummary(
                planned, fa, indicator, trend.development(indicator, home, year),
                indicator.latest(home, year), year))
    return result


def summary_markdown(items: list[IndicatorSummary]) -> Markup:
    """A short list: each indicator's name linking to its page, latest value with its
    year, and development as symbol + text. Links are absolute document paths, so the
    list works on the start page too."""
    return render("indicator-summaries.md.j2", items=items, missing=text.MISSING)


def latest_years_sentence(items: list[IndicatorSummary], year: int) -> str:
    """Says plainly how current the figures are, naming every year a latest value is from
    and for how many indicators: ``"De senaste värdena är från 2022 för 24 indikatorer och
    från 2024 för 1 indikator."``"""
    years = Counter(s.latest[0] for s in items if s.latest)
    if not years:
        return f"Inga indikatorer har något värde till och med {year}."
    if len(years) == 1:
        (only, count), = years.items()
        sentence = (f"Det senaste värdet är från {only} för "
                    f"{'den enda indikatorn' if count == 1 else f'alla {count} indikatorer'} "
                    f"med värden.")
    else:
        parts = [f"från {y} för {n} {'indikator' if n == 1 else 'indikatorer'}"
                 for y, n in sorted(years.items())]
        sentence = f"De senaste värdena är {text.join_swedish(parts)}."
    last = max(years)
    if last < year:
        sentence += f" Inga nya värden sedan {last}."
    return sentence


# -- the "Alla indikatorer" page ---------------------------------------------------------

def _source_text(s: IndicatorSummary, organisation: str) -> str:
    if s.source_kind == KOLADA:
        return "Från Kolada"
    if s.source_kind == OWN:
        return f"Från {text.genitive(organisation)} egna källor"
    return f"{text.MISSING}. {s.planned_source}".strip()


def status_table_html(items: list[IndicatorSummary], organisation: str, caption: str) -> Markup:
    """All indicators in one table (one line of HTML). Each cell carries its column name
    (``data-label``), so the CSS can show rows as cards on a narrow screen."""
    header = ["Indikator", "Fokusområde", "Senaste värde (år)", "Utveckling", "Uppgifterna"]
    rows = [{"id": s.id, "name": s.name, "focus_area": s.focus_area, "latest": s.latest_text,
             "development": s.development, "development_key": trend.KEYS[s.development.label],
             "source_kind": s.source_kind, "source": _source_text(s, organisation)}
            for s in items]
    return render("indicator-status-table.html.j2", caption=caption, header=header, rows=rows)


def raw_html(html: str) -> Markup:
    """HTML made by this package as a MyST raw block on one line, so no line can close the
    block early: line breaks (e.g. from data texts, escaped but still multi-line) become
    spaces."""
    one_line = " ".join(html.splitlines())
    if not one_line.startswith("<"):
        raise ValueError("raw HTML must start with a tag")
    return render("raw-html.md.j2", html=Markup(one_line)).rstrip("\n")


def index_markdown(plan: Plan, settings: Settings, items: list[IndicatorSummary],
                   year: int) -> str:
    home = settings.municipality.name
    counts = {kind: sum(s.source_kind == kind for s in items) for kind in (KOLADA, OWN, MISSING)}
    organisation = plan.document.organisation
    parts = [f"{counts[KOLADA]} indikatorer har värden från Kolada"]
    if counts[OWN]:
        parts.append(f"{counts[OWN]} från {text.genitive(organisation)} egna källor")
    if counts[MISSING]:
        parts.append(f"för {counts[MISSING]} saknas uppgift än så länge")
    table = status_table_html(items, organisation, f"Planens indikatorer, uppföljning {year}")
    return render("indicators-index.md.j2", title=INDEX_TITLE, year=year, count=len(items),
                  home=home, sources=text.join_swedish(parts),
                  latest_years=latest_years_sentence(items, year), table=raw_html(table),
                  legend=", ".join(f"{trend.SYMBOLS[label]} {label.lower()}"
                                   for label in trend.LABELS))


# -- one indicator's page -------------------------------------------------------------------

def page_title(name: str, year: int) -> str:
    return f"{name} – uppföljning {year}"


def _to_markdown(output) -> Markup:
    """A section's output (made by our templates) as a block of the page's Markdown."""
    return raw_html(output.data) if isinstance(output, HTML) else Markup(output.data).rstrip("\n")


def indicator_markdown(plan: Plan, settings: Settings, s: IndicatorSummary, out_dir: Path) -> str:
    """The indicator's page; its charts and CSV are written under ``out_dir``."""
    year = s.year
    period = plan.document.period
    section = IndicatorSection(s.indicator, settings, year, (period.start, period.end),
                               figure_dir=FIGURE_DIR, download_dir=DOWNLOAD_DIR,
                               chart_span=CHART_SPAN, out_dir=out_dir, heading="##")
    outputs = section.outputs()
    if not s.indicator.has_data:
        outputs = outputs[1:]  # its "Uppgift saknas" line is said above, with the planned source
    return render(
        "indicator-page.md.j2",
        title=page_title(text.heading_with_unit(s.name, s.indicator.meta.unit), year),
        focus_area=s.focus_area, chapter=f"/{chapter_doc(year, s.focus_area.id)}.ipynb",
        wanted="öka" if s.planned.direction == "öka" else "minska", year=year,
        latest=s.latest_text if s.latest else text.MISSING,
        development=s.development_text, missing=text.MISSING,
        home=settings.municipality.name,
        planned_source=None if s.indicator.has_data else s.planned_source,
        outputs=[_to_markdown(o) for o in outputs], index_title=INDEX_TITLE)


#: What the indicator pages read (see trygghet.data.project): no report or assessment.
READS = BASICS


def write_edition_pages(project: Project, out_dir: Path) -> None:
    """Write edition ``project.year``'s indicator pages into ``out_dir``: ``index.md`` (all
    indicators), ``<id>.md`` per indicator, ``figures/`` and ``downloads/``."""
    plan, settings, year = project.plan, project.settings, project.year
    items = summaries(project, year)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "index.md").write_text(index_markdown(plan, settings, items, year),
                                      encoding="utf-8")
    for s in items:
        (out_dir / f"{s.id}.md").write_text(indicator_markdown(plan, settings, s, out_dir),
                                            encoding="utf-8")


def toc_entry(plan: Plan, year: int) -> dict:
    """The edition's indicator pages as one _toc.yml section."""
    return {
        "file": indicator_doc(year),
        "title": INDEX_TITLE,
        "sections": [{"file": indicator_doc(year, i.id), "title": i.name}
                     for i in plan.indicators],
    }


__all__ = ["READS", "IndicatorSummary", "index_markdown", "indicator_markdown", "md_text", "summaries",
           "summary_markdown", "toc_entry", "write_edition_pages"]
