"""The built chapter "<kommun> bland Sveriges kommuner", one per edition (issue 9)."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from trygghet.data.editions import edition_years
from trygghet.data.settings import load_settings

SITE = ROOT / "_build" / "html"
YEARS = edition_years(ROOT / "data")
HOME = load_settings(ROOT / "data").municipality.name

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="run `make book` first (make test does)"
)


def page(year: int) -> BeautifulSoup:
    return BeautifulSoup((SITE / "editions" / str(year) / "kommunjamforelse.html")
                         .read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("year", YEARS)
def test_every_edition_has_the_chapter_with_charts_alt_text_and_tables(year):
    soup = page(year)
    main = soup.find("main")
    assert main.find("h1").get_text(" ", strip=True).startswith(f"{HOME} bland Sveriges kommuner")
    images = main.find_all("img")
    assert len(images) >= 5
    for img in images:
        assert img["alt"].startswith("Punktdiagram") and HOME in img["alt"]
        assert "kommuner" in img["alt"] and "plats" in img["alt"]
        assert (SITE / "editions" / str(year) / unquote(img["src"])).resolve().exists()
    tables = main.find_all("table", class_="trygghet-table")
    assert len(tables) >= len(images) + 1  # one per chart and the summary
    for table in tables:
        assert table.find("caption") and table.find("th", scope="col")
    text = " ".join(main.get_text(" ").split())
    assert re.search(rf"hade {HOME} plats \d+ av \d+ kommuner med ett värde", text)
    assert "Uppgift saknas" in text


@pytest.mark.parametrize("year", YEARS)
def test_the_chapter_is_in_the_editions_navigation_with_the_municipalitys_name(year):
    soup = BeautifulSoup((SITE / "editions" / str(year) / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.find_all("a", href=True)}
    assert f"{HOME} bland Sveriges kommuner" in links


def test_code_is_folded_not_removed():
    soup = page(max(YEARS))
    folded = soup.select(".tag_hide-input details")
    assert folded, "the analysis code is behind a 'Visa koden' toggle"
    code = " ".join(d.get_text(" ") for d in folded)
    assert "positions" in code and "load_national_values" in code


def test_method_page_explains_the_ranking_and_links_to_the_chapter():
    soup = BeautifulSoup((SITE / "chapters" / "om-data-och-metod.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = " ".join(soup.find("main").get_text(" ").split())
    assert "Placering bland Sveriges kommuner" in text and "plats 120 av 290" in text
    assert any("kommunjamforelse.html" in a["href"] for a in soup.find_all("a", href=True))


def test_code_toggle_speaks_swedish():
    html = (SITE / "editions" / str(max(YEARS)) / "kommunjamforelse.html").read_text(
        encoding="utf-8")
    assert "Visa koden" in html and "Show code cell" not in html
    assert "Toggle hidden content" not in html  # the toggle's name is its visible text
