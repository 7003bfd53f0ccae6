"""Every statement true (issue 22, part 1): the words next to a figure say what the figure
is. Each rule is checked on what the generating functions give for every indicator of the
project in every edition, not on one example; the last tests read the built site when
there is one.

The rules: a threshold is stated in the unit it is applied in; a value next to the name
of an indicator that measures the opposite says what it measures; a headline names the
series whose value it states; an averaged baseline is never headed as one year; no
movement is concluded across a change of method (for the municipality, a group mean or a
national position); a value is shown at the precision the source publishes and a change
at the finer of its two values'; the indicators that are not ranked are listed under
their true reason; tick labels are distinct and mark years with data; the latest values'
years are all named."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, reader_text
from tests.helpers import SITE, needs_built_site, page_content
from trygghet.analysis import trend
from trygghet.analysis.development import GROUP_MEAN, MUNICIPALITY, development_table
from trygghet.analysis.national import movements, positions
from trygghet.data.indicators import Indicator, IndicatorMeta, Pooling, SeriesBreak
from trygghet.data.national import load_national_values, national_indicators
from trygghet.data.project import Project
from trygghet.present import book, charts, text
from trygghet.present.indicator_page import IndicatorSection, alt_text, change_decimals
from trygghet.present.indicator_pages import (
    latest_years_sentence,
    status_table_html,
    summaries,
    summary_markdown,
)
from trygghet.present.national_page import indicator_name, movement_sentence

NBSP = text.NBSP


@cache
def project(year: int | None = None) -> Project:
    return Project.load(ROOT / "data", year)


EDITIONS = project().edition_years()
#: The rules are the same code in every edition; the whole pages (slow to make) are read
#: for the latest here, and for every edition in the built site (the last tests).
PAGE_EDITIONS = [max(EDITIONS)]


@pytest.fixture(scope="module", autouse=True)
def _out_dir(tmp_path_factory):
    """Where the sections write their downloads (never into the project)."""
    OUT.append(tmp_path_factory.mktemp("sections"))


OUT: list[Path] = []


@cache
def sections(year: int) -> dict[str, tuple[IndicatorSection, str]]:
    """Every indicator's section of edition ``year`` with its text (charts not drawn: their
    specs and text alternatives are checked on their own)."""
    p = project(year)
    development = development_table(p.indicators_of(), p.settings, year)
    found = {}
    for indicator in p.indicators_of():
        s = IndicatorSection(indicator, p.settings, year,
                             (p.plan.document.period.start, p.plan.document.period.end),
                             development_rows=development, figures={},
                             out_dir=OUT[-1] / str(year))
        found[indicator.meta.id] = (s, reader_text("\n".join(o.data for o in s.outputs())))
    return found


def _tables(page: str) -> list[BeautifulSoup]:
    return BeautifulSoup(page, "html.parser").find_all("table")


# -- thresholds ---------------------------------------------------------------------------

@pytest.mark.parametrize("year", PAGE_EDITIONS)
def test_every_threshold_is_stated_in_the_unit_it_is_applied_in(year):
    for ident, (s, page) in sections(year).items():
        stated = re.search(r"Gräns för tydlig förändring\.\*\* ([^\n]+)", page)
        assert stated, ident
        if s.meta.kind == "andel":
            assert stated.group(1).endswith(" procentenheter."), (ident, stated.group(1))
            assert "av utgångsvärdet räknas" not in page, ident
        else:
            assert stated.group(1).endswith(f"{NBSP}% av utgångsvärdet."), (ident, stated.group(1))
            assert not re.search(r"\d procentenheter räknas", page), ident


# -- opposite measures --------------------------------------------------------------------

@pytest.mark.parametrize("year", EDITIONS)
def test_a_value_next_to_an_opposite_measures_name_says_what_it_measures(year):
    items = summaries(project(year), year)
    listing = str(summary_markdown(items))
    table = BeautifulSoup(str(status_table_html(items, "Staden", "Tabell")), "html.parser")
    opposite = [s for s in items if s.indicator.meta.measures_opposite and s.latest]
    assert opposite  # the project has such indicators: the rule is exercised
    assert all(s.indicator.meta.value_needs_its_measure for s in opposite)
    for s in items:
        if not s.latest:
            continue
        shown_as = s.indicator.meta.shown_as
        what = f"{shown_as[0].lower()}{shown_as[1:]}"
        line = next(ln for ln in listing.splitlines() if f"/{s.doc}.md" in ln)
        row = next(tr for tr in table.find_all("tr") if s.name in tr.get_text())
        if s.indicator.meta.value_needs_its_measure:
            assert what in s.latest_text and what in line and what in row.get_text(), s.id
        else:
            assert what not in s.latest_text, s.id


def test_the_national_ranking_names_what_an_opposite_figure_measures():
    indicators = national_indicators(project())
    for ind in indicators.itertuples():
        name = indicator_name(ind)
        if ind.measures_opposite or ind.value_needs_its_measure:
            assert ind.value_needs_its_measure
            assert name.startswith(ind.name) and ind.shown_as[1:] in name, ind.id
        else:
            assert name == ind.name


# -- headlines ----------------------------------------------------------------------------

@pytest.mark.parametrize("year", PAGE_EDITIONS)
def test_a_headline_names_the_series_whose_value_it_states(year):
    for ident, (s, page) in sections(year).items():
        main = s.meta.main_series
        if main is None or not s.indicator.has_data or "Uppgift saknas" in page[:200]:
            continue
        first = page.splitlines()[0]
        assert first.startswith(f"{s.meta.headline} i "), (ident, first)
        if main.measure:  # the indicator's measure names several series: never the headline
            assert not re.search(re.escape(s.meta.measure) + r"(?![,\w])", page), ident


def test_an_indicator_whose_measure_names_several_kolada_measures_has_a_main_measure():
    """An indicator whose series are different Kolada measures (not parts of one, like
    voting districts) heads its main series' values with that series' own measure."""
    for indicator in project().indicators_of():
        meta = indicator.meta
        kpis = {s.kolada_kpi for s in meta.series if s.kolada_kpi}
        named_in_measure = [s for s in meta.series if s.label.lower() in meta.measure.lower()
                            or " och " in meta.measure]
        if len(kpis) > 1 and len(named_in_measure) > 1:
            assert meta.main_series.measure, meta.id


# -- averaged baselines -------------------------------------------------------------------

@pytest.mark.parametrize("year", PAGE_EDITIONS)
def test_an_averaged_baseline_is_never_headed_as_one_year(year):
    checked = 0
    for ident, (s, page) in sections(year).items():
        dev = s.development()
        if dev.baseline_span is None or dev.baseline is None:
            continue
        first, last = dev.baseline_span
        for table in _tables(page):
            caption = table.find("caption").get_text()
            if "från" not in caption:  # not a comparison table
                continue
            checked += 1
            header = [th.get_text() for th in table.find("thead").find_all("th")]
            assert header[1] == f"Medel {first}–{last}", (ident, header)
            assert f"från medel {first}–{last} till" in caption, (ident, caption)
        lines = [line for line in (s._series(s.home.code),) if not line.empty]
        named = [charts.Line(s.home.name, lines[0]["year"].astype(int).tolist(),
                             lines[0]["value"].astype(float).tolist())]
        alt = alt_text(named, s.meta.headline, s.meta.unit, s.meta.decimals_at, dev, s.home.name)
        if dev.change is not None:
            assert f"från medel {first}–{last} till" in alt, (ident, alt)
            assert f"från {last} till" not in alt, (ident, alt)
    if year == max(EDITIONS):
        assert checked  # the project has averaged baselines: the rule is exercised


# -- changes of method ----------------------------------------------------------------------

def _with_break(meta: IndicatorMeta, year: int, areas: list[str]) -> IndicatorMeta:
    return meta.model_copy(update={"breaks": [SeriesBreak(year=year, description="Ny metod.",
                                                          areas=areas)]})


def test_no_group_mean_is_judged_across_a_members_change_of_method():
    """Give every indicator with values a change of method concerning one group member
    (not the municipality): the group mean is never judged across it."""
    year = max(EDITIONS)
    p = project(year)
    member = p.settings.comparison_group.members[0]
    base = p.plan.document.period.baseline_year
    broken = [Indicator(_with_break(i.meta, base + 1, [member]), i.values, i.baseline_year,
                        i.population) for i in p.indicators_of() if i.has_data]
    table = development_table(broken, p.settings, year)
    group = table[(table["area_role"] == GROUP_MEAN) & table["latest_year"].notna()
                  & table["baseline_value_year"].notna()]
    crossing = group[group["latest_year"] >= base + 1]
    assert not crossing.empty
    assert set(crossing["label"]) == {trend.NOT_COMPARABLE}
    home = table[(table["area_role"] == MUNICIPALITY) & (table["label"] == trend.NOT_COMPARABLE)]
    assert home.empty  # the municipality's own method did not change


def test_no_national_movement_is_concluded_across_a_change_of_method():
    """Every ranked indicator gets a change of method between the baseline and the latest
    year, for some other municipality: no movement is stated, for any of them."""
    p = project()
    year = max(EDITIONS)
    base = p.plan.document.period.baseline_year
    indicators = national_indicators(p)
    values = load_national_values(p, until_year=year)
    ranks = positions(values, indicators)
    indicators = indicators.assign(breaks=[[SeriesBreak(year=base + 1, description="Ny.",
                                                        areas=["0114"])]] * len(indicators))
    moves = movements(ranks, indicators, p.settings.municipality.code, base, year)
    compared = moves[moves["latest_rank"].notna() & moves["baseline_rank"].notna()]
    assert not compared.empty
    for _, move in compared.iterrows():
        assert pd.isna(move["percentile_change"])
        sentence = movement_sentence(p.settings.municipality.name, move, "minska")
        assert "blivit" not in sentence and "densamma" not in sentence, sentence
        assert "metod" in sentence


def test_the_projects_own_changes_of_method_stop_its_national_movements():
    p = project()
    year = max(EDITIONS)
    indicators = national_indicators(p)
    ranks = positions(load_national_values(p, until_year=year), indicators)
    moves = movements(ranks, indicators, p.settings.municipality.code,
                      p.plan.document.period.baseline_year, year).set_index("indicator")
    for ind in indicators.itertuples():
        move = moves.loc[ind.id]
        if pd.isna(move["baseline_year"]) or pd.isna(move["latest_year"]):
            continue
        if any(move["baseline_year"] < b.year <= move["latest_year"] for b in ind.breaks):
            assert pd.isna(move["percentile_change"]) and "metod" in move["reason"], ind.id


# -- precision ------------------------------------------------------------------------------

def _number_cells(row) -> list[str]:
    return [td.get_text() for td in row.find_all("td")]


@pytest.mark.parametrize("year", PAGE_EDITIONS)
def test_values_at_their_published_precision_and_changes_as_the_text_says(year):
    for ident, (s, page) in sections(year).items():
        meta = s.meta
        dev = s.development()
        for table in _tables(page):
            caption = table.find("caption").get_text()
            if "från" not in caption or dev.baseline is None or dev.latest is None:
                continue
            years = [dev.baseline[0], dev.latest[0]]
            for tr in table.find("tbody").find_all("tr"):
                cells = _number_cells(tr)
                for cell, y in zip(cells[:2], years, strict=True):
                    value = cell.split(" (")[0]
                    if value != text.NOT_AVAILABLE and dev.baseline_span is None:
                        shown_year = int(cell.split(" (")[1][:4]) if " (" in cell else y
                        assert ("," in value) == (meta.decimals_at(shown_year) > 0), \
                            (ident, cell)
            home = table.find("tbody").find("tr")
            change = _number_cells(home)[2]
            if dev.change is not None and dev.reason is None and dev.change != 0:
                places = change_decimals(meta, dev.baseline[0], dev.latest[0])
                magnitude = text.format_number(abs(dev.change), places)
                assert change.lstrip("+\u2212") == magnitude, (ident, change)
                assert f"med {magnitude}" in page, (ident, magnitude)


# -- the national comparison's indicators without a ranking ---------------------------------

def test_every_indicator_with_kolada_values_is_ranked():
    """The project holds every municipality's values for each indicator whose main series
    is in Kolada (data/kommuner/ is made by import-kolada for all of them)."""
    indicators = national_indicators(project())
    in_kolada = indicators[indicators["kolada_kpi"].notna()]
    assert in_kolada["has_national_data"].all(), list(
        in_kolada.loc[~in_kolada["has_national_data"], "id"])


def test_unranked_indicators_are_listed_under_their_true_reason(monkeypatch):
    from trygghet.present import national_page

    shown = []
    monkeypatch.setattr(national_page, "display", lambda md: shown.append(md.data))
    indicators = national_indicators(project()).copy()
    indicators.loc[indicators["id"] == indicators.loc[indicators["kolada_kpi"].notna(), "id"]
                   .iloc[0], "has_national_data"] = False
    page = national_page.NationalPage(project())
    page.without_national_data(indicators)
    out = reader_text(shown[0])
    no_source, _, not_fetched = out.partition("har Kolada uppgifter")
    for ind in indicators[~indicators["has_national_data"]].itertuples():
        where = not_fetched if pd.notna(ind.kolada_kpi) else no_source
        assert f"- {ind.name}" in where, ind.id
    assert "finns inga uppgifter för alla kommuner" not in out


# -- names in running text and headings -----------------------------------------------------

def test_names_joined_in_a_sentence_stay_apart():
    p = project()
    for sentence in (book.without_open_source_sentence(p),
                     book.page_words(p)["measures_opposite_sentence"],
                     book.page_words(p)["measured_some_years_sentence"]):
        for planned in p.plan.indicators:
            if planned.name in sentence or planned.name.lower() in sentence.lower():
                assert f"\u201d{planned.name}\u201d" in text_of(sentence), (planned.name, sentence)


def text_of(markdown: str) -> str:
    return reader_text(markdown)


def test_no_share_is_headed_with_a_rate():
    for planned in project().plan.indicators:
        meta = project().indicators[planned.id].meta
        heading = text.heading_with_unit(planned.name, meta.unit)
        if planned.name.lower().startswith("andel") and meta.kind != "andel":
            assert f"({meta.unit.removeprefix('antal ')})" not in heading, heading
            assert "mäts som" in heading, heading


@pytest.mark.parametrize("year", PAGE_EDITIONS)
def test_a_group_mean_of_rates_is_not_said_to_follow_the_municipalitys_rule(year):
    for ident, (s, page) in sections(year).items():
        if "kommungrupp" not in page:
            continue
        same_rule = "Bedömningen följer samma regel som för" in page
        assert same_rule == (s.meta.kind != "takt"), ident


# -- latest values' years -------------------------------------------------------------------

@pytest.mark.parametrize("year", EDITIONS)
def test_every_year_a_latest_value_is_from_is_named(year):
    items = summaries(project(year), year)
    sentence = latest_years_sentence(items, year)
    years = {s.latest[0] for s in items if s.latest}
    for y in years:
        assert str(y) in sentence, sentence
    if len(years) > 1:
        assert "Det senaste värdet är från" not in sentence


def test_latest_years_with_one_indicator_ahead():
    items = summaries(project(), max(EDITIONS))
    ahead = [items[0].__class__(s.planned, s.focus_area, s.indicator, s.development,
                                (s.latest[0] + 2, s.latest[1]) if i == 0 else s.latest, s.year)
             for i, s in enumerate(items) if s.latest]
    sentence = latest_years_sentence(ahead, max(EDITIONS) + 2)
    first, rest = ahead[0].latest[0], {s.latest[0] for s in ahead[1:]}
    assert f"från {first} för 1 indikator" in sentence
    assert all(str(y) in sentence for y in rest)


# -- chart axes -------------------------------------------------------------------------------

def _ticks(fig) -> tuple[list[str], list[float], list[str]]:
    fig.canvas.draw()
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    ys = [t.get_text() for t, v in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)
          if low <= v <= high]
    return ys, list(ax.get_xticks()), [t.get_text() for t in ax.get_xticklabels()]


def test_every_chart_has_distinct_value_labels_and_labels_only_years_with_data():
    year = max(EDITIONS)
    for s, _ in sections(year).values():
        for spec in s.chart_specs():
            fig = charts.line_figure(spec.lines, unit_label=s.meta.unit,
                                     decimals=s.meta.decimals, plan_period=s.plan_period,
                                     baseline_year=s.baseline_year)
            ys, xs, x_labels = _ticks(fig)
            plt.close(fig)
            data_years = sorted({y for line in spec.lines for y in line.years})
            assert len(set(ys)) == len(ys), (spec.name, ys)
            assert set(xs) <= set(data_years), (spec.name, xs, data_years)
            assert x_labels == [str(round(x)) for x in xs]
            if len(data_years) <= charts.MOST_YEAR_TICKS:
                assert [round(x) for x in xs] == data_years, spec.name
            assert round(xs[-1]) == data_years[-1], spec.name


@pytest.mark.parametrize("values", [[6.2, 7.4, 6.8, 7.9], [0.11, 0.12, 0.115, 0.13],
                                    [14979, 15020, 14990, 15010]])
def test_value_labels_are_distinct_whatever_the_range(values):
    fig = charts.line_figure([charts.Line("A", [2014, 2018, 2022, 2023], values)],
                             unit_label="procent", decimals=1)
    ys, xs, _ = _ticks(fig)
    plt.close(fig)
    assert len(set(ys)) == len(ys), ys
    assert [round(x) for x in xs] == [2014, 2018, 2022, 2023]


# -- the built site -----------------------------------------------------------------------------

def _indicator_pages() -> list[Path]:
    return sorted(p for p in SITE.glob("editions/*/indikatorer/*.html") if p.name != "index.html")


@needs_built_site
def test_built_indicator_pages_state_thresholds_in_their_unit_and_averages_as_averages():
    pages = _indicator_pages()
    assert pages
    for path in pages:
        content = page_content(str(path.relative_to(SITE)))
        title = content.find("h1").get_text()
        words = content.get_text(" ")
        threshold = re.search(r"Gräns för tydlig förändring\.\s*([^.]+)", words)
        if threshold:
            in_points = "procentenheter" in threshold.group(1)
            assert in_points == ("(procent)" in title), (path, threshold.group(1))
        for table in content.find_all("table"):
            caption = table.find("caption").get_text()
            if "från medel" in caption:
                assert table.find("thead").find_all("th")[1].get_text().startswith("Medel"), path


@needs_built_site
def test_no_built_page_says_what_issue_22_found_untrue():
    untrue = [re.compile(p) for p in (
        r"procent\)[^<]*</h1>[\s\S]*Gräns för tydlig förändring\.</strong>\s*\d+\s*%",
        r"Förtroende för rättsväsendet och för polisen i \w+ var",
        r"finns inga uppgifter för alla kommuner",
        r"tillit bland barn och unga som är nöjda",
        r"Andel [^<(]*\(per 100",
        r"till det senaste värdet \(\d{4}\)",
    )]
    for path in SITE.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for pattern in untrue:
            assert not pattern.search(html), (path, pattern.pattern)



# -- ambiguous directions (issue 22, part 2: "Direction") -----------------------------------

def test_a_change_that_cannot_be_read_as_better_or_worse_is_said_as_what_happened():
    """Mark every indicator's direction as ambiguous: no verdict says better or worse, each
    clear change says which way the figure went, and the text says why."""
    p = project()
    year = max(EDITIONS)
    home = p.settings.municipality
    seen = set()
    for indicator in p.indicators_of():
        plain_dev = trend.development(indicator, home.code, year)
        meta = indicator.meta.model_copy(update={"ambiguous_direction": "Skälet."})
        marked = Indicator(meta, indicator.values, indicator.baseline_year, indicator.population)
        dev = trend.development(marked, home.code, year)
        assert dev.label not in (trend.POSITIVE, trend.NEGATIVE), meta.id
        if plain_dev.label in (trend.POSITIVE, trend.NEGATIVE):
            expected = trend.INCREASE if dev.change > 0 else trend.DECREASE
            assert dev.label == expected, meta.id
            seen.add(dev.label)
            sentences = text.development_sentences(dev, home.name, meta.unit, meta.decimals)
            assert "kan inte ensam läsas som bättre eller sämre: Skälet." in sentences
            assert "åt det håll planen vill" not in text.context_sentence(
                home.name, dev, [("i riket", trend.development(marked, "0000", year))],
                meta.unit, meta.decimals)
        else:
            assert dev.label == plain_dev.label, meta.id
    assert seen  # some change was clear: the rule is exercised


def test_the_projects_ambiguous_indicators_never_get_a_better_or_worse_verdict():
    p = project()
    table = development_table(
        [i for i in p.indicators_of() if i.meta.ambiguous_direction], p.settings, max(EDITIONS))
    assert not table.empty
    assert not set(table["label"]) & {trend.POSITIVE, trend.NEGATIVE}


# -- the national comparison of an ambiguous direction (issue 22, part 2: "Direction") -------

def _national_page_text(monkeypatch, tmp_path, mark_all: bool) -> tuple[dict[str, str], dict]:
    """The national page's summary and every indicator's section of the latest edition,
    as reader text per indicator (the summary under ""), with every indicator's direction
    marked ambiguous when ``mark_all``; the charts' arrows by indicator (not drawn)."""
    from trygghet.analysis.national import distribution, group_means
    from trygghet.data.national import load_area_values
    from trygghet.present import national_page

    shown: list[str] = []
    arrows = {}
    monkeypatch.setattr(national_page, "display", lambda md: shown.append(md.data))

    def chart(values, path, **kwargs):
        arrows[path.name] = kwargs["lower_is_better"]
        return path

    monkeypatch.setattr(national_page.charts, "national_chart", chart)
    p = project()
    year = max(EDITIONS)
    page = national_page.NationalPage(p)
    page.figure_dir = tmp_path
    indicators = national_indicators(p)
    if mark_all:
        indicators = indicators.assign(ambiguous_direction="Skälet.")
    values = load_national_values(p, until_year=year)
    ranks = positions(values, indicators)
    moves = movements(ranks, indicators, p.settings.municipality.code,
                      p.plan.document.period.baseline_year, year)
    nation = load_area_values(p, p.settings.national.code, until_year=year)
    means = group_means(values, p.settings.comparison_group.members)
    spread = distribution(values)
    texts = {}
    page.summary(indicators, moves)
    texts[""] = reader_text("\n".join(shown))
    for ind in indicators[indicators["has_national_data"]].itertuples():
        shown.clear()
        page.indicators(indicators[indicators["id"] == ind.id], ranks, moves, nation, means,
                        spread)
        texts[ind.id] = reader_text("\n".join(shown))
    return texts, arrows


