"""Status reporting: Excel templates for the committees and the import of their reports.

``trygghet templates`` writes one workbook per lead committee, listing the
activities it leads. ``trygghet import-status`` reads the filled-in workbooks (or
CSV files with the same columns), checks every row against the plan, and only
when nothing is wrong keeps an untouched copy of each file under
``data/raw/<year>/`` and merges the reports into
``data/activities/status-<year>.csv``. On any problem it writes nothing.

A stored report is never overwritten silently: a new report that differs from
the stored one stops the import unless ``replace=True``; the file the replaced
report came from stays in ``data/raw/``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from trygghet.data import activities
from trygghet.data.activities import NOT_REPORTED, REPORTABLE, Report
from trygghet.data.errors import DataError, Problem
from trygghet.data.plan import Committee, Plan, load_plan
from trygghet.intake import received as incoming
from trygghet.intake.received import ERROR_VALUES, FileResult, NotText, parse_date  # noqa: F401 - re-exported

# -- the template's layout: shared by the writer and the reader ----------------------------

TEMPLATE_ID = "trygghet-statusmall-1"
SHEET = "Aktiviteter"
INSTRUCTIONS_SHEET = "Instruktioner"
META_ROWS = {"år": 2, "nämnd": 3, "mall": 4}  # label (casefolded) → row in column A/B
HEADER_ROW = 6


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    filled_in: bool  # True: the committee writes here; False: read-only, from the plan
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column("activity", "Nr", 7, False, ("id", "aktivitet nr", "aktivitetsnummer", "nummer")),
    Column("text", "Aktivitet", 60, False),
    Column("lead", "Ansvarig nämnd", 26, False, ("nämnd", "ansvarig")),
    Column("co", "Medansvariga", 34, False, ("medansvariga nämnder",)),
    Column("status", "Status", 16, True),
    Column("comment", "Kommentar om vad som har gjorts", 60, True,
           ("kommentar", "kommentar om vad som gjorts")),
    Column("contact", "Kontaktperson", 24, True, ("kontakt",)),
    Column("date", "Datum", 13, True, ("rapportdatum",)),
]
REQUIRED = ("activity", "status")

def template_name(year: int, committee: Committee) -> str:
    """A file name safe on Windows, macOS and Linux: the committee's ASCII id, no spaces."""
    return f"statusrapport-{year}-{committee.id}.xlsx"


LAYOUT = incoming.Layout(
    headers={c.key: c.header for c in COLUMNS},
    aliases={incoming.norm_label(a): c.key for c in COLUMNS for a in (c.header, *c.aliases)},
    required=REQUIRED, meta_labels=frozenset(META_ROWS))
Table = incoming.Table


# -- templates ----------------------------------------------------------------------------

def _instructions(plan: Plan, year: int, committee: Committee) -> list[str]:
    doc = plan.document
    statuses = [f"    {s.key}: {s.description}." for s in REPORTABLE]
    office = doc.reports_to  # who compiles the reports (plan.yml, reports_to), if the plan says
    return [
        f"Statusrapport {year} för {committee.name}",
        "",
        (f"{doc.organisation} följer upp {doc.title} varje år. Inför uppföljningen "
         "rapporterar ansvarig nämnd vad som har gjorts i de aktiviteter den ansvarar för."
         + (f" {office} sammanställer rapporterna." if office else "")),
        "",
        f"Så fyller du i bladet {SHEET}:",
        ("1. Välj en status för varje aktivitet i kolumnen Status (klicka i cellen och välj "
         "i listan). Alla aktiviteter ska ha en status."),
        ("2. Skriv kort vad som har gjorts under året i kolumnen Kommentar. Vid Försenad och "
         "Avförd: skriv varför."),
        (f"3. Skriv kontaktperson och datum (till exempel {year + 1}-03-15 eller "
         f"15 mars {year + 1})."),
        ("4. Ändra inte Nr, Aktivitet, nämnderna eller raderna högst upp; de kommer från "
         "planen. Lägg inte till eller ta bort rader."),
        "5. Spara filen som Excel-arbetsbok (.xlsx) och skicka den till "
        + (f"{office}." if office else "den som skickade mallen."),
        "",
        "Statusarna betyder:",
        *statuses,
        "",
        ("Kommentaren publiceras på webben precis som den är skriven, som vanlig text "
         "(formatering, länkar och kod visas inte). Skriv inga personuppgifter i kommentaren. "
         "Kontaktpersonen publiceras inte; den behövs om "
         + (f"{office} har frågor." if office else "det finns frågor.")),
    ]


