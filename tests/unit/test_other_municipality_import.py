"""The Kolada importers fetch whichever municipality and comparison group the settings
name: Stockholm (0180) and its "Liknande kommuner socioekonomi" group, from a dump (real
rows of the Kolada dump, tests/fixtures/kolada-dump/), and from the live API (a local
look-alike server)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.helpers import KOLADA_DUMP as DUMP
from tests.unit.test_kolada_api import Server
from trygghet.cli import main
from trygghet.data.register import load_register
from trygghet.intake.kolada_api import KoladaClient, fetch_to_files

GROUP = ["0163", "0183", "0184", "0380", "1402", "1480", "1481"]  # G176393 in Kolada
SETTINGS = f"""\
municipality: {{code: "0180", name: Stockholm}}
national: {{code: "0000", name: Riket}}
comparison_group:
  id: G176393
  name: Liknande kommuner socioekonomi, Stockholm, 2024
  members: {GROUP}
organisation: {{name: Stockholms stad}}
contact: {{name: Kontaktcenter, phone: 08-508 00 508}}
"""
INDICATORS = ["anmalda-brott", "valdeltagande"]


@pytest.fixture
def stockholm(tmp_path: Path) -> Path:
    """A project for Stockholm: its settings, a plan period and two Kolada indicators."""
    data = tmp_path / "stockholm" / "data"
    (data / "indicators").mkdir(parents=True)
    (data / "plan").mkdir()
    (data / "settings.yml").write_text(SETTINGS, encoding="utf-8")
    shutil.copy(ROOT / "data" / "plan" / "plan.yml", data / "plan" / "plan.yml")
    for name in INDICATORS:
        shutil.copy(ROOT / "data" / "indicators" / f"{name}.yml", data / "indicators")
    return data


def _dump_value(kpi: str, geo: str, year: int) -> float:
    raw = pd.read_csv(DUMP / "datapoints_by_geo_year" / f"ddf--datapoints--{kpi}--by--geo--year.csv",
                      dtype={"geo": str})
    return float(raw[(raw["geo"] == geo) & (raw["year"] == year)][kpi].iloc[0])


def test_the_dump_import_takes_the_municipality_and_group_from_the_settings(stockholm, capsys):
    assert main(["--root", str(stockholm.parent), "import-kolada", "--dump", str(DUMP)]) == 0
    crimes = pd.read_csv(stockholm / "indicators" / "anmalda-brott.csv", dtype={"area_code": str})
    assert set(crimes["area_code"]) == {"0180", "0000", *GROUP}
    latest = crimes[(crimes["area_code"] == "0180") & (crimes["year"] == 2022)].iloc[0]
    assert latest["area_name"] == "Stockholm"
    assert latest["value"] == _dump_value("n07540", "0180", 2022)
    votes = pd.read_csv(stockholm / "indicators" / "valdeltagande.csv", dtype={"area_code": str})
    assert set(votes.loc[votes["sex"] == "K", "area_code"]) >= {"0180", "0000"}
    population = pd.read_csv(stockholm / "befolkning.csv", dtype={"area_code": str})
    assert set(population["area_code"]) == {"0180", "0000", *GROUP}
    assert "1980" not in set(population["area_code"]) | set(crimes["area_code"])
    # Every municipality's values for the national chapter (every one in the dump's list),
    # Stockholm's among them.
    national = pd.read_csv(stockholm / "kommuner" / "anmalda-brott.csv", dtype={"area_code": str})
    municipalities = pd.read_csv(DUMP / "entities" / "ddf--entities--geo--kommun.csv", dtype=str)
    assert set(national["area_code"]) == set(municipalities["kommun"]) >= {"0180", "1980"}


def test_the_live_api_asks_for_the_municipality_and_group_in_the_settings(stockholm):
    server = Server()
    try:
        register = load_register()  # Kolada's names are the register's
        server.route("municipality", {"values": [
            {"id": code, "title": register[code].name, "type": register[code].type}
            for code in ["0000", "0180", *GROUP]]})
        wanted = "data/kpi/N05401,N05831,N05833,N07540/municipality/" + ",".join(
            ["0180", "0000", *GROUP]) + "/year/2022"
        server.route(wanted, {"values": [
            {"kpi": "N07540", "municipality": "0180", "period": 2022,
             "values": [{"gender": "T", "value": 19541.5, "count": 1}]}], "next_url": None})
        client = KoladaClient(server.url, timeout=2.0, backoff=0, sleep=lambda _: None)
        fetch_to_files(stockholm, [2022], client)
    finally:
        server.close()
    assert any(wanted in request for request in server.requests), server.requests
    crimes = pd.read_csv(stockholm / "indicators" / "anmalda-brott.csv", dtype={"area_code": str})
    assert crimes[["area_code", "area_name", "value"]].values.tolist() == [
        ["0180", "Stockholm", 19541.5]]


@pytest.fixture(scope="module")
def vasteras(tmp_path_factory) -> Path:
    """Västerås's settings, plan and indicator metadata, with the values of the dump."""
    from trygghet.intake.kolada import import_dump

    data = tmp_path_factory.mktemp("vasteras") / "data"
    shutil.copytree(ROOT / "data" / "plan", data / "plan")
    shutil.copy(ROOT / "data" / "settings.yml", data / "settings.yml")
    (data / "indicators").mkdir()
    for meta in (ROOT / "data" / "indicators").glob("*.yml"):
        shutil.copy(meta, data / "indicators")
    import_dump(DUMP, data)
    return data


@pytest.mark.parametrize(("indicator_id", "series", "year", "value"), [
    ("anmalda-valdsbrott", "N07403", 2022, 914.57),
    ("vuxna-utsatta-vald", "N01460", 2022, 6.4),
    ("tillit-vuxna", "U01413", 2021, 31.0),
    ("fortroende-institutioner", "N07600", 2022, 52.87),
    ("fortroende-institutioner", "N07601", 2022, 57.19),
    ("barn-unga-utsatta-vald", "N07541", 2022, 106.52),
    ("barn-unga-utsatta-vald", "N07542", 2022, 70.59),
])
def test_the_dump_import_gives_vasteras_real_values_for_the_mapped_kpis(
        vasteras, indicator_id, series, year, value):
    """Values as in the Kolada dump (e.g. N07403 2022: 914,57 reported violent crimes per
    100 000 in Västerås), through the indicator metadata's KPI mapping."""
    from trygghet.data.indicators import load_indicator

    indicator = load_indicator(vasteras, indicator_id)
    found = indicator.latest("1980", year, series_id=series)
    assert found is not None and found[0] == year and round(found[1], 2) == value
    if indicator.meta.series[0].by_sex:
        assert indicator.latest("1980", year, sex="K") is not None