#: Better or worse, said of a place or a value (the sentence giving the reason why not excepted).
_BETTER_OR_WORSE = re.compile(r"bättre|sämre|bäst", re.IGNORECASE)
_WHY_NOT = "kan inte ensamt läsas som bättre eller sämre"
_NOT_SURELY = "är inte säkert bäst"


def test_no_national_place_of_an_ambiguous_direction_is_called_better_or_worse(
        monkeypatch, tmp_path):
    """Mark every ranked indicator's direction as ambiguous: no section says better, worse
    or best of a place or a value; each says higher or lower and why, its chart has no
    arrow, and the summary says what its shares compare."""
    texts, arrows = _national_page_text(monkeypatch, tmp_path, mark_all=True)
    summary = texts.pop("")
    assert texts
    for ind_id, words in texts.items():
        left = words.replace(_WHY_NOT, "")
        assert not _BETTER_OR_WORSE.search(left), (ind_id, _BETTER_OR_WORSE.search(left))
        assert _WHY_NOT + ": Skälet." in words, ind_id
        assert re.search(r"(lägre|högre) än i \d+", words), ind_id
    assert arrows and set(arrows.values()) == {None}
    # the table, with each cell's label on a phone (data-label): the order, not better or worse
    table = BeautifulSoup(summary, "html.parser").find("table")
    cells = [c.get_text() for c in table.find_all(["th", "td"])]
    cells += [c["data-label"] for c in table.find_all(attrs={"data-label": True})]
    said = [c for c in cells if _BETTER_OR_WORSE.search(c.replace(_NOT_SURELY, ""))]
    assert said == [], said
    assert all(_NOT_SURELY in c.get_text() for c in table.select('td[data-label="Plats 1"]'))


