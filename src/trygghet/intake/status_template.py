"""The committees' status template: its layout and ``trygghet templates``.

``trygghet templates`` writes one workbook per lead committee, listing the activities it
leads. The layout defined here (sheet, metadata rows, columns) is also how
:mod:`trygghet.intake.status_reading` recognises a filled-in report."""

from __future__ import annotations

from pathlib import Path

from openpyxl.worksheet.datavalidation import DataValidation

from trygghet.data.activities import REPORTABLE, allowed_statuses, needing_reason
from trygghet.data.plan import Committee, Plan, load_plan
from trygghet.intake import received as incoming
from trygghet.intake import template_sheets as sheets
from trygghet.intake.received import Column

TEMPLATE_ID = "trygghet-statusmall-1"
SHEET = "Aktiviteter"
INSTRUCTIONS_SHEET = "Instruktioner"
META_ROWS = {"år": 2, "nämnd": 3, "mall": 4}  # label (casefolded) → row in column A/B
HEADER_ROW = 6

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
LAYOUT = incoming.Layout.of(COLUMNS, REQUIRED, META_ROWS)


def template_name(year: int, committee: Committee) -> str:
    """A file name safe on Windows, macOS and Linux: the committee's ASCII id, no spaces."""
    return f"statusrapport-{year}-{committee.id}.xlsx"


def _instructions(plan: Plan, year: int, committee: Committee) -> list[str]:
    doc = plan.document
    statuses = [f"    {s.key}: {s.description}." for s in REPORTABLE]
    office = doc.reports_to  # who compiles the reports (plan.yml, reports_to), if the plan says
    send_to = doc.send_to  # who the file goes back to: the coordinator, who imports it
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
        ("2. Skriv kort vad som har gjorts under året i kolumnen Kommentar. Vid "
         f"{needing_reason()}: skriv varför."),
        (f"3. Skriv kontaktperson och datum (till exempel {year + 1}-03-15 eller "
         f"15 mars {year + 1})."),
        ("4. Ändra inte Nr, Aktivitet, nämnderna eller raderna högst upp; de kommer från "
         "planen. Lägg inte till eller ta bort rader."),
        ("5. Spara filen som Excel-arbetsbok (.xlsx) eller OpenDocument (.ods) och skicka den "
         "till " + (f"{send_to}." if send_to else "den som skickade mallen.")),
        "",
        "Statusarna betyder:",
        *statuses,
        "",
        ("Kommentaren publiceras på webben precis som den är skriven, som vanlig text "
         "(formatering, länkar och kod visas inte). Skriv inga personuppgifter i kommentaren. "
         "Kontaktpersonen publiceras inte; den behövs om "
         + (f"{send_to} har frågor." if send_to else "det finns frågor.")),
    ]


def _status_list() -> DataValidation:
    """The drop-down list of the statuses a committee can choose."""
    return DataValidation(
        type="list", formula1=f'"{allowed_statuses(",")}"', allow_blank=True,
        errorTitle="Okänd status", error=f"Välj en status i listan: {allowed_statuses()}.",
        showInputMessage=True, promptTitle="Status", prompt="Välj status i listan.",
    )


def _write_template(path: Path, plan: Plan, year: int, committee: Committee) -> None:
    wb = sheets.instructions_workbook(INSTRUCTIONS_SHEET, _instructions(plan, year, committee))
    ws = wb.create_sheet(SHEET)
    sheets.write_heading(ws, f"Statusrapport {year}: {committee.name}",
                         {"år": year, "nämnd": committee.name, "mall": TEMPLATE_ID}, META_ROWS)
    sheets.write_header(ws, COLUMNS, HEADER_ROW)

    led = [a for a in plan.activities if a.lead == committee.id]
    first = HEADER_ROW + 1
    for i, a in enumerate(led, start=first):
        co = [plan.committee_name(c) for c in a.co_responsible] + ([a.others] if a.others else [])
        values = {"activity": a.id, "text": a.text, "lead": committee.name, "co": ", ".join(co)}
        for j, col in enumerate(COLUMNS, start=1):
            cell = sheets.write_cell(ws, i, j, col, values.get(col.key), wrap=True)
            if col.key == "activity":
                cell.number_format = "@"
    sheets.add_validation(ws, COLUMNS, "status", (first, first + len(led) - 1), _status_list())

    sheets.protect(ws, first)
    sheets.print_landscape(ws)
    wb.properties.title = f"Statusrapport {year}: {committee.name}"
    wb.properties.creator = "trygghet templates"
    wb.save(path)


def write_templates(data_dir: Path, year: int, out_dir: Path) -> list[Path]:
    """One workbook per committee that leads at least one activity. Refuses to overwrite."""
    plan = load_plan(data_dir, year)
    incoming.check_year(plan, year, "statusrapporter")
    out_dir = Path(out_dir)
    leads = {a.lead for a in plan.activities}
    targets = [(c, out_dir / template_name(year, c)) for c in plan.committees if c.id in leads]
    incoming.refuse_existing(p for _, p in targets)
    out_dir.mkdir(parents=True, exist_ok=True)
    for committee, path in targets:
        _write_template(path, plan, year, committee)
    return [p for _, p in targets]
