"""Fetch the mapped KPIs from the live Kolada API (v3) into the tidy indicator files.

``trygghet kolada --year 2024`` asks Kolada for every KPI in
``data/indicators/*.yml`` for the municipality, Riket and the comparison group
in ``data/settings.yml`` and writes the same ``data/indicators/<id>.csv`` files
as the dump importer (:mod:`trygghet.intake.kolada`), with today's date as
``retrieved``; and the same years of the population (``data/befolkning.csv``) and of
every municipality's main-series values (``data/kommuner/<id>.csv``), so the national
comparison and the rates show the same years.

One rule for every file (:func:`merge`): a row that the answer contains is added or
replaced; a row the answer lacks is kept (and reported), unless it is of a requested
year and area and ``--remove-missing``; so a new year is added without losing the
history and a partial answer deletes nothing. The answer is trusted no further than it
must be: a row of a KPI or area that was not asked for, two different values for the
same row, a redirect or next link off the API's host and an area name that is not the
municipality register's (:mod:`trygghet.data.register`) are errors; a stored value
revised by more than a limit (:data:`POPULATION_REVISION_LIMIT`,
:data:`VALUE_REVISION_LIMIT`) is written only when the user accepts it.

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
from babel.numbers import format_decimal

from trygghet.data.errors import DataError, UserError
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
from trygghet.data.national import NATIONAL_COLUMNS, NATIONAL_DIR, national_path, read_national
from trygghet.data.register import MUNICIPALITY, REGISTER_PATH, area_name_problem, load_register
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


class KoladaApiError(UserError):
    """The API could not be reached or answered with an error (message in Swedish)."""

    untouched = "Inget har skrivits; de befintliga datafilerna är orörda."


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
    return points, next_link(payload, url)


def next_link(payload: Mapping, url: str) -> str | None:
    """The absolute address of the page after ``payload`` (fetched from ``url``), or None."""
    following = payload.get("next_url") or payload.get("next_page")
    return _checked_url(urljoin(url, following)) if following else None


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

    def __post_init__(self) -> None:
        # Every answer passes here before a redirect is followed (requests calls the hook
        # for each response of the chain), so a redirect never leaves the API's host.
        self.session.hooks["response"].append(self._refuse_redirect_off_host)

    def on_host(self, url: str) -> bool:
        """Whether ``url`` is on the API's host (and port), over http or https."""
        try:
            parts, base = urlsplit(url), urlsplit(self.base_url)
        except ValueError:
            return False
        return parts.scheme in {"http", "https"} and parts.netloc.lower() == base.netloc.lower()

    def _refuse_redirect_off_host(self, response: requests.Response, *args, **kwargs):
        if response.is_redirect:
            target = urljoin(response.url, response.headers.get("location", ""))
            if not self.on_host(target):
                response.close()
                raise KoladaApiError(
                    f"Kolada-API:t ({response.url}) hänvisade med HTTP-status "
                    f"{response.status_code} till {target}, som ligger utanför API:ts värd "
                    f"{urlsplit(self.base_url).netloc}; hämtningen avbröts. Ange API:ts riktiga "
                    f"adress med --api-url eller miljövariabeln {ENV_VAR}.")
        return response

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

    def payloads(self, url: str) -> Iterator[tuple[str, dict]]:
        """Every page of a query as (its address, its JSON object), following the answer's
        next link: the one paging loop, for values and for the list of areas."""
        seen: set[str] = set()
        while url:
            if url in seen:
                raise KoladaApiError(f"Kolada skickar tillbaka samma sida igen ({url}); "
                                     "hämtningen avbröts.")
            if len(seen) >= MAX_PAGES:
                raise KoladaApiError(f"Kolada hänvisar till fler än {MAX_PAGES} sidor för samma "
                                     f"fråga (sida {MAX_PAGES + 1} vore {url}); hämtningen "
                                     "avbröts.")
            seen.add(url)
            payload = self.get_json(url)
            if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
                raise KoladaApiError(f"Svaret från {url} har oväntad form: fältet \"values\" "
                                     "saknas.")
            yield url, payload
            following = next_link(payload, url)
            if following and not self.on_host(following):
                raise KoladaApiError(
                    f"Kolada hänvisar till nästa sida på en annan värd ({following}), utanför "
                    f"API:ts värd {urlsplit(self.base_url).netloc}; hämtningen avbröts.")
            url = following

    def pages(self, url: str, units: Mapping[str, str] | None = None,
              ) -> Iterator[list[Value]]:
        """The data points of every page of a query."""
        for page_url, payload in self.payloads(url):
            yield parse_page(payload, page_url, units)[0]

    def data_url(self, kpis: Sequence[str], areas: Sequence[str], years: Sequence[int]) -> str:
        return (f"{self.base_url.rstrip('/')}/data/kpi/{','.join(kpis)}/municipality/"
                f"{','.join(areas)}/year/{','.join(map(str, years))}?per_page={PER_PAGE}")

    def data(self, kpis: Sequence[str], areas: Sequence[str], years: Sequence[int],
             units: Mapping[str, str] | None = None) -> list[Value]:
        """All values of ``kpis`` for ``areas`` and ``years`` (ids chunked by 25), each
        checked against its KPI's unit in ``units``.

        A value of a KPI or an area that was not asked for, and two different values for the
        same KPI, area, year and sex, are errors: the answer cannot be trusted."""
        found: dict[tuple[str, str, int, str], Value] = {}
        conflicts: list[str] = []
        for k in _chunks(kpis):
            for a in _chunks(areas):
                for y in _chunks([str(y) for y in years]):
                    url = self.data_url(k, a, y)
                    for page in self.pages(url, units):
                        for point in page:
                            _check_asked(point, k, a, url)
                            key = (point.kpi, point.area_code, point.year, point.sex)
                            first = found.setdefault(key, point)
                            if first.value != point.value:
                                conflicts.append(
                                    f"nyckeltal {point.kpi}, område {point.area_code}, år "
                                    f"{point.year}, kön {point.sex}: {_number(first.value)} och "
                                    f"{_number(point.value)}")
        if conflicts:
            raise KoladaApiError(
                "Koladas svar har olika värden för samma nyckeltal, område, år och kön; "
                "vilket som gäller går inte att veta:\n  " + _listing(conflicts))
        return list(found.values())

    def municipalities(self) -> list[dict[str, str]]:
        """Kolada's list of areas: id, title and type ("K" municipality, "L" region)."""
        found: list[dict[str, str]] = []
        for _, payload in self.payloads(f"{self.base_url.rstrip('/')}/municipality"
                                        f"?per_page={PER_PAGE}"):
            for item in payload["values"]:
                if isinstance(item, dict) and item.get("id") and item.get("title"):
                    found.append({"id": str(item["id"]), "title": str(item["title"]).strip(),
                                  "type": str(item.get("type", ""))})
        return found


