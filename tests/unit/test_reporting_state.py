"""What is missing before an edition is published: ``trygghet status`` (the unit's
checklist, with ``--strict`` for a publication pipeline) and the page *Rapporteringsläge*,
both from one computation. Small projects are made in the test (see
tests/unit/test_edition_changes.py); no value here is a real figure from the city."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import reader_text
from tests.helpers import log_received
from tests.unit.test_edition_changes import HOME, OWN, own_values, small_data, statuses
from trygghet.analysis.reporting_state import reporting_state
from trygghet.cli import main
from trygghet.data.assessments import (
    VERDICTS,
    EditionAssessment,
    GoalAssessment,
    write_assessment_files,
)
from trygghet.data.plan import load_plan
from trygghet.data.project import Project
from trygghet.present.reporting_pages import status_markdown

YEAR = 2024
KOLADA = ["behoriga-yrkesprogram", "gymnasieexamen-4-ar"]  # focus area 4's Kolada indicators


@pytest.fixture
def small(data_copy: Path) -> Path:
    return small_data(data_copy)


def status(data: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["--root", str(data.parent), "status", "--year", str(YEAR), *extra])
    return code, capsys.readouterr().out


def assess(data: Path, year: int, goals: list[str], example: bool = False) -> None:
    """An assessment of ``goals`` for ``year``, its file in the log, as the import writes it."""
    source = log_received(data / "goals" / "importlogg.csv", year, f"malbedomning-{year}.xlsx")
    write_assessment_files(data, EditionAssessment(
        year, {g: GoalAssessment(g, VERDICTS["Delvis uppfyllt"], "Analys (test).",
                                 dt.date(year + 1, 2, 1), example=example, source=source)
               for g in goals},
        "Samlad text (test).", "Hållbarhetsenheten (test)", example, source))


def complete(data: Path) -> None:
    """Every activity of focus area 4 reported for YEAR, every indicator with a value, every
    goal assessed."""
    assess(data, YEAR, [g.id for g in load_plan(data).goals])
    statuses(data, YEAR, {"4.1": "Genomförd", "4.2": "Påbörjad", "4.3": "Försenad",
                          "4.5": "Genomförd", "4.6": "Avförd"})
    own_values(data, {YEAR: 81.0})
    other = data / "indicators" / "krankande-behandling.csv"
    other.write_text(f"year,series,area_code,area_name,sex,value,source,retrieved\n{YEAR},"
                     f"krankande-behandling,{HOME},Västerås,T,12.0,Elevenkät (test),2025-02-01\n",
                     encoding="utf-8")
    for indicator, kpi in zip(KOLADA, ["N15428", "N17461"], strict=True):
        with (data / "indicators" / f"{indicator}.csv").open("a", encoding="utf-8") as f:
            f.write(f"{YEAR},{kpi},{HOME},Västerås,T,70.0,Kolada,2025-04-01\n")


def test_checklist_says_what_is_missing_where_it_comes_from_and_what_to_run(small, capsys):
    statuses(small, 2023, {"4.1": "Påbörjad"}, example=True)
    statuses(small, YEAR, {"4.5": "Genomförd"})

    code, out = status(small, capsys)

    assert code == 0  # without --strict the checklist only informs
    assert "– Nämndernas statusrapporter: saknas. 0 av 4 nämnder har rapporterat" in out
    assert "- Förskolenämnden: ingen rapport för 2024 (aktivitet 4.1)." in out
    assert ("- Utbildnings- och arbetsmarknadsnämnden: status för 2024 saknas för aktivitet "
            "4.6.") in out
    # The advice names the folders the commands use (trygghet.data.layout), runnable as shown.
    assert (".venv/bin/trygghet templates --year 2024  (skriver mallen i mallar/2024/status/)"
            in out)
    assert (".venv/bin/trygghet import-status --year 2024  (läser de ifyllda filerna i "
            "inkommet/2024/status/)") in out
    assert ("- Andel behöriga till yrkesprogram i gymnasiet: inget värde för 2024 eller 2023 "
            "(det senaste är från 2022).") in out
    assert ("Värdet hämtas från Kolada (nyckeltal N15428) när det har publicerats. "
            "Publiceras: årligen (läsår).") in out
    assert ".venv/bin/trygghet kolada --year 2023-2024" in out
    assert ("- Andel barn och unga som känner sig trygga i skolan: inget värde för 2024 eller "
            "2023, och inga tidigare värden.") in out
    assert "Hållbarhetsenheten lägger in värdet när det finns." in out
    assert ".venv/bin/trygghet indicator-template --year 2024  (skriver mallen i mallar/2024/varden/)" in out
    assert (".venv/bin/trygghet import-values --year 2024  (läser de ifyllda filerna i "
            "inkommet/2024/varden/)") in out
    assert "⚠ Exempeldata i statusrapporterna: ska bytas ut." in out
    assert ".venv/bin/trygghet import-status --year 2023 --replace" in out
    assert "Uppföljningen 2024 är inte klar att publicera." in out

    assert status(small, capsys, "--strict")[0] == 1


def test_strict_passes_when_nothing_is_missing(small, capsys):
    complete(small)
    code, out = status(small, capsys, "--strict")
    assert code == 0, out
    assert "✔ Nämndernas statusrapporter: klart. 4 av 4 nämnder" in out
    assert "✔ Indikatorernas värden: klart. 4 av 4 indikatorer har ett värde" in out
    assert "Inget saknas" in out and "trygghet snapshot --year 2024" in out


def test_a_value_of_the_year_before_or_a_suppressed_count_is_enough(small, capsys):
    complete(small)
    own_values(small, {YEAR - 1: 80.0})  # last year's value still counts
    other = small / "indicators" / "krankande-behandling.csv"
    other.write_text(other.read_text(encoding="utf-8").replace(",12.0,", ",3.0,"),
                     encoding="utf-8")  # a share, not a count: shown as is
    assert status(small, capsys, "--strict")[0] == 0
    own_values(small, {YEAR - 2: 80.0})
    code, out = status(small, capsys, "--strict")
    assert code == 1
    assert "inget värde för 2024 eller 2023 (det senaste är från 2022)" in out


def test_the_small_project_for_2024(capsys):
    """The small project (tests/fixtures/small-project): Kolada's values up to 2022,
    example reports and assessments for 2022 and 2023, nothing yet for 2024."""
    from tests.conftest import SMALL

    data = SMALL / "data"
    state = reporting_state(Project.load(data, YEAR))
    by_key = {c.key: c for c in state.checks}
    missing_values = {g.subject for g in by_key["indikatorvarden"].gaps}
    # Valdeltagande is measured at elections; the 2022 election is the latest measurement.
    assert "Valdeltagande" not in missing_values and "Sysselsättningsgrad" in missing_values
    assert [g.subject for g in by_key["exempel-status"].gaps] == [
        "Statusrapporterna 2022", "Statusrapporterna 2023"]
    assert len(by_key["statusrapporter"].gaps) == len(
        {a.lead for a in load_plan(data).activities})


def test_the_page_links_each_gap_and_shows_data_as_text(small):
    committees = small / "plan" / "committees.yml"
    committees.write_text(committees.read_text(encoding="utf-8").replace(
        "name: Förskolenämnden", "name: 'Förskole<b>nämnden</b> {{x}}'"), encoding="utf-8")
    statuses(small, 2023, {"4.1": "Påbörjad"}, example=True)
    state = reporting_state(Project.load(small, YEAR))
    page = status_markdown(Project.load(small, YEAR), state)

    assert page.startswith("# Rapporteringsläge – uppföljning 2024\n")
    assert "Exempeldata – inte Västerås stads rapportering" in page
    assert "**– Saknas.**" in page and "**⚠ Ska bytas ut.**" in page
    assert "(/editions/2024/namnder/forskolenamnden.md)" in page
    assert f"(/editions/2024/indikatorer/{OWN}.md)" in page
    assert "[Förskole\\<b\\>nämnden\\<\\/b\\> \\{\\{x\\}\\}]" in page
    text = reader_text(page)
    assert "Förskole<b>nämnden</b> {{x}}" in text  # the reader sees the name as it is written


def test_goals_without_an_assessment_and_example_assessments_are_listed(small, capsys):
    goals = [g.id for g in load_plan(small).goals]
    assert len(goals) >= 2
    complete(small)
    assess(small, YEAR, goals[:1], example=True)  # one goal, and only an example

    code, out = status(small, capsys, "--strict")

    assert code == 1
    assert f"1 av {len(goals)} mål har en bedömning för {YEAR}." in out
    assert f"- Mål {goals[1]}: ingen bedömning för {YEAR}." in out
    assert f"- Mål {goals[0]}:" not in out
    assert (f".venv/bin/trygghet assessment-template --year {YEAR}  (skriver mallen i "
            f"mallar/{YEAR}/bedomningar/)") in out
    assert f"Bedömningen av målen {YEAR}: är påhittade exempel" in out
    assert "--replace" in out
    page = reader_text(status_markdown(Project.load(small, YEAR), reporting_state(Project.load(small, YEAR))))
    assert f"Mål {goals[1]}" in page and "ingen bedömning" in page
    assert f"/editions/{YEAR}/fokusomrade-4.ipynb" in page  # the goal links to its chapter
