"""Fetch the mapped KPIs from the live Kolada API (v3) into the tidy indicator files.

``trygghet kolada --year 2024`` asks Kolada for every KPI in
``data/indicators/*.yml`` for the municipality, Riket and the comparison group
in ``data/settings.yml`` and writes the same ``data/indicators/<id>.csv`` files
as the dump importer (:mod:`trygghet.intake.kolada`), with today's date as
``retrieved``; and the same years of the population (``data/befolkning.csv``) and of
every municipality's main-series values (``data/kommuner/<id>.csv``), as the dump's
importers write them, so the national comparison and the rates show the same years. A row (series, area, sex, year) that the answer contains is
added or replaced; a row of a requested year that the answer lacks is kept
(and reported) unless ``--remove-missing``; other years are kept, so a new
year is added without losing the history and a partial answer deletes nothing.

The API (``https://api.kolada.se/v3/``)::

    GET {base}/data/kpi/{kpi,...}/municipality/{id,...}/year/{year,...}?per_page=5000
    → {"values": [{"kpi", "municipality", "period",
                   "values": [{"gender", "count", "status", "value"}]}],
       "count": n, "next_url": "…" | null}

At most 25 ids per path segment and 5000 rows per page; further pages are
followed through ``next_url`` (``next_page`` in v2). A value that is null, has
status "Missing" or is marked deleted is not a data point. Everything is fetched
and checked before any file is written: on any failure nothing is written."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pandas as pd
import requests
import urllib3

from trygghet.data.errors import DataError
from trygghet.data.files import write_files_atomically
from trygghet.data.indicators import (
    CSV_COLUMNS,
    POPULATION_KPI,
    IndicatorMeta,
    population_path,
    read_values,
    sort_rows,
    value_problem,
)
from trygghet.data.national import NATIONAL_COLUMNS, national_path, read_national
from trygghet.data.settings import load_settings
from trygghet.data.yamlio import load_model
from trygghet.intake.kolada import SOURCE_NAME, render_csv
from trygghet.intake.kolada_national import render_national_csv

DEFAULT_API_URL = "https://api.kolada.se/v3/"
ENV_VAR = "KOLADA_API_URL"
PER_PAGE = 5000  # the API's largest page
MAX_IDS = 25  # the API's largest list of ids in one path segment
MAX_PAGES = 500  # a safety stop against a next link that never ends
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_BYTES = 50 * 1024 * 1024  # largest answer accepted (a full page is about 2 MB)
MAX_BACKOFF = 30.0  # seconds: the longest wait between two tries
_CHUNK = 64 * 1024
SEXES = {"T", "K", "M"}
HINT = ("Kontrollera nätverket, eller ange en annan adress med --api-url eller "
        f"miljövariabeln {ENV_VAR}.")


class KoladaApiError(Exception):
    """The API could not be reached or answered with an error (message in Swedish)."""


class _Retryable(Exception):
    """A failed try worth repeating; the message says why, in Swedish."""


def api_url(option: str | None = None, environ: dict | None = None) -> str:
    """The API's base URL: the command-line option, else $KOLADA_API_URL, else Kolada's."""
    environ = os.environ if environ is None else environ
    url = (option or environ.get(ENV_VAR) or DEFAULT_API_URL).strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed [ in an IPv6 address
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise KoladaApiError(f"Adressen till Kolada-API:t är ogiltig: {url!r} (ska börja med "
                             "http:// eller https://).")
    return url if url.endswith("/") else url + "/"


def parse_years(text: str) -> list[int]:
    """``"2024"`` → [2024]; ``"2020-2024"`` → [2020, …, 2024]; ``"2022,2024"`` → [2022, 2024]."""
    years: list[int] = []
    for part in str(text).split(","):
        part = part.strip()
        first, _, last = part.partition("-")
        try:
            lo, hi = int(first), int(last or first)
        except ValueError:
            raise ValueError(f"ogiltigt år {part!r} (skriv t.ex. 2024 eller 2020-2024)") from None
        if not (1900 <= lo <= hi <= 2100):
            raise ValueError(f"ogiltigt år {part!r} (skriv t.ex. 2024 eller 2020-2024)")
        years += range(lo, hi + 1)
    return sorted(set(years))


def _chunks(items: Sequence[str], size: int = MAX_IDS) -> list[list[str]]:
    items = list(dict.fromkeys(items))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _truthy(value) -> bool:
    return value is True or str(value).strip().lower() in {"true", "1", "yes"}


def _deleted(record: dict) -> bool:
    return any(_truthy(record.get(k)) for k in ("isdeleted", "is_deleted", "deleted"))


@dataclass(frozen=True)
class Value:
    kpi: str
    area_code: str
    year: int
    sex: str
    value: float


def parse_page(payload: object, url: str,
               units: Mapping[str, str] | None = None) -> tuple[list[Value], str | None]:
    """The data points of one response page and the next page's URL (or None).

    Every value is checked with :func:`trygghet.data.indicators.value_problem` against its
    KPI's unit in ``units`` (KPI → unit); an implausible value is an error naming
    KPI, area and year."""
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaApiError(f"Svaret från {url} har oväntad form: fältet \"values\" saknas.")
    units = units or {}
    points: list[Value] = []
    wrong: list[str] = []
    for item in payload["values"]:
        if not isinstance(item, dict) or _deleted(item):
            continue
        try:
            kpi, area, year = str(item["kpi"]), str(item["municipality"]), int(item["period"])
        except (KeyError, TypeError, ValueError):
            raise KoladaApiError(f"Svaret från {url} har en rad utan kpi, municipality eller "
                                 f"period: {item!r}") from None
        for entry in item.get("values") or []:
            if not isinstance(entry, dict) or _deleted(entry):
                continue
            if str(entry.get("status") or "").strip().lower() == "missing":
                continue
            raw, sex = entry.get("value"), str(entry.get("gender") or "T").upper()
            if raw is None or sex not in SEXES:
                continue
            problem = value_problem(raw, units.get(kpi))
            if problem:
                wrong.append(f"nyckeltal {kpi}, område {area}, år {year}, kön {sex}: {problem}")
                continue
            points.append(Value(kpi, area, year, sex, float(raw)))
    if wrong:
        more = f"\n  … och {len(wrong) - 10} till" if len(wrong) > 10 else ""
        raise KoladaApiError(f"Svaret från {url} har värden som inte kan stämma:\n  "
                             + "\n  ".join(wrong[:10]) + more)
    following = payload.get("next_url") or payload.get("next_page")
    return points, (_checked_url(urljoin(url, following)) if following else None)


def _checked_url(url: str) -> str:
    """``url`` if it is an http(s) address; a next link elsewhere is an error in Swedish."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise KoladaApiError(f"Kolada hänvisar till nästa sida med en ogiltig adress: {url!r}.")
    return url


