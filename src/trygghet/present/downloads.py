"""Data for researchers: one CSV per indicator and one data package per edition.

Both are built from the values as the book publishes them (small counts
suppressed, years up to the edition year), so a download never shows more than
the page. The files are deterministic: the same data give the same bytes.

- ``<id>.csv``: UTF-8 *with* BOM (so Excel shows å ä ö), comma separated,
  decimal point, full precision; ".." where a value is suppressed.
- ``indikatorer-<year>.zip``: ``datapackage.json`` (Frictionless Data Package,
  tabular) + ``data/<id>.csv`` for every indicator with data + two files the
  project computed: ``data/utveckling.csv`` (development since the baseline)
  and ``data/jamforelsegrupp.csv`` (the comparison group's mean)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from trygghet.analysis import trend
from trygghet.data.files import write_atomically
from trygghet.data.indicators import Indicator, load_indicator
from trygghet.data.plan import Plan, load_plan
from trygghet.data.project import resolve_data_dir
from trygghet.data.settings import Settings, load_settings
from trygghet.data.untrusted import markdown_link
from trygghet.present import text

BOM = "\ufeff"
DOWNLOAD_DIR = Path("downloads")
KOLADA_TERMS_URL = "https://www.kolada.se/om-oss/api/"
SOURCE_AS_PUBLISHED = "Källa: Kolada"
#: Columns of a downloaded indicator file, in this order.
DOWNLOAD_COLUMNS = ["year", "series", "series_label", "area_code", "area_name", "sex", "value",
                    "unit", "source", "retrieved"]
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# -- one indicator --------------------------------------------------------------------


def _value_text(value: float, suppressed: bool) -> str:
    if suppressed:
        return text.NOT_AVAILABLE
    return repr(float(value))


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def published_rows(indicator: Indicator, edition_year: int) -> pd.DataFrame:
    """The rows a download contains: values up to the edition year, suppressed
    counts kept as rows (shown as ".."), in the tidy file's order."""
    values = indicator.values
    if values.empty:
        return values
    if "suppressed" not in values:
        values = values.assign(suppressed=False)
    keep = (values["year"] <= edition_year) & (values["value"].notna() | values["suppressed"])
    return values[keep]


def indicator_csv(indicator: Indicator, edition_year: int) -> bytes:
    """The downloadable CSV of one indicator."""
    meta = indicator.meta
    rows = []
    for r in published_rows(indicator, edition_year).itertuples(index=False):
        rows.append([
            str(int(r.year)), r.series, meta.series_label(r.series), r.area_code, r.area_name,
            r.sex, _value_text(r.value, bool(r.suppressed)), meta.unit, SOURCE_AS_PUBLISHED,
            str(r.retrieved),
        ])
    return _csv_bytes(DOWNLOAD_COLUMNS, rows)


def write_indicator_csv(indicator: Indicator, edition_year: int,
                        target_dir: Path = DOWNLOAD_DIR) -> Path:
    return write_atomically(Path(target_dir) / f"{indicator.meta.id}.csv",
                            indicator_csv(indicator, edition_year))


# -- the data package -----------------------------------------------------------------


def data_package_name(year: int) -> str:
    """The file name of an edition's data package."""
    return f"indikatorer-{year}.zip"


def _retrieved(indicator: Indicator, edition_year: int) -> list[str]:
    rows = published_rows(indicator, edition_year)
    return sorted({str(d) for d in rows["retrieved"]}) if not rows.empty else []


def _indicator_resource(indicator: Indicator, edition_year: int) -> dict:
    meta = indicator.meta
    series = ", ".join(f"{s.id} = {s.label}" for s in meta.series)
    source = meta.source
    resource = {
        "name": meta.id,
        "path": f"data/{meta.id}.csv",
        "profile": "tabular-data-resource",
        "title": meta.measure,
        "description": meta.definition,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "sources": ([{"title": source.citation, "path": source.url}] if source else [])
        + [{"title": f"Källa: {s}"} for s in indicator.own_sources(edition_year)],
        "unit": meta.unit,
        "direction": meta.direction,
        "measures_opposite": meta.measures_opposite,
        "retrieved": _retrieved(indicator, edition_year),
        "caveats": list(meta.caveats),
        "schema": {
            "fields": [
                {"name": "year", "type": "integer", "title": "År"},
                {"name": "series", "type": "string", "title": "Serie",
                 "description": f"Seriens id (Koladas nyckeltal): {series}",
                 "constraints": {"enum": [s.id for s in meta.series]}},
                {"name": "series_label", "type": "string", "title": "Seriens namn"},
                {"name": "area_code", "type": "string", "title": "Områdeskod",
                 "description": "Koladas kod: 0000 = riket, fyra siffror = kommun",
                 "constraints": {"pattern": "^[0-9]{4}$"}},
                {"name": "area_name", "type": "string", "title": "Område"},
                {"name": "sex", "type": "string", "title": "Kön",
                 "description": "T = totalt, K = kvinnor/flickor, M = män/pojkar",
                 "constraints": {"enum": ["T", "K", "M"]}},
                {"name": "value", "type": "number", "title": "Värde", "unit": meta.unit,
                 "description": f"Värdet som Kolada publicerar, i enheten {meta.unit}. "
                                f"\"..\" = {text.SYMBOL_LEGEND[text.NOT_AVAILABLE]}."},
                {"name": "unit", "type": "string", "title": "Enhet"},
                {"name": "source", "type": "string", "title": "Källa"},
                {"name": "retrieved", "type": "date", "title": "Hämtat från Kolada"},
            ],
            "missingValues": ["", text.NOT_AVAILABLE],
            "primaryKey": ["year", "series", "area_code", "sex"],
        },
    }
    return resource


