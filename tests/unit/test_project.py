"""The project's data is read once per process and passed along (on the small project,
tests/fixtures/small-project)."""

from __future__ import annotations

import pytest

import trygghet.data.indicators as indicators_module
import trygghet.data.plan as plan_module
import trygghet.data.settings as settings_module
from tests.conftest import SMALL
from trygghet.data import activities
from trygghet.data.national import load_area_values, load_national_values, national_indicators
from trygghet.data.project import Project, UndeclaredRead, input_files
from trygghet.present.chapter import FocusAreaChapter
from trygghet.present.indicator_pages import summaries
from trygghet.present.national_page import NationalPage


def test_an_edition_reads_plan_and_settings_once_and_reports_on_first_use(small_copy,
                                                                          monkeypatch):
    reads = []
    real_load_model = plan_module.load_model
    for module in (plan_module, settings_module):
        monkeypatch.setattr(module, "load_model",
                            lambda path, model: reads.append(path.name) or real_load_model(path, model))
    project = Project.load(small_copy)
    assert len(project.indicators) == len(project.plan.indicators) > 1
    assert reads.count("plan.yml") == 1 and reads.count("settings.yml") == 1
    loads = []
    real_load_reports = activities.load_reports
    monkeypatch.setattr(activities, "load_reports",
                        lambda data, year: loads.append(year) or real_load_reports(data, year))
    assert project.reports(2023) is project.reports(2023)
    assert project.status_history([2022, 2023])[2023] is project.reports(2023)
    assert loads == [2023, 2022], "each year's reports read once, on first use"
    # No cache between objects: a new load reads the files again.
    (small_copy / "settings.yml").write_text(
        (small_copy / "settings.yml").read_text(encoding="utf-8").replace(
            "Västerås stad", "Testköping kommun", 1), encoding="utf-8")
    again = Project.load(small_copy)
    assert again is not project and again.settings != project.settings


def test_an_edition_refuses_what_its_page_did_not_declare(small_copy):
    """A page's cached run is keyed on the data it declares (READS); reading anything else
    fails loudly, so the key can never miss what the page shows."""
    national = Project.load(small_copy, 2023, reads=NationalPage.READS)
    assert not load_national_values(national).empty
    for read in (national.reports, national.assessment, national.snapshot):
        with pytest.raises(UndeclaredRead, match="declared only"):
            read()
    chapter = Project.load(small_copy, 2023, reads=FocusAreaChapter.READS)
    with pytest.raises(UndeclaredRead):
        load_national_values(chapter)
    with pytest.raises(UndeclaredRead):  # an edition never shows a later year's reports
        chapter.reports(2024)
    assert set(input_files(small_copy, 2023, NationalPage.READS)).isdisjoint(
        (small_copy / "activities").glob("*"))


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
