"""What changed since the previous edition, and the snapshot of what an edition showed.

Every test works on a small copy of the data (one focus area, only the municipality's
values, one comparison municipality, no status reports), with values and reports written
in the test. No value here is a real figure from the city."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import reader_text
from tests.helpers import log_received
from trygghet.analysis.edition_changes import edition_changes, snapshot_tables
from trygghet.cli import main
from trygghet.data import activities
from trygghet.data.activities import STATUSES, Report
from trygghet.data.editions import edition_years
from trygghet.data.plan import load_plan
from trygghet.data.project import Project
from trygghet.data.snapshots import (
    SnapshotExistsError,
    load_snapshot,
    snapshot_paths,
    write_snapshot,
)
from trygghet.data.validate import validate_data_dir
from trygghet.present.reporting_pages import changes_markdown

HOME = "1980"
OWN = "trygga-i-skolan"  # procent, should rise, own source: simple to write values for
HEADER = "year,series,area_code,area_name,sex,value,source,retrieved\n"
FROZEN = dt.date(2024, 4, 2)
RIKET = "behoriga-yrkesprogram"  # keeps Riket's values too, for revisions of other areas


@pytest.fixture
def small(data_copy: Path) -> Path:
    return small_data(data_copy)


def small_data(data_copy: Path) -> Path:
    """The project's data with focus area 4 only, only the municipality's values (and
    Riket's for one indicator), one comparison municipality and no status reports: quick
    to judge."""
    for path in (data_copy / "plan").glob("fokusomrade-*.yml"):
        if path.stem != "fokusomrade-4":
            path.unlink()
    plan_file = data_copy / "plan" / "plan.yml"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    plan["focus_areas"] = ["fokusomrade-4.yml"]
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    for csv in (data_copy / "indicators").glob("*.csv"):
        lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
        keep = (f",{HOME},", ",0000,") if csv.stem == RIKET else (f",{HOME},",)
        csv.write_text(lines[0] + "".join(ln for ln in lines[1:] if any(k in ln for k in keep)),
                       encoding="utf-8")
    settings = yaml.safe_load((data_copy / "settings.yml").read_text(encoding="utf-8"))
    settings["comparison_group"]["members"] = ["0581"]
    (data_copy / "settings.yml").write_text(yaml.safe_dump(settings, allow_unicode=True),
                                            encoding="utf-8")
    for path in (data_copy / "activities").glob("status-*.csv"):
        path.unlink()
    shutil.rmtree(data_copy / "goals", ignore_errors=True)  # assessments of other goals
    return data_copy


def own_values(data: Path, values: dict[int, float]) -> None:
    """trygga-i-skolan for the municipality, sex T, as the import would write it."""
    rows = "".join(f"{y},{OWN},{HOME},Västerås,T,{v!r},Liv & hälsa ung (test),2024-02-01\n"
                   for y, v in sorted(values.items()))
    (data / "indicators" / f"{OWN}.csv").write_text(HEADER + rows, encoding="utf-8")


def statuses(data: Path, year: int, chosen: dict[str, str], example: bool = False) -> None:
    """A status file for ``year`` with the given statuses, its file in the import log."""
    plan = load_plan(data)
    source = log_received(data / "activities" / "importlogg.csv", year, "rapport.csv")
    leads = {a.id: a.lead for a in plan.activities}
    activities.write_status_file(activities.status_path(data, year), year, [
        Report(a, STATUSES[s], "Kommentar.", committee=leads[a], example=example,
               source=source) for a, s in chosen.items()])


def freeze(data: Path, year: int, replace: bool = False) -> bool:
    values, development = snapshot_tables(Project.load(data), year)
    return write_snapshot(data, year, FROZEN, values, development, replace=replace)


def files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the changes ---------------------------------------------------------------------------------

def test_new_value_changed_development_and_changed_status(small):
    own_values(small, {2021: 80.0, 2022: 80.5})
    statuses(small, 2022, {"4.1": "Påbörjad", "4.2": "Påbörjad"})
    freeze(small, 2022)
    own_values(small, {2021: 80.0, 2022: 80.5, 2023: 85.0})
    statuses(small, 2023, {"4.1": "Genomförd", "4.2": "Påbörjad", "4.3": "Ej påbörjad"})

    changes = edition_changes(Project.load(small), 2023)

    assert changes.previous == 2022 and changes.snapshot_frozen == FROZEN
    (new,) = changes.new_values
    assert (new.indicator, new.years, new.latest) == (OWN, (2023,), (2023, 85.0))
    (development,) = changes.development_changes
    assert (development.indicator, development.before, development.after) == (
        OWN, "Ingen tydlig förändring", "Positiv utveckling")
    (status,) = changes.status_changes
    assert (status.activity.id, status.before.key, status.after.key) == (
        "4.1", "Påbörjad", "Genomförd")
    assert changes.first_reports == 1  # 4.3 had no report in 2022
    assert changes.revisions == ()


def test_revised_value_is_compared_with_what_the_previous_edition_showed(small):
    own_values(small, {2021: 80.0, 2022: 80.5})
    freeze(small, 2022)
    # The source revises 2021 (visibly) and 2022 (below the one decimal the book shows).
    own_values(small, {2021: 79.0, 2022: 80.51, 2023: 81.0})
    riket = small / "indicators" / f"{RIKET}.csv"
    riket.write_text(riket.read_text(encoding="utf-8").replace(
        "2020,N15428,0000,Riket,T,85.", "2020,N15428,0000,Riket,T,84."), encoding="utf-8")

    changes = edition_changes(Project.load(small), 2023)

    (revision,) = changes.revisions
    assert (revision.indicator, revision.year, revision.before, revision.after) == (
        OWN, 2021, 80.0, 79.0)
    assert changes.other_revisions == {"Andel behöriga till yrkesprogram i gymnasiet": 1}
    page = reader_text(changes_markdown(Project.load(small), changes))
    assert "sparade 2024-04-02" in page
    assert "1 värde för Västerås som uppföljningen 2022 visade har ändrats i efterhand" in page
    assert "Andel barn och unga som känner sig trygga i skolan (procent)</th>" in page
    assert ">80,0</td>" in page and ">79,0</td>" in page
    assert "Dessutom har 1 värde för andra områden" in page


def test_a_value_removed_from_the_source_is_a_revision(small):
    own_values(small, {2021: 80.0, 2022: 80.5})
    freeze(small, 2022)
    own_values(small, {2022: 80.5})
    (revision,) = edition_changes(Project.load(small), 2023).revisions
    assert (revision.year, revision.removed) == (2021, True)


def test_without_a_snapshot_revisions_cannot_be_shown_and_the_page_says_why(small):
    own_values(small, {2021: 80.0, 2022: 80.5, 2023: 85.0})
    statuses(small, 2022, {"4.1": "Påbörjad"}, example=True)
    statuses(small, 2023, {"4.1": "Genomförd"}, example=True)

    changes = edition_changes(Project.load(small), 2023)

    assert changes.revisions is None and not changes.has_snapshot
    assert [n.years for n in changes.new_values] == [(2023,)]  # only the edition's own year
    assert [d.after for d in changes.development_changes] == ["Positiv utveckling"]
    page = reader_text(changes_markdown(Project.load(small), changes))
    assert "## Ändrade värden i efterhand\n\nKan inte visas." in page
    assert "sparades inte när den publicerades" in page
    assert "Exempeldata – inte Västerås stads rapportering" in page  # example statuses shown
    assert "Aktiviteter med ändrad status från 2022 till 2023" in page


def test_first_edition_has_no_changes_and_an_unreported_year_says_so(small):
    assert edition_changes(Project.load(small), 2022) is None
    changes = edition_changes(Project.load(small), 2024)
    assert not changes.reported and changes.status_changes == ()
    page = reader_text(changes_markdown(Project.load(small), changes))
    assert "Nämnderna har inte rapporterat status för 2024 ännu" in page
    assert "Exempeldata" not in page


# -- the snapshot ----------------------------------------------------------------------------------

def test_snapshot_is_written_once_and_never_silently_overwritten(small):
    own_values(small, {2021: 80.0, 2022: 80.5})
    assert freeze(small, 2022) is True
    snapshot = load_snapshot(small, 2022)
    assert snapshot.frozen == FROZEN
    shown = snapshot.values[(snapshot.values["indicator"] == OWN)]
    assert list(shown["value"]) == [80.0, 80.5]
    assert validate_data_dir(small) == []

    before = files(small)
    assert freeze(small, 2022) is False  # same data: nothing written
    own_values(small, {2021: 80.0, 2022: 81.5})
    with pytest.raises(SnapshotExistsError) as err:
        freeze(small, 2022)
    # the value and the development's latest value
    assert "2 av dess rader skiljer sig" in str(err.value) and "--replace" in str(err.value)
    assert f"{OWN}, {OWN}, {HOME}, Västerås, T, 2022" in str(err.value)
    assert files(small) == {**before, **{k: v for k, v in files(small).items()
                                         if k.startswith("indicators/")}}
    assert freeze(small, 2022, replace=True) is True
    assert 81.5 in list(load_snapshot(small, 2022).values["value"])


def test_snapshot_command(small, capsys):
    root = small.parent
    own_values(small, {2021: 80.0})
    assert main(["--root", str(root), "snapshot", "--year", "2022"]) == 0
    assert "Checka in filerna" in capsys.readouterr().out
    assert all(p.exists() for p in snapshot_paths(small, 2022))
    assert main(["--root", str(root), "snapshot", "--year", "2022"]) == 0
    assert "Oförändrad" in capsys.readouterr().out
    own_values(small, {2021: 70.0})
    assert main(["--root", str(root), "snapshot", "--year", "2022"]) == 1
    err = capsys.readouterr().err
    assert "skrivs inte över" in err and "Inget har skrivits." in err


def test_a_broken_snapshot_is_named_by_file_row_and_column(small):
    own_values(small, {2021: 80.0})
    freeze(small, 2022)
    values_file = snapshot_paths(small, 2022)[0]
    lines = values_file.read_text(encoding="utf-8").splitlines()
    lines[2] = "2021" + lines[2][4:]
    values_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in validate_data_dir(small)]
    assert problems == [(f"{values_file}, rad 3, kolumn/fält 'edition': utgåvan ska vara 2022 "
                         "som i katalognamnet (angivet: '2021')")]


def test_an_edition_with_no_values_at_all_has_a_news_page(small):
    """A new plan whose indicators have no values yet (a project just made with
    ``trygghet ny-plan``): nothing is new, and nothing fails."""
    for csv in (small / "indicators").glob("*.csv"):
        lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
        csv.write_text(lines[0], encoding="utf-8")
    project = Project.load(small)
    years = edition_years(small)
    changes = edition_changes(project, years[1])
    assert changes is not None and changes.new_values == ()