def _write_template(path: Path, plan: Plan, year: int, committee: Committee) -> None:
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    info.column_dimensions["A"].width = 110
    for i, line in enumerate(_instructions(plan, year, committee), start=1):
        cell = info.cell(row=i, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    info["A1"].font = Font(bold=True, size=14)
    info.protection.sheet = True

    ws = wb.create_sheet(SHEET)
    ws["A1"] = f"Statusrapport {year}: {committee.name}"
    ws["A1"].font = Font(bold=True, size=14)
    for label, row in META_ROWS.items():
        ws.cell(row=row, column=1, value=label.capitalize()).font = Font(bold=True)
    ws.cell(row=META_ROWS["år"], column=2, value=year).alignment = Alignment(horizontal="left")
    ws.cell(row=META_ROWS["nämnd"], column=2, value=committee.name)
    ws.cell(row=META_ROWS["mall"], column=2, value=TEMPLATE_ID)

    input_fill = PatternFill("solid", fgColor="FFF7D6")
    for j, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=col.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = col.width

    led = [a for a in plan.activities if a.lead == committee.id]
    first = HEADER_ROW + 1
    for i, a in enumerate(led, start=first):
        co = [plan.committee_name(c) for c in a.co_responsible] + ([a.others] if a.others else [])
        values = {"activity": a.id, "text": a.text, "lead": committee.name, "co": ", ".join(co)}
        for j, col in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=i, column=j, value=values.get(col.key))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col.key == "activity":
                cell.number_format = "@"
            if col.key == "date":
                cell.number_format = "yyyy-mm-dd"
            if col.filled_in:
                cell.protection = Protection(locked=False)
                cell.fill = input_fill
    last = first + len(led) - 1

    status_col = get_column_letter(next(j for j, c in enumerate(COLUMNS, 1) if c.key == "status"))
    choices = ",".join(s.key for s in REPORTABLE)
    dv = DataValidation(
        type="list", formula1=f'"{choices}"', allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle="Okänd status",
        error=f"Välj en status i listan: {choices.replace(',', ', ')}.",
        showInputMessage=True, promptTitle="Status", prompt="Välj status i listan.",
    )
    dv.add(f"{status_col}{first}:{status_col}{last}")
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
    wb.properties.title = f"Statusrapport {year}: {committee.name}"
    wb.properties.creator = "trygghet templates"
    wb.save(path)


def write_templates(data_dir: Path, year: int, out_dir: Path) -> list[Path]:
    """One workbook per committee that leads at least one activity. Refuses to overwrite."""
    plan = load_plan(data_dir)
    incoming.check_year(plan, year, Path(data_dir) / "plan" / "plan.yml", "statusrapporter")
    out_dir = Path(out_dir)
    leads = {a.lead for a in plan.activities}
    targets = [(c, out_dir / template_name(year, c)) for c in plan.committees if c.id in leads]
    incoming.refuse_existing(p for _, p in targets)
    out_dir.mkdir(parents=True, exist_ok=True)
    for committee, path in targets:
        _write_template(path, plan, year, committee)
    return [p for _, p in targets]


# -- reading received files ---------------------------------------------------------------

def _used_fields(cells: list[object]) -> int:
    """Number of fields up to the last one that is not blank."""
    return next((i + 1 for i in range(len(cells) - 1, -1, -1)
                 if activities.clean_text(cells[i])), 0)


