"""The municipality's own indicator values: an Excel template for whoever collects them and the import
of the filled-in file.

``trygghet indicator-template`` writes one workbook with a sheet per indicator that has
series fed by the city (``own_source: true`` in ``data/indicators/<id>.yml``).
``trygghet import-values`` reads the filled-in workbook (or CSV with the same columns),
checks every row, and only when nothing is wrong keeps an untouched copy under
``data/raw/<year>/``, merges the values into ``data/indicators/<id>.csv`` (the same tidy
files as Kolada's values; other series' rows are kept) and notes the import in
``data/indicators/importlogg.csv``. A stored value is never overwritten without
``replace=True``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from trygghet.data import activities
from trygghet.data.errors import DataError, Problem
from trygghet.data.files import write_files_atomically
from trygghet.data.indicators import (
    CSV_COLUMNS,
    SEX_LABELS,
    IndicatorMeta,
    load_meta,
    read_values,
    sort_rows,
    value_problem,
    value_range,
    values_path,
)
from trygghet.data.plan import load_plan
from trygghet.data.settings import load_settings
from trygghet.intake import received as incoming
from trygghet.intake.kolada import render_csv
from trygghet.intake.received import FileResult

TEMPLATE_ID = "trygghet-indikatormall-1"
INSTRUCTIONS_SHEET = "Instruktioner"
META_ROWS = {"år": 2, "mall": 3}  # label (casefolded) → row in column A/B
HEADER_ROW = 5
EXTRA_ROWS = 12  # empty rows for earlier years (the baseline) or more series
YEARS_BACK = 20  # values may go this many years back from the template's year
LOG_FILE = "importlogg.csv"
LOG_COLUMNS = ["year", "imported", "file", "received_as", "sha256", "added", "replaced",
               "unchanged"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    locked: bool = False  # pre-filled from the metadata; the unit cannot change it
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column("indicator", "Indikator", 26, True, ("id", "indikator-id")),
    Column("year", "År", 8),
    Column("series", "Serie", 26),
    Column("sex", "Kön", 16),
    Column("value", "Värde", 12),
    Column("unit", "Enhet", 14, True),
    Column("source", "Källa", 28, aliases=("källa (organisation)", "organisation")),
    Column("survey", "Undersökning eller register", 32,
           aliases=("undersökning", "register", "undersökning/register")),
    Column("date", "Publicerad eller uttagen", 16,
           aliases=("datum", "publiceringsdatum", "uttagsdatum", "publicerad eller uttagen (datum)")),
    Column("comment", "Kommentar", 40),
]
REQUIRED = ("indicator", "value")
_FILLED_IN = ("value", "source", "survey", "date", "comment")  # a row someone has filled in

#: What the unit may write in Kön, casefolded → code.
SEX_INPUT = {"t": "T", "totalt": "T", "alla": "T", "k": "K", "kvinnor/flickor": "K",
             "kvinnor": "K", "flickor": "K", "m": "M", "män/pojkar": "M", "män": "M",
             "pojkar": "M"}


def template_name(year: int) -> str:
    return f"indikatorvarden-{year}.xlsx"


def own_indicators(data_dir: Path) -> list[IndicatorMeta]:
    """The plan's indicators that have series fed by the city, in plan order."""
    plan = load_plan(data_dir)
    metas = [load_meta(data_dir, i.id) for i in plan.indicators]
    return [m for m in metas if m.own_series]


LAYOUT = incoming.Layout(
    headers={c.key: c.header for c in COLUMNS},
    aliases={incoming.norm_label(a): c.key for c in COLUMNS for a in (c.header, *c.aliases)},
    required=REQUIRED, meta_labels=frozenset(META_ROWS))
Table = incoming.Table


# -- the template ---------------------------------------------------------------------------