def test_the_projects_ambiguous_indicators_are_ranked_without_better_or_worse(
        monkeypatch, tmp_path):
    """The project's own marks: its ambiguous indicators' sections never say better or
    worse, and the others still do (the rule changes only what it should)."""
    texts, arrows = _national_page_text(monkeypatch, tmp_path, mark_all=False)
    texts.pop("")
    indicators = national_indicators(project()).set_index("id")
    ambiguous = [i for i in texts if pd.notna(indicators.loc[i, "ambiguous_direction"])]
    assert ambiguous
    for ind_id, words in texts.items():
        if ind_id in ambiguous:
            assert not _BETTER_OR_WORSE.search(words.replace(_WHY_NOT, "")), ind_id
            assert _WHY_NOT in words, ind_id
        else:
            assert _WHY_NOT not in words and _BETTER_OR_WORSE.search(words), ind_id
    assert {name for name, arrow in arrows.items() if arrow is None} == {
        n for n in arrows if any(f"-{i}-" in n for i in ambiguous)}


# -- survey and cohort shares: never clear without an interval (issue 22, part 2) ------------

_CLEAR = {trend.POSITIVE, trend.NEGATIVE, trend.INCREASE, trend.DECREASE}
_CHANCE_RULES = {"kohort": "andel-kohort-okand", "urval": "urval-utan-urvalsstorlek"}


