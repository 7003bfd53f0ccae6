"""Status reporting: the committees' Excel templates and the import that loses nothing.

Every test works on a small copy of the data directory without status reports
(``status_data``) and fills templates in the test, as a committee would (tests/reports.py)."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

from tests.helpers import snapshot
from tests.reports import COL, YEAR, archive, csv_row, csv_text, fill, ks, rejected
from trygghet.cli import main
from trygghet.data import activities
from trygghet.data.errors import DataError
from trygghet.data.plan import load_plan
from trygghet.data.validate import validate_data_dir
from trygghet.intake.received import parse_date
from trygghet.intake.status_import import import_status
from trygghet.intake.status_template import COLUMNS, HEADER_ROW, SHEET, write_templates

STATUS_LETTER = openpyxl.utils.get_column_letter(COL["status"])


# -- templates ------------------------------------------------------------------------------

def test_one_template_per_lead_committee_with_windows_safe_names(status_data, status_templates):
    plan = load_plan(status_data)
    leads = {a.lead for a in plan.activities}
    names = sorted(p.name for p in status_templates.iterdir())
    assert len(names) == len(leads) == 11
    for name in names:
        assert re.fullmatch(r"statusrapport-2023-[a-z0-9-]+\.xlsx", name), name
        assert len(name) < 100


def test_template_reads_back_with_activities_and_a_status_drop_down(status_data, status_templates):
    plan = load_plan(status_data)
    wb = openpyxl.load_workbook(ks(status_templates))
    assert wb.sheetnames == ["Instruktioner", SHEET]
    instructions = " ".join(str(c.value) for c in wb["Instruktioner"]["A"] if c.value)
    assert "Välj en status" in instructions and "Avförd" in instructions
    ws = wb[SHEET]
    assert ws["B2"].value == YEAR and ws["B3"].value == "Kommunstyrelsen"
    assert [c.value for c in ws[HEADER_ROW]] == [c.header for c in COLUMNS]
    led = [a for a in plan.activities if a.lead == "kommunstyrelsen"]
    first, last = HEADER_ROW + 1, HEADER_ROW + len(led)
    assert [ws.cell(row=r, column=1).value for r in range(first, last + 1)] == [a.id for a in led]
    assert ws.cell(row=first, column=COL["co"]).value == \
        "Nämnden för idrott, fritid och förebyggande"

    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    dv = validations[0]
    assert dv.type == "list"
    assert dv.formula1 == '"Genomförd,Påbörjad,Ej påbörjad,Försenad,Avförd"'
    assert str(dv.sqref) == f"{STATUS_LETTER}{first}:{STATUS_LETTER}{last}"
    assert dv.showErrorMessage and not dv.showDropDown  # (True would hide the arrow)

    assert ws.protection.sheet
    assert ws.cell(row=first, column=COL["status"]).protection.locked is False
    assert ws.cell(row=first, column=COL["comment"]).protection.locked is False
    assert ws.cell(row=first, column=COL["co"]).protection.locked is True


def test_templates_never_overwrite_a_file(status_data, status_templates):
    filled = fill(ks(status_templates), ks(status_templates))
    before = filled.read_bytes()
    with pytest.raises(DataError, match="finns redan"):
        write_templates(status_data, YEAR, status_templates)
    assert filled.read_bytes() == before


# -- what the import accepts ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2023-03-15", dt.date(2023, 3, 15)),
    ("2023-3-5", dt.date(2023, 3, 5)),
    ("15/3/2023", dt.date(2023, 3, 15)),
    ("15.3.2023", dt.date(2023, 3, 15)),
    ("15 mars 2023", dt.date(2023, 3, 15)),
    ("15 Mars 2023", dt.date(2023, 3, 15)),
    ("den 1 oktober 2023", dt.date(2023, 10, 1)),
    ("2023-03-15 00:00:00", dt.date(2023, 3, 15)),
    (dt.datetime(2023, 3, 15, 0, 0), dt.date(2023, 3, 15)),
    (45000, dt.date(2023, 3, 15)),  # an Excel serial date in an unformatted cell
])
def test_swedish_and_excel_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["mars 2023", "15 mars", "2023-02-30", "hej", "12", "1.5"])
def test_incomplete_or_impossible_dates_are_refused(text):
    with pytest.raises((ValueError, OverflowError)):
        parse_date(text)


@pytest.mark.parametrize("text", ["Påbörjad", " påbörjad ", "PÅBÖRJAD", "Påbörjad\u00a0",
                                  "◐ Påbörjad", "Pa\u030aböjad".replace("böjad", "börjad")])
def test_status_as_people_type_it(text):
    assert activities.parse_status(text) is activities.STATUSES["Påbörjad"]


def test_filled_template_is_imported_with_realistic_variants(status_data, status_templates,
                                                             tmp_path):
    rows = {
        "1.1": {"status": "  genomförd ", "date": "15 mars 2024"},
        "1.2": {"status": "EJ  PÅBÖRJAD", "date": "15/3/2024"},
        "1.6": {"status": "Försenad", "date": "2024-03-15",
                "comment": "Rad ett\r\nRad två"},
        "2.1": {"status": "avförd", "date": 45366},
    }
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx", rows)
    result = import_status(status_data, [filled], YEAR)
    reports = activities.load_reports(status_data, YEAR)
    assert len(reports) == 17 and result.files[0].added == 17
    assert reports["1.1"].status.key == "Genomförd"
    assert reports["1.2"].status.key == "Ej påbörjad"
    assert reports["2.1"].status.key == "Avförd"
    assert reports["1.6"].comment == "Rad ett\nRad två"
    assert {reports[a].reported_date for a in ("1.1", "1.2", "1.6", "2.1")} == \
        {dt.date(2024, 3, 15)}
    assert reports["1.1"].committee == "kommunstyrelsen" and not reports["1.1"].example
    raw = archive(status_data) / "ks.xlsx"
    assert raw.read_bytes() == filled.read_bytes()  # an untouched copy, outside data/
    assert reports["1.1"].source == "ks.xlsx"
    assert validate_data_dir(status_data) == []


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("utf-8-sig", "\t"),
])
def test_csv_in_the_encodings_and_separators_people_send(status_data, tmp_path, encoding,
                                                         delimiter):
    path = tmp_path / "rapport.csv"
    text = csv_text([csv_row("1.1", "påbörjad", comment="Möte i Skultuna, två gånger"),
                     csv_row("1.2", "Genomförd ", date="15 mars 2024")], delimiter)
    path.write_bytes(text.encode(encoding))
    import_status(status_data, [path], YEAR)
    reports = activities.load_reports(status_data, YEAR)
    assert reports["1.1"].status.key == "Påbörjad"
    assert reports["1.1"].comment == "Möte i Skultuna, två gånger"
    assert reports["1.2"].reported_date == dt.date(2024, 3, 15)


def test_csv_saved_from_the_template_by_excel(status_data, status_templates, tmp_path):
    """Excel's "CSV (semikolonavgränsad)": metadata rows above the header, Windows-1252."""
    ws = openpyxl.load_workbook(fill(ks(status_templates), tmp_path / "ks.xlsx"))[SHEET]
    lines = [";".join("" if v is None else str(v) for v in row)
             for row in ws.iter_rows(values_only=True)]
    path = tmp_path / "ks.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    import_status(status_data, [path], YEAR)
    assert len(activities.load_reports(status_data, YEAR)) == 17