def _check_asked(point: Value, kpis: Sequence[str], areas: Sequence[str], url: str) -> None:
    """A value of a KPI or an area that the query did not ask for is an error."""
    if point.kpi not in kpis:
        raise KoladaApiError(
            f"Koladas svar på {url} har ett värde för nyckeltalet {point.kpi} (område "
            f"{point.area_code}, år {point.year}), som inte efterfrågades; frågan gällde "
            f"{', '.join(kpis)}.")
    if point.area_code not in areas:
        raise KoladaApiError(
            f"Koladas svar på {url} har ett värde för området {point.area_code} (nyckeltal "
            f"{point.kpi}, år {point.year}), som inte efterfrågades.")


def _number(value: float) -> str:
    """A value as Swedes write it: decimal comma, spaces between thousands."""
    return format_decimal(value, format="#,##0.######", locale="sv_SE").replace("\xa0", " ")


def _listing(lines: Sequence[str], most: int = 10) -> str:
    more = f"\n  … och {len(lines) - most} till" if len(lines) > most else ""
    return "\n  ".join(lines[:most]) + more


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
NATIONAL_KEY = ["year", "area_code"]  # one row of data/kommuner/<id>.csv

#: A stored population that Kolada's answer revises by more than this share (5 %) is
#: flagged, and so is any other stored value revised by more than VALUE_REVISION_LIMIT
#: (50 %): nothing is written until the user accepts them (--godta-revisioner).
POPULATION_REVISION_LIMIT = 0.05
VALUE_REVISION_LIMIT = 0.5

ADDED, CHANGED, UNCHANGED, MISSING = "added", "changed", "unchanged", "missing"


