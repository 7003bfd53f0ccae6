"""Data for researchers: one CSV per indicator and one data package per edition.

Both are built from the values as the book publishes them (small counts
suppressed, years up to the edition year), so a download never shows more than
the page. The files are deterministic: the same data give the same bytes.

- ``<id>.csv``: UTF-8 *with* BOM (so Excel shows å ä ö), comma separated,
  decimal point, full precision; ".." where a value is suppressed.
- ``indikatorer-<year>.zip``: ``datapackage.json`` (Frictionless Data Package,
  tabular) + ``data/<id>.csv`` for every indicator with data + two files the
  project computed: ``data/utveckling.csv`` (development since the baseline)
  and ``data/jamforelsegrupp.csv`` (the comparison group's mean); and, when the edition
  has one, the assessment of the goals (``data/malbedomning.csv``,
  :mod:`trygghet.present.assessment_package`).

Every CSV file is written by :func:`trygghet.present.csv_files.csv_bytes`: a text field that
begins like a formula gets an apostrophe first (the rule,
:data:`trygghet.data.untrusted.CSV_TEXT_RULE`, is in the package's description)."""

from __future__ import annotations

import io
import json
import math
import numbers
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from trygghet.analysis import trend
from trygghet.analysis.development import ROLES, development_table, group_mean_table
from trygghet.data.files import write_atomically
from trygghet.data.indicators import (
    KOLADA_DUMP_SNAPSHOT,
    MUNICIPAL_POPULATION,
    POPULATION_FILE,
    Indicator,
    ValueRow,
    meta_path,
    population_path,
    read_values,
)
from trygghet.data.national_files import NATIONAL_DIR, national_path, read_national
from trygghet.data.plan import CURRENT_PLAN_DIR
from trygghet.data.project import Project
from trygghet.data.rows import table_fields
from trygghet.data.settings import Settings
from trygghet.data.untrusted import CSV_TEXT_RULE
from trygghet.present import assessment_package, text
from trygghet.present.csv_files import BOM, csv_bytes
from trygghet.present.templating import link

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
            "" if pd.isna(r.retrieved) else str(r.retrieved),
        ])
    return csv_bytes([(f["name"], f["type"]) for f in _indicator_fields(meta)], rows)


def indicator_csv_name(indicator_id: str) -> str:
    """The file name of an indicator's downloadable CSV (pages link to it)."""
    return f"{indicator_id}.csv"


def write_indicator_csv(indicator: Indicator, edition_year: int,
                        target_dir: Path = DOWNLOAD_DIR) -> Path:
    return write_atomically(Path(target_dir) / indicator_csv_name(indicator.meta.id),
                            indicator_csv(indicator, edition_year))


def write_indicator_csvs(indicators: Iterable[Indicator], edition_year: int,
                         target_dir: Path = DOWNLOAD_DIR) -> list[Path]:
    """Write the CSV of each indicator with values (the files a page links to): the one
    place pages' downloads are written, called by the notebook or the page writer."""
    return [write_indicator_csv(i, edition_year, target_dir)
            for i in indicators if not i.values.empty]


# -- the data package -----------------------------------------------------------------


def data_package_name(year: int) -> str:
    """The file name of an edition's data package."""
    return f"indikatorer-{year}.zip"


def _retrieved(indicator: Indicator, edition_year: int) -> list[str]:
    rows = published_rows(indicator, edition_year)
    return sorted({str(d) for d in rows["retrieved"].dropna()})


def _indicator_fields(meta) -> list[dict]:
    """The fields of an indicator's CSV file (:data:`DOWNLOAD_COLUMNS`), as its
    Frictionless schema gives them: their types also say which are text."""
    series = ", ".join(f"{s.id} = {s.label}" for s in meta.series)
    return [
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
    ]