@dataclass
class KoladaClient:
    """A small client for the Kolada API with timeouts and a bounded retry."""

    base_url: str = DEFAULT_API_URL
    timeout: float = 30.0  # seconds for a whole request: connect, headers and body
    attempts: int = 3  # tries per request (1 = no retry)
    backoff: float = 1.0  # seconds before the 2nd try, doubled for each further try
    max_bytes: int = MAX_BYTES  # largest answer accepted
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep

    def get_json(self, url: str) -> object:
        """GET ``url`` and decode its JSON, retrying network errors and 429/5xx answers."""
        reason = ""
        for attempt in range(1, max(1, self.attempts) + 1):
            if attempt > 1:
                self.sleep(min(MAX_BACKOFF, self.backoff * 2 ** (attempt - 2)))
            try:
                body = self._get(url)
            except _Retryable as err:
                reason = str(err)
                continue
            try:
                return json.loads(body)
            except ValueError:
                raise KoladaApiError(f"Svaret från {url} är inte giltig JSON.") from None
        raise KoladaApiError(
            f"Kunde inte hämta data från Kolada efter {self.attempts} försök: {reason} ({url}). "
            f"{HINT}")

    def _get(self, url: str) -> bytes:
        """One try: the body of a 200 answer, read within ``timeout`` seconds in all."""
        deadline = time.monotonic() + self.timeout
        late = _Retryable(f"inget fullständigt svar inom {self.timeout:g} sekunder")
        try:
            response = self.session.get(url, timeout=self.timeout, stream=True,
                                        headers={"Accept": "application/json"})
        except requests.Timeout:
            raise late from None
        except requests.ConnectionError as exc:
            raise _Retryable(f"ingen förbindelse ({type(exc).__name__})") from None
        except requests.RequestException as exc:
            raise KoladaApiError(f"Kunde inte fråga Kolada ({url}): {_request_problem(exc)}. "
                                 f"{HINT}") from None
        with response:
            if response.status_code in RETRY_STATUSES:
                raise _Retryable(f"Kolada svarade med HTTP-status {response.status_code}")
            if response.status_code != 200:
                raise KoladaApiError(
                    f"Kolada svarade med HTTP-status {response.status_code} för {url}. "
                    "Kontrollera nyckeltalen och kommunkoderna, eller API-adressen.")
            size = (f"{self.max_bytes // 2**20} MB" if self.max_bytes % 2**20 == 0
                    else f"{self.max_bytes} byte")
            too_large = KoladaApiError(f"Svaret från {url} är större än {size}; hämtningen "
                                       "avbröts.")
            declared = str(response.headers.get("Content-Length", "")).strip()
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise too_large
            body = bytearray()
            try:
                # read1 returns what has arrived (one read from the socket), so the
                # deadline is checked however slowly the body trickles in.
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise late
                    _limit_socket_wait(response, remaining)
                    chunk = response.raw.read1(_CHUNK, decode_content=True)
                    if not chunk:
                        break
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise too_large
            except (urllib3.exceptions.TimeoutError, TimeoutError):
                raise late from None
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                raise _Retryable(f"förbindelsen bröts mitt i svaret ({type(exc).__name__})") \
                    from None
        return bytes(body)

    def pages(self, url: str, units: Mapping[str, str] | None = None,
              ) -> Iterator[list[Value]]:
        """Every page of a query, following the response's next link."""
        seen: set[str] = set()
        while url:
            if url in seen or len(seen) >= MAX_PAGES:
                raise KoladaApiError(f"Kolada skickar tillbaka samma sida igen ({url}); "
                                     "hämtningen avbröts.")
            seen.add(url)
            points, url = parse_page(self.get_json(url), url, units)
            yield points

    def data_url(self, kpis: Sequence[str], areas: Sequence[str], years: Sequence[int]) -> str:
        return (f"{self.base_url.rstrip('/')}/data/kpi/{','.join(kpis)}/municipality/"
                f"{','.join(areas)}/year/{','.join(map(str, years))}?per_page={PER_PAGE}")

    def data(self, kpis: Sequence[str], areas: Sequence[str], years: Sequence[int],
             units: Mapping[str, str] | None = None) -> list[Value]:
        """All values of ``kpis`` for ``areas`` and ``years`` (ids chunked by 25), each
        checked against its KPI's unit in ``units``."""
        points: list[Value] = []
        for k in _chunks(kpis):
            for a in _chunks(areas):
                for y in _chunks([str(y) for y in years]):
                    for page in self.pages(self.data_url(k, a, y), units):
                        points += page
        return points

    def municipalities(self) -> list[dict[str, str]]:
        """Kolada's list of areas: id, title and type ("K" municipality, "L" region)."""
        found: list[dict[str, str]] = []
        url = f"{self.base_url.rstrip('/')}/municipality?per_page={PER_PAGE}"
        seen: set[str] = set()
        while url and url not in seen and len(seen) < MAX_PAGES:
            seen.add(url)
            payload = self.get_json(url)
            if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
                raise KoladaApiError(f"Svaret från {url} har oväntad form: fältet \"values\" "
                                     "saknas.")
            for item in payload["values"]:
                if isinstance(item, dict) and item.get("id") and item.get("title"):
                    found.append({"id": str(item["id"]), "title": str(item["title"]).strip(),
                                  "type": str(item.get("type", ""))})
            following = payload.get("next_url") or payload.get("next_page")
            url = _checked_url(urljoin(url, following)) if following else None
        return found


