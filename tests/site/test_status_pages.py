"""Activity status in the built book (_build/html, made by `make book`) from the committed
status reports: per chapter, per focus area, per committee and across editions, and the
notice on every page that shows example data."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from tests.helpers import SITE, needs_built_site, page_content
from trygghet.data import activities
from trygghet.data.editions import edition_years
from trygghet.data.plan import load_plan
from trygghet.present.committees import committees_with_activities

DATA = ROOT / "data"
PLAN = load_plan(DATA)
YEARS = edition_years(DATA)
EXAMPLE_YEARS = activities.example_years(DATA, YEARS)
NOTICE = "Exempeldata – inte Västerås stads rapportering"

pytestmark = needs_built_site




def table(section: BeautifulSoup, caption_start: str) -> list[list[str]]:
    for t in section.find_all("table"):
        if t.caption and t.caption.get_text().startswith(caption_start):
            return [[" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])]
                    for tr in t.find_all("tr")]
    raise AssertionError(f"no table {caption_start!r}")


def shows_notice(section: BeautifulSoup) -> bool:
    return any(NOTICE in a.get_text() for a in section.select("div.admonition"))


def test_a_year_with_example_reports_has_only_example_reports():
    """The notice below is shown per year: a year is example data as a whole or not at all
    (whichever years have examples or real reports)."""
    for year in EXAMPLE_YEARS:
        assert all(r.example for r in activities.load_reports(DATA, year).values()), year


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("fa", PLAN.focus_areas, ids=lambda fa: f"fa{fa.id}")
def test_chapter_shows_status_comment_summary_and_history(year, fa):
    section = page_content(f"editions/{year}/fokusomrade-{fa.id}.html")
    reports = activities.load_reports(DATA, year)
    rows = table(section, f"Aktiviteter i fokusområde {fa.id} och deras status {year}")
    assert rows[0] == ["Nr", "Aktivitet", "Ansvarig nämnd", "Medansvariga", f"Status {year}",
                       "Kommentar"]
    for activity, row in zip(fa.activities, rows[1:], strict=True):
        report = activities.status_of(reports, activity.id)
        assert row[0] == activity.id
        assert row[4] == report.status.label  # symbol and text, never colour alone
        assert row[5] == (" ".join(report.comment.split()) or "–")

    # The chapter's summary: the counts per status, or in words that none is reported yet
    # (not a table of nothing but "Ej rapporterad").
    if reports:
        summary = table(section, f"Antal aktiviteter i fokusområde {fa.id} per status {year}")
        counts = activities.count_statuses(reports, [a.id for a in fa.activities])
        assert summary[1:] == [[s.label, str(n)] for s, n in counts.items()]
    else:
        told = " ".join(section.find("section", id="i-korthet").get_text().split())
        assert f"Inga statusrapporter för {year} har kommit in ännu." in told

    shown = [y for y in YEARS if y <= year]
    if len(shown) > 1:
        history = table(section, f"Aktiviteternas status i fokusområde {fa.id} år för år")
        assert history[0] == ["Nr", "Aktivitet", *map(str, shown)]
        for activity, row in zip(fa.activities, history[1:], strict=True):
            assert row == [activity.id, " ".join(activity.text.split()), *(activities.status_of(
                activities.load_reports(DATA, y), activity.id).status.label for y in shown)]
    assert shows_notice(section) == any(y in EXAMPLE_YEARS for y in shown)


def test_2024_is_not_reported_yet():
    for fa in PLAN.focus_areas:
        rows = table(page_content(f"editions/2024/fokusomrade-{fa.id}.html"), "Aktiviteter i")
        assert {r[4] for r in rows[1:]} == {activities.NOT_REPORTED.label}


@pytest.mark.parametrize("year", YEARS)
def test_edition_front_page_marks_example_data(year):
    assert shows_notice(page_content(f"editions/{year}/index.html")) == (year in EXAMPLE_YEARS)


def test_start_page_shows_the_latest_edition_without_examples():
    assert not shows_notice(page_content("index.html"))


@pytest.mark.parametrize("year", YEARS)
def test_every_committee_has_a_page_with_its_own_and_shared_activities(year):
    index = page_content(f"editions/{year}/namnder/index.html")
    links = {a["href"] for a in index.find_all("a", href=True)}
    reports = activities.load_reports(DATA, year)
    for committee in committees_with_activities(PLAN):
        assert f"{committee.id}.html" in links
        section = page_content(f"editions/{year}/namnder/{committee.id}.html")
        assert section.find("h1").get_text().startswith(committee.name)
        assert [h.name for h in section.find_all(["h1", "h2", "h3"])][:2] == ["h1", "h2"]
        leads = [a for a in PLAN.activities if a.lead == committee.id]
        shares = [a for a in PLAN.activities if committee.id in a.co_responsible]
        if leads:
            rows = table(section, f"Aktiviteter som {committee.name} ansvarar för, med status")
            assert [(r[0], r[3]) for r in rows[1:]] == [
                (a.id, activities.status_of(reports, a.id).status.label) for a in leads]
        if shares:
            rows = table(section, f"Aktiviteter där {committee.name} är medansvarig")
            assert [r[0] for r in rows[1:]] == [a.id for a in shares]
        assert shows_notice(section) == any(y in EXAMPLE_YEARS and y <= year for y in YEARS)


def test_committee_pages_are_in_the_navigation():
    page = BeautifulSoup((SITE / "editions/2023/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    nav = " ".join(n.get_text(" ") for n in page.find_all("nav"))
    assert "Nämndernas aktiviteter" in nav


def test_status_across_years_on_a_committee_page():
    section = page_content("editions/2024/namnder/kommunstyrelsen.html")
    rows = table(section, "Status år för år för aktiviteter där Kommunstyrelsen")
    # The activity's text too: on a phone the row is a card, and "Nr 1.6" alone says nothing.
    assert rows[0] == ["Nr", "Aktivitet", "Nämndens roll", "2022", "2023", "2024"]
    first = rows[1]
    activity = first[0]
    assert first[1] == next(a.text for a in PLAN.activities if a.id == activity)
    assert first[3:] == [activities.status_of(activities.load_reports(DATA, y), activity)
                         .status.label for y in (2022, 2023, 2024)]
