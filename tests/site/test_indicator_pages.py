"""Indicator pages, 'Alla indikatorer', the start page's summary and the editions'
navigation, in the built book (_build/html, made by `make book`)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import ROOT
from tests.site.test_built_book import PAGES, PLAN, SITE, YEARS, main_text, soup
from trygghet.analysis.trend import LABELS
from trygghet.data.indicators import load_meta
from trygghet.present.text import heading_with_unit

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="run `make book` first (make test does)"
)
WITH_DATA = {"anmalda-valdsbrott", "valdeltagande"}


def target(page: Path, href: str) -> Path:
    return (page.parent / unquote(href.split("#")[0])).resolve()


@pytest.mark.parametrize("year", YEARS)
def test_every_indicator_has_a_page_in_every_edition(year):
    for indicator in PLAN.indicators:
        page = soup(SITE / "editions" / str(year) / "indikatorer" / f"{indicator.id}.html")
        title = page.find("title").get_text()
        # The title names the edition and the unit the figures are in.
        unit = load_meta(ROOT / "data", indicator.id).unit
        assert title.startswith(f"{heading_with_unit(indicator.name, unit)} – uppföljning {year}")
        text = main_text(page)
        if indicator.id in WITH_DATA:
            images = page.find("main").find_all("img")
            assert images and all(len(img.get("alt", "")) > 40 for img in images)
            assert page.find("main").find("table", class_="trygghet-table")
            assert page.find("a", href=re.compile(r"^https://www\.kolada\.se/"))
            assert page.find("a", href=re.compile(r"\.csv$"))
        elif "Uppgift saknas för " in text:  # the value is missing (not e.g. a survey window)
            assert "Varifrån värdet ska komma" in text or "hämtas från" in text


@pytest.mark.parametrize("year", YEARS)
def test_all_indicators_lists_every_indicator_with_development_and_data_status(year):
    path = SITE / "editions" / str(year) / "indikatorer" / "index.html"
    table = soup(path).find("table", class_="indicator-status")
    rows = table.tbody.find_all("tr")
    assert [r.th.get_text(strip=True) for r in rows] == [i.name for i in PLAN.indicators]
    for row in rows:
        assert target(path, row.th.a["href"]).exists()
        development = row.find("td", class_="development").get_text(" ", strip=True)
        assert any(development.endswith(label) for label in LABELS)
        status = row.find_all("td")[-1].get_text()
        assert status.startswith(("Från Kolada", "Från", "Uppgift saknas"))


def test_start_page_names_every_indicator_with_its_development():
    page = soup(SITE / "index.html")
    text = main_text(page)
    links = {a.get_text(" ", strip=True): a["href"] for a in page.find("main").find_all("a")}
    for indicator in PLAN.indicators:
        assert links[indicator.name].endswith(f"editions/{max(YEARS)}/indikatorer/"
                                              f"{indicator.id}.html")
    assert text.count("utveckling") + text.count("förändring") >= 9  # one per indicator with data
    assert "Inga nya värden sedan 2022" in text
    assert "till varje indikators senaste värde" in text
    assert "Det senaste värdet är från 2022 för alla" in text  # every latest year is named
    assert "senaste värde till och med 2024" not in text
    assert f"Nämnderna har inte rapporterat för {max(YEARS)} ännu" in text
    assert "tabellerna med aktiviteter ovan" not in text


def test_previous_and_next_never_leave_the_edition():
    for path in PAGES:
        rel = path.relative_to(SITE).parts
        if rel[0] != "editions":
            continue
        edition = SITE / "editions" / rel[1]
        for a in soup(path).select("a.left-prev, a.right-next"):
            assert edition in target(path, a["href"]).parents, (path, a["href"])


def test_edition_pages_name_their_year_and_link_to_the_other_years():
    newest = max(YEARS)
    for year in YEARS:
        path = SITE / "editions" / str(year) / "fokusomrade-1.html"
        page = soup(path)
        assert str(year) in page.find("title").get_text() and str(year) in page.h1.get_text()
        others = page.find("nav", class_="trygghet-other-editions")
        assert [a.get_text() for a in others.find_all("a")] == [str(y) for y in YEARS if y != year]
        newer = page.find(class_="trygghet-newer-edition")
        if year < newest:
            assert target(path, newer.a["href"]) == \
                (SITE / "editions" / str(newest) / "fokusomrade-1.html").resolve()
        else:
            assert newer is None