def _limit_socket_wait(response: requests.Response, seconds: float) -> None:
    """Let the next read from the response's socket wait at most ``seconds``."""
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(0.01, seconds))
        except OSError:
            pass


def _request_problem(exc: requests.RequestException) -> str:
    """What went wrong with a request, in Swedish (never requests' English text)."""
    if isinstance(exc, requests.exceptions.InvalidSchema | requests.exceptions.MissingSchema
                  | requests.exceptions.InvalidURL):
        return "adressen är ogiltig (ska börja med http:// eller https://)"
    if isinstance(exc, requests.TooManyRedirects):
        return "för många omdirigeringar"
    return f"oväntat fel ({type(exc).__name__})"


def _existing(path: Path, unit: str | None = None) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=CSV_COLUMNS)
    try:
        frame = read_values(path, unit)
    except DataError as err:
        raise KoladaApiError(f"Den befintliga filen {path} är ogiltig: {err}") from None
    frame["retrieved"] = frame["retrieved"].astype(str)
    return frame


KEY = ["series", "area_code", "sex", "year"]  # one row of a tidy file


@dataclass
class Tally:
    """What a fetch did to the rows of one KPI and area."""

    added: int = 0  # in the answer, not in the file
    changed: int = 0  # in both, with another value
    unchanged: int = 0  # in both, same value
    missing: int = 0  # in the file for a fetched year, not in the answer