@dataclass
class Tally:
    """What a fetch did to the rows of one KPI and area (or one file)."""

    added: int = 0  # in the answer, not in the file
    changed: int = 0  # in both, with another value
    unchanged: int = 0  # in both, same value
    missing: int = 0  # in the file for a fetched year and area, not in the answer


def merge(old: pd.DataFrame, new: pd.DataFrame, key: Sequence[str], asked: pd.Series,
          remove_missing: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The one rule of every file ``trygghet kolada`` writes: a row (by ``key``) that the
    answer ``new`` holds is added or replaces the old one; an ``old`` row that the answer
    lacks is kept, unless it was ``asked`` for (a fetched year and area) and
    ``remove_missing``. Returns the rows to write and what happened: one row per key
    with the key's columns, ``old``, ``new`` and ``change`` (ADDED, CHANGED, UNCHANGED or
    MISSING)."""
    key = list(key)
    before = {tuple(k): v for *k, v in old[[*key, "value"]].itertuples(index=False, name=None)}
    changes = []
    for *k, value in new[[*key, "value"]].itertuples(index=False, name=None):
        was = before.get(tuple(k))
        change = (ADDED if was is None or pd.isna(was) else UNCHANGED if was == value
                  else CHANGED)
        changes.append((*k, was, value, change))
    answered = set(new[key].itertuples(index=False, name=None))
    in_answer = pd.Series([k in answered for k in old[key].itertuples(index=False, name=None)],
                          index=old.index, dtype=bool)
    asked = asked.astype(bool)
    lacking = old[asked & ~in_answer]
    changes += [(*k, v, None, MISSING)
                for *k, v in lacking[[*key, "value"]].itertuples(index=False, name=None)]
    keep = old[~in_answer & ~(asked & remove_missing)]
    rows = pd.concat([p for p in (keep, new) if not p.empty] or [keep], ignore_index=True)
    return rows, pd.DataFrame(changes, columns=[*key, "old", "new", "change"])


def tally(changes: pd.DataFrame, by: Sequence[str]) -> dict[tuple, Tally]:
    """How many rows of ``changes`` (see :func:`merge`) of each kind, per ``by``."""
    found: dict[tuple, Tally] = {}
    for labels, change in zip(changes[list(by)].itertuples(index=False, name=None),
                              changes["change"], strict=True):
        counts = found.setdefault(labels, Tally())
        setattr(counts, change, getattr(counts, change) + 1)
    return found


def revisions(changes: pd.DataFrame, limit: float, where: Callable[[dict], str]) -> list[str]:
    """Each changed value of ``changes`` that moved by more than ``limit`` (a share of the
    old value), in Swedish: ``where`` (from the row), old and new value and the change."""
    flagged = []
    for row in changes[changes["change"] == CHANGED].to_dict("records"):
        old, new = float(row["old"]), float(row["new"])
        if abs(new - old) > limit * abs(old):
            share = ("från noll" if old == 0
                     else f"{(new - old) / abs(old) * 100:+.0f} %".replace("-", "−"))
            flagged.append(f"{where(row)}: gammalt {_number(old)}, nytt {_number(new)} "
                           f"({share})")
    return flagged


def summary(rows: Sequence[tuple[Sequence[str], Tally]], remove_missing: bool) -> list[str]:
    """A short table, in Swedish, of what changed: one row per KPI and area (or file)."""
    heads = ["Nyckeltal", "Område", "Nya", "Ändrade", "Oförändrade",
             "Borttagna" if remove_missing else "Saknas i svaret"]
    table = [[*labels, str(t.added), str(t.changed), str(t.unchanged), str(t.missing)]
             for labels, t in rows if t.added or t.changed or t.unchanged or t.missing]
    widths = [max(len(r[i]) for r in [heads, *table]) for i in range(len(heads))]
    lines = ["  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
             for r in [heads, *table]]
    missing = sum(t.missing for _, t in rows)
    if missing and remove_missing:
        lines.append(f"{missing} rader som inte finns i Koladas svar togs bort "
                     "(--remove-missing).")
    elif missing:
        lines.append(f"{missing} rader för de hämtade åren finns inte i Koladas svar och "
                     "behölls. Ta bort dem med --remove-missing om Kolada inte längre har dem.")
    return lines


@dataclass
class _Step:
    """What one part of the fetch will write and report."""

    targets: dict[Path, bytes] = field(default_factory=dict)
    rows: list[tuple[list[str], Tally]] = field(default_factory=list)  # the summary's rows
    flagged: list[str] = field(default_factory=list)  # revisions above the limit


def fetch_to_files(
    data_dir: Path, years: Sequence[int], client: KoladaClient, *,
    retrieved: dt.date | None = None, log: Callable[[str], None] = lambda _: None,
    remove_missing: bool = False, population: bool = False, national: bool = False,
    confirm: Callable[[list[str]], bool] | None = None,
) -> list[Path]:
    """Fetch ``years`` for every mapped KPI and write data/indicators/<id>.csv; with
    ``population`` also the inhabitants (N01951) of the same areas in data/befolkning.csv,
    and with ``national`` every municipality's values of each indicator's main series in
    data/kommuner/<id>.csv (the national comparison), so that the whole book shows the
    same years (``trygghet kolada`` does all three).

    Every file follows :func:`merge`: a row that Kolada's answer contains is added or
    replaced; a row the answer lacks is kept, unless it is of a fetched year and area and
    ``remove_missing``. What changed is logged as a table per KPI and area. Area names
    must be the municipality register's (:mod:`trygghet.data.register`). A stored value
    revised by more than the limits above is listed and nothing is written unless
    ``confirm`` (given the list) returns True. Nothing is written unless every request
    succeeded and every value is plausible. Returns the written paths."""
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
    names = checked_names(municipalities, areas, with_municipalities=national)
    fetched = pd.DataFrame(
        [(p.kpi, p.area_code, p.year, p.sex, p.value) for p in points if p.year in years],
        columns=["kpi", "area_code", "year", "sex", "value"])
    if fetched.empty:
        other = sorted({p.year for p in points} - set(years))
        also = (f" (svaret hade bara värden för {', '.join(map(str, other))})" if other else "")
        raise KoladaApiError(f"Kolada returnerade inga värden för åren {', '.join(map(str, years))}"
                             f"{also}. Inget har skrivits.")

    steps = [indicator_step(data_dir, mapped, fetched, areas, years, names, retrieved_text,
                            remove_missing, log)]
    if population:
        steps.append(population_step(data_dir, years, client, retrieved_text, names,
                                     remove_missing, log))
    if national:
        steps.append(national_step(data_dir, years, client, mapped, municipalities,
                                   remove_missing, log))
    for line in summary([r for step in steps for r in step.rows], remove_missing):
        log(line)
    absent = [k for k in kpis if k not in set(fetched["kpi"])]
    if absent:
        when = f"år {years[0]}" if len(years) == 1 else f"åren {', '.join(map(str, years))}"
        fate = "togs bort" if remove_missing else "behölls"
        log(f"Kolada svarade inte med några värden för {', '.join(absent)} {when}; "
            f"raderna för {'det året' if len(years) == 1 else 'de åren'} {fate}.")
    flagged = [line for step in steps for line in step.flagged]
    if flagged and not (confirm is not None and confirm(flagged)):
        raise KoladaApiError(
            f"Koladas svar ändrar {len(flagged)} redan sparade värden mer än gränsen "
            f"(befolkningen mer än {POPULATION_REVISION_LIMIT * 100:.0f} %, andra värden mer "
            f"än {VALUE_REVISION_LIMIT * 100:.0f} %):\n  " + _listing(flagged, 50)
            + "\nKontrollera värdena i Kolada. Stämmer de, kör kommandot igen med "
              "--godta-revisioner.")
    targets = {path: content for step in steps for path, content in step.targets.items()}
    write_files_atomically(targets)
    return list(targets)


def checked_names(municipalities: Sequence[Mapping[str, str]], areas: Sequence[str],
                  with_municipalities: bool) -> dict[str, str]:
    """Kolada's names of the areas (and, ``with_municipalities``, of every municipality),
    by code, each checked against the municipality register: a name that is not the
    register's for its code is an error naming the code and both names."""
    names = {item["id"]: item["title"] for item in municipalities}
    unknown = [a for a in areas if a not in names]
    if unknown:
        raise KoladaApiError(f"Kolada känner inte till områdeskoden {', '.join(unknown)} "
                             "(kontrollera data/settings.yml).")
    used = set(areas)
    if with_municipalities:
        used |= {item["id"] for item in municipalities if item["type"] == MUNICIPALITY}
    register = load_register()
    wrong = [problem for code in sorted(used)
             if (problem := area_name_problem(code, names[code], register))]
    if wrong:
        raise KoladaApiError(
            "Koladas lista över områden stämmer inte med kommunregistret "
            f"({REGISTER_PATH.name}); inget sådant namn sparas:\n  " + _listing(wrong)
            + "\nHar en kommun bytt namn, rätta registret; annars kan svaret inte vara "
              "Koladas.")
    return {code: names[code] for code in used}