def test_a_template_saved_by_libreoffice_as_ods_is_imported(status_data, root):
    """Staff may fill in the template in LibreOffice and save it as .ods (see
    tests/fixtures/libreoffice/README.md)."""
    received = root / "tests" / "fixtures" / "libreoffice" / "statusrapport-2024-kulturnamnden.ods"
    assert main(["--root", str(status_data.parent), "import-status", str(received),
                 "--year", "2024"]) == 0
    report = activities.load_reports(status_data, 2024)["6.6"]
    assert (report.status.key, report.comment) == (
        "Påbörjad", "Vi har stöttat föreningar (test av LibreOffice).")
    assert report.reported_date == dt.date(2025, 3, 1)
    assert validate_data_dir(status_data) == []


# -- what the import rejects, writing nothing -------------------------------------------------

def test_bad_rows_are_named_by_file_sheet_row_and_column(status_data, status_templates, tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx", {
        "1.2": {"status": None},
        "1.6": {"status": "Klar"},
        "2.1": {"date": "32 mars 2024"},
    })
    problems = rejected(status_data, [filled])
    assert len(problems) == 3
    missing, unknown, date = problems
    assert missing.startswith(f"{filled}, blad 'Aktiviteter', rad {HEADER_ROW + 2}, "
                              f"kolumn/fält 'Status ({STATUS_LETTER})'")
    assert "status saknas" in missing
    assert f"rad {HEADER_ROW + 3}" in unknown and "okänd status 'Klar'" in unknown
    assert "tillåtna: Genomförd, Påbörjad, Ej påbörjad, Försenad, Avförd" in unknown
    assert "'Datum (H)'" in date and "okänt datum '32 mars 2024'" in date