def summary(tallies: dict[tuple[str, str], Tally], names: Mapping[str, str], areas: Sequence[str],
            remove_missing: bool) -> list[str]:
    """A short table, in Swedish, of what changed per KPI and area."""
    heads = ["Nyckeltal", "Område", "Nya", "Ändrade", "Oförändrade",
             "Borttagna" if remove_missing else "Saknas i svaret"]
    order = {a: i for i, a in enumerate(areas)}
    rows = [[kpi, f"{names.get(area, area)} ({area})", str(t.added), str(t.changed),
             str(t.unchanged), str(t.missing)]
            for (kpi, area), t in sorted(tallies.items(),
                                         key=lambda kv: (kv[0][0], order.get(kv[0][1], 0)))
            if t.added or t.changed or t.unchanged or t.missing]
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
             for r in [heads, *rows]]
    missing = sum(t.missing for t in tallies.values())
    if missing and remove_missing:
        lines.append(f"{missing} rader som inte finns i Koladas svar togs bort "
                     "(--remove-missing).")
    elif missing:
        lines.append(f"{missing} rader för de hämtade åren finns inte i Koladas svar och "
                     "behölls. Ta bort dem med --remove-missing om Kolada inte längre har dem.")
    return lines


def fetch_to_files(
    data_dir: Path, years: Sequence[int], client: KoladaClient, *,
    retrieved: dt.date | None = None, log: Callable[[str], None] = lambda _: None,
    remove_missing: bool = False, population: bool = False, national: bool = False,
) -> list[Path]:
    """Fetch ``years`` for every mapped KPI and write data/indicators/<id>.csv; with
    ``population`` also the inhabitants (N01951) of the same areas in data/befolkning.csv,
    and with ``national`` every municipality's values of each indicator's main series in
    data/kommuner/<id>.csv (the national comparison), so that the whole book shows the
    same years (``trygghet kolada`` does all three).

    A row (series, area, sex, year) that Kolada's answer contains is added or
    replaced; a row of a fetched year that the answer lacks is kept, unless
    ``remove_missing``; other years are kept; areas no longer in the settings are
    dropped. What changed is logged as a table per KPI and area. Nothing is
    written unless every request succeeded and every value is plausible.
    Returns the written paths."""
    data_dir = Path(data_dir)
    years = sorted({int(y) for y in years})
    if not years:
        raise KoladaApiError("Ange minst ett år med --year.")
    retrieved_text = (retrieved or dt.date.today()).isoformat()
    settings = load_settings(data_dir)
    areas = settings.area_codes
    indicators_dir = data_dir / "indicators"
    metas = [load_model(p, IndicatorMeta) for p in sorted(indicators_dir.glob("*.yml"))]
    mapped = [m for m in metas if any(s.kolada_kpi for s in m.series)]
    kpis = sorted({s.kolada_kpi for m in mapped for s in m.series if s.kolada_kpi})
    if not kpis:
        return []
    units = {s.kolada_kpi: m.unit for m in mapped for s in m.series if s.kolada_kpi}
    log(f"Hämtar {len(kpis)} nyckeltal för {len(areas)} områden och åren "
        f"{years[0]}–{years[-1]} från {client.base_url} …")
    points = client.data(kpis, areas, years, units)
    municipalities = client.municipalities()
    names = {item["id"]: item["title"] for item in municipalities}
    missing_names = [a for a in areas if a not in names]
    if missing_names:
        raise KoladaApiError(f"Kolada känner inte till områdeskoden {', '.join(missing_names)} "
                             "(kontrollera data/settings.yml).")
    fetched = pd.DataFrame(
        [(p.kpi, p.area_code, p.year, p.sex, p.value) for p in points
         if p.area_code in areas and p.year in years],
        columns=["kpi", "area_code", "year", "sex", "value"],
    ).drop_duplicates(["kpi", "area_code", "year", "sex"], keep="last")
    if fetched.empty:
        other = sorted({p.year for p in points} - set(years))
        also = (f" (svaret hade bara värden för {', '.join(map(str, other))})" if other else "")
        raise KoladaApiError(f"Kolada returnerade inga värden för åren {', '.join(map(str, years))}"
                             f"{also}. Inget har skrivits.")

    tallies: dict[tuple[str, str], Tally] = {}
    targets: dict[Path, bytes] = {}
    for meta in mapped:
        series = [s for s in meta.series if s.kolada_kpi]
        path = indicators_dir / f"{meta.id}.csv"
        old = _existing(path, meta.unit)
        ids = [s.id for s in series]
        others = old[~old["series"].isin(ids)]  # the city's own series: kept as they are
        old = old[old["area_code"].isin(areas) & old["series"].isin(ids)]
        parts = []
        for s in series:
            rows = fetched[fetched["kpi"] == s.kolada_kpi]
            if not s.by_sex:
                rows = rows[rows["sex"] == "T"]
            parts.append(pd.DataFrame({
                "year": rows["year"].astype("int64"), "series": s.id,
                "area_code": rows["area_code"], "area_name": rows["area_code"].map(names),
                "sex": rows["sex"], "value": rows["value"].astype("float64"),
                "source": SOURCE_NAME, "retrieved": retrieved_text,
            }, columns=CSV_COLUMNS))
        new = pd.concat(parts, ignore_index=True)
        new_keys = set(new[KEY].itertuples(index=False, name=None))
        old_values = {tuple(k): v for *k, v in old[[*KEY, "value"]].itertuples(index=False,
                                                                               name=None)}
        kpi_of = {s.id: s.kolada_kpi for s in series}
        for series_id, area, sex, year, value in new[[*KEY, "value"]].itertuples(
                index=False, name=None):
            t = tallies.setdefault((kpi_of[series_id], area), Tally())
            before = old_values.get((series_id, area, sex, year))
            if before is None:
                t.added += 1
            elif before == value:
                t.unchanged += 1
            else:
                t.changed += 1
        in_years = old["year"].isin(years)
        answered = pd.Series([k in new_keys for k in old[KEY].itertuples(index=False, name=None)],
                             index=old.index, dtype=bool)
        lacking = old[in_years & ~answered]
        for series_id, area in lacking[["series", "area_code"]].itertuples(index=False, name=None):
            tallies.setdefault((kpi_of[series_id], area), Tally()).missing += 1
        keep = old[~in_years | (~answered & (not remove_missing))]
        tidy = pd.concat([p for p in (keep[CSV_COLUMNS], new, others[CSV_COLUMNS]) if not p.empty]
                         or [keep[CSV_COLUMNS]], ignore_index=True)
        tidy = tidy.dropna(subset=["value"])
        targets[path] = render_csv(sort_rows(tidy, meta))
        log(f"{meta.id}: {len(tidy)} rader")
    for line in summary(tallies, names, areas, remove_missing):
        log(line)
    absent = [k for k in kpis if k not in set(fetched["kpi"])]
    if absent:
        when = f"år {years[0]}" if len(years) == 1 else f"åren {', '.join(map(str, years))}"
        fate = "togs bort" if remove_missing else "behölls"
        log(f"Kolada svarade inte med några värden för {', '.join(absent)} {when}; "
            f"raderna för {'det året' if len(years) == 1 else 'de åren'} {fate}.")
    if population:
        targets.update(population_target(data_dir, years, client, retrieved_text, names, log))
    if national:
        targets.update(national_targets(data_dir, years, client, mapped, municipalities, log))
    write_files_atomically(targets)
    return list(targets)


