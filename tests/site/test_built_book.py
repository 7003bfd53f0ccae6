"""The built web book (_build/html, made by `make book`), read as a reader would get it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from trygghet.data.editions import edition_years
from trygghet.data.plan import load_plan
from trygghet.present.chapter import SECTIONS

SITE = ROOT / "_build" / "html"
PLAN = load_plan(ROOT / "data")
YEARS = edition_years(ROOT / "data")
PAGES = sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts)

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="run `make book` first (make test does)"
)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def main_text(page: BeautifulSoup) -> str:
    return " ".join(page.find("main").get_text(" ").split())


def test_every_ended_plan_year_is_an_edition_with_its_pages():
    """Whatever years have reports: a plan year that is over is an edition of the book."""
    from trygghet.data.clock import today
    from trygghet.data.plan import load_plans

    ended = {y for y in load_plans(ROOT / "data").years if y < today().year}
    assert ended <= set(YEARS)
    for year in YEARS:
        assert (SITE / "editions" / str(year) / "index.html").exists(), year


@pytest.mark.parametrize("year", YEARS)
def test_every_edition_has_an_overview_and_six_chapters(year):
    folder = SITE / "editions" / str(year)
    assert (folder / "index.html").exists()
    for fa in PLAN.focus_areas:
        assert (folder / f"fokusomrade-{fa.id}.html").exists()


def test_start_page_opens_the_latest_edition():
    page = soup(SITE / "index.html")
    latest = max(YEARS)
    assert f"Uppföljning {latest}" in main_text(page)
    hrefs = {a["href"] for a in page.find("main").find_all("a", href=True)}
    for fa in PLAN.focus_areas:
        assert f"editions/{latest}/fokusomrade-{fa.id}.html" in hrefs
    for year in YEARS:
        assert f"editions/{year}/index.html" in hrefs


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("fa", PLAN.focus_areas, ids=lambda fa: f"fa{fa.id}")
def test_chapter_shows_plan_text_goals_indicators_and_activities(year, fa):
    page = soup(SITE / "editions" / str(year) / f"fokusomrade-{fa.id}.html")
    text = main_text(page)
    assert f"Uppföljning {year}" in text
    assert fa.title in text
    first_paragraph = " ".join(fa.intro.split("\n\n")[0].split())
    assert first_paragraph in text
    for goal in fa.goals:
        assert goal.text in text
    for indicator in fa.indicators:
        assert indicator.name in text
    for activity in fa.activities:
        assert activity.text in text
        assert PLAN.committee_name(activity.lead) in text
        for co in activity.co_responsible:
            assert PLAN.committee_name(co) in text
    if year == max(YEARS):  # no reports yet; the reported years: tests/site/test_status_pages.py
        assert text.count("Ej rapporterad") >= len(fa.activities)


def test_chapter_charts_are_inline_with_alt_text_and_a_caption():
    """The chapter's charts are the notebook's own outputs: inline, so the executed
    notebook a researcher downloads shows them too."""
    main = soup(SITE / "editions" / "2024" / "fokusomrade-1.html").find("main")
    images = main.select("figure img")
    assert images
    for img in images:
        assert img["src"].startswith("data:image/svg+xml;base64,")
        assert len(img.get("alt", "")) > 40
        assert img.find_parent("figure").find("figcaption").get_text(strip=True)


def test_indicators_with_data_show_a_chart_with_alt_text_and_a_table():
    folder = SITE / "editions" / "2024" / "indikatorer"
    page = soup(folder / "anmalda-valdsbrott.html")
    images = page.find("main").find_all("img")
    assert images, "violent crime has reported data"
    for img in images:
        assert len(img.get("alt", "")) > 40
        assert (folder / unquote(img["src"])).resolve().exists()
    alt = images[0]["alt"]
    assert "Västerås" in alt and "Riket" in alt
    text = main_text(page)
    assert "Anmälda våldsbrott i Västerås var 915 per 100 000 invånare år 2022." in text
    assert "Uppgift för 2024 finns ännu inte" in text
    table = page.find("table", class_="trygghet-table")
    assert table.find("caption") and table.find("th", scope="col")


def test_missing_indicators_say_uppgift_saknas_and_where_it_will_come_from():
    fa = PLAN.focus_area(6)
    chapter = soup(SITE / "editions" / "2024" / "fokusomrade-6.html").find("main")
    missing = [li for li in chapter.find_all("li") if "Uppgift saknas" in li.get_text()]
    assert len(missing) == 3  # the chapter's summary list, one line per missing indicator
    for indicator in fa.indicators:
        text = main_text(soup(SITE / "editions" / "2024" / "indikatorer" / f"{indicator.id}.html"))
        assert "Uppgift saknas för Västerås till och med 2024" in text
        assert "Varifrån värdet ska komma:" in text


def test_chapter_code_is_folded_behind_a_swedish_toggle_and_parameters_are_not_injected():
    """A researcher can unfold every step from CSV to chart; readers see the results."""
    page = soup(SITE / "editions" / "2024" / "fokusomrade-1.html")
    main = page.find("main")
    code = [c.get_text() for c in main.select("div.cell_input")]
    steps = "\n".join(code)
    for step in ("project.values(focus_area", "development_table(", "chart_data(",
                 "draw_charts(", "chapter.indicators(development, figures)", "plt.subplots("):
        assert step in steps, step
    method = main.find("section", id="sa-raknas-det-fram")
    assert "körd med parametrarna fokusområde 1 och år 2024" in " ".join(method.get_text().split())
    for cell in main.select("div.cell_input"):
        toggle = cell.find_parent("details")
        assert toggle is not None and "open" not in toggle.attrs, "code is folded"
        summary = toggle.find("summary")
        assert "Visa koden" in summary.get_text() and not summary.get("aria-label")
    assert "injected-parameters" not in str(main) and "Parameters" not in steps
    for page_path in SITE.joinpath("editions").rglob("*.html"):
        assert "Toggle hidden content" not in page_path.read_text(encoding="utf-8"), page_path


def test_chapter_opens_with_its_summary_and_explains_the_computing_further_down():
    """The reader meets the chapter's own summary and an in-page menu first, then the
    goals' assessment, the indicators, the activities and the plan's text; the first
    folded code is at the charts, and "Så räknas det fram" comes last but the downloads."""
    main = soup(SITE / "editions" / "2024" / "fokusomrade-1.html").find("article")
    sections = [s.get("id") for s in main.select("section > section")
                if s.find_parent("section").find_parent("section") is None]
    assert sections == ["i-korthet", *(anchor for _, anchor in SECTIONS)]
    menu = [a["href"] for a in main.select("nav.trygghet-page-menu a")]
    assert menu == [f"#{anchor}" for _, anchor in SECTIONS]
    assert all(main.find("section", id=href[1:]) for href in menu)
    first_code = main.select_one("div.cell_input")
    assert first_code.find_parent("section").get("id") == "indikatorerna-ar-for-ar"
    opening = []
    for piece in main.find("h1").find_all_next(string=True):
        if piece.find_parent("h2"):
            break
        opening.append(piece)
    opening_text = " ".join(" ".join(opening).split())
    assert "Uppföljning 2024 av" in opening_text
    assert "notebook" not in opening_text and "Visa koden" not in opening_text
    summary = " ".join(main.find("section", id="i-korthet").get_text().split())
    for goal in PLAN.focus_area(1).goals:
        assert goal.id in summary
    for indicator in PLAN.focus_area(1).indicators:
        assert indicator.name in summary


def test_chapter_offers_its_executed_notebook_and_data_for_download():
    page = soup(SITE / "editions" / "2023" / "fokusomrade-1.html")
    links = [a["href"] for a in page.find_all("a", href=True) if "_downloads" in a["href"]]
    names = {Path(unquote(h)).name for h in links}
    assert {"fokusomrade-1.ipynb", "valdeltagande.csv", "sysselsattningsgrad.csv"} <= names
    for href in links:
        assert (SITE / "editions" / "2023" / unquote(href)).resolve().exists()


def test_interface_is_swedish():
    for page_path in PAGES:
        page = soup(page_path)
        assert page.find("html").get("lang") == "sv", page_path
    html = (SITE / "index.html").read_text(encoding="utf-8")
    assert "Sök" in html and "Innehåll" in html


EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


@pytest.mark.parametrize("page_path", PAGES, ids=lambda p: str(p.relative_to(SITE)))
def test_page_loads_nothing_from_other_hosts(page_path):
    page = soup(page_path)
    loaded = [t.get("src") for t in page.find_all(["script", "img", "iframe", "audio", "video",
                                                    "source", "embed"])]
    loaded += [t.get("href") for t in page.find_all("link")]
    loaded += [t.get("data") for t in page.find_all("object")]
    external = [u for u in loaded if u and EXTERNAL.match(u) and urlparse(u).hostname]
    assert external == []
    for style in page.find_all("style"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", style.get_text())


def test_start_page_offers_the_latest_data_package():
    page = soup(SITE / "index.html")
    zips = [a["href"] for a in page.find_all("a", href=True) if a["href"].endswith(".zip")]
    assert [Path(unquote(h)).name for h in zips] == [f"indikatorer-{max(YEARS)}.zip"]
    assert (SITE / unquote(zips[0])).exists()


@pytest.mark.parametrize("year", YEARS)
def test_overview_shows_the_whole_plan_at_a_glance(year):
    page = soup(SITE / "editions" / str(year) / "index.html")
    tables = {t.find("caption").get_text(" ", strip=True): t
              for t in page.find_all("table", class_="trygghet-table")}

    def total(prefix: str) -> int:
        table = next(t for c, t in tables.items() if c.startswith(prefix))
        return sum(int(row.find_all("td")[-1].get_text()) for row in table.tbody.find_all("tr"))

    assert total(f"Indikatorernas utveckling {year}") == len(PLAN.indicators)
    text = main_text(page)
    for label in ("Positiv utveckling", "Ingen tydlig förändring", "Negativ utveckling",
                  "Uppgift saknas"):
        assert label in text
    if year == max(YEARS):  # no reports yet: said in words, not as a table of zeros
        assert not any(c.startswith("Aktiviteternas status") for c in tables)
        assert f"Nämnderna har inte rapporterat för {year} ännu" in text
    else:
        assert total(f"Aktiviteternas status {year}") == len(PLAN.activities)
        assert "Genomförd" in text
    for fa in PLAN.focus_areas:
        assert f"{fa.id}. {fa.title}" in text


def test_every_page_of_an_edition_without_a_snapshot_says_it_is_a_draft():
    """Issue 23: a preview is never taken for the record. The repository's data have no
    snapshot (data/editions/), so every page of every edition says so under its heading,
    and the book's own pages (the plan, the method) do not."""
    for path in sorted((SITE / "editions").rglob("*.html")):
        page = soup(path)
        heading = page.find("h1")
        if heading is None:  # redirect stubs and the like
            continue
        note = page.select_one(".trygghet-draft")
        assert note is not None, path.relative_to(SITE)
        assert note.get_text(" ", strip=True).startswith("Utkast – inte fastställd."), path
    assert soup(SITE / "index.html").select_one(".trygghet-draft") is not None
    assert soup(SITE / "chapters" / "om-data-och-metod.html").select_one(".trygghet-draft") is None
