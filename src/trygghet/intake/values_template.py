"""The municipality's own indicator values, the template: its layout and ``trygghet
indicator-template``.

``trygghet indicator-template`` writes one workbook for whoever collects them, with a sheet
per indicator that has series fed by the municipality (``own_source: true`` in
``data/indicators/<id>.yml``). The layout defined here is also how the import
(:mod:`trygghet.intake.values_import`) recognises the filled-in file."""

from __future__ import annotations

from pathlib import Path

from openpyxl.worksheet.datavalidation import DataValidation

from trygghet.data.errors import DataError, Problem
from trygghet.data.indicators import SEX_LABELS, IndicatorMeta, load_meta, value_range
from trygghet.data.plan import Plan, load_plan
from trygghet.intake import received as incoming
from trygghet.intake import template_sheets as sheets
from trygghet.intake.received import Column

TEMPLATE_ID = "trygghet-indikatormall-1"
INSTRUCTIONS_SHEET = "Instruktioner"
META_ROWS = {"år": 2, "mall": 3}  # label (casefolded) → row in column A/B
HEADER_ROW = 5
EXTRA_ROWS = 12  # empty rows for earlier years (the baseline) or more series
YEARS_BACK = 20  # values may go this many years back from the template's year

# Indikator and Enhet are pre-filled from the metadata; the unit cannot change them.
COLUMNS = [
    Column("indicator", "Indikator", 26, False, ("id", "indikator-id")),
    Column("year", "År", 8),
    Column("series", "Serie", 26),
    Column("sex", "Kön", 16),
    Column("value", "Värde", 12),
    Column("unit", "Enhet", 14, False),
    Column("source", "Källa", 28, aliases=("källa (organisation)", "organisation")),
    Column("survey", "Undersökning eller register", 32,
           aliases=("undersökning", "register", "undersökning/register")),
    Column("date", "Publicerad eller uttagen", 16,
           aliases=("datum", "publiceringsdatum", "uttagsdatum", "publicerad eller uttagen (datum)")),
    Column("comment", "Kommentar", 40),
]
REQUIRED = ("indicator", "value")
FILLED_IN = ("value", "source", "survey", "date", "comment")  # a row someone has filled in

def template_name(year: int) -> str:
    return f"indikatorvarden-{year}.xlsx"


def own_indicators(data_dir: Path, plan: Plan | None = None) -> list[IndicatorMeta]:
    """The plan's indicators that have series fed by the city, in plan order."""
    plan = plan or load_plan(data_dir)
    metas = [load_meta(data_dir, i.id) for i in plan.indicators]
    return [m for m in metas if m.own_series]


LAYOUT = incoming.Layout.of(COLUMNS, REQUIRED, META_ROWS)


# -- the template ---------------------------------------------------------------------------

def _instructions(year: int, organisation: str, metas: list[IndicatorMeta],
                  office: str | None = None) -> list[str]:
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
        ("8. Spara filen som Excel-arbetsbok (.xlsx) eller OpenDocument (.ods) och skicka den "
         "till " + (f"{office}." if office else "den som skickade mallen.")),
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
    sheets.write_heading(ws, f"{meta.measure} ({meta.unit})", {"år": year, "mall": TEMPLATE_ID},
                         META_ROWS)
    sheets.write_header(ws, COLUMNS, HEADER_ROW)

    prefilled = [(s.id, sex) for s in meta.own_series
                 for sex in (["T", "K", "M"] if s.by_sex else ["T"])]
    only = meta.own_series[0].id if len(meta.own_series) == 1 else None
    rows = [(year, series, SEX_LABELS[sex]) for series, sex in prefilled]
    rows += [(None, only, None)] * EXTRA_ROWS
    first = HEADER_ROW + 1
    for i, (row_year, series, sex) in enumerate(rows, start=first):
        values = {"indicator": meta.id, "year": row_year, "series": series, "sex": sex,
                  "unit": meta.unit}
        for j, col in enumerate(COLUMNS, start=1):
            sheets.write_cell(ws, i, j, col, values.get(col.key))
    last = first + len(rows) - 1

    def validate(key: str, dv: DataValidation) -> None:
        sheets.add_validation(ws, COLUMNS, key, (first, last), dv)

    low, high = value_range(meta.unit)
    number = "whole" if meta.kind == "antal" else "decimal"
    validate("value", DataValidation(
        type=number, operator="between", formula1=_excel_number(low),
        formula2=_excel_number(high), allow_blank=True, errorTitle="Orimligt värde",
        error=f"Värdet ska vara {'ett heltal ' if number == 'whole' else 'ett tal '}mellan "
              f"{sv_number(low)} och {sv_number(high)} ({meta.unit})."))
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
    sheets.protect(ws, first)


def _excel_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def sv_number(value: float) -> str:
    """A number as Swedish readers write it: 1 000, 23,5."""
    return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else \
        str(value).replace(".", ",")


def write_template(data_dir: Path, year: int, out_dir: Path) -> Path:
    """One workbook with a sheet per indicator fed by the city. Refuses to overwrite."""
    data_dir = Path(data_dir)
    plan = load_plan(data_dir, year)
    incoming.check_year(plan, year)
    path = Path(out_dir) / template_name(year)
    incoming.refuse_existing([path])
    metas = own_indicators(data_dir, plan)
    if not metas:
        raise DataError([Problem(data_dir / "indicators", "ingen indikator har serier med "
                                 "own_source: true; det finns inget att fråga efter")])
    wb = sheets.instructions_workbook(
        INSTRUCTIONS_SHEET, _instructions(year, plan.document.organisation, metas,
                                          plan.document.send_to))
    for meta in metas:
        _write_sheet(wb, meta, year)
    wb.properties.title = f"Indikatorvärden {year}"
    wb.properties.creator = "trygghet indicator-template"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