def population_target(data_dir: Path, years: Sequence[int], client: KoladaClient,
                      retrieved: str, names: Mapping[str, str], log: Callable[[str], None],
                      ) -> dict[Path, bytes]:
    """data/befolkning.csv with the fetched years' inhabitants of the settings' areas: a
    row the answer contains is added or replaced, every other row is kept."""
    areas = load_settings(data_dir).area_codes
    points = client.data([POPULATION_KPI], areas, years, {POPULATION_KPI: "antal"})
    fetched = pd.DataFrame(
        [(p.year, POPULATION_KPI, p.area_code, names.get(p.area_code, p.area_code), "T",
          p.value, SOURCE_NAME, retrieved) for p in points
         if p.area_code in areas and p.year in years and p.sex == "T"],
        columns=CSV_COLUMNS).drop_duplicates(["area_code", "year"], keep="last")
    path = population_path(data_dir)
    if fetched.empty:
        log(f"Befolkning ({POPULATION_KPI}): inga värden för de åren; {path.name} är orörd.")
        return {}
    old = read_values(path) if path.exists() else pd.DataFrame(columns=CSV_COLUMNS)
    answered = set(fetched[["area_code", "year"]].itertuples(index=False, name=None))
    keep = old[[k not in answered for k in old[["area_code", "year"]].itertuples(
        index=False, name=None)]]
    rows = pd.concat([p for p in (keep[CSV_COLUMNS], fetched) if not p.empty],
                     ignore_index=True).sort_values(["area_code", "year"], kind="stable")
    log(f"Befolkning ({POPULATION_KPI}): {len(fetched)} värden för {len(answered)} område och år.")
    return {path: render_csv(rows)}