@pytest.mark.parametrize("year", EDITIONS)
def test_no_survey_or_cohort_share_is_called_clear_in_any_edition(year):
    """Every development of the project's survey and cohort indicators, in every edition,
    for every area and sex: never a clear verdict, and the rule says why."""
    p = project(year)
    chance = [i for i in p.indicators_of() if i.meta.sampling != "register"]
    assert {i.meta.sampling for i in chance} == {"kohort", "urval"}
    table = development_table(chance, p.settings, year)
    by_id = {i.meta.id: i.meta.sampling for i in chance}
    judged = table[table["rule"].notna()]
    assert not judged.empty
    assert not set(table["label"]) & _CLEAR
    assert all(rule == _CHANCE_RULES[by_id[ind]]
               for ind, rule in zip(judged["indicator"], judged["rule"], strict=True))


@pytest.mark.parametrize("sampling", ["kohort", "urval"])
def test_every_share_judged_as_a_survey_or_cohort_is_never_clear(sampling):
    """Every share indicator of the project judged as if it were a survey or a cohort:
    a change that would be clear is uncertain, the rest stay as they were."""
    p = project()
    year = max(EDITIONS)
    shares = [i for i in p.indicators_of() if i.meta.kind == "andel" and i.has_data]
    changed = set()
    for indicator in shares:
        plain = trend.development(indicator, p.settings.municipality.code, year)
        meta = indicator.meta.model_copy(update={"sampling": sampling,
                                                 "ambiguous_direction": None})
        as_chance = Indicator(meta, indicator.values, indicator.baseline_year,
                              indicator.population)
        for area in (p.settings.municipality.code, p.settings.national.code,
                     *p.settings.comparison_group.members):
            before = trend.development(indicator, area, year)
            after = trend.development(as_chance, area, year)
            assert after.label not in _CLEAR, (meta.id, area)
            if before.label in (trend.POSITIVE, trend.NEGATIVE):
                assert after.label == trend.UNCERTAIN and after.method_note, (meta.id, area)
                changed.add(meta.id)
            elif before.label not in (trend.INCREASE, trend.DECREASE):
                assert after.label == before.label, (meta.id, area)
        del plain
    assert changed  # some change was clear: the rule is exercised


