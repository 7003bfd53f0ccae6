"""Fetch the mapped KPIs from the live Kolada API (v3) into the tidy indicator files.

``trygghet kolada --year 2024`` asks Kolada for every KPI in
``data/indicators/*.yml`` for the municipality, Riket and the comparison group
in ``data/settings.yml`` and writes the same ``data/indicators/<id>.csv`` files
as the dump importer (:mod:`trygghet.intake.kolada`), with today's date as
``retrieved``. Rows for the requested years are replaced; rows for other years
are kept, so a new year is added without losing the history.

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
import math
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pandas as pd
import requests

from trygghet.data.errors import DataError
from trygghet.data.files import write_files_atomically
from trygghet.data.indicators import CSV_COLUMNS, IndicatorMeta, read_values
from trygghet.data.settings import load_settings
from trygghet.data.yamlio import load_model
from trygghet.intake.kolada import SOURCE_NAME, render_csv

DEFAULT_API_URL = "https://api.kolada.se/v3/"
ENV_VAR = "KOLADA_API_URL"
PER_PAGE = 5000  # the API's largest page
MAX_IDS = 25  # the API's largest list of ids in one path segment
MAX_PAGES = 500  # a safety stop against a next link that never ends
RETRY_STATUSES = {429, 500, 502, 503, 504}
SEXES = {"T", "K", "M"}
HINT = ("Kontrollera nätverket, eller ange en annan adress med --api-url eller "
        f"miljövariabeln {ENV_VAR}.")


class KoladaApiError(Exception):
    """The API could not be reached or answered with an error (message in Swedish)."""


def api_url(option: str | None = None, environ: dict | None = None) -> str:
    """The API's base URL: the command-line option, else $KOLADA_API_URL, else Kolada's."""
    environ = os.environ if environ is None else environ
    url = option or environ.get(ENV_VAR) or DEFAULT_API_URL
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
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


def parse_page(payload: object, url: str) -> tuple[list[Value], str | None]:
    """The data points of one response page and the next page's URL (or None)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaApiError(f"Svaret från {url} har oväntad form: fältet \"values\" saknas.")
    points: list[Value] = []
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
            try:
                number = float(raw)
            except (TypeError, ValueError):
                raise KoladaApiError(f"Svaret från {url} har ett värde som inte är ett tal: "
                                     f"{raw!r} ({kpi}, {area}, {year})") from None
            if not math.isfinite(number):
                continue
            points.append(Value(kpi, area, year, sex, number))
    following = payload.get("next_url") or payload.get("next_page")
    return points, (urljoin(url, following) if following else None)


@dataclass
class KoladaClient:
    """A small client for the Kolada API with timeouts and a bounded retry."""

    base_url: str = DEFAULT_API_URL
    timeout: float = 30.0  # seconds, for connecting and for each read
    attempts: int = 3  # tries per request (1 = no retry)
    backoff: float = 1.0  # seconds before the 2nd try, doubled for each further try
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep

    def get_json(self, url: str) -> object:
        """GET ``url`` and decode its JSON, retrying network errors and 429/5xx answers."""
        reason = ""
        for attempt in range(1, max(1, self.attempts) + 1):
            if attempt > 1:
                self.sleep(self.backoff * 2 ** (attempt - 2))
            try:
                response = self.session.get(url, timeout=self.timeout,
                                            headers={"Accept": "application/json"})
            except requests.Timeout:
                reason = f"inget svar inom {self.timeout:g} sekunder"
                continue
            except requests.ConnectionError as exc:
                reason = f"ingen förbindelse ({type(exc).__name__})"
                continue
            except requests.RequestException as exc:
                raise KoladaApiError(f"Kunde inte fråga Kolada ({url}): {exc}. {HINT}") from None
            if response.status_code in RETRY_STATUSES:
                reason = f"Kolada svarade med HTTP-status {response.status_code}"
                continue
            if response.status_code != 200:
                raise KoladaApiError(
                    f"Kolada svarade med HTTP-status {response.status_code} för {url}. "
                    "Kontrollera nyckeltalen och kommunkoderna, eller API-adressen.")
            try:
                return response.json()
            except ValueError:
                raise KoladaApiError(f"Svaret från {url} är inte giltig JSON.") from None
        raise KoladaApiError(
            f"Kunde inte hämta data från Kolada efter {self.attempts} försök: {reason} ({url}). "
            f"{HINT}")

    def pages(self, url: str) -> Iterator[list[Value]]:
        """Every page of a query, following the response's next link."""
        seen: set[str] = set()
        while url:
            if url in seen or len(seen) >= MAX_PAGES:
                raise KoladaApiError(f"Kolada skickar tillbaka samma sida igen ({url}); "
                                     "hämtningen avbröts.")
            seen.add(url)
            points, url = parse_page(self.get_json(url), url)
            yield points

    def data_url(self, kpis: Sequence[str], areas: Sequence[str], years: Sequence[int]) -> str:
        return (f"{self.base_url.rstrip('/')}/data/kpi/{','.join(kpis)}/municipality/"
                f"{','.join(areas)}/year/{','.join(map(str, years))}?per_page={PER_PAGE}")

    def data(self, kpis: Sequence[str], areas: Sequence[str], years: Sequence[int]) -> list[Value]:
        """All values of ``kpis`` for ``areas`` and ``years`` (ids chunked by 25)."""
        points: list[Value] = []
        for k in _chunks(kpis):
            for a in _chunks(areas):
                for y in _chunks([str(y) for y in years]):
                    for page in self.pages(self.data_url(k, a, y)):
                        points += page
        return points

    def municipality_names(self) -> dict[str, str]:
        """Kolada's names of municipalities, regions and Riket, by id."""
        names: dict[str, str] = {}
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
                    names[str(item["id"])] = str(item["title"]).strip()
            following = payload.get("next_url") or payload.get("next_page")
            url = urljoin(url, following) if following else None
        return names