def national_targets(data_dir: Path, years: Sequence[int], client: KoladaClient,
                     metas: Sequence[IndicatorMeta], municipalities: Sequence[Mapping[str, str]],
                     log: Callable[[str], None]) -> dict[Path, bytes]:
    """data/kommuner/<id>.csv of every indicator with a Kolada main series: every
    municipality's value (total) for the fetched years. A year the answer has values for
    replaces that year's rows; other years, and a year the answer lacks, are kept.
    ``municipalities``: Kolada's list of areas (:meth:`KoladaClient.municipalities`)."""
    mains = {m.id: m.main_series.kolada_kpi for m in metas
             if m.main_series is not None and m.main_series.kolada_kpi}
    if not mains:
        return {}
    codes = sorted(m["id"] for m in municipalities if m["type"] == "K")
    names = {m["id"]: m["title"] for m in municipalities}
    units = {kpi: m.unit for m in metas for kpi in [mains.get(m.id)] if kpi}
    log(f"Hämtar alla {len(codes)} kommuners värden för {len(set(mains.values()))} nyckeltal "
        "(kommunjämförelsen) …")
    points = client.data(sorted(set(mains.values())), codes, years, units)
    fetched = pd.DataFrame(
        [(p.kpi, p.year, p.area_code, names.get(p.area_code, p.area_code), p.value)
         for p in points if p.sex == "T" and p.area_code in names and p.year in years],
        columns=["kpi", *NATIONAL_COLUMNS]).drop_duplicates(["kpi", "year", "area_code"],
                                                           keep="last")
    targets: dict[Path, bytes] = {}
    for indicator_id, kpi in sorted(mains.items()):
        new = fetched[fetched["kpi"] == kpi][list(NATIONAL_COLUMNS)]
        path = national_path(data_dir, indicator_id)
        old = (read_national(path) if path.exists()
               else pd.DataFrame(columns=list(NATIONAL_COLUMNS)))
        replaced = set(new["year"])
        rows = pd.concat([p for p in (old[~old["year"].isin(replaced)], new) if not p.empty]
                         or [old], ignore_index=True)
        if rows.empty:
            continue
        rows = rows.sort_values(["year", "area_code"], kind="stable")
        targets[path] = render_national_csv(rows)
        shown = ", ".join(map(str, sorted(replaced))) or "inga nya år"
        log(f"{path.parent.name}/{path.name}: {len(new)} kommunvärden ({shown})")
    return targets


__all__ = ["DEFAULT_API_URL", "ENV_VAR", "KoladaApiError", "KoladaClient", "api_url",
           "fetch_to_files", "parse_page", "parse_years"]