@pytest.mark.parametrize("year", PAGE_EDITIONS)
def test_every_survey_and_cohort_page_says_why_no_change_is_clear(year):
    """Under Om indikatorn: every survey and cohort indicator says why chance cannot be
    judged, every survey how many survey years a value pools (or Uppgift saknas), and
    a register indicator says neither."""
    for ind_id, (s, words) in sections(year).items():
        about = words.split("Om indikatorn", 1)[-1]
        if s.meta.sampling == "register":
            assert "Slumpens inverkan." not in about and "Undersökningsår i" not in about
            continue
        assert "Slumpens inverkan." in about, ind_id
        assert "kallas en förändring aldrig tydlig här" in about, ind_id
        pooled = re.search(r"Undersökningsår i varje värde\.\**\s*([^\n]+)", about)
        assert (pooled is not None) == (s.meta.sampling == "urval"), ind_id
        if pooled and not s.meta.pooling:
            assert pooled.group(1).startswith(text.MISSING), ind_id
        if pooled and s.meta.pooling:
            for entry in s.meta.pooling:
                assert text.NUMBER_WORDS[entry.years] in pooled.group(1), ind_id
                assert (entry.where or "") in pooled.group(1), ind_id


@pytest.mark.parametrize("years", [1, 2, 4])
def test_every_survey_verdict_says_which_survey_years_its_values_cover(years):
    """Every indicator with a judged development, in every edition, treated as a survey
    that pools ``years`` years: the sentence beside the verdict names exactly the survey
    years of the baseline and the latest value, says when the latest reaches back before
    the plan, and how many years the two share."""
    home = project().settings.municipality
    checked = 0
    for year in EDITIONS:
        for indicator in project(year).indicators_of():
            meta = indicator.meta.model_copy(update={
                "sampling": "urval", "pooling": [Pooling(years=years)]})
            d = trend.development(indicator, home.code, year)
            sentence = text.pooling_sentence(meta, home.code, home.name, d)
            if d.baseline is None or d.latest is None or d.reason:
                assert sentence == "", meta.id
                continue
            checked += 1
            if years == 1:
                assert sentence == f"Värdena för {home.name} gäller ett undersökningsår vardera."
                continue
            first = d.baseline_span[0] if d.baseline_span else d.baseline[0]
            base = f"{first - years + 1}–{d.baseline[0]}"
            latest = f"{d.latest[0] - years + 1}–{d.latest[0]}"
            assert f"undersökningsåren {base} och det senaste värdet {latest}." in sentence
            reaches_back = d.latest[0] - years + 1 <= d.baseline_year
            assert ("före planperioden" in sentence) == reaches_back, (meta.id, sentence)
            shared = d.baseline[0] - (d.latest[0] - years + 1) + 1
            assert ("gemensamma" in sentence) == (shared > 0), (meta.id, sentence)
            if shared > 0:
                assert f"har {text.NUMBER_WORDS[shared]} undersökningsår gemensamma" in sentence
    assert checked