def indicator_step(data_dir: Path, metas: Sequence[IndicatorMeta], fetched: pd.DataFrame,
                   areas: Sequence[str], years: Sequence[int], names: Mapping[str, str],
                   retrieved: str, remove_missing: bool, log: Callable[[str], None]) -> _Step:
    """data/indicators/<id>.csv of every indicator with a Kolada series (see
    :func:`merge`); the city's own series in the same file are kept as they are."""
    step = _Step()
    tallies: dict[tuple, Tally] = {}
    outside = 0
    for meta in metas:
        series = [s for s in meta.series if s.kolada_kpi]
        path = data_dir / "indicators" / f"{meta.id}.csv"
        old = _existing(path, meta.unit)
        ids = [s.id for s in series]
        others = old[~old["series"].isin(ids)]  # the city's own series: kept as they are
        old = old[old["series"].isin(ids)]
        parts = []
        for s in series:
            rows = fetched[fetched["kpi"] == s.kolada_kpi]
            if not s.by_sex:
                rows = rows[rows["sex"] == "T"]
            parts.append(pd.DataFrame({
                "year": rows["year"].astype("int64"), "series": s.id,
                "area_code": rows["area_code"], "area_name": rows["area_code"].map(names),
                "sex": rows["sex"], "value": rows["value"].astype("float64"),
                "source": SOURCE_NAME, "retrieved": retrieved,
            }, columns=CSV_COLUMNS))
        new = pd.concat(parts, ignore_index=True)
        asked = old["year"].isin(years) & old["area_code"].isin(areas)
        outside += int((~old["area_code"].isin(areas)).sum())
        rows, changes = merge(old[CSV_COLUMNS], new, KEY, asked, remove_missing)
        kpi_of = {s.id: s.kolada_kpi for s in series}
        changes["kpi"] = changes["series"].map(kpi_of)
        for labels, counts in tally(changes, ["kpi", "area_code"]).items():
            mine = tallies.setdefault(labels, Tally())
            for kind in (ADDED, CHANGED, UNCHANGED, MISSING):
                setattr(mine, kind, getattr(mine, kind) + getattr(counts, kind))
        step.flagged += revisions(changes, VALUE_REVISION_LIMIT, lambda r, name=path.name: (
            f"{name}: {names.get(r['area_code'], r['area_code'])} ({r['area_code']}), år "
            f"{r['year']}, serie {r['series']}, kön {r['sex']}"))
        tidy = pd.concat([p for p in (rows, others[CSV_COLUMNS]) if not p.empty] or [rows],
                         ignore_index=True).dropna(subset=["value"])
        step.targets[path] = render_csv(sort_rows(tidy, meta))
        log(f"{meta.id}: {len(tidy)} rader")
    order = {a: i for i, a in enumerate(areas)}
    step.rows = [([kpi, f"{names.get(area, area)} ({area})"], t) for (kpi, area), t in
                 sorted(tallies.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 0)))]
    if outside:
        log(f"{outside} rader för områden som inte finns i data/settings.yml behölls "
            "som de var.")
    return step