def _instructions(year: int, organisation: str, metas: list[IndicatorMeta]) -> list[str]:
    return [
        f"Indikatorvärden {year} från {organisation}s egna källor",
        "",
        ("De flesta indikatorerna i uppföljningen hämtas från Kolada. De här indikatorerna "
         "har ingen öppen källa: värdena kommer från undersökningar och register som "
         f"{organisation} har eller tar del av, till exempel regionens enkäter till unga, "
         "skolornas enkäter och förvaltningarnas egna register."),
        "",
        "Så fyller du i mallen:",
        ("1. Varje blad gäller en indikator. Högst upp står vad indikatorn mäter. Fyll i de "
         "rader där du har ett värde; lämna de andra tomma."),
        ("2. Värde: skriv talet, med decimalkomma eller decimalpunkt (till exempel 23,5). "
         "Andelar skrivs i procent, 0–100, utan procenttecken. Antal skrivs som heltal."),
        (f"3. År: raderna för {year} är ifyllda. Har du värden för tidigare år, till exempel "
         "året före planperioden, skriv dem på de tomma raderna längre ned."),
        ("4. Kön: Totalt, eller Kvinnor/flickor och Män/pojkar där indikatorn redovisas "
         "uppdelad på kön (välj i listan)."),
        ("5. Källa: vem som står för uppgiften (till exempel regionen eller en "
         "förvaltning). Undersökning eller register: vilken undersökning eller vilket "
         f"register värdet kommer ifrån, med år (till exempel enkätens namn och {year}). "
         "Publicerad eller uttagen: datum då värdet publicerades "
         f"eller togs ut (till exempel {year + 1}-02-15). Alla tre behövs för varje värde."),
        ("6. Kommentar: frivillig, till exempel om något ändrats i undersökningen. "
         "Kommentaren publiceras inte men sparas med filen."),
        ("7. Ändra inte Indikator, Enhet eller raderna högst upp. Skriv in värden som vanlig "
         "text eller tal, inte som formler."),
        "8. Spara filen som Excel-arbetsbok (.xlsx) och skicka den till Stadsledningskontoret.",
        "",
        ("Värdena publiceras på webben med källan som du anger den, följd av "
         f"\"egen uppgift från {organisation}\". Antal under gränsen för små tal visas inte."),
        "",
        "Indikatorerna i mallen:",
        *[f"    {m.id}: {m.measure} ({m.unit})" for m in metas],
    ]


def _sexes(meta: IndicatorMeta) -> list[str]:
    return ["T", "K", "M"] if any(s.by_sex for s in meta.own_series) else ["T"]


