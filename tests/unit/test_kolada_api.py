"""The live Kolada client against a local HTTP server on 127.0.0.1 (no network):
paging, nulls/Missing/deleted values, retries, timeouts and failures that
leave the existing files untouched."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.helpers import write_files
from trygghet import cli
from trygghet.data.indicators import load_meta
from trygghet.data.register import load_register
from trygghet.intake.kolada_api import (
    DEFAULT_API_URL,
    KoladaApiError,
    KoladaClient,
    api_url,
    fetch_to_files,
    parse_page,
    parse_years,
)

MUNICIPALITIES = {"values": [
    {"id": "0000", "title": "Riket", "type": "L"},
    {"id": "1980", "title": "Västerås", "type": "K"},
    {"id": "0381", "title": "Enköping", "type": "K"},
]}

SETTINGS = """\
municipality: {code: "1980", name: Västerås}
national: {code: "0000", name: Riket}
comparison_group: {id: G1, name: Testgrupp, members: ["0381"]}
organisation: {name: Testkommun}
contact: {name: Kontaktcenter, phone: 010-00 00 00}
"""

META = """\
id: valdeltagande
measure: Valdeltagande i senaste kommunalvalet
unit: procent
decimals: 1
direction: öka
definition: Test.
series:
  - {id: N05401, label: Kommunen totalt, kolada_kpi: N05401, by_sex: true, main: true}
  - {id: N05831, label: Lägsta valdistrikt, kolada_kpi: N05831}