def population_step(data_dir: Path, years: Sequence[int], client: KoladaClient,
                    retrieved: str, names: Mapping[str, str], remove_missing: bool,
                    log: Callable[[str], None]) -> _Step:
    """data/befolkning.csv with the fetched years' inhabitants of the settings' areas (see
    :func:`merge`); a change of more than POPULATION_REVISION_LIMIT is flagged."""
    areas = load_settings(data_dir).area_codes
    points = client.data([POPULATION_KPI], areas, years, {POPULATION_KPI: "antal"})
    new = pd.DataFrame(
        [(p.year, POPULATION_KPI, p.area_code, names[p.area_code], "T", p.value, SOURCE_NAME,
          retrieved) for p in points if p.year in years and p.sex == "T"],
        columns=CSV_COLUMNS).astype({"year": "int64", "value": "float64"})
    path = population_path(data_dir)
    if path.exists():
        old = read_values(path)
        old["retrieved"] = old["retrieved"].astype(str)
    else:
        old = pd.DataFrame(columns=CSV_COLUMNS)
    asked = (old["series"] == POPULATION_KPI) & old["year"].isin(years) & \
        old["area_code"].isin(areas)
    rows, changes = merge(old[CSV_COLUMNS], new, KEY, asked, remove_missing)
    step = _Step()
    if new.empty and changes.empty:
        log(f"Befolkning ({POPULATION_KPI}): inga värden för de åren; {path.name} är orörd.")
        return step
    order = {a: i for i, a in enumerate(areas)}
    step.rows = [([POPULATION_KPI, f"{names.get(area, area)} ({area})"], t) for (area,), t in
                 sorted(tally(changes, ["area_code"]).items(),
                        key=lambda kv: order.get(kv[0][0], len(order)))]
    step.flagged = revisions(changes, POPULATION_REVISION_LIMIT, lambda r: (
        f"{path.name}: {names.get(r['area_code'], r['area_code'])} ({r['area_code']}), år "
        f"{r['year']}"))
    step.targets[path] = render_csv(rows.sort_values(["area_code", "year"], kind="stable"))
    log(f"Befolkning ({POPULATION_KPI}): {len(new)} värden i Koladas svar.")
    return step


