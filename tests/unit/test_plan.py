"""The plan 2022–2024 as data: counts, ids, committees and text copied from the adopted plan
(tests/fixtures/antagen-plan/). It is found by its years, wherever a later plan puts it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SEED
from trygghet.data.plan import load_plans


@pytest.fixture(scope="module")
def plan(request):
    from tests.conftest import ROOT

    return load_plans(ROOT / "data").of_year(2022)


def test_counts_match_the_adopted_plan(plan):
    assert len(plan.focus_areas) == 6
    assert [len(fa.goals) for fa in plan.focus_areas] == [2, 2, 2, 2, 2, 3]
    assert [len(fa.indicators) for fa in plan.focus_areas] == [6, 4, 4, 4, 4, 3]
    assert [len(fa.activities) for fa in plan.focus_areas] == [6, 6, 4, 5, 8, 8]
    assert (len(plan.goals), len(plan.indicators), len(plan.activities)) == (13, 25, 37)


def test_plan_numbering_is_kept_including_the_gap_in_focus_area_4(plan):
    ids = [a.id for a in plan.focus_area(4).activities]
    assert ids == ["4.1", "4.2", "4.3", "4.5", "4.6"]


def test_ids_are_unique(plan):
    for items in (plan.goals, plan.indicators, plan.activities, plan.committees):
        ids = [i.id for i in items]
        assert len(ids) == len(set(ids))


def test_every_lead_and_co_responsible_committee_resolves(plan):
    for a in plan.activities:
        for cid in [a.lead, *a.co_responsible]:
            assert cid in plan.committee_by_id, (a.id, cid)


def test_skultuna_spellings_are_one_committee(plan):
    names = {plan.resolve_committee(n).id for n in
             ["Skultuna kommunaldelsnämnd", "Skultuna kommunalnämnd", "Skultuna kommundelsnämnd"]}
    assert names == {"skultuna-kommundelsnamnd"}


def test_ovriga_berorda_namnder_is_a_phrase_not_a_committee(plan):
    assert plan.resolve_committee("övriga berörda nämnder") is None
    a63 = next(a for a in plan.activities if a.id == "6.3")
    assert a63.others == "övriga berörda nämnder" and a63.co_responsible == []


def test_lead_is_the_first_committee_written(plan):
    for a in plan.activities:
        first = re.split(r",| och (?=[A-ZÅÄÖ])", a.responsible_as_written)[0]
        lead = plan.committee_by_id[a.lead]
        assert a.responsible_as_written.startswith((lead.name, *lead.aliases)), (a.id, first)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_texts_are_copied_exactly_from_the_adopted_plan(plan):
    seed = _normalise(SEED.read_text(encoding="utf-8"))
    texts = [plan.document.follow_up_text, plan.document.title]
    for fa in plan.focus_areas:
        texts += [fa.title, fa.goals_intro, fa.indicators_intro]
        texts += [g.text for g in fa.goals] + [i.name for i in fa.indicators]
        texts += [a.text for a in fa.activities]
    missing = [t for t in texts if _normalise(t) not in seed]
    assert missing == []
