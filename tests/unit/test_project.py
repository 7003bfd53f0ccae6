"""The project's data is read once per process and passed along (on the small project,
tests/fixtures/small-project)."""

from __future__ import annotations

import trygghet.data.indicators as indicators_module
import trygghet.data.plan as plan_module
import trygghet.data.settings as settings_module
from tests.conftest import SMALL
from trygghet.data.national import load_area_values, load_national_values, national_indicators
from trygghet.data.project import Project
from trygghet.present.indicator_pages import summaries


def test_plan_and_settings_are_read_once_for_all_indicators(small_copy, monkeypatch):
    reads = []
    real_load_model = plan_module.load_model
    for module in (plan_module, settings_module):
        monkeypatch.setattr(module, "load_model",
                            lambda path, model: reads.append(path.name) or real_load_model(path, model))
    project = Project.load(small_copy)
    assert len(project.indicators) == len(project.plan.indicators) > 1
    assert reads.count("plan.yml") == 1 and reads.count("settings.yml") == 1
    assert Project.load(small_copy) is project, "loaded once per process"
    (small_copy / "settings.yml").write_text(
        (small_copy / "settings.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert Project.load(small_copy) is not project, "a changed file is read again"


def test_values_of_a_focus_area_as_one_tidy_frame():
    values = Project.load(SMALL / "data").values(1, until_year=2022)
    assert list(values.columns[:3]) == ["indicator", "year", "series"]
    assert set(values["indicator"]) == {"valdeltagande", "sysselsattningsgrad", "tillit-vuxna",
                                        "fortroende-institutioner"}
    assert values["year"].max() == 2022


def test_summaries_and_the_national_comparison_read_nothing_the_project_has(small_copy,
                                                                             monkeypatch):
    """Every page of an edition reads the plan, settings and indicators from the Project it
    is given: a page's build time does not grow with rereading them per indicator."""
    project = Project.load(small_copy)
    reads = []
    for module in (plan_module, settings_module, indicators_module):
        monkeypatch.setattr(module, "load_model", lambda path, model: reads.append(path.name))
    monkeypatch.setattr(plan_module, "load_model_list", lambda path, model: reads.append(path.name))
    items = summaries(project, 2024)
    assert len(items) == len(project.plan.indicators)
    assert not national_indicators(project).empty
    assert not load_national_values(project, until_year=2024).empty
    assert not load_area_values(project, project.settings.national.code).empty
    assert reads == []
