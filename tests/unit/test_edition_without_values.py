"""An edition with no indicator values yet (issue 8): every indicator says "Uppgift
saknas" and where its values will come from; no page part crashes. On the small project
(tests/fixtures/small-project)."""

from __future__ import annotations

import pytest

from tests.conftest import SMALL, reader_text
from trygghet.data.indicators import CSV_COLUMNS, load_meta
from trygghet.data.plan import load_plan
from trygghet.data.project import Project
from trygghet.present import chapter, overview
from trygghet.present.chapter import FocusAreaChapter
from trygghet.present.overview import EditionOverview

DATA = SMALL / "data"
PLAN = load_plan(DATA)


@pytest.fixture
def shown(monkeypatch, tmp_path) -> list[str]:
    """What the page parts display, as text (files they write go to tmp_path)."""
    outputs: list[str] = []
    collect = lambda *objs: outputs.extend(reader_text(o.data) for o in objs)
    monkeypatch.setattr(chapter, "display", collect)
    monkeypatch.setattr(overview, "display", collect)
    monkeypatch.chdir(tmp_path)
    return outputs


def _sections(outputs: list[str]) -> dict[str, str]:
    """The text under each indicator heading ("### name")."""
    sections: dict[str, str] = {}
    current = None
    for out in outputs:
        if out.startswith("### "):
            current = out.removeprefix("### ")
            sections[current] = ""
        elif current is not None:
            sections[current] += out + "\n"
    return sections


def _assert_every_indicator_missing_with_its_source(data, outputs, fa_id) -> None:
    sections = _sections(outputs)
    planned = PLAN.focus_area(fa_id).indicators
    assert [h.rsplit(" (", 1)[0] for h in sections] == [i.name for i in planned]
    for indicator, body in zip(planned, sections.values(), strict=True):
        meta = load_meta(data, indicator.id)
        assert "Uppgift saknas" in body, indicator.id
        expected = meta.missing.planned_source if meta.missing else "Värdena kommer från Kolada"
        assert expected in body, indicator.id
        assert "Linjediagram" not in body


@pytest.mark.parametrize("fa_id", [fa.id for fa in PLAN.focus_areas])
def test_an_edition_long_after_the_last_values_shows_uppgift_saknas(shown, fa_id):
    FocusAreaChapter(Project.load(DATA, 2099), fa_id).indicators()
    _assert_every_indicator_missing_with_its_source(DATA, shown, fa_id)


def test_indicator_files_without_rows_give_uppgift_saknas_and_an_overview(shown, small_copy):
    for csv in (small_copy / "indicators").glob("*.csv"):
        csv.write_text(",".join(CSV_COLUMNS) + "\n", encoding="utf-8")
    page = FocusAreaChapter(Project.load(small_copy, 2024), 1)
    page.indicators()
    page.downloads()
    _assert_every_indicator_missing_with_its_source(small_copy, shown, 1)

    shown.clear()
    front = EditionOverview(Project.load(small_copy, 2024))
    front.at_a_glance()
    front.focus_areas()
    assert any("Uppgift saknas" in out for out in shown)
