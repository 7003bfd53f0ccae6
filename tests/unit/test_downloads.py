"""Downloads: one CSV per indicator (UTF-8 with BOM) and a Frictionless data
package per edition, both from the values as published (suppression applied). On the
small project (tests/fixtures/small-project)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import pytest

from tests.conftest import SMALL
from trygghet.analysis.development import development_table
from trygghet.data.indicators import (
    CSV_COLUMNS,
    Indicator,
    IndicatorMeta,
    load_indicator,
    suppress_small_counts,
)
from trygghet.data.plan import load_plan
from trygghet.data.project import Project
from trygghet.data.settings import load_settings
from trygghet.present.downloads import (
    BOM,
    DOWNLOAD_COLUMNS,
    data_package_files,
    data_package_markdown,
    data_package_name,
    indicator_csv,
    write_data_package,
)

DATA = SMALL / "data"


def rows_of(content: bytes) -> list[dict]:
    assert content.startswith(BOM.encode("utf-8")), "Excel needs the BOM to show å ä ö"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    """The small project's data package for 2024, made once for the tests that read it."""
    return data_package_files(Project.load(DATA, 2024), 2024)


def test_indicator_csv_has_a_bom_swedish_letters_and_only_years_of_the_edition():
    content = indicator_csv(load_indicator(DATA, "valdeltagande"), 2020)
    rows = rows_of(content)
    assert list(rows[0]) == DOWNLOAD_COLUMNS
    assert {int(r["year"]) for r in rows} <= set(range(1990, 2021))
    assert "Västerås" in {r["area_name"] for r in rows}
    assert {r["source"] for r in rows} == {"Källa: Kolada"}
    assert {r["unit"] for r in rows} == {"procent"}
    assert {r["series_label"] for r in rows} >= {"Kommunen totalt", "Lägsta valdistrikt"}


def test_a_suppressed_count_is_shown_as_two_dots_in_the_download():
    meta = IndicatorMeta.model_validate({
        "id": "x", "measure": "Ärenden", "unit": "antal", "decimals": 0, "direction": "minska",
        "definition": "Test.", "series": [{"id": "S", "label": "Ärenden", "main": True}]})
    values = pd.DataFrame([
        [2021, "S", "1980", "Västerås", "T", 3.0, "Kolada", "2025-03-21"],
        [2022, "S", "1980", "Västerås", "T", 12.0, "Kolada", "2025-03-21"],
    ], columns=CSV_COLUMNS)
    ind = Indicator(meta, suppress_small_counts(values, "antal", 5), baseline_year=2021)
    rows = rows_of(indicator_csv(ind, 2024))
    assert [r["value"] for r in rows] == ["..", "12.0"]


def test_the_data_package_describes_every_file_with_units_sources_and_dates(files):
    package = json.loads(files["datapackage.json"])
    assert package["profile"] == "tabular-data-package"
    assert package["edition"] == 2024 and package["baseline_year"] == 2021
    assert package["retrieved"] == ["2025-03-21"]
    assert "Källa: Kolada" in package["licenses"][0]["title"]
    assert "Egen bearbetning av data från Kolada" in package["licenses"][0]["title"]
    names = {r["name"] for r in package["resources"]}
    assert {"valdeltagande", "tillit-vuxna", "utveckling", "jamforelsegrupp"} <= names
    for resource in package["resources"]:
        content = files[resource["path"]]
        header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
        assert ".." in resource["schema"]["missingValues"]
        assert resource["sources"], resource["name"]
    valdeltagande = next(r for r in package["resources"] if r["name"] == "valdeltagande")
    assert valdeltagande["unit"] == "procent" and valdeltagande["retrieved"] == ["2025-03-21"]
    assert valdeltagande["sources"][0]["title"].startswith("Källa: Kolada, N05401")
    own = next(r for r in package["resources"] if r["name"] == "utveckling")
    assert own["sources"][0]["title"] == "Egen bearbetning av data från Kolada"
    development = rows_of(files["data/utveckling.csv"])
    valdeltagande_row = next(r for r in development if r["indicator"] == "valdeltagande")
    assert valdeltagande_row["area_name"] == "Västerås" and valdeltagande_row["sex"] == "T"
    assert valdeltagande_row["label"] == "Negativ utveckling"
    assert valdeltagande_row["symbol"] == "−" and valdeltagande_row["key"] == "negativ"
    assert valdeltagande_row["baseline_value"] == "84.0"
    assert valdeltagande_row["baseline_value_year"] == "2021"


def test_every_csv_with_a_bom_is_declared_utf_8_sig(files):
    package = json.loads(files["datapackage.json"])
    for resource in package["resources"]:
        has_bom = files[resource["path"]].startswith(BOM.encode("utf-8"))
        assert resource["encoding"] == ("utf-8-sig" if has_bom else "utf-8"), resource["name"]


