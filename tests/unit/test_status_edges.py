"""Status import edge cases: formulas and Excel error values, shifted CSV rows, the
length of the error list, the years the commands accept and the plan's co-responsible
committees.

Workbooks and CSV files are made in each test, as a committee would send them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import snapshot
from tests.reports import COL, YEAR, csv_row, csv_text, fill, ks, rejected
from trygghet.cli import main
from trygghet.data import activities
from trygghet.data.errors import DataError
from trygghet.data.validate import validate_data_dir
from trygghet.intake.status_import import import_status
from trygghet.intake.status_template import COLUMNS, HEADER_ROW, SHEET

ROW = HEADER_ROW + 1  # the first activity row of a template (activity 1.1 for Kommunstyrelsen)
LETTER = {key: openpyxl.utils.get_column_letter(i) for key, i in COL.items()}


# -- formulas and error values ------------------------------------------------------------------

@pytest.mark.parametrize("key", ["activity", "status", "comment", "contact", "date"])
@pytest.mark.parametrize("value, says", [
    ('=CONCATENATE("Klart ", "i tid")', "innehåller formeln '=CONCATENATE(\"Klart \", \"i tid\")'"),
    ("#REF!", "innehåller Excels felvärde #REF!"),
    ("#N/A", "innehåller Excels felvärde #N/A"),
])
def test_formula_or_error_value_in_any_read_cell_is_refused(status_data, status_templates,
                                                            tmp_path, key, value, says):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx")
    wb = openpyxl.load_workbook(filled)
    wb[SHEET].cell(row=ROW, column=COL[key], value=value)  # openpyxl: formula or error cell
    wb.save(filled)
    (problem,) = rejected(status_data, [filled])
    cell = f"{LETTER[key]}{ROW}"
    assert problem.startswith(f"{filled}, blad '{SHEET}', rad {ROW}, kolumn/fält ")
    assert f"({LETTER[key]})'" in problem
    assert f"cellen {SHEET}!{cell} {says}" in problem
    assert "vanlig text" in problem


def test_formula_in_the_year_cell_is_refused(status_data, status_templates, tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx", meta={"B2": "=2022+1"})
    (problem,) = rejected(status_data, [filled])
    assert f"blad '{SHEET}', rad 2" in problem and "cellen Aktiviteter!B2 innehåller formeln" \
        in problem


def _set_cell_xml(path: Path, cell: str, xml: str) -> None:
    """Rewrite one cell of the Aktiviteter sheet as Excel saves it (formula + cached result)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    text, n = re.subn(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)', xml, parts[sheet].decode(), count=1)
    assert n == 1
    parts[sheet] = text.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)


def test_excel_saved_ref_error_is_not_published_as_the_comment(status_data, status_templates,
                                                               tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx")
    cell = f"{LETTER['comment']}{ROW}"
    _set_cell_xml(filled, cell, f'<c r="{cell}" t="e"><f>#REF!&amp;" klart"</f><v>#REF!</v></c>')
    (problem,) = rejected(status_data, [filled])
    assert f"cellen {SHEET}!{cell} innehåller formeln" in problem


def test_excel_saved_formula_is_refused_but_text_with_an_equals_sign_is_not(status_data,
                                                                            status_templates,
                                                                            tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx")
    wb = openpyxl.load_workbook(filled)
    text = wb[SHEET].cell(row=ROW + 1, column=COL["comment"], value="=> klart i mars")
    text.data_type = "s"  # typed as '=> klart i mars in Excel: text, not a formula
    wb.save(filled)
    cell = f"{LETTER['comment']}{ROW}"
    _set_cell_xml(filled, cell, f'<c r="{cell}" t="str"><f>A1&amp;"!"</f><v>Klart!</v></c>')
    (problem,) = rejected(status_data, [filled])
    assert f"cellen {SHEET}!{cell} innehåller formeln '=A1&\"!\"'" in problem


def test_csv_error_value_is_refused_but_text_with_equals_sign_is_kept(status_data, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("1.1", "Påbörjad", comment="#REF!")]), encoding="utf-8")
    (problem,) = rejected(status_data, [path])
    assert "rad 2, kolumn/fält 'Kommentar om vad som har gjorts'" in problem
    assert "fältet innehåller Excels felvärde #REF!" in problem
    path.write_text(csv_text([csv_row("1.1", "Påbörjad", comment="=SUMMA är inte en formel")]),
                    encoding="utf-8")
    import_status(status_data, [path], YEAR)
    assert activities.load_reports(status_data, YEAR)["1.1"].comment == "=SUMMA är inte en formel"


# -- CSV rows with more fields than the header ----------------------------------------------------