def _number(value: float | None, digits: int = 8) -> str:
    """A computed number without float noise: ``1.4000000000000057`` → ``"1.4"``."""
    return "" if value is None else repr(round(float(value), digits))


def development_rows(indicators: list[Indicator], settings: Settings, year: int) -> list[list[str]]:
    """One row per indicator with data: the municipality's development since the baseline."""
    rows = []
    for ind in indicators:
        d = trend.development(ind, settings.municipality.code, year)
        rows.append([
            ind.meta.id, ind.meta.measure, settings.municipality.code, settings.municipality.name,
            str(d.baseline_year),
            str(d.baseline[0]) if d.baseline else "", repr(d.baseline[1]) if d.baseline else "",
            str(d.latest[0]) if d.latest else "", repr(d.latest[1]) if d.latest else "",
            _number(d.change),
            _number(d.change_percent, 6),
            ind.meta.unit, ind.meta.direction, repr(float(d.threshold)), d.label,
            text.OWN_PROCESSING,
        ])
    return rows


DEVELOPMENT_FIELDS = [
    ("indicator", "string", "Indikatorns id (samma som filnamnet)"),
    ("measure", "string", "Vad siffran mäter"),
    ("area_code", "string", "Områdeskod"),
    ("area_name", "string", "Område"),
    ("baseline_year", "integer", "Utgångsåret (året före planperioden)"),
    ("baseline_value_year", "integer", "Året som utgångsvärdet gäller"),
    ("baseline_value", "number", "Utgångsvärdet"),
    ("latest_year", "integer", "Året som det senaste värdet gäller"),
    ("latest_value", "number", "Det senaste värdet till och med utgåvans år"),
    ("change", "number", "Förändring: senaste värdet minus utgångsvärdet, i indikatorns enhet"),
    ("change_percent", "number", "Förändringen i procent av utgångsvärdet"),
    ("unit", "string", "Enhet"),
    ("direction", "string", "Önskad riktning för siffran (öka/minska)"),
    ("threshold_percent", "number",
     "Minsta förändring i procent av utgångsvärdet som räknas som tydlig"),
    ("classification", "string", "Bedömning: " + ", ".join(trend.LABELS)),
    ("source", "string", "Källa"),
]

GROUP_FIELDS = [
    ("indicator", "string", "Indikatorns id"),
    ("series", "string", "Serie (Koladas nyckeltal)"),
    ("group_id", "string", "Koladas id för kommungruppen"),
    ("group_name", "string", "Kommungruppens namn"),
    ("sex", "string", "T = totalt, K = kvinnor/flickor, M = män/pojkar"),
    ("year", "integer", "År"),
    ("value", "number", "Ovägt medelvärde av gruppens kommuner"),
    ("members", "integer", "Antal kommuner i medelvärdet (alla i gruppen)"),
    ("unit", "string", "Enhet"),
    ("source", "string", "Källa"),
]


def group_rows(indicators: list[Indicator], settings: Settings, year: int) -> list[list[str]]:
    """The comparison group's mean per indicator, series, sex and year."""
    group = settings.comparison_group
    rows = []
    for ind in indicators:
        for series in ind.meta.series:
            for sex in (["T", "K", "M"] if series.by_sex else ["T"]):
                mean = trend.group_mean(ind, group.members, series.id, sex, year)
                for r in mean.itertuples(index=False):
                    rows.append([ind.meta.id, series.id, group.id, group.name, sex,
                                 str(int(r.year)), repr(float(r.value)), str(int(r.n)),
                                 ind.meta.unit, text.OWN_PROCESSING])
    return rows


def _own_resource(name: str, title: str, description: str, fields, key) -> dict:
    return {
        "name": name,
        "path": f"data/{name}.csv",
        "profile": "tabular-data-resource",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "sources": [{"title": text.OWN_PROCESSING, "path": "https://www.kolada.se"}],
        "schema": {
            "fields": [{"name": n, "type": t, "description": d} for n, t, d in fields],
            "missingValues": ["", text.NOT_AVAILABLE],
            "primaryKey": key,
        },
    }