def test_utveckling_covers_every_indicator_area_and_sex_also_without_data(files):
    rows = rows_of(files["data/utveckling.csv"])
    plan = load_plan(DATA)
    settings = load_settings(DATA)
    assert {r["indicator"] for r in rows} == {i.id for i in plan.indicators}
    areas = {settings.municipality.code, settings.national.code,
             settings.comparison_group.id, *settings.comparison_group.members}
    for indicator in plan.indicators:
        mine = [r for r in rows if r["indicator"] == indicator.id]
        assert {r["area_code"] for r in mine} == areas, indicator.id
    missing = [r for r in rows if r["indicator"] == "tillit-barn"]
    assert {r["label"] for r in missing} == {"Uppgift saknas"}
    by_sex = {r["sex"] for r in rows if r["indicator"] == "valdeltagande"}
    assert by_sex == {"T", "K", "M"}
    group = next(r for r in rows if r["indicator"] == "valdeltagande"
                 and r["area_role"] == "gruppmedel" and r["sex"] == "T")
    assert group["area_name"] == "Liknande kommuner (medel)" and group["label"]
    package = json.loads(files["datapackage.json"])
    own = next(r for r in package["resources"] if r["name"] == "utveckling")
    assert own["schema"]["primaryKey"] == ["indicator", "area_code", "sex"]
    keys = [(r["indicator"], r["area_code"], r["sex"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_an_unpacked_data_package_gives_the_same_analysis(tmp_path):
    """A researcher without the repository: Project.load on the unpacked zip reads the
    published values and gives the same development table as the project's data/."""
    with zipfile.ZipFile(write_data_package(Project.load(DATA, 2023), 2023, tmp_path)) as archive:
        archive.extractall(tmp_path / "paket")
    package = Project.load(tmp_path / "paket")
    project = Project.load(DATA)
    assert package.is_data_package and not project.is_data_package
    assert set(package.indicators) == set(project.indicators)
    ours = development_table(project.indicators_of(), project.settings, 2023)
    theirs = development_table(package.indicators_of(), package.settings, 2023)
    pd.testing.assert_frame_equal(ours, theirs)
    published = project.values(until_year=2023)
    published = published[published["value"].notna() | published["suppressed"]]
    assert len(package.values()) == len(published)


def test_the_data_package_is_the_same_bytes_every_time(tmp_path):
    a = write_data_package(Project.load(DATA, 2023), 2023, tmp_path / "a").read_bytes()
    b = write_data_package(Project.load(DATA, 2023), 2023, tmp_path / "b").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as archive:
        assert archive.namelist()[0] == "datapackage.json"
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())


def test_markdown_link_for_any_page_of_the_edition(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    link = data_package_markdown(Project.load(DATA, 2024), 2024)
    assert link.startswith("[Alla indikatorer 2024 som datapaket") and link.endswith(
        f"](path:downloads/{data_package_name(2024)})")
    assert (tmp_path / "downloads" / "indikatorer-2024.zip").exists()


def test_utveckling_carries_the_interval_the_dispersion_factor_and_the_rule_of_every_row(files):
    from tests.unit.test_trend import rate
    from tests.unit.test_uncertainty import municipalities
    from trygghet.analysis.trend import RULES
    from trygghet.present.downloads import DEVELOPMENT_FIELDS, development_rows

    rows = rows_of(files["data/utveckling.csv"])
    for column in ("interval_low", "interval_high", "dispersion", "rule"):
        assert all(column in r for r in rows), column
    judged = [r for r in rows if r["label"] not in {"Uppgift saknas", "Går inte att bedöma"}]
    assert judged and all(r["rule"] in RULES for r in judged)
    described = {name: text for name, _, text in DEVELOPMENT_FIELDS}
    assert all(key in described["rule"] for key in RULES)
    # A rate's row: the widened interval, the factor it was widened by and the rule.
    plain = rate({("1980", 2021): 10_000.0, ("1980", 2022): 9_400.0},
                 {("1980", 2021): 150_000, ("1980", 2022): 150_000})
    spread = Indicator(plain.meta, plain.values, plain.baseline_year,
                       population=plain.population, municipalities=municipalities(200))
    names = [name for name, _, _ in DEVELOPMENT_FIELDS]
    table = [dict(zip(names, r, strict=True))
             for r in development_rows([spread], load_settings(DATA), 2024)]
    mine = next(r for r in table if r["area_code"] == "1980")
    assert float(mine["interval_low"]) < 1 < float(mine["interval_high"])
    assert float(mine["dispersion"]) > 20 and mine["rule"] == "takt-kvasi-poisson"
    assert mine["label"] == "Ingen tydlig förändring"