def national_step(data_dir: Path, years: Sequence[int], client: KoladaClient,
                  metas: Sequence[IndicatorMeta], municipalities: Sequence[Mapping[str, str]],
                  remove_missing: bool, log: Callable[[str], None]) -> _Step:
    """data/kommuner/<id>.csv of every indicator with a Kolada main series: every
    municipality's value (total) for the fetched years (see :func:`merge`).
    ``municipalities``: Kolada's list of areas, checked (:func:`checked_names`)."""
    step = _Step()
    mains = {m.id: m.main_series.kolada_kpi for m in metas
             if m.main_series is not None and m.main_series.kolada_kpi}
    if not mains:
        return step
    codes = sorted(m["id"] for m in municipalities if m["type"] == MUNICIPALITY)
    names = {m["id"]: m["title"] for m in municipalities}
    units = {kpi: m.unit for m in metas for kpi in [mains.get(m.id)] if kpi}
    log(f"Hämtar alla {len(codes)} kommuners värden för {len(set(mains.values()))} nyckeltal "
        "(kommunjämförelsen) …")
    points = client.data(sorted(set(mains.values())), codes, years, units)
    fetched = pd.DataFrame(
        [(p.kpi, p.year, p.area_code, names[p.area_code], p.value)
         for p in points if p.sex == "T" and p.year in years],
        columns=["kpi", *NATIONAL_COLUMNS]).astype({"year": "int64", "value": "float64"})
    for indicator_id, kpi in sorted(mains.items()):
        new = fetched[fetched["kpi"] == kpi][list(NATIONAL_COLUMNS)]
        path = national_path(data_dir, indicator_id)
        old = (read_national(path) if path.exists()
               else pd.DataFrame(columns=list(NATIONAL_COLUMNS)))
        asked = old["year"].isin(years) & old["area_code"].isin(codes)
        rows, changes = merge(old, new, NATIONAL_KEY, asked, remove_missing)
        if rows.empty:
            continue
        counts = tally(changes.assign(file=path.name), ["file"])
        step.rows += [([kpi, f"alla kommuner ({path.parent.name}/{path.name})"], t)
                      for t in counts.values()]
        step.flagged += revisions(changes, VALUE_REVISION_LIMIT, lambda r, name=path.name: (
            f"{NATIONAL_DIR}/{name}: {names.get(r['area_code'], r['area_code'])} "
            f"({r['area_code']}), år {r['year']}"))
        step.targets[path] = render_national_csv(
            rows.sort_values(["year", "area_code"], kind="stable"))
        log(f"{path.parent.name}/{path.name}: {len(new)} kommunvärden i Koladas svar")
    return step


__all__ = ["DEFAULT_API_URL", "ENV_VAR", "POPULATION_REVISION_LIMIT", "VALUE_REVISION_LIMIT",
           "KoladaApiError", "KoladaClient", "api_url", "fetch_to_files", "merge",
           "parse_page", "parse_years"]
