"""The plain sentences on how it is going (issue 24 §1) and the Lättläst page (§5), on
every edition and focus area of the project and of the other plan's fixture: the words
say what the judgements say, every number is one the page shows, the age of the figures
is the true latest year, and the Lättläst page reads easily (LIX ≤ 30)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tests.conftest import ROOT
from trygghet.analysis import trend
from trygghet.analysis.situation import Situation, situation
from trygghet.data import activities, assessments
from trygghet.data.project import Project
from trygghet.present.lattlast import LIX_AIM, lix, page_markdown
from trygghet.present.situation import summary_markdown

PROJECTS = {"västerås": ROOT / "data", "annan-plan": ROOT / "tests/fixtures/other-plan/data"}


def editions() -> list[tuple[str, int]]:
    return [(name, year) for name, data in PROJECTS.items()
            for year in Project.load(data).edition_years()]


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text.replace("\\", "")))


def judged(project: Project, year: int, focus_area: int | None) -> dict[str, list[str]]:
    """The development classes as the pages judge them, computed here again."""
    home = project.settings.municipality.code
    found: dict[str, list[str]] = {label: [] for label in trend.LABELS}
    for fa in project.plan.focus_areas:
        if focus_area in (None, fa.id):
            for planned in fa.indicators:
                d = trend.development(project.indicators[planned.id], home, year)
                found[d.label].append(planned.name)
    return found


def true_latest_year(project: Project, year: int, focus_area: int | None) -> int | None:
    home = project.settings.municipality.code
    years = [found[0] for fa in project.plan.focus_areas if focus_area in (None, fa.id)
             for p in fa.indicators if (found := project.indicators[p.id].latest(home, year))]
    return max(years, default=None)


def page_numbers(project: Project, year: int, focus_area: int | None) -> set[str]:
    """The numbers the page below the sentences shows: the edition's year and baseline,
    the latest year, the count tables (development, status, verdicts) with their totals
    (the plan's introduction) and, in a chapter, the goals' ids and the activity counts."""
    plan = project.plan
    areas = [fa for fa in plan.focus_areas if focus_area in (None, fa.id)]
    shown = {year, trend.baseline_year_for(plan.document.period.start),
             true_latest_year(project, year, focus_area)}
    reports = activities.load_reports(project.data_dir, year)
    ids = [a.id for fa in areas for a in fa.activities]
    shown |= {len(ids), *activities.count_statuses(reports, ids).values()}
    goals = [g for fa in areas for g in fa.goals]
    shown |= {len(goals), *assessments.counts(
        assessments.load_assessments(project.data_dir, year), goals).values()}
    if focus_area is None:
        shown |= {len(v) for v in judged(project, year, None).values()}
        return {str(n) for n in shown if n is not None}
    names = " ".join(p.name for fa in areas for p in fa.indicators)
    return {str(n) for n in shown if n is not None} | numbers(
        " ".join(g.id for g in goals) + " " + names)


@pytest.mark.parametrize(("name", "year"), editions())
def test_the_sentences_say_what_the_judgements_say(name, year):
    project = Project.load(PROJECTS[name], year)
    for focus_area in [None, *(fa.id for fa in project.plan.focus_areas)]:
        where = f"{name} {year}, fokusområde {focus_area or 'alla'}"
        text = summary_markdown(situation(project, year, focus_area)).replace("\\", "")
        classes = judged(project, year, focus_area)
        assert numbers(text) <= page_numbers(project, year, focus_area), where
        if not classes[trend.POSITIVE]:
            assert re.search(r"ingen (indikator|av indikatorerna) förbättrats", text), where
        elif focus_area is not None:
            for indicator in classes[trend.POSITIVE]:
                assert indicator in text.split(" förbättrats")[0], where
        else:
            assert f"har {len(classes[trend.POSITIVE])} indikator" in text, where
        if not classes[trend.NEGATIVE]:
            assert "ingen har försämrats" in text or "ingen försämrats" in text, where
        if focus_area is not None:  # every indicator is named, whatever its class
            assert [n for names in classes.values() for n in names if n not in text] == [], where
        latest = true_latest_year(project, year, focus_area)
        if latest is not None:
            assert f"De nyaste värdena är från {latest}" in text, where
            assert ("det finns inga nyare ännu" in text) == (latest < year), where
        elif project.plan.indicators:
            assert "Det finns inga värden ännu" in text or "inga egna indikatorer" in text


def test_every_class_of_development_is_told_ambiguous_and_uncertain_ones_too():
    """Each indicator is in one sentence: one whose direction is ambiguous (Ökning,
    Minskning) and a change chance could explain (Osäker förändring) too; 22 of 25 were
    told when only the five older classes had words."""
    counts = {trend.POSITIVE: 1, trend.NO_CLEAR_CHANGE: 2, trend.NEGATIVE: 3, trend.INCREASE: 4,
              trend.DECREASE: 5, trend.UNCERTAIN: 6, trend.NOT_COMPARABLE: 7, trend.MISSING: 8}
    assert set(counts) == set(trend.LABELS)
    s = Situation(year=2024, focus_area=None, baseline_year=2021,
                  developments={label: tuple(f"{label} {i}" for i in range(n))
                                for label, n in counts.items()},
                  latest_year=2022, activities=0, statuses={}, goals=(), verdicts={})
    text = summary_markdown(s)
    assert {str(n) for n in counts.values()} <= numbers(text)
    assert "4 indikatorer har ökat och 5 har minskat" in text
    assert "För 6 indikatorer har värdet ändrats, men ändringen kan bero på slumpen" in text
    chapter = summary_markdown(replace(s, focus_area=1)).replace("\\", "")
    assert all(name in chapter for names in s.developments.values() for name in names)


def test_an_edition_without_reports_assessments_or_new_values_says_why():
    project = Project.load(PROJECTS["västerås"], 2024)
    s = situation(project, 2024)
    assert s.latest_year is not None and s.latest_year < 2024  # the data this test is about
    text = summary_markdown(s)
    assert "Nämnderna har inte rapporterat om aktiviteterna för 2024" in text
    assert "Målen har inte bedömts för 2024" in text
    assert f"De nyaste värdena är från {s.latest_year}; det finns inga nyare ännu" in text


@pytest.mark.parametrize(("name", "year"), editions())
def test_the_easy_to_read_page_is_easy_to_read(name, year):
    project = Project.load(PROJECTS[name], year)
    page = page_markdown(project, year)
    readable = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", page).replace("\\", "")
    assert lix(readable) <= LIX_AIM, f"{name} {year}: LIX {lix(readable):.0f}"
    s = situation(project, year)
    if s.latest_year:
        assert f"De nyaste siffrorna är från {s.latest_year}." in readable
    # every indicator counted once in the list (ambiguous and uncertain ones too)
    listed = [int(m) for m in re.findall(r"^- (\d+) siffr", readable, re.MULTILINE)]
    assert sum(listed) == s.indicators, f"{name} {year}: {listed}"
    if s.count(trend.POSITIVE):
        assert f"{s.count(trend.POSITIVE)} siffr" in readable and "blivit bättre" in readable
    else:
        assert "blivit bättre" not in readable


def test_lix_is_words_per_sentence_plus_the_share_of_long_words():
    # 7 words, 2 sentences, 3 long words (more than six letters): 3.5 + 100 · 3/7.
    assert lix("Kommunen har en plan. Trygghet är viktigt.") == pytest.approx(3.5 + 100 * 3 / 7)
    assert lix("") == 0
    hard = ("Handlingsplanen för trygghetsskapande och brottsförebyggande arbete "
            "följs upp årligen genom indikatorer och aktiviteter.")
    assert lix(hard) > 55  # "very hard" (bureaucratic prose) starts at 50
