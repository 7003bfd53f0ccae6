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
        server.route("municipality", {"values": [
            {"id": code, "title": f"Kommun {code}", "type": "K"}
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
        ["0180", "Kommun 0180", 19541.5]]
