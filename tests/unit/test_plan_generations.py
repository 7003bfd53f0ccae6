"""Plans after one another in one book (docs/enhetens-guide.md, *Flera planer efter varandra*): the earlier
plan in data/planer/<start>-<slut>/, the current one in data/plan/, and each edition year
with the plan whose period started most recently. The fixture
tests/fixtures/other-plan/ holds two (a program 2019–2022, then one for 2023–2024); its
whole book is built in tests/site/test_other_plan.py."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from tests.conftest import ROOT
from tests.helpers import log_received
from trygghet.data.activities import NOT_REPORTED, STATUSES, Report, status_path, write_status_file
from trygghet.data.editions import edition_years
from trygghet.data.errors import DataError
from trygghet.data.plan import load_plan, load_plans
from trygghet.data.project import Project
from trygghet.data.validate import validate_data_dir
from trygghet.intake.new_project import NewProjectError, next_plan
from trygghet.intake.status_template import write_templates
from trygghet.publish.build import plan_jobs, toc_yaml

FIXTURE = ROOT / "tests" / "fixtures" / "other-plan"
DONE = next(s for s in STATUSES.values() if s is not NOT_REPORTED)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "ljusnarsberg")
    return tmp_path / "ljusnarsberg"


def _messages(data: Path) -> list[str]:
    return [str(p) for p in validate_data_dir(data)]


def _report(data: Path, year: int, activity: str, committee: str) -> None:
    """A status file for ``year`` with one report, and the import log naming its file."""
    source = log_received(data / "activities" / "importlogg.csv", year, "rapport.xlsx")
    write_status_file(status_path(data, year), year, [Report(
        activity, DONE, "Gjort.", committee, None, False, source)])


def test_each_year_belongs_to_the_plan_that_started_last_before_it():
    plans = load_plans(FIXTURE / "data")
    assert [p.period_text for p in plans.all] == ["2019–2022", "2023–2024"]
    assert plans.current.folder == FIXTURE / "data" / "plan"
    assert {y: plans.of_year(y).period_text for y in (2019, 2022, 2023, 2030)} == {
        2019: "2019–2022", 2022: "2019–2022", 2023: "2023–2024", 2030: "2023–2024"}
    assert load_plan(FIXTURE / "data", 2021).folder.name == "2019-2022"
    assert edition_years(FIXTURE / "data") == [2019, 2020, 2021, 2022, 2023, 2024]
    assert edition_years(FIXTURE / "data", plans.all[0]) == [2019, 2020, 2021, 2022]
    assert edition_years(FIXTURE / "data", plans.current) == [2023, 2024]


def test_a_project_loaded_for_a_year_has_that_years_plan_and_indicators():
    earlier, current = Project.load(FIXTURE / "data", 2020), Project.load(FIXTURE / "data")
    assert [fa.title for fa in earlier.plan.focus_areas] == [
        "Trygga offentliga platser", "Barn och unga", "Delaktighet"]
    assert set(earlier.indicators) == {"anmalda-valdsbrott", "gymnasieexamen-4-ar",
                                       "valdeltagande", "deltar-i-foreningar"}
    assert set(current.indicators) == {"anmalda-valdsbrott", "gymnasieexamen-4-ar"}
    # The same indicator file, measured from each plan's baseline year.
    assert earlier.indicators["anmalda-valdsbrott"].baseline_year == 2018
    assert current.indicators["anmalda-valdsbrott"].baseline_year == 2022
    assert current.for_year(2021).plan == earlier.plan and current.for_year(2024) is current


def test_the_status_history_stays_within_a_plan():
    data = FIXTURE / "data"
    assert Project.load(data, 2024).years_shown() == [2023, 2024]
    assert Project.load(data, 2022).years_shown() == [2019, 2020, 2021, 2022]


def test_each_edition_runs_the_chapters_of_its_own_plan():
    jobs = plan_jobs(FIXTURE, [2022, 2023])
    chapters = {(j.year, j.focus_area) for j in jobs if j.focus_area is not None}
    assert chapters == {(2022, 1), (2022, 2), (2022, 3), (2023, 1), (2023, 2)}


def test_the_menu_has_a_part_per_plan_newest_first():
    toc = yaml.safe_load(toc_yaml(FIXTURE, edition_years(FIXTURE / "data"), Project.load(FIXTURE / "data")))
    parts = [(p["caption"], [c.get("title", c["file"]) for c in p["chapters"]])
             for p in toc["parts"]]
    assert parts[:4] == [
        ("Uppföljningar 2023–2024", ["Uppföljning 2024", "Uppföljning 2023"]),
        ("Programmet 2023–2024", ["planer/2023-2024/inledning"]),
        ("Uppföljningar 2019–2022", ["Uppföljning 2022", "Uppföljning 2021", "Uppföljning 2020",
                                     "Uppföljning 2019"]),
        ("Programmet 2019–2022", ["planer/2019-2022/inledning"])]
    edition_2023 = toc["parts"][0]["chapters"][1]["sections"]
    assert [s["title"] for s in edition_2023 if "fokusomrade" in s["file"]] == [
        "1. Trygga stråk", "2. Skola och fritid"]


def test_a_years_reports_are_checked_against_that_years_plan(project):
    data = project / "data"
    _report(data, 2021, "A1", "samhallsbyggnadsnamnden")  # the earlier program's activity
    _report(data, 2023, "B2", "kultur-och-fritidsnamnden")  # the current one's
    assert _messages(data) == []
    _report(data, 2024, "A1", "samhallsbyggnadsnamnden")  # A1 is not in the 2023–2024 plan
    assert _messages(data) == [
        (f"{status_path(data, 2024)}, rad 2, kolumn/fält 'activity': "
        "aktivitet 'A1' finns inte i planen")]


def test_a_years_templates_list_that_years_plan(project, tmp_path):
    data = project / "data"
    earlier = write_templates(data, 2022, tmp_path / "2022")
    current = write_templates(data, 2024, tmp_path / "2024")
    assert {p.name.split("-", 2)[2] for p in earlier} == {
        "kommunstyrelsen.xlsx", "samhallsbyggnadsnamnden.xlsx", "bildningsnamnden.xlsx"}
    assert {p.name.split("-", 2)[2] for p in current} == {
        "kommunstyrelsen.xlsx", "kultur-och-fritidsnamnden.xlsx"}
    book = load_workbook(next(p for p in current if "kultur" in p.name))
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value}
    assert "B2" in cells and "A3" not in cells


def test_an_earlier_plan_in_a_folder_not_named_for_its_period_is_an_error(project):
    data = project / "data"
    (data / "planer" / "2019-2022").rename(data / "planer" / "gamla")
    with pytest.raises(DataError) as err:
        load_plans(data)
    assert "planer/2019-2022/, inte planer/gamla/" in str(err.value)


def test_the_current_plan_must_be_the_latest(project):
    data = project / "data"
    shutil.move(data / "plan", data / "planer" / "2023-2024")
    shutil.move(data / "planer" / "2019-2022", data / "plan")
    problems = _messages(data)
    assert len(problems) == 1
    assert "planen börjar 2023, inte före den gällande planen i plan/ (2019)" in problems[0]


def test_two_plans_may_not_put_their_chapters_in_the_same_folder(project):
    data = project / "data"
    path = data / "plan" / "plan.yml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan["chapter_folder"] = "planer/2019-2022"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert any("kapitlen hamnar i samma mapp i boken (planer/2019-2022/)" in m
               for m in _messages(data))


def test_next_plan_moves_the_current_plan_whole_and_writes_a_skeleton(project):
    data = project / "data"
    before = {p.relative_to(data / "plan"): p.read_bytes()
              for p in (data / "plan").rglob("*") if p.is_file()}
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "trygghet"), "--root", str(project),
                           "ny-planperiod", "--start", "2025", "--slut", "2028"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "data/planer/2023-2024/" in proc.stdout
    moved = data / "planer" / "2023-2024"
    assert {p.relative_to(moved): p.read_bytes()
            for p in moved.rglob("*") if p.is_file()} == before  # nothing lost or changed
    new = yaml.safe_load((data / "plan" / "plan.yml").read_text(encoding="utf-8"))
    assert new["period"] == {"start": 2025, "end": 2028}
    assert new["organisation"] == "Ljusnarsbergs kommun"
    assert "coordinator" not in new  # the program before named none
    assert (data / "plan" / "committees.yml").read_bytes() == before[Path("committees.yml")]
    problems = _messages(data)
    assert problems and all("inte ifyllt" in m and "/data/plan/" in m for m in problems)


def test_next_plan_refuses_a_period_that_does_not_follow_and_changes_nothing(project):
    data = project / "data"
    for start, end in ((2023, 2026), (2020, 2021), (2026, 2025)):
        with pytest.raises(NewProjectError):
            next_plan(data, start, end)
    (data / "planer" / "2023-2024").mkdir()  # an empty plan folder is refused, never filled
    with pytest.raises(NewProjectError, match="2023-2024"):
        next_plan(data, 2025, 2028)
    assert not any((data / "planer" / "2023-2024").iterdir())
    (data / "planer" / "2023-2024").rmdir()
    assert load_plans(data).current.period_text == "2023–2024"
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(".")) == []


def _as_of(monkeypatch, day: str) -> None:
    """Build as of ``day`` (the reproducible-builds variable SOURCE_DATE_EPOCH)."""
    moment = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))


def test_a_plan_year_becomes_an_edition_when_it_is_over(monkeypatch, project):
    """A newly adopted plan never shows follow-ups of years still to come; the earlier
    plan's editions stay."""
    data = project / "data"
    _as_of(monkeypatch, "2024-06-01")
    assert edition_years(data) == [2019, 2020, 2021, 2022, 2023]
    _as_of(monkeypatch, "2023-03-15")
    assert edition_years(data) == [2019, 2020, 2021, 2022]
    toc = yaml.safe_load(toc_yaml(project, edition_years(data), Project.load(data)))
    assert [p["caption"] for p in toc["parts"]][:3] == [
        "Programmet 2023–2024", "Uppföljningar 2019–2022", "Programmet 2019–2022"]
    _report(data, 2023, "B2", "kultur-och-fritidsnamnden")  # a year with reports is an edition
    assert edition_years(data)[-1] == 2023
    _as_of(monkeypatch, "2018-06-01")  # no plan year over yet: the first plan's first year
    (status_path(data, 2023)).unlink()
    assert edition_years(data) == [2019]


def test_a_build_date_that_is_not_a_number_is_named(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "i morgon")
    with pytest.raises(DataError, match="SOURCE_DATE_EPOCH ska vara ett antal sekunder"):
        edition_years(FIXTURE / "data")


def test_next_plan_keeps_who_coordinates_and_where_reports_go(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "plan", data / "plan")
    next_plan(data, 2025, 2028)
    new = yaml.safe_load((data / "plan" / "plan.yml").read_text(encoding="utf-8"))
    assert (new["coordinator"], new["reports_to"]) == ("Hållbarhetsenheten",
                                                       "Stadsledningskontoret")
    moved = yaml.safe_load((data / "planer" / "2022-2024" / "plan.yml").read_text("utf-8"))
    assert moved["chapter_folder"] == "chapters"  # its chapters keep their addresses


def test_a_status_file_for_a_year_no_plan_follows_up_is_an_error(project):
    """A file put in data/activities/ by hand would otherwise make an edition of its own."""
    data = project / "data"
    _report(data, 2017, "A1", "samhallsbyggnadsnamnden")
    assert _messages(data) == [
        (f"{status_path(data, 2017)}, kolumn/fält 'year': året 2017 ligger utanför "
        "uppföljningen av planen 2019–2022 (2019–2032)")]