@pytest.mark.parametrize("year", PAGE_EDITIONS)
def test_the_projects_survey_verdicts_name_their_survey_years(year):
    """On the page, beside each judged survey verdict: the years its values cover for the
    municipality, or Uppgift saknas where the source does not say."""
    home = project(year).settings.municipality
    for ind_id, (s, words) in sections(year).items():
        if s.meta.sampling != "urval":
            continue
        d = s.development()
        expected = text.pooling_sentence(s.meta, home.code, home.name, d)
        if d.reason or d.baseline is None or d.latest is None:
            assert expected == "", ind_id
            continue
        assert expected and reader_text(expected) in words, ind_id
        pooling = s.meta.pooling_for(home.code)
        assert (text.MISSING in expected) == (pooling is None), ind_id


def test_a_group_with_other_survey_windows_says_so_under_the_comparison():
    """For every survey indicator: the note under the comparison table names exactly the
    group members whose values pool another number of years than the municipality's."""
    p = project()
    home = p.settings.municipality
    members = [(c, c) for c in p.settings.comparison_group.members if c != home.code]
    surveys = [i.meta for i in p.indicators_of() if i.meta.sampling == "urval"]
    assert surveys
    for meta in surveys:
        sentence = text.pooling_comparison_sentence(meta, (home.code, home.name), members)
        mine = meta.pooling_for(home.code)
        other = [c for c, _ in members if mine and meta.pooling_for(c)
                 and meta.pooling_for(c).years != mine.years]
        assert bool(sentence) == bool(other), meta.id
        assert all(c in sentence for c in other), meta.id
        # the municipality in another county than the others: every member is named
        moved = text.pooling_comparison_sentence(meta, ("0180", "Stockholm"),
                                                 [("1980", "Västerås")])
        if len({e.years for e in meta.pooling}) > 1:
            assert "Västerås" in moved and "Stockholm" in moved, meta.id