def _write_sheet(wb, meta: IndicatorMeta, year: int) -> None:
    ws = wb.create_sheet(meta.id[:31])
    ws["A1"] = f"{meta.measure} ({meta.unit})"
    ws["A1"].font = Font(bold=True, size=14)
    ws.cell(row=META_ROWS["år"], column=1, value="År").font = Font(bold=True)
    ws.cell(row=META_ROWS["år"], column=2, value=year).alignment = Alignment(horizontal="left")
    ws.cell(row=META_ROWS["mall"], column=1, value="Mall").font = Font(bold=True)
    ws.cell(row=META_ROWS["mall"], column=2, value=TEMPLATE_ID)
    for j, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=col.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = col.width

    prefilled = [(s.id, sex) for s in meta.own_series
                 for sex in (["T", "K", "M"] if s.by_sex else ["T"])]
    only = meta.own_series[0].id if len(meta.own_series) == 1 else None
    rows = [(year, series, SEX_LABELS[sex]) for series, sex in prefilled]
    rows += [(None, only, None)] * EXTRA_ROWS
    first = HEADER_ROW + 1
    input_fill = PatternFill("solid", fgColor="FFF7D6")
    for i, (row_year, series, sex) in enumerate(rows, start=first):
        values = {"indicator": meta.id, "year": row_year, "series": series, "sex": sex,
                  "unit": meta.unit}
        for j, col in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=i, column=j, value=values.get(col.key))
            if col.key == "date":
                cell.number_format = "yyyy-mm-dd"
            if not col.locked:
                cell.protection = Protection(locked=False)
                cell.fill = input_fill
    last = first + len(rows) - 1

    def letter(key: str) -> str:
        return get_column_letter(next(j for j, c in enumerate(COLUMNS, 1) if c.key == key))

    def validate(key: str, dv: DataValidation) -> None:
        dv.showErrorMessage, dv.errorStyle = True, "stop"
        dv.add(f"{letter(key)}{first}:{letter(key)}{last}")
        ws.add_data_validation(dv)

    low, high = value_range(meta.unit)
    number = "whole" if meta.kind == "antal" else "decimal"
    validate("value", DataValidation(
        type=number, operator="between", formula1=_excel_number(low),
        formula2=_excel_number(high), allow_blank=True, errorTitle="Orimligt värde",
        error=f"Värdet ska vara {'ett heltal ' if number == 'whole' else 'ett tal '}mellan "
              f"{_sv(low)} och {_sv(high)} ({meta.unit})."))
    validate("year", DataValidation(
        type="whole", operator="between", formula1=str(year - YEARS_BACK), formula2=str(year),
        allow_blank=True, errorTitle="Fel år",
        error=f"Året ska vara ett årtal från {year - YEARS_BACK} till och med {year}."))
    validate("series", DataValidation(
        type="list", formula1='"' + ",".join(s.id for s in meta.own_series) + '"',
        allow_blank=True, errorTitle="Okänd serie", error="Välj en serie i listan."))
    validate("sex", DataValidation(
        type="list", formula1='"' + ",".join(SEX_LABELS[s] for s in _sexes(meta)) + '"',
        allow_blank=True, errorTitle="Okänt kön", error="Välj i listan."))
    validate("date", DataValidation(
        type="date", operator="between", formula1="DATE(2000,1,1)",
        formula2=f"DATE({year + 2},12,31)", allow_blank=True, errorTitle="Inget datum",
        error=f"Skriv ett datum, till exempel {year + 1}-02-15."))
    ws.freeze_panes = ws.cell(row=first, column=2)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _excel_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _sv(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else \
        str(value).replace(".", ",")


def write_template(data_dir: Path, year: int, out_dir: Path) -> Path:
    """One workbook with a sheet per indicator fed by the city. Refuses to overwrite."""
    data_dir = Path(data_dir)
    plan = load_plan(data_dir)
    incoming.check_year(plan, year, data_dir / "plan" / "plan.yml")
    path = Path(out_dir) / template_name(year)
    incoming.refuse_existing([path])
    metas = own_indicators(data_dir)
    if not metas:
        raise DataError([Problem(data_dir / "indicators", "ingen indikator har serier med "
                                 "own_source: true; det finns inget att fråga efter")])
    organisation = plan.document.organisation
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    info.column_dimensions["A"].width = 110
    for i, line in enumerate(_instructions(year, organisation, metas), start=1):
        info.cell(row=i, column=1, value=line).alignment = Alignment(wrap_text=True,
                                                                     vertical="top")
    info["A1"].font = Font(bold=True, size=14)
    info.protection.sheet = True
    for meta in metas:
        _write_sheet(wb, meta, year)
    wb.properties.title = f"Indikatorvärden {year}"
    wb.properties.creator = "trygghet indicator-template"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# -- reading a received file ------------------------------------------------------------------

def read_tables(path: Path) -> list[Table] | list[Problem]:
    """Every value table in a received file: one per template sheet, or the CSV file."""
    path = Path(path)
    data = incoming.read_received(path)
    if isinstance(data, list):
        return data
    if incoming.is_workbook(data):
        wb = incoming.open_workbook(path)
        if isinstance(wb, list):
            return wb
        tables = [t for name in wb.sheetnames if name != INSTRUCTIONS_SHEET
                  if (t := incoming.find_table(path, name, incoming.sheet_rows(wb[name], name),
                                               LAYOUT, incoming.cell_label))]
        if tables:
            return tables
        return [Problem(path, "filen är inte en indikatormall: inget blad har kolumnerna "
                              "Indikator och Värde. Använd mallen från "
                              "`trygghet indicator-template`.")]
    table = incoming.find_csv_table(path, data, LAYOUT)
    if table is not None:
        return [table] if isinstance(table, Table) else table
    return [Problem(path, "filen är inte en fil med indikatorvärden: hittar ingen rubrikrad "
                          "med kolumnerna Indikator och Värde (semikolon- eller "
                          "kommaseparerad).", row=1)]


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def parse_number(value: object) -> float:
    """A number as people write it: an Excel number, or text with a decimal comma or
    point, spaces between thousands and an optional % sign. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)  # noqa: TRY004 - a wrong cell, reported like any other
    if isinstance(value, int | float):
        return float(value)
    text = re.sub(r"[\s\u00a0\u202f]", "", activities.clean_text(value)).removesuffix("%")
    text = text.replace("\u2212", "-").replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise ValueError(value)
    return float(text)


def _year(value: object) -> int:
    number = parse_number(value)
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


@dataclass(frozen=True)
class Value:
    """One checked value from a received file."""

    indicator: str
    series: str
    sex: str
    year: int
    value: float
    source: str  # as published: "<survey> (<source>), egen uppgift från <municipality>"
    retrieved: dt.date
    table: Table
    row: int


def _shown(value: object) -> str:
    return repr(activities.clean_text(value))


def check_table(table: Table, year: int, metas: dict[str, IndicatorMeta], municipality: str,
                seen: dict[tuple, tuple[Table, int]], today: dt.date,
                ) -> tuple[list[Value], list[Problem]]:
    """Every filled-in row checked; ``seen`` finds the same value twice across sheets and files."""
    problems: list[Problem] = []
    for label, (value, row, col) in table.meta.items():
        if isinstance(value, incoming.NotText):
            problems.append(Problem(table.file, value.message(), row=row, column=col,
                                    sheet=table.sheet))
        elif label == "år":
            try:
                stated = _year(value)
            except ValueError:
                stated = None
            if stated != year:
                problems.append(Problem(
                    table.file, f"mallen gäller år {activities.clean_text(value)}, men importen "
                                f"gäller {year} (--year {year}). Använd rätt års mall eller "
                                "rätt --year.", row=row, column=col, sheet=table.sheet))
        elif label == "mall" and not activities.clean_text(value).startswith(
                "trygghet-indikatormall"):
            problems.append(Problem(table.file, f"filen är inte en indikatormall (Mall: "
                                                f"{_shown(value)})", row=row, column=col,
                                    sheet=table.sheet))
    found: list[Value] = []
    for row, cells in table.rows:
        if not any(activities.clean_text(table.value(cells, k)) for k in _FILLED_IN):
            continue  # a pre-filled row nobody filled in
        before = len(problems)
        for key in table.columns:
            v = table.value(cells, key)
            if isinstance(v, incoming.NotText):
                problems.append(table.problem(v.message(), row, key))
        if len(problems) > before:
            continue

        def need(key: str, what: str, cells=cells, row=row) -> str | None:
            text = " ".join(activities.clean_text(table.value(cells, key)).split())
            if not text:
                problems.append(table.problem(f"{what} saknas", row, key))
                return None
            return text

        indicator_id = need("indicator", "indikator")
        meta = metas.get(indicator_id or "")
        if indicator_id and meta is None:
            problems.append(table.problem(
                f"indikatorn {indicator_id!r} finns inte bland indikatorerna med egna "
                "källor (own_source i data/indicators/)", row, "indicator"))
        raw_year = table.value(cells, "year")
        value_year = None
        try:
            value_year = _year(raw_year)
        except ValueError:
            problems.append(table.problem(f"År måste vara ett årtal (angivet: {_shown(raw_year)})",
                                          row, "year"))
        else:
            if not year - YEARS_BACK <= value_year <= year:
                problems.append(table.problem(
                    f"året {value_year} går inte att rapportera i mallen för {year}; ange ett år "
                    f"från {year - YEARS_BACK} till och med {year}", row, "year"))
        series = None
        if meta is not None:
            own = {s.id: s for s in meta.own_series}
            raw = activities.clean_text(table.value(cells, "series"))
            if not raw and len(own) == 1:
                raw = next(iter(own))
            series = own.get(raw)
            if series is None:
                problems.append(table.problem(
                    f"okänd serie {raw!r} för {meta.id}; välj en av: {', '.join(own)}",
                    row, "series"))
            unit = activities.clean_text(table.value(cells, "unit"))
            if unit and unit != meta.unit:
                problems.append(table.problem(f"enheten ska vara {meta.unit!r}, inte {unit!r}",
                                              row, "unit"))
        raw_sex = incoming.norm_label(table.value(cells, "sex")) or "t"
        sex = SEX_INPUT.get(raw_sex)
        if sex is None:
            problems.append(table.problem(
                f"okänt kön {_shown(table.value(cells, 'sex'))}; skriv Totalt, "
                "Kvinnor/flickor eller Män/pojkar", row, "sex"))
        elif series is not None and sex != "T" and not series.by_sex:
            problems.append(table.problem(f"serien {series.id} redovisas inte uppdelad på "
                                          "kön; skriv Totalt", row, "sex"))
        raw_value = table.value(cells, "value")
        number = None
        if not activities.clean_text(raw_value):
            problems.append(table.problem("värde saknas", row, "value"))
        else:
            try:
                number = parse_number(raw_value)
            except ValueError:
                problems.append(table.problem(
                    f"värdet {_shown(raw_value)} är inte ett tal; skriv till exempel 23,5",
                    row, "value"))
            else:
                wrong = meta is not None and value_problem(number, meta.unit)
                if wrong:
                    problems.append(table.problem(wrong, row, "value"))
        source = need("source", "källa")
        survey = need("survey", "undersökning eller register")
        retrieved = None
        raw_date = table.value(cells, "date")
        if not activities.clean_text(raw_date):
            problems.append(table.problem("datum då värdet publicerades eller togs ut saknas",
                                          row, "date"))
        else:
            try:
                retrieved = incoming.parse_date(raw_date)
            except (ValueError, OverflowError):
                problems.append(table.problem(
                    f"okänt datum {_shown(raw_date)}; skriv till exempel {year + 1}-02-15",
                    row, "date"))
            else:
                if retrieved > today or (value_year and retrieved.year < value_year):
                    problems.append(table.problem(
                        f"datumet {retrieved.isoformat()} kan inte stämma för ett värde för "
                        f"{value_year} (det ligger {'i framtiden' if retrieved > today else 'före året'})",
                        row, "date"))
        if len(problems) > before or meta is None or series is None:
            continue
        key = (meta.id, series.id, sex, value_year)
        if key in seen:
            other, other_row = seen[key]
            where = "" if other.file == table.file and other.sheet == table.sheet \
                else f" (blad {other.sheet!r} i {other.file.name})" if other.sheet \
                else f" i {other.file.name}"
            problems.append(table.problem(
                f"{meta.id}, {series.id}, {SEX_LABELS[sex].lower()}, {value_year} finns två "
                f"gånger: även på rad {other_row}{where}", row, "year"))
            continue
        seen[key] = (table, row)
        found.append(Value(meta.id, series.id, sex, value_year, number,
                           f"{survey} ({source}), egen uppgift från {municipality}",
                           retrieved, table, row))
    return found, problems


# -- the import -------------------------------------------------------------------------------

@dataclass
class ImportResult:
    year: int
    files: list[FileResult]
    written: list[Path]


def import_values(data_dir: Path, files: list[Path], year: int, *, replace: bool = False,
                  today: dt.date | None = None) -> ImportResult:
    """Check every file, then merge the values into data/indicators/<id>.csv. Raises
    DataError and writes nothing if anything is wrong."""
    data_dir = Path(data_dir)
    today = today or dt.date.today()
    plan = load_plan(data_dir)
    incoming.check_year(plan, year, data_dir / "plan" / "plan.yml")
    settings = load_settings(data_dir)
    metas = {m.id: m for m in own_indicators(data_dir)}
    if not files:
        raise DataError([Problem(Path("."), "inga filer angivna")])
    paths = [Path(f) for f in files]
    problems: list[Problem] = []
    found: list[Value] = []
    seen: dict[tuple, tuple[Table, int]] = {}
    for path in paths:
        tables = read_tables(path)
        if tables and isinstance(tables[0], Problem):
            problems += tables
            continue
        file_values: list[Value] = []
        for table in tables:
            rows, row_problems = check_table(table, year, metas, settings.municipality.name,
                                             seen, today)
            file_values += rows
            problems += row_problems
        if not file_values and not problems:
            problems.append(Problem(path, "filen har inga ifyllda värden att importera"))
        found += file_values
    if problems:
        raise DataError(problems)

    folder = activities.raw_dir(data_dir, year)
    results = {path: FileResult(path, f"{year}/{name}", digest, new) for path, (name, digest, new)
               in zip(paths, incoming.raw_names(paths, folder), strict=True)}
    home = settings.municipality
    targets: dict[Path, bytes] = {}
    conflicts: list[Problem] = []
    for indicator_id in sorted({v.indicator for v in found}):
        meta = metas[indicator_id]
        path = values_path(data_dir, indicator_id)
        try:
            old = read_values(path, meta.unit) if path.exists() else \
                pd.DataFrame(columns=CSV_COLUMNS)
        except DataError as err:
            raise DataError([Problem(path, f"den befintliga filen är ogiltig: {err}")]) from None
        old["retrieved"] = old["retrieved"].astype(str)
        stored = {(r.series, r.area_code, r.sex, int(r.year)): r for r in old.itertuples()}
        new_rows = []
        replaced_keys = set()
        for v in (v for v in found if v.indicator == indicator_id):
            result = results[v.table.file]
            key = (v.series, home.code, v.sex, v.year)
            before = stored.get(key)
            if before is None:
                result.added += 1
            elif before.value == v.value and before.source == v.source:
                result.unchanged += 1
                continue
            elif replace:
                result.replaced += 1
                replaced_keys.add(key)
            else:
                conflicts.append(v.table.problem(
                    f"{indicator_id} har redan ett annat värde för {v.year} "
                    f"({v.series}, {SEX_LABELS[v.sex].lower()}): {_sv(before.value)} med källan "
                    f"{before.source!r}; det nya är {_sv(v.value)} med källan {v.source!r}. "
                    "Kör igen med --replace för att ersätta det.", v.row, "value"))
                continue
            new_rows.append({"year": v.year, "series": v.series, "area_code": home.code,
                             "area_name": home.name, "sex": v.sex, "value": v.value,
                             "source": v.source, "retrieved": v.retrieved.isoformat()})
        if not new_rows:
            continue
        keep = old[[(r.series, r.area_code, r.sex, int(r.year)) not in replaced_keys
                    for r in old.itertuples()]] if not old.empty else old
        tidy = pd.concat([p for p in (keep[CSV_COLUMNS], pd.DataFrame(new_rows, columns=CSV_COLUMNS))
                          if not p.empty], ignore_index=True)
        targets[path] = render_csv(sort_rows(tidy, meta))
    if conflicts:
        raise DataError(conflicts)

    # Everything is checked: now write, received files first.
    for path, result in results.items():
        if result.new_copy:
            incoming.keep_raw(path, data_dir / "raw" / result.stored_as)
    written = list(targets)
    write_files_atomically(targets)
    incoming.append_log(data_dir / "indicators" / LOG_FILE, LOG_COLUMNS, (
        [year, today.isoformat(), r.stored_as, r.received_as.name, r.sha256, r.added,
         r.replaced, r.unchanged] for r in results.values()))
    return ImportResult(year, list(results.values()), written)


__all__ = ["COLUMNS", "HEADER_ROW", "LOG_FILE", "TEMPLATE_ID", "ImportResult", "import_values",
           "own_indicators", "parse_number", "read_tables", "template_name", "write_template"]