def test_csv_row_with_an_extra_field_is_named_instead_of_blaming_a_column(status_data, tmp_path):
    header = ",".join(c.header for c in COLUMNS)
    path = tmp_path / "r.csv"
    path.write_text(f"{header}\n"
                    "1.1,,Kommunstyrelsen,,Påbörjad,Klart, i tid,Anna,2024-03-15\n"
                    "1.2,,Kommunstyrelsen,,Påbörjad,Gjort,Anna,2024-03-15,,\n", encoding="utf-8")
    (problem,) = rejected(status_data, [path])
    assert problem.startswith(f"{path}, rad 2: raden har 9 fält men rubrikraden har 8")
    assert "citattecken" in problem
    assert "datum" not in problem


# -- a huge list of errors ---------------------------------------------------------------------

def test_cli_prints_the_first_20_errors_and_counts_the_rest(status_data, tmp_path, capsys):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row(f"9.{i}", "Påbörjad") for i in range(1, 1026)]),
                    encoding="utf-8")
    code = main(["--root", str(status_data.parent), "import-status", str(path),
                 "--year", str(YEAR)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("finns inte i planen") == 20
    assert "aktivitet '9.1' finns inte" in err and "aktivitet '9.20' finns inte" in err
    assert "… och 1 005 fel till (1 025 fel totalt)." in err
    assert "Inget har skrivits" in err


# -- the plan's co-responsible committees ------------------------------------------------------

def test_unknown_co_responsible_committee_names_the_field_and_the_activity(data_copy):
    path = data_copy / "plan" / "fokusomrade-2.yml"
    text = path.read_text(encoding="utf-8")
    old = "co_responsible: [tekniska-namnden, fastighetsnamnden]"
    assert old in text
    path.write_text(text.replace(old, "co_responsible: [tekniska-namnden, fastighetsnamden]"),
                    encoding="utf-8")
    (problem,) = [str(p) for p in validate_data_dir(data_copy)]
    assert problem == (f"{path}, kolumn/fält 'activities.co_responsible': aktivitet 2.2: den "
                       "medansvariga nämnden 'fastighetsnamden' finns inte i committees.yml")


# -- years the commands accept ---------------------------------------------------------------

def _cli_error(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return out.err


@pytest.mark.parametrize("year", ["9999", "2099", "2035", "2021", "99999999999999999999"])
@pytest.mark.parametrize("command", ["templates", "import-status"])
def test_status_commands_refuse_years_far_from_the_plan(status_data, tmp_path, capsys, command,
                                                        year):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("1.1", "Påbörjad")]), encoding="utf-8")
    args = ["--out", str(tmp_path / "mallar")] if command == "templates" else [str(path)]
    before = snapshot(status_data)
    err = _cli_error(capsys, ["--root", str(status_data.parent), command, *args, "--year", year])
    assert f"trygghet {command}: fel: argumentet --year: året {int(year)} går inte att " \
           "använda; välj ett år från 2022 till och med 2034 (planperioden 2022–2024 i " \
           "data/plan/plan.yml och 10 år efter den)" in err
    assert snapshot(status_data) == before
    assert not (tmp_path / "mallar").exists()


def test_the_last_accepted_year_still_works(status_data, tmp_path, capsys):
    assert main(["--root", str(status_data.parent), "templates", "--year", "2034",
                 "--out", str(tmp_path / "mallar")]) == 0
    assert (tmp_path / "mallar" / "statusrapport-2034-kommunstyrelsen.xlsx").exists()
    _cli_error(capsys, ["--root", str(status_data.parent), "templates", "--year", "2035",
                        "--out", str(tmp_path / "mallar-2035")])


@pytest.mark.parametrize("years", ["2099", "2020-2040", "2023,2050"])
def test_kolada_refuses_years_after_the_follow_up(status_data, capsys, years):
    before = snapshot(status_data)
    err = _cli_error(capsys, ["--root", str(status_data.parent), "kolada", "--year", years,
                              "--api-url", "http://127.0.0.1:9/", "--attempts", "1",
                              "--timeout", "1"])
    assert "trygghet kolada: fel: argumentet --year: året " in err
    assert "välj ett år till och med 2034" in err
    assert snapshot(status_data) == before


def test_import_called_from_a_script_refuses_a_year_far_after_the_plan(status_data, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(csv_text([csv_row("1.1", "Påbörjad")]), encoding="utf-8")
    with pytest.raises(DataError) as err:
        import_status(status_data, [path], 10**20)
    (problem,) = [str(p) for p in err.value.problems]
    assert "plan.yml, kolumn/fält 'period.end'" in problem
    assert "statusrapporter kan gälla högst 2034" in problem
