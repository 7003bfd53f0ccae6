"""The assessment of the goals: an Excel template for the unit that assesses them and the
import of the filled-in file.

``trygghet assessment-template`` writes one workbook per edition: every goal of the plan
with its id, focus area and text (locked), a list to choose the verdict from, columns for
the analysis, the date and (optionally) the indicators the verdict rests on, and rows
above the table for who assessed and the overall text ("Samlad bedömning").
``trygghet import-assessments`` reads the filled-in file (.xlsx, .ods or CSV with the same
rows), checks everything, and only when nothing is wrong keeps an untouched copy under
``data/raw/<year>/``, writes ``data/goals/bedomning-<year>.csv`` and
``samlad-bedomning-<year>.yml`` (see :mod:`trygghet.data.assessments`) and notes the import
in ``data/goals/importlogg.csv``. A stored assessment is never overwritten without
``replace=True``; on any problem nothing is written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from trygghet.data import activities, clock
from trygghet.data import assessments as goals_data
from trygghet.data.assessments import (
    NOT_ASSESSED,
    VERDICTS,
    EditionAssessment,
    GoalAssessment,
)
from trygghet.data.errors import DataError, Problem
from trygghet.data.plan import Plan, load_plan, load_plans
from trygghet.data.writing import transaction
from trygghet.intake import received as incoming
from trygghet.intake.cells import NotText
from trygghet.intake.raw_files import (
    FileResult,
    keep_received,
    log_import,
    merge_received,
    received_files,
)

TEMPLATE_ID = "trygghet-bedomningsmall-1"
SHEET = "Bedömning"
INSTRUCTIONS_SHEET = "Instruktioner"
#: Rows above the table: label (casefolded) → row, label in column A and value in B.
META_ROWS = {"år": 2, "mall": 3, "bedömd av": 4, "samlad bedömning": 5}
HEADER_ROW = 7
LOG_FILE = goals_data.LOG_FILE


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    filled_in: bool  # True: the unit writes here; False: locked, from the plan
    aliases: tuple[str, ...] = ()


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
_FILLED_IN = ("assessment", "analysis", "date", "indicators")

LAYOUT = incoming.Layout(
    headers={c.key: c.header for c in COLUMNS},
    aliases={incoming.norm_label(a): c.key for c in COLUMNS for a in (c.header, *c.aliases)},
    required=REQUIRED, meta_labels=frozenset(META_ROWS))
Table = incoming.Table


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


def _write_template(path: Path, plan: Plan, year: int) -> None:
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    info.column_dimensions["A"].width = 110
    for i, line in enumerate(_instructions(plan, year), start=1):
        info.cell(row=i, column=1, value=line).alignment = Alignment(wrap_text=True,
                                                                     vertical="top")
    info["A1"].font = Font(bold=True, size=14)
    info.protection.sheet = True

    ws = wb.create_sheet(SHEET)
    ws["A1"] = f"Bedömning av målen {year}"
    ws["A1"].font = Font(bold=True, size=14)
    input_fill = PatternFill("solid", fgColor="FFF7D6")
    for label, row in META_ROWS.items():
        cell = ws.cell(row=row, column=1, value=label.capitalize())
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.cell(row=META_ROWS["år"], column=2, value=year).alignment = Alignment(horizontal="left")
    ws.cell(row=META_ROWS["mall"], column=2, value=TEMPLATE_ID)
    last_column = get_column_letter(len(COLUMNS))
    for label in ("bedömd av", "samlad bedömning"):
        row = META_ROWS[label]
        ws.merge_cells(f"B{row}:{last_column}{row}")
        cell = ws.cell(row=row, column=2)
        cell.protection = Protection(locked=False)
        cell.fill = input_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[META_ROWS["samlad bedömning"]].height = 150

    for j, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=col.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = col.width
    first = HEADER_ROW + 1
    goals = [(area, g) for area in plan.focus_areas for g in area.goals]
    for i, (fa, goal) in enumerate(goals, start=first):
        values = {"goal": goal.id, "focus_area": f"{fa.id}. {fa.title}", "text": goal.text}
        for j, col in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=i, column=j, value=values.get(col.key))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col.key == "date":
                cell.number_format = "yyyy-mm-dd"
            if col.filled_in:
                cell.protection = Protection(locked=False)
                cell.fill = input_fill
    last = first + len(plan.goals) - 1

    def letter(key: str) -> str:
        return get_column_letter(next(j for j, c in enumerate(COLUMNS, 1) if c.key == key))

    choices = ",".join(VERDICTS)
    for key, dv in [
        ("assessment", DataValidation(
            type="list", formula1=f'"{choices}"', allow_blank=True, errorTitle="Okänd bedömning",
            error=f"Välj en bedömning i listan: {choices.replace(',', ', ')}.",
            showInputMessage=True, promptTitle="Bedömning", prompt="Välj bedömning i listan.")),
        ("date", DataValidation(
            type="date", operator="between", formula1=f"DATE({year},1,1)",
            formula2="TODAY()", allow_blank=True, errorTitle="Inget datum",
            error=f"Skriv ett datum från {year}-01-01 till och med i dag, till exempel "
                  f"{year + 1}-03-15.")),
    ]:
        dv.showErrorMessage, dv.errorStyle = True, "stop"
        dv.add(f"{letter(key)}{first}:{letter(key)}{last}")
        ws.add_data_validation(dv)

    ws.freeze_panes = ws.cell(row=first, column=2)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may widen columns and rows
    ws.protection.formatRows = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    wb.active = wb.index(info)
    wb.properties.title = f"Bedömning av målen {year}"
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


# -- reading a received file ------------------------------------------------------------------

def _not_a_template(path: Path) -> list[Problem]:
    return [Problem(path, "filen är inte en mall för bedömning av målen: hittar ingen rubrikrad "
                          f"med kolumnerna Mål och Bedömning (väntat bladet {SHEET!r}). Använd "
                          "mallen från `trygghet assessment-template`.")]


def _used_fields(cells: list[object]) -> int:
    return next((i + 1 for i in range(len(cells) - 1, -1, -1)
                 if activities.clean_text(cells[i])), 0)


def read_table(path: Path) -> Table | list[Problem]:
    """The table in a received file: a sheet of a workbook (.xlsx or .ods) or CSV text."""
    path = Path(path)
    data = incoming.read_received(path)
    if isinstance(data, list):
        return data
    if incoming.is_workbook(data):
        sheets = incoming.workbook_sheets(path, data)
        if sheets and isinstance(sheets[0], Problem):
            return sheets
        named = sorted(sheets, key=lambda item: item[0] != SHEET)  # the template's sheet first
    else:
        table = incoming.find_csv_table(path, data, LAYOUT)
        if isinstance(table, Table):
            table.header_fields = _used_fields(table.header)
        return _not_a_template(path) if table is None else table
    for name, rows in named:
        table = incoming.find_table(path, name, rows, LAYOUT, incoming.cell_label)
        if table is not None:
            return table
    return _not_a_template(path)


# -- checking ---------------------------------------------------------------------------------

def _shown(value: object) -> str:
    return repr(activities.clean_text(value))


@dataclass(frozen=True)
class Received:
    """What a checked file says: the goals' assessments (with their rows) and the edition's
    own fields."""

    goals: list[tuple[GoalAssessment, int]]
    assessed_by: str
    overall: str
    table: Table


def _check_meta(table: Table, year: int, problems: list[Problem]) -> dict[str, str | None]:
    """The rows above the table: the year and template checked, the texts returned (None
    for a text cell that holds a formula, already reported)."""
    texts: dict[str, str | None] = {}
    for label, (value, row, col) in table.meta.items():
        def bad(message: str, row: int = row, col: str = col) -> None:
            problems.append(Problem(table.file, message, row=row, column=col, sheet=table.sheet))

        if isinstance(value, NotText):
            bad(value.message())
            texts[label] = None
        elif label == "år":
            try:
                stated = int(float(activities.clean_text(value)))
            except ValueError:
                stated = None
            if stated != year:
                bad(f"mallen gäller år {activities.clean_text(value)}, men importen gäller {year} "
                    f"(--year {year}). Använd rätt års mall eller rätt --year.")
        elif label == "mall":
            if not activities.clean_text(value).startswith("trygghet-bedomningsmall"):
                bad(f"filen är inte en mall för bedömning av målen (Mall: {_shown(value)})")
        else:
            texts[label] = activities.clean_text(value)
    if "år" not in table.meta:
        problems.append(Problem(table.file, "raden År saknas ovanför tabellen (År i kolumn A, "
                                            "året i kolumn B); använd mallen från `trygghet "
                                            "assessment-template`", sheet=table.sheet))
    return texts


def check_table(table: Table, year: int, plan: Plan, today: dt.date
                ) -> tuple[Received | None, list[Problem]]:
    """Every row checked against the plan and the year."""
    problems: list[Problem] = []
    texts = _check_meta(table, year, problems)
    goal_ids = {g.id for g in plan.goals}
    indicator_ids = {i.id for i in plan.indicators}
    allowed = ", ".join(VERDICTS)
    seen: dict[str, int] = {}
    found: list[tuple[GoalAssessment, int]] = []
    for row, cells in table.rows:
        if table.header_fields is not None and _used_fields(cells) > table.header_fields:
            problems.append(table.problem(
                f"raden har {_used_fields(cells)} fält men rubrikraden har {table.header_fields}. "
                "Troligen innehåller en text ett semikolon eller kommatecken utan citattecken "
                "runt texten. Sätt citattecken runt texten eller skicka filen som "
                "Excel-arbetsbok (.xlsx).", row))
            continue
        before = len(problems)
        for key in table.columns:
            v = table.value(cells, key)
            if isinstance(v, NotText):
                problems.append(table.problem(v.message(), row, key))
        if len(problems) > before:
            continue
        goal_id = "".join(activities.clean_text(table.value(cells, "goal")).split())
        filled = [k for k in _FILLED_IN if activities.clean_text(table.value(cells, k))]
        if not filled:
            continue  # a goal nobody assessed: it stays "Ingen bedömning ännu"
        if not goal_id:
            problems.append(table.problem("Mål saknas: vilket mål gäller raden?", row, "goal"))
        elif goal_id not in goal_ids:
            problems.append(table.problem(f"målet {goal_id!r} finns inte i planen", row, "goal"))
        elif goal_id in seen:
            problems.append(table.problem(f"mål {goal_id} finns två gånger: även på rad "
                                          f"{seen[goal_id]}", row, "goal"))
        else:
            seen[goal_id] = row

        raw_verdict = table.value(cells, "assessment")
        verdict = goals_data.parse_verdict(raw_verdict)
        if not activities.clean_text(raw_verdict):
            problems.append(table.problem(f"bedömning saknas; välj en av: {allowed}", row,
                                          "assessment"))
        elif verdict is None:
            problems.append(table.problem(f"okänd bedömning {_shown(raw_verdict)}; tillåtna: "
                                          f"{allowed}", row, "assessment"))
        elif verdict is NOT_ASSESSED:
            problems.append(table.problem(f"{NOT_ASSESSED.key!r} kan inte väljas; lämna raden "
                                          f"tom om målet inte bedöms, annars välj en av: "
                                          f"{allowed}", row, "assessment"))

        analysis = activities.clean_text(table.value(cells, "analysis"))
        if verdict in VERDICTS.values() and verdict is not goals_data.CANNOT_ASSESS \
                and not analysis:
            problems.append(table.problem(f"analys saknas: skriv vad bedömningen {verdict.key!r} "
                                          "bygger på", row, "analysis"))

        assessed = None
        raw_date = table.value(cells, "date")
        if not activities.clean_text(raw_date):
            problems.append(table.problem("datum för bedömningen saknas", row, "date"))
        else:
            try:
                assessed = incoming.parse_date(raw_date)
            except (ValueError, OverflowError):
                problems.append(table.problem(
                    f"okänt datum {_shown(raw_date)}; skriv till exempel {year + 1}-03-15, "
                    f"15/3/{year + 1} eller 15 mars {year + 1}", row, "date"))
            else:
                wrong = goals_data.date_problem(assessed, year, today)
                if wrong:
                    problems.append(table.problem(wrong, row, "date"))

        listed = goals_data.split_indicators(
            activities.clean_text(table.value(cells, "indicators")))
        unknown = [i for i in listed if i not in indicator_ids]
        if unknown:
            problems.append(table.problem(
                "okänd indikator: " + ", ".join(repr(i) for i in unknown) + ". Skriv "
                "indikatorernas id (se bladet Instruktioner), med semikolon emellan.", row,
                "indicators"))
        if len(problems) == before:
            found.append((GoalAssessment(goal_id, verdict, analysis, assessed,
                                         tuple(dict.fromkeys(listed))), row))
    assessed_by = " ".join((texts.get("bedömd av") or "").split())
    overall = texts.get("samlad bedömning") or ""
    if (found or overall) and texts.get("bedömd av", "") == "":
        where = table.meta.get("bedömd av")
        problems.append(Problem(table.file, "Bedömd av saknas: skriv vem som har gjort "
                                            "bedömningen", row=where[1] if where else None,
                                column=where[2] if where else "Bedömd av", sheet=table.sheet))
    if not problems and not found and not overall:
        problems.append(Problem(table.file, "filen har inga ifyllda bedömningar att importera",
                                sheet=table.sheet))
    if problems:
        return None, problems
    return Received(found, assessed_by, overall, table), []


# -- the import -------------------------------------------------------------------------------

@dataclass
class ImportResult:
    year: int
    file: FileResult
    written: list[Path]
    removed_examples: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.written)


def import_assessments(data_dir: Path, file: Path, year: int, *, replace: bool = False,
                       example: bool = False, today: dt.date | None = None) -> ImportResult:
    """Check the file, then merge it into the edition's assessment files. Raises DataError
    and writes nothing if anything is wrong."""
    data_dir = Path(data_dir)
    today = today or clock.today()
    plan = load_plan(data_dir, year)
    incoming.check_year(plan, year, "bedömningen")
    stored_problems = [p for p in goals_data.check_assessment_files(data_dir, load_plans(data_dir))
                       if p.file.name in {goals_data.assessment_path(data_dir, year).name,
                                          goals_data.edition_path(data_dir, year).name}]
    if stored_problems:
        raise DataError(stored_problems)
    path = Path(file)
    table = read_table(path)
    if isinstance(table, list):
        raise DataError(table)
    checked, problems = check_table(table, year, plan, today)
    if problems:
        raise DataError(problems)

    existing = goals_data.load_assessments(data_dir, year)
    target = goals_data.assessment_path(data_dir, year)
    removed = 0
    if existing and example and not existing.example:
        raise DataError([Problem(target, f"{year} har redan riktiga bedömningar; exempeldata "
                                         "importeras aldrig över dem")])
    if existing and existing.example and not example:
        if not replace:
            raise DataError([Problem(
                target, f"{year} innehåller exempeldata. Kör igen med --replace för att ersätta "
                        "exemplen med den riktiga bedömningen; då tas årets alla exempel bort "
                        "(exempelfilen finns kvar i data/raw/).")])
        removed, existing = len(existing.goals), None

    result = received_files([path], data_dir, year)[path]
    merged = dict(existing.goals) if existing else {}
    conflicts: list[Problem] = []
    for item, row in checked.goals:
        new = dataclasses.replace(item, example=example, source=result.stored_as)
        old = merge_received(merged, new.goal, new, result, replace)
        if old is not None:
            conflicts.append(table.problem(
                f"mål {new.goal} har redan en annan bedömning för {year} ({old.verdict.key}, "
                f"från data/raw/{old.source}). Kör igen med --replace för att ersätta den; den "
                "tidigare filen finns kvar i data/raw/.", row, "assessment"))
    assessed_by, overall, source = checked.assessed_by, checked.overall, result.stored_as
    if existing:
        for label, old, new in (("Bedömd av", existing.assessed_by, assessed_by),
                                ("Samlad bedömning", existing.overall, overall)):
            if new and old and new != old and not replace:
                where = table.meta.get(label.lower())
                conflicts.append(Problem(
                    table.file, f"{label} för {year} finns redan med en annan text (från "
                                f"data/raw/{existing.source}). Kör igen med --replace för att "
                                "ersätta den.", row=where[1] if where else None,
                    column=where[2] if where else label, sheet=table.sheet))
        if not overall or (overall == existing.overall and assessed_by == existing.assessed_by):
            overall, assessed_by, source = existing.overall, existing.assessed_by, existing.source
    if conflicts:
        raise DataError(conflicts)

    edition = EditionAssessment(year, merged, overall, assessed_by, example, source)
    unchanged = existing is not None and edition == existing
    # Everything is checked: now write, all files as one change.
    with transaction():
        keep_received(data_dir, [result])
        written = [] if unchanged else goals_data.write_assessment_files(data_dir, edition)
        log_import(goals_data.goals_dir(data_dir) / LOG_FILE, year, today, [result],
                   example="true" if example else "false")
    return ImportResult(year, result, written, removed)


__all__ = ["COLUMNS", "HEADER_ROW", "LOG_FILE", "META_ROWS", "SHEET", "TEMPLATE_ID",
           "ImportResult", "import_assessments", "read_table", "template_name",
           "write_template"]