def data_package_files(data_dir: Path, year: int) -> dict[str, bytes]:
    """Every file of the edition's data package, by its path in the package."""
    data_dir = Path(data_dir)
    plan: Plan = load_plan(data_dir)
    settings = load_settings(data_dir)
    indicators = [load_indicator(data_dir, i.id) for i in plan.indicators]
    with_data = [i for i in indicators if i.has_data and not published_rows(i, year).empty]
    files: dict[str, bytes] = {}
    resources = []
    for ind in with_data:
        files[f"data/{ind.meta.id}.csv"] = indicator_csv(ind, year)
        resources.append(_indicator_resource(ind, year))
    files["data/utveckling.csv"] = _csv_bytes([f[0] for f in DEVELOPMENT_FIELDS],
                                              development_rows(with_data, settings, year))
    resources.append(_own_resource(
        "utveckling", f"Utveckling sedan utgångsåret, utgåva {year}",
        f"Varje indikators förändring för {settings.municipality.name} från utgångsåret till "
        f"det senaste värdet till och med {year}, och bedömningen enligt regeln i "
        f"\"Om data och metod\".", DEVELOPMENT_FIELDS, ["indicator"]))
    files["data/jamforelsegrupp.csv"] = _csv_bytes([f[0] for f in GROUP_FIELDS],
                                                   group_rows(with_data, settings, year))
    resources.append(_own_resource(
        "jamforelsegrupp", f"Medelvärde för {settings.comparison_group.name}",
        "Ovägt medelvärde av kommunerna i jämförelsegruppen, för de år då alla har ett värde.",
        GROUP_FIELDS, ["indicator", "series", "sex", "year"]))
    doc = plan.document
    retrieved = sorted({d for ind in with_data for d in _retrieved(ind, year)})
    package = {
        "profile": "tabular-data-package",
        "name": f"trygghet-{settings.municipality.code}-{year}",
        "title": f"{doc.title}: indikatorer, uppföljning {year}",
        "description": (
            f"Indikatorerna i {doc.organisation}s uppföljning {year} av {doc.title[0].lower()}"
            f"{doc.title[1:]}. Värden till och med {year} för {settings.municipality.name}, "
            f"{settings.national.name} och jämförelsegruppen {settings.comparison_group.name}. "
            f"CSV-filerna är UTF-8 med BOM, kommaseparerade och har punkt som decimaltecken. "
            f"\"..\" betyder att uppgift saknas, är för osäker eller är dold för att antalet är "
            f"litet (antal under {settings.suppress_counts_below})."
        ),
        "version": str(year),
        "language": "sv",
        "edition": year,
        "baseline_year": trend.baseline_year_for(doc.period.start),
        "plan_period": [doc.period.start, doc.period.end],
        "retrieved": retrieved,
        "licenses": [{
            "path": KOLADA_TERMS_URL,
            "title": ("Koladas villkor: fri att använda, även kommersiellt. Ange \"Källa: Kolada\" "
                      "för siffror som publiceras; ange \"Egen bearbetning av data från Kolada\" "
                      "för siffror som har räknats fram ur dem (utveckling.csv, "
                      "jamforelsegrupp.csv)."),
        }],
        "sources": [{"title": "Kolada (RKA, Rådet för främjande av kommunala analyser)",
                     "path": "https://www.kolada.se"}],
        "contributors": [{"title": doc.organisation, "role": "publisher"}],
        "keywords": ["trygghet", "brottsförebyggande", "Kolada", settings.municipality.name],
        "resources": resources,
    }
    files["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deterministic zip: sorted names, fixed dates and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files, key=lambda n: (n != "datapackage.json", n)):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def write_data_package(data_dir: Path, year: int, target_dir: Path = DOWNLOAD_DIR) -> Path:
    """Write the edition's data package (zip) into ``target_dir`` and return its path."""
    return write_atomically(Path(target_dir) / data_package_name(year),
                            zip_bytes(data_package_files(data_dir, year)))


def data_package_markdown(data_dir: Path, year: int, target_dir: Path = DOWNLOAD_DIR) -> str:
    """Write the data package next to the executed notebook and return a MyST
    download link to it (Markdown), for any page of the edition (chapters, overview).
    ``data_dir`` may be relative, as notebooks pass it (searched for upwards)."""

    path = write_data_package(resolve_data_dir(data_dir), int(year), target_dir)
    return markdown_link(f"Alla indikatorer {year} som datapaket (zip med CSV-filer och "
                         "datapackage.json)", f"path:{path.as_posix()}")


__all__ = [
    "DOWNLOAD_COLUMNS", "data_package_files", "data_package_markdown", "data_package_name",
    "indicator_csv", "write_data_package", "write_indicator_csv", "zip_bytes",
]