def _existing(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=CSV_COLUMNS)
    try:
        frame = read_values(path)
    except DataError as err:
        raise KoladaApiError(f"Den befintliga filen {path} är ogiltig: {err}") from None
    frame["retrieved"] = frame["retrieved"].astype(str)
    return frame


def fetch_to_files(
    data_dir: Path, years: Sequence[int], client: KoladaClient, *,
    retrieved: dt.date | None = None, log: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Fetch ``years`` for every mapped KPI and write data/indicators/<id>.csv.

    Rows of the requested years are replaced by what Kolada returns; other years
    are kept; areas no longer in the settings are dropped. Nothing is written
    unless every request succeeded. Returns the written paths."""
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
    log(f"Hämtar {len(kpis)} nyckeltal för {len(areas)} områden och åren "
        f"{years[0]}–{years[-1]} från {client.base_url} …")
    points = client.data(kpis, areas, years)
    names = client.municipality_names()
    missing_names = [a for a in areas if a not in names]
    if missing_names:
        raise KoladaApiError(f"Kolada känner inte till områdeskoden {', '.join(missing_names)} "
                             "(kontrollera data/settings.yml).")
    if not points:
        raise KoladaApiError(f"Kolada returnerade inga värden för åren {', '.join(map(str, years))}."
                             " Inget har skrivits.")
    fetched = pd.DataFrame(
        [(p.kpi, p.area_code, p.year, p.sex, p.value) for p in points
         if p.area_code in areas and p.year in years],
        columns=["kpi", "area_code", "year", "sex", "value"],
    ).drop_duplicates(["kpi", "area_code", "year", "sex"], keep="last")

    targets: dict[Path, bytes] = {}
    for meta in mapped:
        series = [s for s in meta.series if s.kolada_kpi]
        path = indicators_dir / f"{meta.id}.csv"
        old = _existing(path)
        keep = old[~old["year"].isin(years) & old["area_code"].isin(areas)
                   & old["series"].isin([s.id for s in series])]
        parts = [keep[CSV_COLUMNS]]
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
        tidy = pd.concat([p for p in parts if not p.empty] or [keep[CSV_COLUMNS]],
                         ignore_index=True)
        tidy = tidy.dropna(subset=["value"])
        order = {s.id: i for i, s in enumerate(series)}
        tidy = tidy.sort_values(
            ["series", "area_code", "sex", "year"],
            key=lambda col: col.map(order) if col.name == "series" else col, kind="stable",
        )
        targets[path] = render_csv(tidy)
        log(f"{meta.id}: {len(tidy)} rader")
    write_files_atomically(targets)
    return list(targets)


__all__ = ["DEFAULT_API_URL", "ENV_VAR", "KoladaApiError", "KoladaClient", "api_url",
           "fetch_to_files", "parse_page", "parse_years"]