def test_unknown_activity_and_activity_led_by_another_committee(status_data, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("9.9", "Påbörjad"), csv_row("2.2", "Påbörjad")]),
                    encoding="utf-8")
    unknown, not_led = rejected(status_data, [path])
    assert "rad 2, kolumn/fält 'Nr': aktivitet '9.9' finns inte i planen" in unknown
    assert "rad 3, kolumn/fält 'Ansvarig nämnd'" in not_led
    assert "aktivitet 2.2 leds av Byggnadsnämnden, inte av Kommunstyrelsen" in not_led


def test_activity_added_to_a_template_it_does_not_belong_to(status_data, status_templates,
                                                            tmp_path):
    wb = openpyxl.load_workbook(ks(status_templates))
    ws = wb[SHEET]
    ws.cell(row=HEADER_ROW + 1, column=1, value="2.2")  # Byggnadsnämnden leads 2.2
    ws.cell(row=HEADER_ROW + 1, column=COL["lead"], value=None)
    wb.save(tmp_path / "t.xlsx")
    problems = rejected(status_data, [fill(tmp_path / "t.xlsx", tmp_path / "ks.xlsx")])
    assert any("aktivitet 2.2 leds av Byggnadsnämnden, inte av Kommunstyrelsen" in p
               for p in problems)


def test_report_for_another_year(status_data, status_templates, tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx", default_status="Påbörjad")
    problems = rejected(status_data, [filled], year=2022)
    assert "blad 'Aktiviteter', rad 2, kolumn/fält 'År (B)': rapporten gäller år 2023, men " \
           "importen gäller 2022" in problems[0]


def test_duplicate_rows_within_and_across_files(status_data, status_templates, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("1.1", "Påbörjad"), csv_row("1.1", "Genomförd")]),
                    encoding="utf-8")
    (problem,) = rejected(status_data, [path])
    assert "rad 3, kolumn/fält 'Nr': aktivitet 1.1 finns två gånger: även på rad 2" in problem
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx")
    single = tmp_path / "en.csv"
    single.write_text(csv_text([csv_row("1.2", "Påbörjad")]), encoding="utf-8")
    (problem,) = rejected(status_data, [filled, single])
    assert "aktivitet 1.2 finns två gånger: även på rad 8 i ks.xlsx" in problem


@pytest.mark.parametrize("content, message", [
    (b"", "filen är tom"),
    (b"   \n", "filen är tom"),
    (b"PK\x03\x04 trasig zip", "kan inte öppnas som Excel-arbetsbok"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "gammal Excel-fil (.xls)"),
    (b"\x00\x01\x02binary\x00", "kan inte läsas som text"),
    (b"year,series,area_code,value\n2022,N1,1980,3\n", "inte en statusrapport"),
    (csv_text([]).encode(), "inga ifyllda rader"),
])
def test_empty_unreadable_and_foreign_files(status_data, tmp_path, content, message):
    path = tmp_path / "fil.xlsx"
    path.write_bytes(content)
    (problem,) = rejected(status_data, [path])
    assert str(path) in problem and message in problem


def test_workbook_that_is_not_a_template(status_data, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Namn", "Telefon"])
    wb.active.append(["Anna", "021-123"])
    wb.save(tmp_path / "annat.xlsx")
    (problem,) = rejected(status_data, [tmp_path / "annat.xlsx"])
    assert "filen är inte en statusmall" in problem


def test_missing_file(status_data, tmp_path):
    (problem,) = rejected(status_data, [tmp_path / "finns-inte.xlsx"])
    assert "filen finns inte" in problem


def test_cli_exits_non_zero_in_swedish_without_traceback(status_data, tmp_path, capsys):
    root = status_data.parent
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("1.1", "Klar")]), encoding="utf-8")
    before = snapshot(status_data)
    code = main(["--root", str(root), "import-status", str(path), "--year", str(YEAR)])
    out = capsys.readouterr()
    assert code == 1
    assert "okänd status 'Klar'" in out.err and "Inget har skrivits" in out.err
    assert "Traceback" not in out.err + out.out
    assert snapshot(status_data) == before