@needs_built_site
def test_built_survey_and_cohort_pages_never_call_a_change_clear_and_say_why():
    from trygghet.data.indicators import load_meta

    pages = _indicator_pages()
    assert pages
    seen = set()
    for path in pages:
        meta = load_meta(ROOT / "data", path.stem)
        if meta.sampling == "register":
            continue
        seen.add(meta.sampling)
        words = page_content(str(path.relative_to(SITE))).get_text(" ")
        for clear in _CLEAR:
            assert f"{trend.SYMBOLS[clear]}\u00a0{clear}" not in words, (path, clear)
        assert "Slumpens inverkan." in words, path
        assert ("Undersökningsår i varje värde." in words) == (meta.sampling == "urval"), path
    assert seen == {"kohort", "urval"}


@needs_built_site
def test_built_national_pages_never_call_an_ambiguous_place_better_or_worse():
    """Every edition's national comparison: each ambiguous indicator's section says
    higher or lower and why, never better or worse; the summary's cells neither."""
    indicators = national_indicators(project())
    ambiguous = {indicator_name(i) for i in indicators.itertuples()
                 if pd.notna(i.ambiguous_direction) and i.has_national_data}
    assert ambiguous
    pages = sorted(SITE.glob("editions/*/kommunjamforelse.html"))
    assert pages
    for path in pages:
        content = page_content(str(path.relative_to(SITE)))
        # each indicator's part: from its heading (h3, in the notebook's output) to the next
        part = content.find(id="indikator-for-indikator")
        for heading in part.find_all("h3"):
            heading.insert(0, "\x00")
        words_of = {}
        for piece in part.get_text(" ").split("\x00")[1:]:
            name = next(n for n in (h.get_text().strip("\x00#¶ ").strip()
                                    for h in part.find_all("h3")) if piece.strip().startswith(n))
            words_of[name] = piece
        assert ambiguous <= set(words_of), path
        for name in ambiguous:
            words = words_of[name].replace(_WHY_NOT, "")
            assert not _BETTER_OR_WORSE.search(words), (path, name)
            assert "högre" in words or "lägre" in words, (path, name)
        for row in content.find_all("tr"):
            if row.find("th") and row.find("th").get_text().strip() in ambiguous:
                cells = " ".join(c.get_text() for c in row.find_all("td"))
                assert not _BETTER_OR_WORSE.search(cells.replace(_NOT_SURELY, "")), (path, cells)