def _read_xlsx(path: Path) -> Table | list[Problem]:
    wb = incoming.open_workbook(path)
    if isinstance(wb, list):
        return wb
    names = sorted(wb.sheetnames, key=lambda n: n != SHEET)  # the template's sheet first
    for name in names:
        table = incoming.find_table(path, name, incoming.sheet_rows(wb[name], name), LAYOUT,
                                    incoming.cell_label)
        if table is not None:
            return table
    return [Problem(path, f"filen är inte en statusmall: inget blad har rubrikerna Nr och Status "
                          f"(väntat bladet {SHEET!r}). Använd mallen från `trygghet templates`.")]


def _read_csv(path: Path, data: bytes) -> Table | list[Problem]:
    table = incoming.find_csv_table(path, data, LAYOUT)
    if isinstance(table, Table):
        table.header_fields = _used_fields(table.header)
    if table is not None:
        return table
    return [Problem(path, "filen är inte en statusrapport: hittar ingen rubrikrad med "
                          "kolumnerna Nr och Status (semikolon- eller kommaseparerad).", row=1)]


def read_table(path: Path) -> Table | list[Problem]:
    """Open a received file by what it contains, not what it is called."""
    path = Path(path)
    data = incoming.read_received(path)
    if isinstance(data, list):
        return data
    if incoming.is_workbook(data):
        return _read_xlsx(path)
    return _read_csv(path, data)


# -- values ----------------------------------------------------------------------------------

def _activity_id(value: object) -> str:
    if isinstance(value, float):
        return repr(value)
    return "".join(activities.clean_text(value).split()).replace(",", ".")


def _shown(value: object) -> str:
    return repr(activities.clean_text(value))


# -- checking the rows ------------------------------------------------------------------------

_READ_KEYS = ("activity", "lead", "status", "comment", "contact", "date")  # what a row gives


@dataclass(frozen=True)
class Received:
    """One checked row of a received file."""

    report: Report
    table: Table
    row: int