# -- merging: nothing overwritten silently -----------------------------------------------------

def test_same_report_again_changes_nothing(status_data, status_templates, tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx")
    import_status(status_data, [filled], YEAR)
    status_before = activities.status_path(status_data, YEAR).read_bytes()
    result = import_status(status_data, [filled], YEAR)
    assert not result.changed and result.files[0].unchanged == 17
    assert not result.files[0].new_copy
    assert activities.status_path(status_data, YEAR).read_bytes() == status_before
    assert sorted(p.name for p in archive(status_data).iterdir()) == ["ks.xlsx"]


def test_a_different_report_stops_the_import_until_replace(status_data, status_templates, tmp_path,
                                                           capsys):
    first = fill(ks(status_templates), tmp_path / "ks.xlsx")
    import_status(status_data, [first], YEAR)
    newer_dir = tmp_path / "ny"
    newer_dir.mkdir()
    newer = fill(ks(status_templates), newer_dir / "ks.xlsx", {"1.1": {"status": "Genomförd"}})
    problems = rejected(status_data, [newer])
    assert len(problems) == 1
    assert "aktivitet 1.1 har redan en annan rapport för 2023 (status Påbörjad, från " \
           "ks.xlsx). Kör igen med --replace" in problems[0]

    code = main(["--root", str(status_data.parent), "import-status", str(newer),
                 "--year", str(YEAR), "--replace"])
    assert code == 0
    assert "1 ersatta" in capsys.readouterr().out
    reports = activities.load_reports(status_data, YEAR)
    assert reports["1.1"].status.key == "Genomförd" and reports["1.1"].source == "ks-2.xlsx"
    assert reports["1.2"].source == "ks.xlsx"  # unchanged rows keep where they came from
    raw = archive(status_data)
    assert (raw / "ks.xlsx").read_bytes() == first.read_bytes()  # the replaced version stays
    assert (raw / "ks-2.xlsx").read_bytes() == newer.read_bytes()
    assert validate_data_dir(status_data) == []


def test_real_reports_replace_example_data_only_with_replace(status_data, status_templates,
                                                             tmp_path):
    example = fill(ks(status_templates), tmp_path / "exempel.xlsx")
    import_status(status_data, [example], YEAR, example=True)
    assert activities.is_example(activities.load_reports(status_data, YEAR))
    real = tmp_path / "riktig.csv"
    real.write_text(csv_text([csv_row("1.1", "Genomförd")]), encoding="utf-8")
    (problem,) = rejected(status_data, [real])
    assert "innehåller exempeldata" in problem and "--replace" in problem

    result = import_status(status_data, [real], YEAR, replace=True)
    assert result.removed_examples == 17
    reports = activities.load_reports(status_data, YEAR)
    assert list(reports) == ["1.1"] and not reports["1.1"].example  # never mixed
    assert (archive(status_data) / "exempel.xlsx").exists()
    (problem,) = rejected(status_data, [example], example=True, replace=True)
    assert "exempeldata importeras aldrig över dem" in problem


# -- the status file is validated by the one validation path -----------------------------------

def test_validation_catches_a_broken_status_file(status_data, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("1.1", "Påbörjad"), csv_row("1.2", "Påbörjad")]),
                    encoding="utf-8")
    import_status(status_data, [path], YEAR)
    status_file = activities.status_path(status_data, YEAR)
    lines = status_file.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2023,1.1,kommunstyrelsen,Påbörjad", "2022,9.9,kommunstyrelsen,Klar")
    lines.append(lines[2])
    status_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in validate_data_dir(status_data)]
    text = "\n".join(problems)
    assert "status-2023.csv, rad 2, kolumn/fält 'year': året ska vara 2023" in text
    assert "rad 2, kolumn/fält 'status': okänd status 'Klar'" in text
    assert "rad 4, kolumn/fält 'activity': aktivitet 1.2 finns redan på rad 3" in text
    assert main(["--root", str(status_data.parent), "validate"]) == 1


