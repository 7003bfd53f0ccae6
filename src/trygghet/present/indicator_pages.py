"""Indicators for readers: a compact summary per indicator, one page per indicator and
edition, and a page per edition listing all indicators with their data status.

The pages are plain MyST Markdown written by the build into a folder of their own
(``editions/<år>/indikatorer/``), with their charts and downloads: no notebook, no
kernel. Drawing the charts is the expensive part, so the build runs
:func:`write_edition_pages` once per edition into its cache, keyed on the inputs.

Text from data files (indicator names, focus-area titles, planned sources) goes into
HTML only through :func:`html.escape`, and into Markdown only through :func:`md_text`,
which makes every ASCII punctuation character a literal character."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from IPython.display import HTML

from trygghet.analysis import trend
from trygghet.data.editions import chapter_doc, indicator_doc
from trygghet.data.indicators import Indicator
from trygghet.data.plan import FocusArea, Plan, PlanIndicator
from trygghet.data.project import Project
from trygghet.data.settings import Settings
from trygghet.data.untrusted import markdown_inline
from trygghet.present import text
from trygghet.present.indicator_page import IndicatorSection

FIGURE_DIR = Path("figures")
DOWNLOAD_DIR = Path("downloads")
CHART_SPAN = 12  # how many years back a chart reaches from the edition year
INDEX_TITLE = "Alla indikatorer"
SECTION_TITLE = "Indikatorer"



def md_text(value: str) -> str:
    """Text from data for a Markdown inline position: literal, one line (see untrusted)."""
    return markdown_inline(value, emphasis=False)


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
        """``"914 per 100 000 invånare (2022)"``, or "Uppgift saknas"."""
        if self.latest is None:
            return text.MISSING
        meta = self.indicator.meta
        shown = text.format_value(self.latest[1], meta.unit, meta.decimals_at(self.latest[0]))
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


def summary_markdown(items: list[IndicatorSummary]) -> str:
    """A short list: each indicator's name linking to its page, latest value with its
    year, and development as symbol + text. Links are absolute document paths, so the
    list works on the start page too."""
    lines = []
    for s in items:
        value = s.latest_text if s.latest else f"**{text.MISSING}**"
        development = ("" if s.latest is None
                       else f" · {md_text(s.development.symbol)}{text.NBSP}{s.development.label}")
        lines.append(f"- [{md_text(s.name)}](/{s.doc}.md): {value}{development}")
    return "\n".join(lines)


def latest_years_sentence(items: list[IndicatorSummary], year: int) -> str:
    """Says plainly how current the figures are: ``"De senaste värdena är från 2022; inga
    nya värden sedan dess."``"""
    years = sorted({s.latest[0] for s in items if s.latest})
    if not years:
        return f"Inga indikatorer har något värde till och med {year}."
    last = years[-1]
    if last < year:
        return (f"Inga nya värden sedan {last}: det senaste värdet för någon indikator är från "
                f"{last}.")
    return f"Det senaste värdet är från {last}."


# -- the "Alla indikatorer" page ---------------------------------------------------------

def _source_text(s: IndicatorSummary, organisation: str) -> str:
    if s.source_kind == KOLADA:
        return "Från Kolada"
    if s.source_kind == OWN:
        return f"Från {text.genitive(organisation)} egna källor"
    return f"{text.MISSING}. {s.planned_source}".strip()


