"""The built book answers "how is it going?" in plain words (issue 24): the start page,
each edition's front page and each focus-area chapter open with sentences whose every
number is on the page below them; each edition has a Lättläst page with LIX ≤ 30, linked
from its front page and in its menu; the start page's "Nästa" does not lead to a copy of
itself. The same checks run on the other plan's book (tests/site/test_other_plan.py)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from tests.helpers import SITE, needs_built_site
from trygghet.data.editions import edition_years
from trygghet.data.plan import load_plans
from trygghet.present.lattlast import LIX_AIM, lix

pytestmark = needs_built_site
OPENINGS = ("Sedan utgångsåret", "Planen har inga indikatorer", "Fokusområdet har inga egna")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def summary_and_rest(page: BeautifulSoup) -> tuple[str, str]:
    """The page's plain sentences and the rest of its content."""
    article = page.find("article")
    found = next((p for p in article.find_all("p") if text_of(p).startswith(OPENINGS)), None)
    assert found is not None, "the page does not open with the plain sentences"
    summary = text_of(found)
    found.decompose()
    return summary, text_of(article)


def pages_with_summary(site: Path, data: Path) -> list[Path]:
    plans = load_plans(data)
    pages = [site / "index.html"]
    for year in edition_years(data):
        pages.append(site / "editions" / str(year) / "index.html")
        pages += [site / "editions" / str(year) / f"fokusomrade-{fa.id}.html"
                  for fa in plans.of_year(year).focus_areas]
    return pages


def check_summaries(site: Path, data: Path) -> None:
    problems = []
    for path in pages_with_summary(site, data):
        summary, rest = summary_and_rest(soup(path))
        unseen = set(re.findall(r"\d+", summary)) - set(re.findall(r"\d+", rest))
        if unseen:
            problems.append(f"{path.relative_to(site)}: {sorted(unseen)} i «{summary}»")
    assert problems == []


def check_easy_to_read(site: Path, data: Path) -> None:
    for year in edition_years(data):
        path = site / "editions" / str(year) / "lattlast.html"
        page = soup(path)
        readable = text_of(page.find("article").find("section"))
        assert lix(readable) <= LIX_AIM, f"{path}: LIX {lix(readable):.0f}"
        front = soup(site / "editions" / str(year) / "index.html")
        assert front.find("a", href=lambda h: h and h.endswith("lattlast.html")), year
        nav = " ".join(text_of(n) for n in front.find_all("nav"))
        assert "Lättläst" in nav


def test_pages_open_with_sentences_whose_numbers_are_on_the_page():
    check_summaries(SITE, SITE.parents[1] / "data")


def test_every_edition_has_an_easy_to_read_page():
    check_easy_to_read(SITE, SITE.parents[1] / "data")


def test_the_start_pages_next_is_not_the_same_page_again():
    start = soup(SITE / "index.html")
    latest = max(edition_years(SITE.parents[1] / "data"))
    following = start.find("a", class_="right-next")
    assert following is not None
    assert following["href"] != f"editions/{latest}/index.html"


def test_the_phone_header_names_the_organisation():
    plan = load_plans(SITE.parents[1] / "data").current
    for rel in ("index.html", "editions/2023/namnder/kommunstyrelsen.html"):
        heading = soup(SITE / rel).find(class_="trygghet-phone-title")
        assert heading is not None and text_of(heading) == plan.document.organisation


def test_search_ranks_newer_editions_first_at_equal_relevance():
    """Sphinx's search sorts equal scores by name, so 2022 came before 2024 (issue 24);
    the site's scorer (_static/search-scorer.js) puts the newer edition first."""
    search = (SITE / "search.html").read_text(encoding="utf-8")
    assert search.index("_static/search-scorer.js") < search.index("_static/searchtools.js")
    scorer = (SITE / "_static" / "search-scorer.js").read_text(encoding="utf-8")
    run = subprocess.run(
        ["node", "-e", scorer + "; console.log(JSON.stringify(["
         "Scorer.score(['editions/2022/lattlast', '', '', '', 10, '']),"
         "Scorer.score(['editions/2024/lattlast', '', '', '', 10, '']),"
         "Scorer.score(['editions/2022/index', '', '', '', 11, '']),"
         "Scorer.score(['chapters/om-data-och-metod', '', '', '', 10, ''])]))"],
        capture_output=True, text=True, check=True)
    older, newer, more_relevant, other = json.loads(run.stdout)
    assert older < newer < more_relevant and other == 10


def test_search_snippets_show_no_file_paths():
    """The search shows a found page's text (its role=main, without scripts and styles) as
    the snippet: no file path may be in it (the print header's address was, issue 24)."""
    for rel in ("index.html", "editions/2024/lattlast.html", "editions/2023/fokusomrade-1.html"):
        main = soup(SITE / rel).find(attrs={"role": "main"})
        for element in main.find_all(["script", "style"]):
            element.decompose()
        assert not re.search(r"[\w/-]+\.html", main.get_text(" ")), rel