def test_validation_catches_unknown_activity_wrong_committee_and_unlogged_file(status_data,
                                                                                tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("1.1", "Påbörjad")]), encoding="utf-8")
    import_status(status_data, [path], YEAR)
    status_file = activities.status_path(status_data, YEAR)
    text = status_file.read_text(encoding="utf-8")
    status_file.write_text(text + text.splitlines()[1].replace("1.1,kommunstyrelsen", "7.7,x")
                           .replace("r.csv", "borta.csv") + "\n", encoding="utf-8")
    problems = "\n".join(str(p) for p in validate_data_dir(status_data))
    assert "aktivitet '7.7' finns inte i planen" in problems
    assert "den mottagna filen borta.csv finns inte i importlogg.csv för 2023" in problems


def test_a_huge_field_in_a_csv_report_is_explained_in_swedish(status_data, tmp_path):
    path = tmp_path / "rapport.csv"
    path.write_text('Nr;Status\n1.1;"' + "x" * 200_000 + "\n", encoding="utf-8")
    (problem,) = rejected(status_data, [path])
    assert str(path) in problem and "ett fält är längre än 131 072 tecken" in problem
    assert "field limit" not in problem


# -- personal data stays in the received files (issue 20, part 3) ------------------------------

CONTACT = "Anna Andersson, 070-123 45 67, anna.andersson@example.se"


def test_the_contact_person_stays_in_the_received_file(status_data, status_templates, tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx", {"1.1": {"contact": CONTACT}})
    import_status(status_data, [filled], YEAR)
    status_file = activities.status_path(status_data, YEAR)
    text = status_file.read_text(encoding="utf-8")
    assert "contact" not in text.splitlines()[0]
    log = (status_data / "activities" / "importlogg.csv").read_text(encoding="utf-8")
    for word in ("Andersson", "070-123", "example.se"):
        assert word not in text and word not in log
    assert (archive(status_data) / "ks.xlsx").read_bytes() == filled.read_bytes()
    assert not (status_data / "raw").exists()  # nothing received is kept under data/


def test_a_status_file_with_a_contact_column_is_refused(status_data, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("1.1", "Påbörjad")]), encoding="utf-8")
    import_status(status_data, [path], YEAR)
    status_file = activities.status_path(status_data, YEAR)
    lines = status_file.read_text(encoding="utf-8").splitlines()
    status_file.write_text("\n".join([lines[0] + ",contact", lines[1] + ",Anna"]) + "\n",
                           encoding="utf-8")
    problems = "\n".join(str(p) for p in validate_data_dir(status_data))
    assert "kolumnen contact ska inte finnas: kontaktpersoner är personuppgifter" in problems


def test_an_import_writes_its_file_log_and_copy_all_at_once_or_not_at_all(
        status_data, status_templates, tmp_path, monkeypatch):
    from trygghet.intake import raw_files

    filled = fill(ks(status_templates), tmp_path / "ks.xlsx")
    calls = []

    def failing(targets):
        calls.append(sorted(p.name for p in targets))
        raise OSError("disken är full")

    monkeypatch.setattr(raw_files, "write_files_atomically", failing)
    before = snapshot(status_data.parent)
    with pytest.raises(OSError):
        import_status(status_data, [filled], YEAR)
    assert calls == [["importlogg.csv", "ks.xlsx", f"status-{YEAR}.csv"]]  # one write
    assert snapshot(status_data.parent) == before  # no copy, no log, no status file


def test_import_status_reads_the_years_received_folder(status_data, status_templates, capsys):
    from trygghet.data import layout

    root = status_data.parent
    folder = layout.received_dir(root, YEAR, layout.STATUS)
    assert main(["--root", str(root), "import-status", "--year", str(YEAR)]) == 1
    assert f"{folder}: inga ifyllda filer" in capsys.readouterr().err
    folder.mkdir(parents=True)
    fill(ks(status_templates), folder / "ks.xlsx")
    (folder / "~$ks.xlsx").write_bytes(b"Excel's lock file")
    assert main(["--root", str(root), "import-status", "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert f"ks.xlsx: 17 nya, 0 ersatta, 0 oförändrade rapporter (sparad som " \
           f"inkommet/{YEAR}/status/arkiv/ks.xlsx)" in out