def status_table_html(items: list[IndicatorSummary], organisation: str, caption: str) -> str:
    """All indicators in one table (one line of HTML). Each cell carries its column name
    (``data-label``), so the CSS can show rows as cards on a narrow screen."""
    header = ["Indikator", "Fokusområde", "Senaste värde (år)", "Utveckling", "Uppgifterna"]
    head = "".join(f'<th scope="col">{h}</th>' for h in header)
    rows = []
    for s in items:
        cells = [
            f'<td data-label="{header[1]}">{s.focus_area.id}. {escape(s.focus_area.title)}</td>',
            f'<td data-label="{header[2]}">{escape(s.latest_text)}</td>',
            (f'<td data-label="{header[3]}" class="development {trend.KEYS[s.development.label]}">'
            f'<span class="development-symbol" aria-hidden="true">'
            f"{escape(s.development.symbol)}</span> {escape(s.development.label)}</td>"),
            (f'<td data-label="{header[4]}" class="source-{s.source_kind}">'
            f"{escape(_source_text(s, organisation))}</td>"),
        ]
        rows.append(f'<tr><th scope="row"><a href="{s.id}.html">{escape(s.name)}</a></th>'
                    + "".join(cells) + "</tr>")
    return (f'<div class="table-wrapper indicator-status-wrapper" role="region" '
            f'aria-label="{escape(caption)}" tabindex="0"><table class="trygghet-table '
            f'indicator-status"><caption><span class="caption-inner">{escape(caption)}</span>'
            f'</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def raw_html(html: str) -> str:
    """HTML as a MyST raw block on one line, so no line can close the block early: line
    breaks (e.g. from data texts, escaped but still multi-line) become spaces."""
    one_line = " ".join(html.splitlines())
    if not one_line.startswith("<"):
        raise ValueError("raw HTML must start with a tag")
    return f"````{{raw}} html\n{one_line}\n````"


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
    intro = (
        f"# {INDEX_TITLE} – uppföljning {year}\n\n"
        f"Planens {len(items)} indikatorer i uppföljning {year}: senaste värde för {md_text(home)} "
        f"till och med {year}, utvecklingen sedan utgångsåret och varifrån uppgifterna kommer. "
        f"{md_text(text.join_swedish(parts))}. "
        f"{latest_years_sentence(items, year)} Välj en indikator för diagram, tabeller, "
        "jämförelser och källor. Hur utvecklingen bedöms står i "
        "[Om data och metod](/chapters/om-data-och-metod.md)."
    )
    table = status_table_html(items, organisation,
                              f"Planens indikatorer, uppföljning {year}")
    legend = md_text("Utveckling: + positiv utveckling, ≈ ingen tydlig förändring, − negativ "
                     "utveckling, ? går inte att bedöma, .. uppgift saknas. Positiv betyder i "
                     "den riktning planen vill.")
    return f"{intro}\n\n{raw_html(table)}\n\n{legend}\n"


# -- one indicator's page -------------------------------------------------------------------

def page_title(name: str, year: int) -> str:
    return f"{name} – uppföljning {year}"


def _to_markdown(output) -> str:
    return raw_html(output.data) if isinstance(output, HTML) else output.data


def indicator_markdown(plan: Plan, settings: Settings, s: IndicatorSummary, out_dir: Path) -> str:
    """The indicator's page; its charts and CSV are written under ``out_dir``."""
    fa, year = s.focus_area, s.year
    wanted = "öka" if s.planned.direction == "öka" else "minska"
    blocks = [
        f"# {md_text(page_title(text.heading_with_unit(s.name, s.indicator.meta.unit), year))}",
        (f"Indikator i [fokusområde {fa.id}: {md_text(fa.title)}](/{chapter_doc(year, fa.id)}.ipynb). "
        f"Planen vill att värdet ska {wanted}. "
        f"Senaste värde till och med {year}: {s.latest_text if s.latest else text.MISSING}. "
        f"Utveckling sedan utgångsåret: {md_text(s.development.symbol)}{text.NBSP}"
        f"{s.development.label}."),
    ]
    if not s.indicator.has_data:
        blocks.append(f"**{text.MISSING}** för {md_text(settings.municipality.name)} till och "
                      f"med {year}. Varifrån värdet ska komma: {md_text(s.planned_source)}")
    period = plan.document.period
    section = IndicatorSection(s.indicator, settings, year, (period.start, period.end),
                               figure_dir=FIGURE_DIR, download_dir=DOWNLOAD_DIR,
                               chart_span=CHART_SPAN, out_dir=out_dir, heading="##")
    outputs = section.outputs()
    if not s.indicator.has_data:
        outputs = outputs[1:]  # its "Uppgift saknas" line is said above, with the planned source
    blocks += [_to_markdown(o) for o in outputs]
    blocks.append(f"[{INDEX_TITLE} i uppföljning {year}](index.md)")
    return "\n\n".join(blocks) + "\n"


def write_edition_pages(project: Project | str | Path, year: int, out_dir: Path) -> None:
    """Write the edition's indicator pages into ``out_dir``: ``index.md`` (all
    indicators), ``<id>.md`` per indicator, ``figures/`` and ``downloads/``. ``project``
    is a :class:`~trygghet.data.project.Project` or its data directory."""
    project = Project.of(project)
    plan, settings = project.plan, project.settings
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


__all__ = ["IndicatorSummary", "index_markdown", "indicator_markdown", "md_text", "summaries",
           "summary_markdown", "toc_entry", "write_edition_pages"]