@pytest.mark.parametrize("year", EDITIONS)
def test_every_development_row_carries_its_survey_window(year):
    """utveckling.csv's pooled_years, on every row of every edition: a municipality's own
    window for a survey whose source gives it, Riket's and the group mean's only when one
    window holds everywhere, and nothing for register data or an unknown window."""
    p = project(year)
    table = development_table(p.indicators_of(), p.settings, year)
    metas = {i.meta.id: i.meta for i in p.indicators_of()}
    seen = set()
    for row in table.itertuples():
        meta = metas[row.indicator]
        found = None if pd.isna(row.pooled_years) else int(row.pooled_years)
        if meta.sampling != "urval" or not meta.pooling:
            assert found is None, (row.indicator, row.area_code)
        elif row.area_role in (MUNICIPALITY, "gruppkommun"):
            assert found == meta.pooling_for(row.area_code).years, (row.indicator, row.area_code)
            seen.add(found)
        else:
            uniform = len(meta.pooling) == 1 and not meta.pooling[0].counties
            assert found == (meta.pooling[0].years if uniform else None), row.indicator
    assert seen == {1, 2, 4}


def test_every_survey_and_cohort_ranking_says_a_moved_place_can_be_chance(monkeypatch, tmp_path):
    texts, _ = _national_page_text(monkeypatch, tmp_path, mark_all=False)
    texts.pop("")
    indicators = national_indicators(project()).set_index("id")
    kinds = set()
    for ind_id, words in texts.items():
        sampling = indicators.loc[ind_id, "sampling"]
        assert ("ändrad placering kan bero på slumpen" in words) == (sampling != "register"), \
            ind_id
        kinds.add(sampling)
        pooling = indicators.loc[ind_id, "pooling"]
        if sampling == "urval" and len({p.years for p in pooling}) > 1:
            assert "inte heller på lika många undersökningsår" in words, ind_id
        if sampling == "urval" and not pooling:
            assert f"bygger på: {text.MISSING}" in words, ind_id
    assert kinds == {"register", "kohort", "urval"}
