"""The goals' assessment template: its layout and ``trygghet assessment-template``.

``trygghet assessment-template`` writes one workbook per edition: every goal of the plan
with its id, focus area and text (locked), a list to choose the verdict from, columns for
the analysis, the date and (optionally) the indicators the verdict rests on, and rows
above the table for who assessed and the overall text ("Samlad bedömning").
The layout defined here (sheet, metadata rows, columns) is also how the import
(:mod:`trygghet.intake.assessments_import`, checked by
:mod:`trygghet.intake.assessments_check`) recognises the filled-in file. Every cell is
written by :func:`trygghet.intake.template_sheets.put`, so no plan text runs as a formula."""

from __future__ import annotations

from pathlib import Path

from openpyxl.worksheet.datavalidation import DataValidation

from trygghet.data.assessments import VERDICTS
from trygghet.data.plan import Plan, load_plan
from trygghet.intake import received as incoming
from trygghet.intake import template_sheets as sheets
from trygghet.intake.received import Column

TEMPLATE_ID = "trygghet-bedomningsmall-1"
SHEET = "Bedömning"
INSTRUCTIONS_SHEET = "Instruktioner"
#: Rows above the table: label (casefolded) → row, label in column A and value in B.
META_ROWS = {"år": 2, "mall": 3, "bedömd av": 4, "samlad bedömning": 5}
HEADER_ROW = 7


COLUMNS = [
    Column("goal", "Mål", 8, False, ("id", "mål nr", "målnummer", "nr")),
    Column("focus_area", "Fokusområde", 28, False),
    Column("text", "Målet", 46, False, ("måltext", "målets text")),
    Column("assessment", "Bedömning", 20, True, ("bedömning av målet",)),
    Column("analysis", "Analys", 70, True, ("analys och motivering", "motivering",
                                            "kommentar")),
    Column("date", "Datum", 13, True, ("bedömningsdatum", "datum för bedömningen")),
    Column("indicators", "Indikatorer (valfritt)", 30, True, ("indikatorer", "underlag")),
]
REQUIRED = ("goal", "assessment")
#: The columns the unit fills in: a row with none of them is a goal not assessed.
FILLED_IN = ("assessment", "analysis", "date", "indicators")

LAYOUT = incoming.Layout.of(COLUMNS, REQUIRED, META_ROWS)


def template_name(year: int) -> str:
    return f"malbedomning-{year}.xlsx"


# -- the template ---------------------------------------------------------------------------

def _instructions(plan: Plan, year: int) -> list[str]:
    doc = plan.document
    verdicts = [f"    {v.key}: {v.description}." for v in VERDICTS.values()]
    indicators = [f"    Fokusområde {fa.id}: " + ", ".join(i.id for i in fa.indicators)
                  for fa in plan.focus_areas]
    return [
        f"Bedömning av målen {year}",
        "",
        (f"{doc.organisation} följer upp {doc.title} varje år. Inför uppföljningen bedöms "
         f"vart och ett av planens {len(plan.goals)} mål: är det uppfyllt för {year}? "
         "Bedömningen, analysen och den samlade bedömningen publiceras i uppföljningen, "
         "bredvid indikatorerna och deras utveckling."),
        "",
        f"Så fyller du i bladet {SHEET}:",
        ("1. Bedömd av: skriv vem som har gjort bedömningen (enhet och förvaltning). "
         "Den visas vid bedömningen."),
        ("2. Samlad bedömning: en sammanfattande text för hela uppföljningen (frivillig men "
         "önskad). Ny rad i cellen: Alt+Enter (Mac: Ctrl+Option+Enter). En tom rad mellan "
         "två stycken gör två stycken."),
        "3. Välj en bedömning för varje mål i kolumnen Bedömning (klicka i cellen och välj i listan).",
        ("4. Skriv i kolumnen Analys vad bedömningen bygger på: indikatorernas utveckling, "
         "aktiviteterna och annat underlag. Analysen behövs för alla bedömningar utom "
         "Går inte att bedöma (skriv gärna varför det inte går)."),
        (f"5. Skriv datum för bedömningen (till exempel {year + 1}-03-15 eller 15 mars "
         f"{year + 1}). Datumet ska ligga från {year}-01-01 till och med dagen då filen läses "
         "in; en uppföljning som blir klar sent går bra."),
        ("6. Indikatorer (valfritt): vilka av planens indikatorer bedömningen bygger på, med "
         "id och semikolon emellan (till exempel valdeltagande; tillit-vuxna). Lämnas kolumnen "
         "tom visas fokusområdets alla indikatorer bredvid bedömningen."),
        ("7. Ett mål som inte bedöms lämnas tomt; det visas som Ingen bedömning ännu. Ändra "
         "inte Mål, Fokusområde, Målet eller raderna År och Mall. Lägg inte till eller ta "
         "bort rader."),
        "8. Spara filen som Excel-arbetsbok (.xlsx) eller OpenDocument (.ods) och skicka den.",
        "",
        "Bedömningarna betyder:",
        *verdicts,
        "",
        "Indikatorernas id per fokusområde:",
        *indicators,
        "",
        ("Analysen och den samlade bedömningen publiceras på webben precis som de är skrivna, "
         "som vanlig text (formatering, länkar och kod visas inte). Skriv inga "
         "personuppgifter."),
    ]