def check_table(table: Table, year: int, plan: Plan,
                seen: dict[str, tuple[Table, int]]) -> tuple[list[Received], list[Problem]]:
    """Every row checked against the plan and the year; ``seen`` finds duplicates across files."""
    problems: list[Problem] = []
    file_committee: Committee | None = None
    meta = {}
    for label, (value, row, col) in table.meta.items():
        if isinstance(value, NotText):
            problems.append(Problem(table.file, value.message(), row=row, column=col,
                                    sheet=table.sheet))
        else:
            meta[label] = (value, row, col)
    if "år" in meta:
        value, row, col = meta["år"]
        try:
            stated = int(float(activities.clean_text(value)))
        except ValueError:
            problems.append(Problem(table.file, f"År måste vara ett årtal (angivet: {_shown(value)})",
                                    row=row, column=col, sheet=table.sheet))
        else:
            if stated != year:
                problems.append(Problem(
                    table.file, f"rapporten gäller år {stated}, men importen gäller {year} "
                                f"(--year {year}). Använd rätt års mall eller rätt --year.",
                    row=row, column=col, sheet=table.sheet))
    if "mall" in meta:
        value, row, col = meta["mall"]
        if not activities.clean_text(value).startswith("trygghet-statusmall"):
            problems.append(Problem(table.file, f"filen är inte en statusmall (Mall: {_shown(value)})",
                                    row=row, column=col, sheet=table.sheet))
    if "nämnd" in meta:
        value, row, col = meta["nämnd"]
        file_committee = plan.resolve_committee(activities.clean_text(value))
        if file_committee is None:
            problems.append(Problem(table.file, f"okänd nämnd {_shown(value)}", row=row,
                                    column=col, sheet=table.sheet))

    by_id = {a.id: a for a in plan.activities}
    allowed = ", ".join(s.key for s in REPORTABLE)
    received: list[Received] = []
    period = (dt.date(year, 1, 1), dt.date(year + 1, 12, 31))
    for row, cells in table.rows:
        if all(activities.clean_text(c) == "" for c in cells):
            continue
        before = len(problems)
        fields = _used_fields(cells)
        if table.header_fields is not None and fields > table.header_fields:
            # Every column after the extra field is shifted: checking them would blame the
            # wrong columns.
            problems.append(table.problem(
                f"raden har {fields} fält men rubrikraden har {table.header_fields}. Troligen "
                "innehåller en text ett semikolon eller kommatecken utan citattecken runt "
                "texten. Sätt citattecken runt texten eller skicka filen som Excel-arbetsbok "
                "(.xlsx).", row))
            continue
        not_text = {key: v for key in _READ_KEYS
                    if isinstance(v := table.value(cells, key), NotText)}
        for key, v in not_text.items():
            problems.append(table.problem(v.message(), row, key))
        if not_text:  # reported above; the row's other cells are still checked
            cells = [None if isinstance(c, NotText) else c for c in cells]
        activity_id = _activity_id(table.value(cells, "activity"))
        activity = by_id.get(activity_id)
        if "activity" in not_text:
            pass
        elif not activity_id:
            problems.append(table.problem("Nr saknas: vilken aktivitet gäller raden?", row,
                                          "activity"))
        elif activity is None:
            problems.append(table.problem(f"aktivitet {activity_id!r} finns inte i planen", row,
                                          "activity"))
        elif activity_id in seen:
            other, other_row = seen[activity_id]
            where = "" if other.file == table.file and other.sheet == table.sheet \
                else f" i {other.file.name}"
            problems.append(table.problem(
                f"aktivitet {activity_id} finns två gånger: även på rad {other_row}{where}",
                row, "activity"))
        else:
            seen[activity_id] = (table, row)

        committee = file_committee
        row_lead = activities.clean_text(table.value(cells, "lead"))
        if row_lead:
            committee = plan.resolve_committee(row_lead)
            if committee is None:
                problems.append(table.problem(f"okänd nämnd {row_lead!r}", row, "lead"))
        if activity is not None:
            wrong = [c for c in (file_committee, committee) if c and c.id != activity.lead]
            if wrong:
                problems.append(table.problem(
                    f"aktivitet {activity.id} leds av {plan.committee_name(activity.lead)}, "
                    f"inte av {wrong[0].name}; den rapporteras i den nämndens mall",
                    row, "lead" if "lead" in table.columns else "activity"))
            if committee is None and not row_lead and "lead" not in not_text:
                problems.append(table.problem("ansvarig nämnd saknas (kolumnen Ansvarig nämnd)",
                                              row, "lead"))

        raw_status = table.value(cells, "status")
        status = activities.parse_status(raw_status)
        if "status" in not_text:
            pass
        elif activities.clean_text(raw_status) == "":
            problems.append(table.problem(f"status saknas; välj en av: {allowed}", row, "status"))
        elif status is None:
            problems.append(table.problem(
                f"okänd status {_shown(raw_status)}; tillåtna: {allowed}", row, "status"))
        elif status is NOT_REPORTED:
            problems.append(table.problem(
                f"{NOT_REPORTED.key!r} kan inte rapporteras; välj en av: {allowed}", row, "status"))

        reported = None
        raw_date = table.value(cells, "date")
        if activities.clean_text(raw_date):
            try:
                reported = parse_date(raw_date)
            except (ValueError, OverflowError):
                problems.append(table.problem(
                    f"okänt datum {_shown(raw_date)}; skriv till exempel {year + 1}-03-15, "
                    f"15/3/{year + 1} eller 15 mars {year + 1}", row, "date"))
            else:
                if not period[0] <= reported <= period[1]:
                    problems.append(table.problem(
                        f"datumet {reported.isoformat()} ligger utanför rapporteringen för {year} "
                        f"({period[0].isoformat()}–{period[1].isoformat()})", row, "date"))

        if len(problems) == before and activity is not None:
            received.append(Received(Report(
                activity=activity.id, status=status,
                comment=activities.clean_text(table.value(cells, "comment")),
                committee=activity.lead,
                contact=" ".join(activities.clean_text(table.value(cells, "contact")).split()),
                reported_date=reported,
            ), table, row))
    if not problems and not received:
        problems.append(Problem(table.file, "filen har inga ifyllda rader att importera",
                                sheet=table.sheet))
    return received, problems


# -- the import -------------------------------------------------------------------------------

LOG_FILE = "importlogg.csv"
LOG_COLUMNS = ["year", "imported", "file", "received_as", "sha256", "added", "replaced",
               "unchanged", "example"]


