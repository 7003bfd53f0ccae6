"""The project's data is read once per process and passed along."""

from __future__ import annotations

import trygghet.data.plan as plan_module
import trygghet.data.settings as settings_module
from tests.conftest import ROOT
from trygghet.data.project import Project


def test_plan_and_settings_are_read_once_for_all_indicators(data_copy, monkeypatch):
    reads = []
    real_load_model = plan_module.load_model
    for module in (plan_module, settings_module):
        monkeypatch.setattr(module, "load_model",
                            lambda path, model: reads.append(path.name) or real_load_model(path, model))
    project = Project.load(data_copy)
    assert len(project.indicators) == len(project.plan.indicators) > 20
    assert reads.count("plan.yml") == 1 and reads.count("settings.yml") == 1
    assert Project.load(data_copy) is project, "loaded once per process"
    (data_copy / "settings.yml").write_text(
        (data_copy / "settings.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert Project.load(data_copy) is not project, "a changed file is read again"


def test_values_of_a_focus_area_as_one_tidy_frame():
    values = Project.load(ROOT / "data").values(1, until_year=2022)
    assert list(values.columns[:3]) == ["indicator", "year", "series"]
    assert set(values["indicator"]) == {"valdeltagande", "sysselsattningsgrad", "tillit-vuxna",
                                        "fortroende-institutioner"}
    assert values["year"].max() == 2022