def _verdict_list() -> DataValidation:
    """The drop-down list of the verdicts."""
    choices = ",".join(VERDICTS)
    return DataValidation(
        type="list", formula1=f'"{choices}"', allow_blank=True, errorTitle="Okänd bedömning",
        error=f"Välj en bedömning i listan: {choices.replace(',', ', ')}.",
        showInputMessage=True, promptTitle="Bedömning", prompt="Välj bedömning i listan.")


def _date_check(year: int) -> DataValidation:
    """A date from the start of the year assessed up to the day the file is filled in."""
    return DataValidation(
        type="date", operator="between", formula1=f"DATE({year},1,1)",
        formula2="TODAY()", allow_blank=True, errorTitle="Inget datum",
        error=f"Skriv ett datum från {year}-01-01 till och med i dag, till exempel "
              f"{year + 1}-03-15.")


def _write_template(path: Path, plan: Plan, year: int) -> None:
    title = f"Bedömning av målen {year}"
    wb = sheets.instructions_workbook(INSTRUCTIONS_SHEET, _instructions(plan, year))
    ws = wb.create_sheet(SHEET)
    sheets.write_heading(ws, title, {"år": year, "mall": TEMPLATE_ID}, META_ROWS)
    for label in ("bedömd av", "samlad bedömning"):  # filled in, across the table's width
        sheets.input_meta_row(ws, META_ROWS[label], len(COLUMNS))
    ws.row_dimensions[META_ROWS["samlad bedömning"]].height = 150
    sheets.write_header(ws, COLUMNS, HEADER_ROW)

    first = HEADER_ROW + 1
    goals = [(area, g) for area in plan.focus_areas for g in area.goals]
    for i, (fa, goal) in enumerate(goals, start=first):
        values = {"goal": goal.id, "focus_area": f"{fa.id}. {fa.title}", "text": goal.text}
        for j, col in enumerate(COLUMNS, start=1):
            sheets.write_cell(ws, i, j, col, values.get(col.key), wrap=True)
    rows = (first, first + len(goals) - 1)
    sheets.add_validation(ws, COLUMNS, "assessment", rows, _verdict_list())
    sheets.add_validation(ws, COLUMNS, "date", rows, _date_check(year))

    sheets.protect(ws, first)
    sheets.print_landscape(ws)
    wb.active = 0  # the instructions are what one reads first
    wb.properties.title = title
    wb.properties.creator = "trygghet assessment-template"
    wb.save(path)


def write_template(data_dir: Path, year: int, out_dir: Path) -> Path:
    """The edition's template, ``<out_dir>/malbedomning-<year>.xlsx``. Refuses to overwrite."""
    data_dir = Path(data_dir)
    plan = load_plan(data_dir, year)
    incoming.check_year(plan, year, "bedömningen")
    path = Path(out_dir) / template_name(year)
    incoming.refuse_existing([path])
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_template(path, plan, year)
    return path


__all__ = ["COLUMNS", "FILLED_IN", "HEADER_ROW", "INSTRUCTIONS_SHEET", "LAYOUT", "META_ROWS",
           "SHEET", "TEMPLATE_ID", "template_name", "write_template"]