@dataclass
class ImportResult:
    year: int
    status_file: Path
    files: list[FileResult]
    removed_examples: int = 0

    @property
    def changed(self) -> bool:
        return self.removed_examples > 0 or any(f.added or f.replaced for f in self.files)


def import_status(data_dir: Path, files: list[Path], year: int, *, replace: bool = False,
                  example: bool = False, today: dt.date | None = None) -> ImportResult:
    """Check every file, then merge into the year's status file. Raises DataError and
    writes nothing if anything is wrong."""
    data_dir = Path(data_dir)
    plan = load_plan(data_dir)
    incoming.check_year(plan, year, data_dir / "plan" / "plan.yml", "statusrapporter")
    status_file = activities.status_path(data_dir, year)
    if status_file.exists():
        stored_problems = activities.check_status_file(data_dir, year, plan)
        if stored_problems:
            raise DataError(stored_problems)
    if not files:
        raise DataError([Problem(Path("."), "inga filer angivna")])

    problems: list[Problem] = []
    received: list[Received] = []
    seen: dict[str, tuple[Table, int]] = {}
    paths = [Path(f) for f in files]
    for path in paths:
        table = read_table(path)
        if isinstance(table, list):
            problems += table
            continue
        rows, row_problems = check_table(table, year, plan, seen)
        received += rows
        problems += row_problems
    if problems:
        raise DataError(problems)

    existing = activities.load_reports(data_dir, year)
    existing_example = activities.is_example(existing)
    removed_examples = 0
    if existing and example and not existing_example:
        raise DataError([Problem(status_file, f"{year} har redan nämndernas riktiga rapporter; "
                                              "exempeldata importeras aldrig över dem")])
    if existing_example and not example:
        if not replace:
            raise DataError([Problem(
                status_file, f"{year} innehåller exempeldata. Kör igen med --replace för att "
                             "ersätta exempeldata med nämndernas rapporter; då tas årets "
                             "alla exempelrader bort (exempelfilerna finns kvar i data/raw/).")])
        removed_examples, existing = len(existing), {}

    folder = activities.raw_dir(data_dir, year)
    names = incoming.raw_names(paths, folder)
    results = {
        path: FileResult(path, f"{year}/{name}", digest, new)
        for path, (name, digest, new) in zip(paths, names, strict=True)
    }
    merged = dict(existing)
    conflicts: list[Problem] = []
    for item in received:
        result = results[item.table.file]
        new = dataclasses.replace(item.report, example=example, source=result.stored_as)
        old = existing.get(new.activity)
        if old is None:
            result.added += 1
            merged[new.activity] = new
        elif old.same_content(new):
            result.unchanged += 1
        elif replace:
            result.replaced += 1
            merged[new.activity] = new
        else:
            conflicts.append(item.table.problem(
                f"aktivitet {new.activity} har redan en annan rapport för {year} "
                f"(status {old.status.key}, från data/raw/{old.source}). Kör igen med --replace "
                "för att ersätta den; den tidigare filen finns kvar i data/raw/.",
                item.row, "status"))
    if conflicts:
        raise DataError(conflicts)

    # Everything is checked: now write, received files first.
    for path, result in results.items():
        if result.new_copy:
            incoming.keep_raw(path, data_dir / "raw" / result.stored_as)
    outcome = ImportResult(year, status_file, list(results.values()), removed_examples)
    if outcome.changed or not status_file.exists():
        activities.write_status_file(status_file, year, merged.values())
    _append_log(data_dir, outcome, example, today or dt.date.today())
    return outcome


def _append_log(data_dir: Path, outcome: ImportResult, example: bool, today: dt.date) -> None:
    """``data/activities/importlogg.csv``: which file was imported when, and what it changed."""
    incoming.append_log(data_dir / "activities" / LOG_FILE, LOG_COLUMNS, (
        [outcome.year, today.isoformat(), r.stored_as, r.received_as.name, r.sha256, r.added,
         r.replaced, r.unchanged, "true" if example else "false"] for r in outcome.files))
