"""A published edition is a record (issue 23): after ``trygghet snapshot --year 2023`` the
2023 edition shows what it showed then, says next to a figure that the source has revised
it (with today's value and where the newest edition is), and the 2024 edition shows today's
value. An edition without a snapshot is a draft, said on every page."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, SMALL, reader_text
from trygghet.cli import main
from trygghet.data.project import BASICS, Project, input_files
from trygghet.present import book_config
from trygghet.present.indicator_pages import write_edition_pages

PUBLISHED, REVISED = "12795.21975", "13500"  # Västerås, anmälda brott, 2022 (Kolada)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Västerås's data, the 2023 edition published, then Kolada revising 2022."""
    import shutil

    root = tmp_path_factory.mktemp("record")
    shutil.copytree(ROOT / "data", root / "data")
    assert main(["--root", str(root), "snapshot", "--year", "2023"]) == 0
    values = root / "data" / "indicators" / "anmalda-brott.csv"
    text = values.read_text(encoding="utf-8")
    row = f"2022,N07540,1980,Västerås,T,{PUBLISHED},"
    assert text.count(row) == 1
    values.write_text(text.replace(row, f"2022,N07540,1980,Västerås,T,{REVISED},"),
                      encoding="utf-8")
    return root / "data"


def _page(data, year, tmp_path) -> str:
    out = tmp_path / str(year)
    write_edition_pages(Project.load(data, year, reads=BASICS), out)
    return (out / "anmalda-brott.md").read_text(encoding="utf-8")


def test_the_published_edition_keeps_its_figure_and_says_it_was_revised(data, tmp_path):
    edition = Project.load(data, 2023)
    assert edition.is_record
    shown = edition.indicators["anmalda-brott"].series_values(area_code="1980")
    assert shown.set_index("year").loc[2022, "value"] == pytest.approx(float(PUBLISHED))
    [revision] = edition.indicators["anmalda-brott"].revisions.itertuples()
    assert (revision.year, revision.area_code, revision.current) == (2022, "1980", 13500.0)
    assert all(i.revisions.empty for k, i in edition.indicators.items() if k != "anmalda-brott")

    markdown = _page(data, 2023, tmp_path)
    assert "\n:::{admonition} Reviderat efter publiceringen\n:class: note\n" in markdown
    page = reader_text(markdown)
    assert "12 795" in page and "Reviderat efter publiceringen" in page
    note = page[page.index("Reviderat efter publiceringen"):]
    assert re.search(r"Västerås.*2022.*12\s795.*13\s500", note, re.DOTALL), note[:600]
    assert "[uppföljning 2024](/editions/2024/indikatorer/anmalda-brott.md)" in note


def test_the_newer_edition_and_a_new_snapshot_show_todays_value(data, tmp_path):
    newer = Project.load(data, 2024)
    assert not newer.is_record and newer.indicators["anmalda-brott"].revisions is None
    assert newer.indicators["anmalda-brott"].series_values(area_code="1980").set_index(
        "year").loc[2022, "value"] == 13500.0
    page = reader_text(_page(data, 2024, tmp_path))
    assert "13 500" in page and "Reviderat efter publiceringen" not in page
    today = Project.load(data, 2023, as_published=False)  # what `snapshot --replace` records
    assert today.indicators["anmalda-brott"].series_values(area_code="1980").set_index(
        "year").loc[2022, "value"] == 13500.0


def test_the_book_knows_which_editions_are_records_and_a_record_is_keyed_on_its_snapshot(data):
    config = book_config.site_config({}, Project.load(data))
    editions = config["sphinx"]["config"]["trygghet_editions"]
    assert editions["2023"]["published"] and not editions["2024"]["published"]
    assert not editions["2022"]["published"]
    assert any("editions/2023" in str(p) for p in input_files(data, 2023, BASICS))
    assert not any("editions/2023" in str(p) for p in input_files(data, 2024, BASICS))


def test_publishing_says_which_editions_go_out_as_records_and_which_as_drafts(data):
    from trygghet.data.project import load_editions
    from trygghet.publish.site import record_summary

    said = record_summary(load_editions(data, [2022, 2023, 2024]))
    assert "Fastställda (visar det som publicerades): 2023." in said
    assert "Utkast, märkta \"Utkast – inte fastställd\" på varje sida: 2022 och 2024." in said


def test_a_published_value_the_source_has_since_removed_keeps_the_edition_whole(tmp_path):
    """A value published in 2023 that today's file no longer has: the record still shows
    it, says it was removed (no value today), and its unknown retrieval date is left empty,
    never a text among dates: the edition's date and its downloads still work."""
    import shutil

    from trygghet.present.downloads import indicator_csv

    shutil.copytree(SMALL / "data", tmp_path / "data")
    assert main(["--root", str(tmp_path), "snapshot", "--year", "2023"]) == 0
    values = tmp_path / "data" / "indicators" / "valdeltagande.csv"
    lines = values.read_text(encoding="utf-8").splitlines()
    removed = next(line for line in lines[1:] if line.startswith("2022,") and ",1980," in line
                   and ",T," in line)
    values.write_text("\n".join(line for line in lines if line != removed) + "\n",
                      encoding="utf-8")
    edition = Project.load(tmp_path / "data", 2023)
    indicator = edition.indicators["valdeltagande"]
    [revision] = indicator.revisions.itertuples()
    assert revision.year == 2022 and revision.current != revision.current  # NaN: removed
    assert edition.last_updated() is not None
    rows = indicator_csv(indicator, 2023).decode("utf-8-sig").splitlines()
    assert not any(row.endswith((",None", ",nan")) for row in rows)
