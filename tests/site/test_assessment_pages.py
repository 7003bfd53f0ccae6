"""The assessment of the goals in the built book (_build/html, made by `make book`) from the
committed files: at the top of every chapter, on every edition's front page and on its page
"Samlad bedömning"; "Ingen bedömning ännu" where an edition has none (2024); the notice on
every page that shows the example assessments (2022, 2023)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from tests.helpers import SITE, needs_built_site, page_content
from trygghet.data import assessments
from trygghet.data.editions import edition_years
from trygghet.data.plan import load_plan
from trygghet.present.text import swedish_date

DATA = ROOT / "data"
PLAN = load_plan(DATA)
YEARS = edition_years(DATA)
NOTICE = "Exempeldata – inte Västerås stads bedömning"

pytestmark = needs_built_site




def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def cards(section) -> dict[str, BeautifulSoup]:
    """Each goal's assessment box by the goal id in the heading before it."""
    found = {}
    for box in section.select("div.trygghet-assessment"):
        heading = box.find_previous(["h3"])
        found[heading.get_text().split()[0]] = box
    return found


def notices(section) -> int:
    return sum(NOTICE in a.get_text() for a in section.select("div.admonition"))


def test_every_assessed_year_is_an_edition_and_an_edition_without_one_has_none():
    assessed = assessments.assessment_years(DATA)
    assert set(assessed) <= set(YEARS)
    for year in set(YEARS) - set(assessed):
        assert assessments.load_assessments(DATA, year) is None, year


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("fa", PLAN.focus_areas, ids=lambda fa: f"fa{fa.id}")
def test_chapter_starts_with_each_goal_verdict_analysis_date_and_evidence(year, fa):
    page = page_content(f"editions/{year}/fokusomrade-{fa.id}.html")
    section = page.find("section", id="malen-och-bedomningen")
    first = page.find("section")
    # The chapter's own summary ("I korthet", issue 24) first, then the goals' assessment.
    assert first["id"] == "i-korthet" and first.find_next_sibling("section") is section, \
        "the assessment is the chapter's first section after its summary"
    found = assessments.load_assessments(DATA, year)
    boxes = cards(section)
    assert list(boxes) == [g.id for g in fa.goals]
    for goal in fa.goals:
        box, a = boxes[goal.id], found.of(goal.id) if found else None
        verdict = a.verdict if a else assessments.NOT_ASSESSED
        shown = box.select_one(".assessment-verdict")
        assert shown.select_one(".assessment-symbol").get_text() == verdict.symbol
        assert shown.select_one(".assessment-symbol")["aria-hidden"] == "true"
        assert text(shown) == f"Bedömning: {verdict.symbol} {verdict.key}"
        if a:
            assert " ".join(a.analysis.split()) in text(box)
            assert box.find("time")["datetime"] == a.assessed_date.isoformat()
            assert swedish_date(a.assessed_date) in text(box)
    if found is None:
        assert "Ingen bedömning ännu." in text(section) and notices(section) == 0
        return
    assert notices(section) == 1
    evidence = [p for p in section.find_all("p") if p.get_text().startswith("Underlag för")]
    assert evidence, "the indicators stand beside the verdicts"
    listed = section.find_all("ul")[-1]
    links = [a["href"] for a in listed.find_all("a")]
    assert links and all(h.startswith("indikatorer/") for h in links)
    assert "samlad-bedomning.html" in [a["href"] for a in section.find_all("a")]


@pytest.mark.parametrize("year", YEARS)
def test_samlad_bedomning_page_has_the_overall_text_and_every_goal_by_focus_area(year):
    page = page_content(f"editions/{year}/samlad-bedomning.html")
    assert page.find("h1").get_text().startswith(f"Samlad bedömning – uppföljning {year}")
    found = assessments.load_assessments(DATA, year)
    boxes = cards(page)
    if found is None:
        # Said once, every goal listed, and no empty box per goal (issue 24).
        assert text(page).count("Ingen bedömning ännu") == 1 and notices(page) == 0
        assert boxes == {} and all(g.id in text(page) for g in PLAN.goals)
        return
    assert list(boxes) == [g.id for g in PLAN.goals]
    for fa in PLAN.focus_areas:
        heading = next(h for h in page.find_all("h2") if h.get_text().startswith(f"{fa.id}. "))
        assert [h.get_text().split()[0] for h in heading.find_all_next("h3")][:len(fa.goals)] \
            == [g.id for g in fa.goals]
    assert notices(page) == 1
    assert found.overall.split("\n")[0] in text(page)
    assert found.assessed_by in text(page)
    counts = page.find("table")
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in counts.find_all("tr")]
    expected = assessments.counts(found, PLAN.goals)
    assert rows[1:] == [[f"{v.symbol} {v.key}", str(n)] for v, n in expected.items()]


@pytest.mark.parametrize("year", YEARS)
def test_edition_front_page_counts_verdicts_and_links_the_page(year):
    page = page_content(f"editions/{year}/index.html")
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert "samlad-bedomning.html" in links
    found = assessments.load_assessments(DATA, year)
    if found is None:
        assert f"Bedömning av målen {year}: ingen bedömning ännu." in text(page)
        assert notices(page) == 0
        return
    assert notices(page) == 1
    table = next(t for t in page.find_all("table")
                 if t.caption and t.caption.get_text().startswith("Antal mål per bedömning"))
    assert "■ Uppfyllt" in text(table) and "⊘ Går inte att bedöma" in text(table)


def test_start_page_is_the_latest_edition_without_assessment():
    page = page_content("index.html")
    assert "ingen bedömning ännu" in text(page)
    assert "editions/2024/samlad-bedomning.html" in {a["href"] for a in page.find_all("a",
                                                                                       href=True)}


def test_the_page_is_in_every_edition_table_of_contents():
    for year in YEARS:
        nav = BeautifulSoup((SITE / f"editions/{year}/index.html").read_text(encoding="utf-8"),
                            "html.parser").find("nav", class_="bd-docs-nav")
        assert "samlad-bedomning.html" in " ".join(a["href"] for a in nav.find_all("a"))