def _indicator_resource(indicator: Indicator, edition_year: int) -> dict:
    meta = indicator.meta
    source = meta.source
    resource = {
        "name": meta.id,
        "path": f"data/{meta.id}.csv",
        "profile": "tabular-data-resource",
        "title": meta.measure,
        "description": meta.definition,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "sources": ([{"title": source.citation, "path": source.url}] if source else [])
        + [{"title": f"Källa: {s}"} for s in indicator.own_sources(edition_year)],
        "unit": meta.unit,
        "direction": meta.direction,
        "measures_opposite": meta.measures_opposite,
        "retrieved": _retrieved(indicator, edition_year),
        "caveats": list(meta.caveats),
        "schema": {
            "fields": _indicator_fields(meta),
            "missingValues": ["", text.NOT_AVAILABLE],
            "primaryKey": ["year", "series", "area_code", "sex"],
        },
    }
    return resource


def _number(value: float | None, digits: int = 8) -> str:
    """A computed number without float noise: ``1.4000000000000057`` → ``"1.4"``."""
    return "" if value is None else repr(round(float(value), digits))


def _cell(value: object, digits: int = 8) -> str:
    """A table cell as CSV text: "" for missing, whole numbers as integers, other numbers
    without float noise (``1.4000000000000057`` → ``"1.4"``)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if not isinstance(value, numbers.Real):
        return str(value)  # a date
    return _number(float(value), digits)


def development_rows(indicators: list[Indicator], settings: Settings, year: int) -> list[list[str]]:
    """``utveckling.csv``: every row of :func:`trygghet.analysis.development.development_table`
    (every indicator, area and sex, also "Uppgift saknas"), with the source."""
    table = development_table(indicators, settings, year)
    table = table.assign(source=text.OWN_PROCESSING)
    return [[_cell(v, 6 if name == "change_percent" else 8)
             for name, v in zip(table.columns, row, strict=True)]
            for row in table[[f[0] for f in DEVELOPMENT_FIELDS]].itertuples(index=False)]


DEVELOPMENT_FIELDS = [
    ("indicator", "string", "Indikatorns id (samma som filnamnet)"),
    ("measure", "string", "Vad siffran mäter"),
    ("unit", "string", "Enhet"),
    ("direction", "string", "Önskad riktning för siffran (öka/minska)"),
    ("series", "string", "Serien som bedöms (indikatorns huvudserie, Koladas nyckeltal)"),
    ("area_role", "string", "Vilket slags område: " + ", ".join(ROLES)),
    ("area_code", "string", "Områdeskod (Koladas kod; för gruppmedel kommungruppens id)"),
    ("area_name", "string", "Område"),
    ("sex", "string", "T = totalt, K = kvinnor/flickor, M = män/pojkar"),
    ("baseline_year", "integer", "Utgångsåret (året före planperioden)"),
    ("baseline_first_year", "integer",
     "Första året i ett utgångsvärde som är ett medelvärde av flera år (annars tomt)"),
    ("baseline_value_year", "integer", "Året som utgångsvärdet gäller"),
    ("baseline_value", "number", "Utgångsvärdet"),
    ("latest_year", "integer", "Året som det senaste värdet gäller"),
    ("latest_value", "number", "Det senaste värdet till och med utgåvans år"),
    ("change", "number",
     ("Förändring: senaste värdet minus utgångsvärdet, i indikatorns enhet "
     "(procentenheter för andelar)")),
    ("change_percent", "number", "Förändringen i procent av utgångsvärdet"),
    ("kind", "string", "Slags mått, som avgör regeln: andel, takt, antal eller annat"),
    ("threshold", "number",
     ("Minsta förändring som räknas som tydlig: procentenheter för andelar, annars procent "
     "av utgångsvärdet")),
    ("interval_low", "number",
     "Takter och antal: nedre gränsen för 95 % osäkerhetsintervall för kvoten senaste/utgång"),
    ("interval_high", "number", "Takter och antal: övre gränsen för samma intervall"),
    ("dispersion", "number",
     ("Takter och antal: spridningsfaktorn som intervallet vidgats med (hur många gånger mer "
      "värdena varierar mellan åren än Poissonfördelningen antar; 1 = inte vidgat)")),
    ("pooled_years", "integer",
     ("Urvalsundersökningar: hur många undersökningsår som slås ihop i varje värde för "
      "området, enligt källans beskrivning (tomt: inte en urvalsundersökning, eller okänt)")),
    ("rule", "string", "Regeln som bedömningen följde: " + "; ".join(
        f"{key} = {text}" for key, text in trend.RULES.items())),
    ("label", "string", "Bedömning: " + ", ".join(trend.LABELS)),
    ("symbol", "string", "Bedömningens tecken: " + ", ".join(
        f"{trend.SYMBOLS[label]} = {label}" for label in trend.LABELS)),
    ("key", "string", "Bedömningens fasta nyckel: " + ", ".join(trend.KEYS.values())),
    ("reason", "string", "Varför uppgift saknas eller inte går att bedöma"),
    ("method_note", "string", ("Anmärkning om hur bedömningen gjordes när regeln inte gick att "
                              "tillämpa fullt ut")),
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
    """``jamforelsegrupp.csv``: :func:`trygghet.analysis.development.group_mean_table`."""
    group = settings.comparison_group
    units = {ind.meta.id: ind.meta.unit for ind in indicators}
    return [[r.indicator, r.series, group.id, group.name, r.sex, str(int(r.year)),
             repr(float(r.value)), str(int(r.members)), units[r.indicator], text.OWN_PROCESSING]
            for r in group_mean_table(indicators, settings, year).itertuples(index=False)]


def _own_resource(name: str, title: str, description: str, fields, key) -> dict:
    return {
        "name": name,
        "path": f"data/{name}.csv",
        "profile": "tabular-data-resource",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "sources": [{"title": text.OWN_PROCESSING, "path": "https://www.kolada.se"}],
        "schema": {
            "fields": [{"name": n, "type": t, "description": d} for n, t, d in fields],
            "missingValues": ["", text.NOT_AVAILABLE],
            "primaryKey": key,
        },
    }


#: Files the package carries so that the project's loaders (``Project.load``) can read an
#: unpacked package: the plan, the settings and every indicator's metadata, as in ``data/``.
ANALYSIS_FILES_NOTE = (
    "plan/, settings.yml och indicators/<id>.yml är planen, inställningarna och "
    "indikatorernas metadata i projektets format, så att analysen kan göras om med "
    "trygghet.data.project.Project.load(mappen där paketet packats upp).")


def _analysis_files(project: Project, year: int) -> dict[str, bytes]:
    """Plan, settings and indicator metadata as in ``data/``, and the population figures
    (Kolada N01951, up to ``year``) that rates are judged with."""
    data = project.data_dir
    files = {f"{CURRENT_PLAN_DIR}/{p.name}": p.read_bytes()  # the edition's plan, as data/plan/
             for p in sorted(project.plan.folder.glob("*.yml"))}
    files["settings.yml"] = (data / "settings.yml").read_bytes()
    for indicator_id in project.indicators:
        files[f"indicators/{indicator_id}.yml"] = meta_path(data, indicator_id).read_bytes()
    population = population_path(data)
    if population.exists():
        rows = read_values(population)
        rows = rows[rows["year"] <= year][[name for name, _ in POPULATION_FIELDS]]
        files[POPULATION_FILE] = csv_bytes(
            POPULATION_FIELDS, ([_cell(v) for v in r] for r in rows.itertuples(index=False)),
            bom=False, line_end="\n")
    for indicator in project.indicators_of():  # rates: the spread between years is estimated
        if indicator.municipalities is None:  # from every municipality (trend.dispersion_factor)
            continue
        for name in (indicator.meta.id, MUNICIPAL_POPULATION):
            rows = read_national(national_path(data, name))
            rows = rows[rows["year"] <= year]
            files[f"{NATIONAL_DIR}/{name}.csv"] = csv_bytes(
                MUNICIPAL_FIELDS, ([_cell(v) for v in r] for r in rows.itertuples(index=False)),
                bom=False, line_end="\n")
    return files


#: ``kommuner/<id>.csv`` in the package: every municipality's values, as in ``data/kommuner/``.
MUNICIPAL_FIELDS = [("year", "integer"), ("area_code", "string"), ("area_name", "string"),
                    ("value", "number")]


def _municipal_resource(path: str) -> dict:
    name = Path(path).stem
    what = ("folkmängd (Kolada N01951)" if name == MUNICIPAL_POPULATION
            else f"värden för {name}")
    return _analysis_resource(
        f"kommuner-{name}", path, f"Alla kommuners {what}",
        "Alla Sveriges kommuner, för att skatta hur mycket mer antalen varierar mellan åren än "
        "slumpen ensam ger (spridningsfaktorn i utveckling.csv).", "Källa: Kolada",
        {"fields": [{"name": n, "type": t} for n, t in MUNICIPAL_FIELDS],
         "primaryKey": ["year", "area_code"]})


def _analysis_resource(name: str, path: str, title: str, description: str, source: str,
                       schema: dict) -> dict:
    """A file the analysis reads, as it is in ``data/`` (UTF-8 without BOM, ``\n``)."""
    return {
        "name": name, "path": path, "profile": "tabular-data-resource", "title": title,
        "description": description, "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
        "sources": [{"title": source, "path": "https://www.kolada.se"}], "schema": schema,
    }


#: ``befolkning.csv`` in the package: as in ``data/``, read by the project's loaders. Its
#: Table Schema is the row model's that reads the file (:class:`ValueRow`).
POPULATION_SCHEMA = table_fields(ValueRow)
POPULATION_FIELDS = [(f["name"], f["type"]) for f in POPULATION_SCHEMA]


def _population_resource() -> dict:
    return _analysis_resource(
        "befolkning", POPULATION_FILE, "Folkmängd (Kolada N01951)",
        "Invånare per område och år, som takterna per 100 000 invånare räknas om till antal med "
        "när utvecklingen bedöms.", "Källa: Kolada, N01951",
        {"fields": POPULATION_SCHEMA,
         "missingValues": ["", text.NOT_AVAILABLE],
         "primaryKey": ["year", "series", "area_code", "sex"]})


def data_package_files(project: Project, year: int) -> dict[str, bytes]:
    """Every file of the edition's data package, by its path in the package."""
    project = project.for_year(year)
    plan, settings = project.plan, project.settings
    indicators = project.indicators_of()
    with_data = [i for i in indicators if i.has_data and not published_rows(i, year).empty]
    files: dict[str, bytes] = {}
    resources = []
    for ind in with_data:
        files[f"data/{ind.meta.id}.csv"] = indicator_csv(ind, year)
        resources.append(_indicator_resource(ind, year))
    files["data/utveckling.csv"] = csv_bytes([f[:2] for f in DEVELOPMENT_FIELDS],
                                             development_rows(indicators, settings, year))
    resources.append(_own_resource(
        "utveckling", f"Utveckling sedan utgångsåret, utgåva {year}",
        f"Varje indikators förändring från utgångsåret till det senaste värdet till och med "
        f"{year}, och bedömningen enligt regeln i \"Om data och metod\": för "
        f"{settings.municipality.name}, {settings.national.name}, jämförelsegruppens "
        f"medelvärde och var och en av gruppens kommuner, totalt och efter kön där det finns. "
        f"Indikatorer utan uppgifter har raden \"{trend.MISSING}\".", DEVELOPMENT_FIELDS,
        ["indicator", "area_code", "sex"]))
    files["data/jamforelsegrupp.csv"] = csv_bytes([f[:2] for f in GROUP_FIELDS],
                                                  group_rows(with_data, settings, year))
    resources.append(_own_resource(
        "jamforelsegrupp", f"Medelvärde för {settings.comparison_group.name}",
        "Ovägt medelvärde av kommunerna i jämförelsegruppen, för de år då alla har ett värde.",
        GROUP_FIELDS, ["indicator", "series", "sex", "year"]))
    goal_assessment = assessment_package.package_part(project)
    if goal_assessment is not None:  # the goals' assessment, when the edition has one
        files.update(goal_assessment[0])
        resources.append(goal_assessment[1])
    analysis = _analysis_files(project, year)
    files.update(analysis)
    if POPULATION_FILE in analysis:
        resources.append(_population_resource())
    resources += [_municipal_resource(path) for path in sorted(analysis)
                  if path.startswith(f"{NATIONAL_DIR}/")]
    doc = plan.document
    retrieved = sorted({d for ind in with_data for d in _retrieved(ind, year)})
    last_years = [int(r["year"].max()) for ind in with_data
                  if not (r := published_rows(ind, year)).empty]
    until = max(last_years, default=year)
    until_text = (f"Värden till och med {until}" if until == year else
                  f"Värden till och med {until}, det senaste år som fanns när utgåva {year} "
                  f"gjordes,")
    package = {
        "profile": "tabular-data-package",
        "name": f"trygghet-{settings.municipality.code}-{year}",
        "title": f"{doc.title}: indikatorer, uppföljning {year}",
        "description": (
            f"Indikatorerna i {doc.organisation}s uppföljning {year} av {doc.title[0].lower()}"
            f"{doc.title[1:]}. {until_text} för {settings.municipality.name}, "
            f"{settings.national.name} och jämförelsegruppen {settings.comparison_group.name}. "
            f"CSV-filerna är UTF-8 med BOM, kommaseparerade och har punkt som decimaltecken. "
            f"\"..\" betyder att uppgift saknas, är för osäker eller är dold för att antalet är "
            f"litet (antal under {settings.suppress_counts_below}). {CSV_TEXT_RULE}"
        ),
        "version": str(year),
        "language": "sv",
        "edition": year,
        "baseline_year": trend.baseline_year_for(doc.period.start),
        "plan_period": [doc.period.start, doc.period.end],
        "retrieved": retrieved,
        # Where a date in "retrieved" is a snapshot's date rather than a day of retrieval.
        "source_versions": ([{k: KOLADA_DUMP_SNAPSHOT[k] for k in ("title", "date", "description")}]
                            if KOLADA_DUMP_SNAPSHOT["date"] in retrieved else []),
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
        "analysis_files": sorted(n for n in analysis if n.endswith(".yml")),
        "analysis_files_note": ANALYSIS_FILES_NOTE,
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


def data_package_link(year: int, target_dir: Path = DOWNLOAD_DIR) -> Markup:
    """A MyST download link (Markdown) to the edition's data package in ``target_dir``,
    for pages that do not write it themselves (the edition's overview writes it once)."""
    path = Path(target_dir) / data_package_name(int(year))
    return link(f"Alla indikatorer {year} som datapaket (zip med CSV-filer och "
                "datapackage.json)", f"path:{path.as_posix()}")


def write_data_package(project: Project, year: int, target_dir: Path = DOWNLOAD_DIR) -> Path:
    """Write the edition's data package (zip) into ``target_dir`` and return its path."""
    return write_atomically(Path(target_dir) / data_package_name(year),
                            zip_bytes(data_package_files(project, year)))


__all__ = [
    "BOM", "DOWNLOAD_COLUMNS", "data_package_files", "data_package_link", "data_package_name",
    "indicator_csv", "indicator_csv_name", "write_data_package", "write_indicator_csv",
    "write_indicator_csvs", "zip_bytes",
]