"""

OLD_CSV = """\
year,series,area_code,area_name,sex,value,source,retrieved
2018,N05401,0000,Riket,T,84.0,Kolada,2025-03-21
2018,N05401,1980,Västerås,T,84.0,Kolada,2025-03-21
2022,N05401,1980,Västerås,T,78.0,Kolada,2025-03-21
2022,N05401,0114,Upplands Väsby,T,1.0,Kolada,2025-03-21
"""


def item(kpi, area, year, *values, **extra):
    return {"kpi": kpi, "municipality": area, "period": year, **extra,
            "values": [dict(zip(("gender", "value", "status"), v), count=1) for v in values]}


PAGE_1 = {"values": [
    item("N05401", "1980", 2022, ("K", 80.0, ""), ("M", 77.0, ""), ("T", 79.0, "")),
    item("N05401", "0000", 2022, ("T", 80.0, "")),
    item("N05401", "0381", 2022, ("T", None, "")),           # null: no data point
], "count": 3, "next_url": None}
PAGE_2 = {"values": [
    item("N05831", "1980", 2022, ("T", 50.0, "")),
    item("N05831", "1980", 2022, ("K", 51.0, "")),           # not by_sex: dropped
    item("N05831", "0000", 2022, ("T", 0.0, "Missing")),     # status Missing
    item("N05831", "0381", 2022, ("T", 12.0, ""), isdeleted=True),  # deleted row
    item("N05401", "0381", 2022, ("T", 70.0, "")),
], "count": 5, "next_url": None}


class Drip:
    """A body sent one byte every ``interval`` seconds; ``sized=False`` sends no
    Content-Length (the body ends when the connection closes)."""

    def __init__(self, body, interval=1.0, sized=True):
        self.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.interval = interval
        self.length = len(self.body) if sized else None


class Redirect:
    """An answer that sends the client to ``location``."""

    def __init__(self, location):
        self.location = location


class Server:
    """A tiny Kolada look-alike: routes map a path (without query) to a list of
    responses, each (status, body or None, delay seconds), used in turn."""

    def __init__(self):
        self.routes: dict[str, list[tuple[int, object, float]]] = {}
        self.requests: list[str] = []
        self.closed = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                path = urlsplit(self.path).path
                queue = server.routes.get(path) or [(404, {"error": "not found"}, 0)]
                status, body, delay = queue.pop(0) if len(queue) > 1 else queue[0]
                if delay:
                    time.sleep(delay)
                if isinstance(body, Redirect):
                    self.send_response(status)
                    self.send_header("Location", body.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                drip = body if isinstance(body, Drip) else None
                body = drip.body if drip else body
                raw = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    if not drip or drip.length is not None:
                        self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    if not drip:
                        self.wfile.write(raw)
                        return
                    for byte in raw:  # one byte per interval, until the test is over
                        if server.closed.wait(drip.interval):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v3/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def route(self, path, *responses):
        self.routes[f"/v3/{path}"] = [r if isinstance(r, tuple) else (200, r, 0) for r in responses]

    def close(self):
        self.closed.set()
        self.httpd.shutdown()
        self.httpd.server_close()


POPULATION_PATH = "data/kpi/N01951/municipality/1980,0000,0381/year/2022"
NATIONAL_PATH = "data/kpi/N05401/municipality/0381,1980/year/2022"  # every municipality (K)


@pytest.fixture
def server():
    s = Server()
    s.route("municipality", MUNICIPALITIES)
    # What `trygghet kolada` asks besides the indicators: no values, unless a test says so.
    s.route(POPULATION_PATH, {"values": []})
    s.route(NATIONAL_PATH, {"values": []})
    yield s
    s.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_files(tmp_path / "data", {"settings.yml": SETTINGS,
                                           "indicators/valdeltagande.yml": META,
                                           "indicators/valdeltagande.csv": OLD_CSV})


DATA_PATH = "data/kpi/N05401,N05831/municipality/1980,0000,0381/year/2022"


def client(server: Server, **kw) -> KoladaClient:
    return KoladaClient(server.url, timeout=kw.pop("timeout", 2.0), backoff=0,
                        sleep=lambda _: None, **kw)


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"area_code": str})


# -- paging and values ---------------------------------------------------------------


def test_follows_next_url_and_writes_the_tidy_file(server, data_dir):
    page_2_url = f"{server.url}{DATA_PATH}?per_page=5000&page=2"
    server.route(DATA_PATH, {**PAGE_1, "next_url": page_2_url}, PAGE_2)
    written = fetch_to_files(data_dir, [2022], client(server),
                             retrieved=pd.Timestamp("2025-05-01").date())
    assert written == [data_dir / "indicators" / "valdeltagande.csv"]
    assert server.requests[0].startswith(f"/v3/{DATA_PATH}?per_page=5000")
    assert len([r for r in server.requests if r.startswith("/v3/data")]) == 2
    rows = read(written[0])
    new = rows[(rows["year"] == 2022) & (rows["area_code"] != "0114")]
    got = {(r.series, r.area_code, r.sex): r.value for r in new.itertuples()}
    assert got == {
        ("N05401", "0000", "T"): 80.0, ("N05401", "0381", "T"): 70.0,
        ("N05401", "1980", "K"): 80.0, ("N05401", "1980", "M"): 77.0,
        ("N05401", "1980", "T"): 79.0, ("N05831", "1980", "T"): 50.0,
    }
    assert set(new["retrieved"]) == {"2025-05-01"}
    assert set(new["area_name"]) == {"Riket", "Västerås", "Enköping"}
    # other years are kept as they were, and so is an area no longer configured
    old = rows[rows["year"] == 2018]
    assert len(old) == 2 and set(old["retrieved"]) == {"2025-03-21"}
    assert rows[rows["area_code"] == "0114"]["value"].tolist() == [1.0]
    assert list(rows.columns) == ["year", "series", "area_code", "area_name", "sex", "value",
                                  "source", "retrieved"]


def test_follows_a_relative_next_link_and_the_v2_next_page(server, data_dir):
    server.route(DATA_PATH, {**PAGE_1, "next_page": f"/v3/{DATA_PATH}?page=2"}, PAGE_2)
    fetch_to_files(data_dir, [2022], client(server))
    assert len([r for r in server.requests if r.startswith("/v3/data")]) == 2


def test_a_next_link_that_loops_is_stopped(server, data_dir):
    before = (data_dir / "indicators" / "valdeltagande.csv").read_bytes()
    server.route(DATA_PATH, {**PAGE_1, "next_url": f"{server.url}{DATA_PATH}?per_page=5000"})
    with pytest.raises(KoladaApiError, match="samma sida"):
        fetch_to_files(data_dir, [2022], client(server))
    assert (data_dir / "indicators" / "valdeltagande.csv").read_bytes() == before


def test_parse_page_skips_nulls_missing_and_deleted_values():
    points, following = parse_page(PAGE_2, "http://x/")
    assert [(p.kpi, p.area_code, p.sex, p.value) for p in points] == [
        ("N05831", "1980", "T", 50.0), ("N05831", "1980", "K", 51.0),
        ("N05401", "0381", "T", 70.0)]
    assert following is None
    deleted_value = {"values": [item("N1", "1980", 2022, ("T", 1.0, ""))]}
    deleted_value["values"][0]["values"][0]["is_deleted"] = True
    assert parse_page(deleted_value, "http://x/")[0] == []


def test_parse_page_rejects_an_unexpected_shape():
    with pytest.raises(KoladaApiError, match="values"):
        parse_page({"data": []}, "http://x/")
    with pytest.raises(KoladaApiError, match="N1, område 1980, år 2022.*'abc' är inte ett tal"):
        parse_page({"values": [item("N1", "1980", 2022, ("T", "abc", ""))]}, "http://x/")


def test_ids_are_chunked_by_25(server):
    kpis = [f"N{i:05d}" for i in range(30)]
    c = client(server)
    urls = []
    c.pages = lambda url, units=None: (urls.append(url), iter([[]]))[1]
    c.data(kpis, ["1980"], [2024])
    assert len(urls) == 2 and urls[0].count(",") == 24


# -- retries and failures ------------------------------------------------------------


def test_a_server_error_is_retried_and_then_succeeds(server, data_dir):
    server.route(DATA_PATH, (503, {"error": "busy"}, 0), (200, {**PAGE_1, "next_url": None}, 0))
    fetch_to_files(data_dir, [2022], client(server, attempts=3))
    assert len([r for r in server.requests if r.startswith("/v3/data")]) == 2


def test_a_persistent_server_error_writes_nothing(server, data_dir):
    path = data_dir / "indicators" / "valdeltagande.csv"
    before = path.read_bytes()
    server.route(DATA_PATH, (500, {"error": "boom"}, 0))
    with pytest.raises(KoladaApiError, match="efter 3 försök.*HTTP-status 500"):
        fetch_to_files(data_dir, [2022], client(server, attempts=3))
    assert len([r for r in server.requests if r.startswith("/v3/data")]) == 3
    assert path.read_bytes() == before
    assert list(path.parent.glob("*.tmp")) == []


def test_a_client_error_is_not_retried(server, data_dir):
    server.route(DATA_PATH, (404, {"error": "nope"}, 0))
    with pytest.raises(KoladaApiError, match="HTTP-status 404"):
        fetch_to_files(data_dir, [2022], client(server, attempts=3))
    assert len([r for r in server.requests if r.startswith("/v3/data")]) == 1


def test_a_timeout_is_retried_a_bounded_number_of_times(server, data_dir):
    server.route(DATA_PATH, (200, PAGE_1, 1.0))
    started = time.monotonic()
    with pytest.raises(KoladaApiError, match="inget fullständigt svar inom 0.2 sekunder"):
        fetch_to_files(data_dir, [2022], client(server, timeout=0.2, attempts=2))
    assert time.monotonic() - started < 5


def test_offline_gives_a_clear_swedish_message_and_writes_nothing(data_dir):
    with socket.socket() as s:  # a port on this machine with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = data_dir / "indicators" / "valdeltagande.csv"
    before = path.read_bytes()
    c = KoladaClient(f"http://127.0.0.1:{port}/v3/", timeout=1, attempts=2, backoff=0,
                     sleep=lambda _: None)
    with pytest.raises(KoladaApiError) as err:
        fetch_to_files(data_dir, [2022], c)
    message = str(err.value)
    assert "ingen förbindelse" in message and "KOLADA_API_URL" in message
    assert path.read_bytes() == before


def test_invalid_json_and_empty_answers_write_nothing(server, data_dir):
    path = data_dir / "indicators" / "valdeltagande.csv"
    before = path.read_bytes()
    server.route(DATA_PATH, (200, b"<html>not json</html>", 0))
    with pytest.raises(KoladaApiError, match="inte giltig JSON"):
        fetch_to_files(data_dir, [2022], client(server))
    server.route(DATA_PATH, {"values": [], "count": 0, "next_url": None})
    with pytest.raises(KoladaApiError, match="inga värden"):
        fetch_to_files(data_dir, [2022], client(server))
    assert path.read_bytes() == before


def test_an_unknown_area_code_is_an_error(server, data_dir):
    server.route("municipality", {"values": MUNICIPALITIES["values"][:2]})
    server.route(DATA_PATH, PAGE_1)
    with pytest.raises(KoladaApiError, match="0381"):
        fetch_to_files(data_dir, [2022], client(server))


# -- settings and the command line ---------------------------------------------------


def test_base_url_from_option_then_environment_then_default():
    assert api_url(None, {}) == DEFAULT_API_URL == "https://api.kolada.se/v3/"
    assert api_url(None, {"KOLADA_API_URL": "http://mirror/v3"}) == "http://mirror/v3/"
    assert api_url("http://option/v3/", {"KOLADA_API_URL": "http://env/"}) == "http://option/v3/"
    with pytest.raises(KoladaApiError, match="ogiltig"):
        api_url("ftp://x", {})


def test_parse_years():
    assert parse_years("2024") == [2024]
    assert parse_years("2020-2022") == [2020, 2021, 2022]
    assert parse_years("2022, 2024") == [2022, 2024]
    with pytest.raises(ValueError, match="ogiltigt år"):
        parse_years("20x4")


def test_cli_uses_kolada_api_url_and_reports_in_swedish(server, tmp_path, monkeypatch, capsys):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    kpis = sorted({s.kolada_kpi for p in (root / "data" / "indicators").glob("*.yml")
                   for s in load_meta(root / "data", p.stem).series if s.kolada_kpi})
    areas = ["1980", "0000", "0581", "0680", "0780", "1380", "1488", "1490", "1880"]
    path = f"data/kpi/{','.join(kpis)}/municipality/{','.join(areas)}/year/2023"
    server.route(path, {"values": [item("N07403", "1980", 2023, ("T", 900.0, ""))],
                        "count": 1, "next_url": None})
    server.route(f"data/kpi/N01951/municipality/{','.join(areas)}/year/2023",
                 {"values": [item("N01951", "1980", 2023, ("T", 160000.0, ""))]})
    municipalities = sorted(a for a in areas if a != "0000")
    mains = sorted({m.main_series.kolada_kpi for p in (root / "data" / "indicators").glob("*.yml")
                    if (m := load_meta(root / "data", p.stem)).main_series
                    and m.main_series.kolada_kpi})
    server.route(f"data/kpi/{','.join(mains)}/municipality/{','.join(municipalities)}/year/2023",
                 {"values": [item("N07403", c, 2023, ("T", 800.0 + i, ""))
                             for i, c in enumerate(municipalities)]})
    register = load_register()
    server.route("municipality", {"values": [
        {"id": a, "title": register[a].name, "type": register[a].type} for a in areas]})
    monkeypatch.setenv("KOLADA_API_URL", server.url)
    assert cli.main(["--root", str(root), "kolada", "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert "Skrev" in out and "anmalda-valdsbrott.csv" in out
    rows = read(root / "data" / "indicators" / "anmalda-valdsbrott.csv")
    assert rows[(rows["year"] == 2023)]["value"].tolist() == [900.0]
    assert len(rows[rows["year"] == 2022]) > 1  # history kept
    # The population and the national comparison get the same year.
    population = read(root / "data" / "befolkning.csv")
    assert population[population["year"] == 2023]["value"].tolist() == [160000.0]
    assert len(population[population["year"] == 2022]) > 1
    national = read(root / "data" / "kommuner" / "anmalda-valdsbrott.csv")
    assert sorted(national[national["year"] == 2023]["area_code"]) == municipalities
    assert len(national[national["year"] == 2022]) > 250  # every municipality, kept

    before = (root / "data" / "indicators" / "anmalda-valdsbrott.csv").read_bytes()
    server.route(path, (500, {"error": "down"}, 0))
    assert cli.main(["--root", str(root), "kolada", "--year", "2023", "--attempts", "1"]) == 1
    err = capsys.readouterr().err
    assert "Fel: Kunde inte hämta data från Kolada" in err and "Inget har skrivits" in err
    assert (root / "data" / "indicators" / "anmalda-valdsbrott.csv").read_bytes() == before


# -- a partial answer never deletes data (issue 8, part 3) ------------------------------------

HISTORY_CSV = """\
year,series,area_code,area_name,sex,value,source,retrieved
2021,N05401,1980,Västerås,T,70.0,Kolada,2025-03-21
2022,N05401,0000,Riket,T,80.0,Kolada,2025-03-21
2022,N05401,1980,Västerås,K,81.0,Kolada,2025-03-21
2022,N05401,1980,Västerås,T,78.0,Kolada,2025-03-21
2022,N05831,1980,Västerås,T,50.0,Kolada,2025-03-21
"""
# Only N05401, and not the K row for Västerås: N05831 and one breakdown are missing.
PARTIAL = {"values": [
    item("N05401", "1980", 2022, ("T", 79.0, "")),   # changed 78 → 79
    item("N05401", "0000", 2022, ("T", 80.0, "")),   # unchanged
    item("N05401", "0381", 2022, ("T", 70.0, "")),   # added
], "count": 3, "next_url": None}


def history(data_dir: Path) -> Path:
    path = data_dir / "indicators" / "valdeltagande.csv"
    path.write_text(HISTORY_CSV, encoding="utf-8")
    return path


def keys(path: Path) -> dict[tuple, float]:
    return {(r.year, r.series, r.area_code, r.sex): r.value for r in read(path).itertuples()}


def test_a_partial_answer_keeps_the_rows_it_does_not_contain(server, data_dir, monkeypatch,
                                                              capsys):
    path = history(data_dir)
    server.route(DATA_PATH, PARTIAL)
    monkeypatch.setenv("KOLADA_API_URL", server.url)
    assert cli.main(["--root", str(data_dir.parent), "kolada", "--year", "2022"]) == 0
    assert keys(path) == {
        (2021, "N05401", "1980", "T"): 70.0,
        (2022, "N05401", "0000", "T"): 80.0,
        (2022, "N05401", "1980", "K"): 81.0,  # not in the answer: kept
        (2022, "N05401", "1980", "T"): 79.0,  # replaced
        (2022, "N05401", "0381", "T"): 70.0,  # added
        (2022, "N05831", "1980", "T"): 50.0,  # KPI missing from the answer: kept
    }
    out = capsys.readouterr().out
    table = [line.split() for line in out.splitlines() if line.startswith("N0")]
    assert ["N05401", "Västerås", "(1980)", "0", "1", "0", "1"] in table
    assert ["N05401", "Riket", "(0000)", "0", "0", "1", "0"] in table
    assert ["N05401", "Enköping", "(0381)", "1", "0", "0", "0"] in table
    assert ["N05831", "Västerås", "(1980)", "0", "0", "0", "1"] in table
    assert "Saknas i svaret" in out
    assert "2 rader för de hämtade åren finns inte i Koladas svar och behölls" in out
    assert "--remove-missing" in out
    assert ("Kolada svarade inte med några värden för N05831 år 2022; raderna för det året "
            "behölls.") in out


def test_remove_missing_removes_exactly_the_rows_the_answer_lacks(server, data_dir,
                                                                   monkeypatch, capsys):
    path = history(data_dir)
    server.route(DATA_PATH, PARTIAL)
    monkeypatch.setenv("KOLADA_API_URL", server.url)
    assert cli.main(["--root", str(data_dir.parent), "kolada", "--year", "2022",
                     "--ta-bort-saknade"]) == 0
    assert keys(path) == {
        (2021, "N05401", "1980", "T"): 70.0,  # another year: never touched
        (2022, "N05401", "0000", "T"): 80.0,
        (2022, "N05401", "1980", "T"): 79.0,
        (2022, "N05401", "0381", "T"): 70.0,
    }
    out = capsys.readouterr().out
    assert "Borttagna" in out and "2 rader som inte finns i Koladas svar togs bort" in out


@pytest.mark.parametrize(("answer", "message"), [
    ({"values": [], "count": 0, "next_url": None}, "inga värden för åren 2022"),
    ({"values": [item("N05401", "1980", 2021, ("T", 1.0, "")),
                 item("N05831", "1980", 2020, ("T", 1.0, ""))], "count": 2, "next_url": None},
     "inga värden för åren 2022 \\(svaret hade bara värden för 2020, 2021\\)"),
])
def test_an_empty_or_wrong_year_answer_keeps_every_row(server, data_dir, answer, message):
    path = history(data_dir)
    before = path.read_bytes()
    server.route(DATA_PATH, answer)
    with pytest.raises(KoladaApiError, match=message):
        fetch_to_files(data_dir, [2022], client(server))
    assert path.read_bytes() == before


# -- implausible values from the API (issue 8, part 5) ---------------------------------------


def test_implausible_api_values_name_kpi_area_and_year_and_write_nothing(server, data_dir,
                                                                         monkeypatch, capsys):
    path = history(data_dir)
    before = path.read_bytes()
    server.route(DATA_PATH, {"values": [
        item("N05401", "1980", 2022, ("T", True, "")),
        item("N05401", "0000", 2022, ("T", 1e308, "")),
        item("N05831", "0381", 2022, ("T", -5.0, "")),
        item("N05831", "1980", 2022, ("T", 55.5, "")),
    ], "count": 4, "next_url": None})
    monkeypatch.setenv("KOLADA_API_URL", server.url)
    assert cli.main(["--root", str(data_dir.parent), "kolada", "--year", "2022"]) == 1
    err = capsys.readouterr().err
    assert "nyckeltal N05401, område 1980, år 2022, kön T: värdet true är ett sanningsvärde" in err
    assert "nyckeltal N05401, område 0000, år 2022, kön T: värdet 1e+308 är inte rimligt" in err
    assert "nyckeltal N05831, område 0381, år 2022, kön T: värdet -5 är inte rimligt" in err
    assert "mellan 0 och 100" in err and "Inget har skrivits" in err
    assert path.read_bytes() == before


# -- a total deadline, a size cap and a capped backoff (issue 8, part 4) ----------------------


def test_a_body_that_trickles_in_is_cut_off_at_the_timeout(server, data_dir, monkeypatch,
                                                           capsys):
    path = history(data_dir)
    before = path.read_bytes()
    server.route(DATA_PATH, (200, Drip(PAGE_1, interval=0.5), 0))
    monkeypatch.setenv("KOLADA_API_URL", server.url)
    started = time.monotonic()
    assert cli.main(["--root", str(data_dir.parent), "kolada", "--year", "2022",
                     "--timeout", "2", "--attempts", "1"]) == 1
    assert time.monotonic() - started < 2 + 1.5
    err = capsys.readouterr().err
    assert "efter 1 försök: inget fullständigt svar inom 2 sekunder" in err
    assert path.read_bytes() == before


def test_an_answer_larger_than_the_limit_is_refused(server, data_dir):
    path = history(data_dir)
    before = path.read_bytes()
    big = {**PAGE_1, "padding": "x" * 5000}
    server.route(DATA_PATH, big)
    with pytest.raises(KoladaApiError, match="större än 4096 byte"):
        fetch_to_files(data_dir, [2022], client(server, max_bytes=4096))
    # a server that does not say how large its answer is
    server.route(DATA_PATH, (200, Drip(big, interval=0, sized=False), 0))
    with pytest.raises(KoladaApiError, match="större än 4096 byte"):
        KoladaClient(server.url, max_bytes=4096).get_json(f"{server.url}{DATA_PATH}")
    assert path.read_bytes() == before
    assert KoladaClient().max_bytes == 50 * 2**20


def test_the_wait_between_attempts_is_capped(server, data_dir):
    waits = []
    server.route(DATA_PATH, (503, {"error": "busy"}, 0))
    c = KoladaClient(server.url, timeout=2, attempts=4, backoff=20, sleep=waits.append)
    with pytest.raises(KoladaApiError, match="efter 4 försök"):
        fetch_to_files(data_dir, [2022], c)
    assert waits == [20, 30, 30]


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--attempts", "0", "argumentet --attempts: ogiltigt värde '0' (ska vara ett heltal, minst 1)"),
    ("--attempts", "-2", "argumentet --attempts: ogiltigt värde '-2'"),
    ("--timeout", "0", "argumentet --timeout: ogiltigt värde '0' (ska vara ett tal större än 0)"),
    ("--timeout", "-1", "argumentet --timeout: ogiltigt värde '-1'"),
    ("--timeout", "nan", "argumentet --timeout: ogiltigt värde 'nan'"),
])
def test_attempts_and_timeout_must_be_positive(flag, value, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["kolada", "--year", "2022", flag, value])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


# -- addresses in Swedish (issue 8, part 7) ---------------------------------------------------


@pytest.mark.parametrize("url", ["localhost:8080/v3", "ftp://mirror/v3", "http://[::1/v3",
                                 "api.kolada.se/v3/"])
def test_a_bad_api_url_is_refused_up_front_in_swedish(url, data_dir, capsys):
    assert cli.main(["--root", str(data_dir.parent), "kolada", "--year", "2022",
                     "--api-url", url]) == 1
    err = capsys.readouterr().err
    assert "Adressen till Kolada-API:t är ogiltig" in err and "http:// eller https://" in err
    assert "connection adapters" not in err and "Traceback" not in err


def test_a_next_link_to_another_scheme_is_an_error_in_swedish(server, data_dir):
    server.route(DATA_PATH, {**PAGE_1, "next_url": "localhost:8080/v3/data?page=2"})
    with pytest.raises(KoladaApiError) as err:
        fetch_to_files(data_dir, [2022], client(server))
    assert "ogiltig adress" in str(err.value)
    assert "connection adapters" not in str(err.value)


# -- the population and the national comparison get the same years ------------------------------


def test_population_and_every_municipalitys_values_are_fetched_with_the_indicators(
        server, data_dir):
    write_files(data_dir, {
        "befolkning.csv": "year,series,area_code,area_name,sex,value,source,retrieved\n"
                          "2021,N01951,1980,Västerås,T,155000.0,Kolada,2025-03-21\n",
        "kommuner/valdeltagande.csv": "year,area_code,area_name,value\n"
                                      "2018,0381,Enköping,82.0\n2018,1980,Västerås,84.0\n"
                                      "2022,0381,Enköping,80.0\n"})
    server.route(DATA_PATH, PAGE_1)
    server.route(POPULATION_PATH, {"values": [
        item("N01951", "1980", 2022, ("T", 157000.0, "")),
        item("N01951", "0000", 2022, ("T", 10500000.0, ""))]})
    server.route(NATIONAL_PATH, {"values": [
        item("N05401", "1980", 2022, ("T", 79.0, ""), ("K", 80.0, "")),
        item("N05401", "0381", 2022, ("T", 81.0, ""))]})
    written = fetch_to_files(data_dir, [2022], client(server), population=True, national=True,
                             retrieved=pd.Timestamp("2025-05-01").date())
    assert data_dir / "befolkning.csv" in written
    population = {(r.area_code, r.year): r.value for r in read(data_dir / "befolkning.csv")
                  .itertuples()}
    assert population == {("1980", 2021): 155000.0, ("1980", 2022): 157000.0,
                          ("0000", 2022): 10500000.0}
    national = read(data_dir / "kommuner" / "valdeltagande.csv")
    assert {(r.year, r.area_code): r.value for r in national.itertuples()} == {
        (2018, "0381"): 82.0, (2018, "1980"): 84.0,  # other years kept
        (2022, "0381"): 81.0, (2022, "1980"): 79.0}  # the year replaced, totals only
    assert set(national[national["year"] == 2022]["area_name"]) == {"Enköping", "Västerås"}


def test_a_failed_national_fetch_writes_nothing_at_all(server, data_dir):
    before = (data_dir / "indicators" / "valdeltagande.csv").read_bytes()
    server.route(DATA_PATH, PAGE_1)
    server.route(NATIONAL_PATH, (404, {"error": "not found"}, 0))
    with pytest.raises(KoladaApiError, match="HTTP-status 404"):
        fetch_to_files(data_dir, [2022], client(server), population=True, national=True)
    assert (data_dir / "indicators" / "valdeltagande.csv").read_bytes() == before
    assert not (data_dir / "befolkning.csv").exists()
    assert not (data_dir / "kommuner").exists()
