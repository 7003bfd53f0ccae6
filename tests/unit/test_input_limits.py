"""Inputs too big, too deep or ambiguous (issue 19, class 5): the limits at the doors
(trygghet.data.limits). YAML without aliases, deep nesting or a key twice; received
workbooks and CSV files read within limits; the encoding of a CSV file never guessed
wrong. Each refusal is a Swedish message naming file (sheet, row, column), never a
traceback, and nothing is written."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from tests.reports import YEAR, csv_row, csv_text, fill, ks, rejected
from tests.unit.test_outside_files import run_cli
from trygghet.data import activities, limits
from trygghet.data.errors import DataError
from trygghet.data.validate import validate_data_dir
from trygghet.intake.status_import import import_status
from trygghet.intake.status_template import COLUMNS, HEADER_ROW, SHEET

# -- YAML ---------------------------------------------------------------------------------------


def _messages(data: Path) -> list[str]:
    return [str(p) for p in validate_data_dir(data)]


def test_an_alias_bomb_is_refused_at_once(data_copy):
    """Nine aliases of nine aliases …: a few hundred bytes that expand to 9⁹ values."""
    lines = ['- id: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"- id: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    committees = data_copy / "plan" / "committees.yml"
    committees.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli(data_copy.parent, "validate", timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{committees}, rad 1: ogiltig YAML (tecken 7 på raden): hänvisningar (&namn och "
            "*namn) används inte i datafilerna") in result.stderr


def test_thirty_thousand_levels_of_nesting_give_a_swedish_error(data_copy):
    settings = data_copy / "settings.yml"
    settings.write_text("municipality: " + "[" * 30_000 + "]" * 30_000 + "\n", encoding="utf-8")
    messages = _messages(data_copy)
    assert any(str(settings) in m and f"för djup nästling (fler än {limits.YAML_DEPTH} nivåer)"
               in m for m in messages), messages
    settings.write_text("- " * 30_000 + "x\n", encoding="utf-8")  # block lists in one line
    assert any(str(settings) in m and "för djup nästling" in m for m in _messages(data_copy))


def test_a_key_written_twice_is_refused_with_both_lines(data_copy):
    """YAML lets the last one win: Kommunstyrelsen would silently become Byggnadsnämnden."""
    committees = data_copy / "plan" / "committees.yml"
    text = committees.read_text(encoding="utf-8")
    committees.write_text(text.replace("  name: Kommunstyrelsen\n",
                                       "  name: Kommunstyrelsen\n  name: Byggnadsnämnden\n", 1),
                          encoding="utf-8")
    focus_area = data_copy / "plan" / "fokusomrade-1.yml"
    lines = focus_area.read_text(encoding="utf-8").splitlines()
    goals = next(i for i, line in enumerate(lines) if line.startswith("goals:"))
    focus_area.write_text("\n".join([*lines, "goals: []"]) + "\n", encoding="utf-8")
    messages = _messages(data_copy)
    assert (f"{committees}, rad 3: ogiltig YAML (tecken 3 på raden): fältet 'name' står två "
            "gånger i samma post (första gången på rad 2)") in messages[0] or any(
        f"{committees}, rad 3:" in m and "fältet 'name' står två gånger" in m for m in messages)
    assert any(f"{focus_area}, rad {len(lines) + 1}:" in m and "fältet 'goals' står två gånger"
               in m and f"rad {goals + 1}" in m for m in messages), messages


# -- received files -------------------------------------------------------------------------------

HEADERS = [c.header for c in COLUMNS]


def _cell(value: str) -> str:
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
            "</table:table-cell>")


def _row(values: list[str], attributes: str = "") -> str:
    return f"<table:table-row{attributes}>{''.join(_cell(v) for v in values)}</table:table-row>"


def ods(rows_xml: str, prolog: str = "") -> bytes:
    """An OpenDocument spreadsheet with the status template's header and ``rows_xml``."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f'<office:spreadsheet><table:table table:name="{SHEET}">{_row(HEADERS)}{rows_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return buffer.getvalue()


GOOD_ROW = csv_row("1.1", "Påbörjad")
COMMENT = HEADERS.index("Kommentar om vad som har gjorts")
COMMENT_COLUMN = f"Kommentar om vad som har gjorts ({'ABCDEFGH'[COMMENT]})"


def _with_comment_xml(comment_xml: str) -> str:
    cells = [_cell(v) for v in GOOD_ROW]
    cells[COMMENT] = f'<table:table-cell office:value-type="string">{comment_xml}</table:table-cell>'
    return f"<table:table-row>{''.join(cells)}</table:table-row>"


@pytest.mark.parametrize("rows_xml, expected", [
    # A huge run of spaces (text:c) in a comment: kept only up to the limit, then refused.
    (_with_comment_xml('<text:p>Gjort<text:s text:c="2000000000"/></text:p>'),
     f"rad 2, kolumn/fält '{COMMENT_COLUMN}': texten har fler än 5 000 tecken"),
    (_with_comment_xml('<text:p>Gjort<text:s text:c="många"/></text:p>'),
     "rad 2, kolumn/fält 'F': ogiltigt antal mellanslag 'många' (text:c)"),
    (_with_comment_xml("<text:p>" + "<text:span>" * 500 + "x" + "</text:span>" * 500
                       + "</text:p>"),
     "filens XML är nästlad djupare än 100 nivåer"),
    # A comment cell repeated far past the columns of a sheet.
    (_row(GOOD_ROW[:5]).replace("</table:table-row>", "")
     + '<table:table-cell table:number-columns-repeated="100000000" office:value-type='
       '"string"><text:p>x</text:p></table:table-cell></table:table-row>',
     "rad 2, kolumn/fält 'GS': cellen ligger längre till höger än kolumn 200 (GR)"),
    (_row(GOOD_ROW, ' table:number-columns-repeated="2"').replace(
        "<table:table-cell ", '<table:table-cell table:number-columns-repeated="x1" ', 1),
     "rad 2, kolumn/fält 'A': ogiltigt antal upprepningar 'x1' (table:number-columns-repeated)"),
    (_row(GOOD_ROW, ' table:number-rows-repeated="-5"'),
     "rad 2: ogiltigt antal upprepningar '-5' (table:number-rows-repeated)"),
    # A row with content repeated a million times.
    (_row(GOOD_ROW, ' table:number-rows-repeated="1000000"'),
     "fler än 10 000 rader med innehåll"),
    (_with_comment_xml("<text:p>x</text:p>").replace(
        _cell(GOOD_ROW[0]), '<table:table-cell office:value-type="float" office:value="ett">'
                            "<text:p>1</text:p></table:table-cell>"),
     "rad 2, kolumn/fält 'A': cellen Aktiviteter!A2 ska innehålla ett tal men har 'ett'"),
])
def test_a_crafted_ods_file_is_refused_in_swedish(status_data, tmp_path, rows_xml, expected):
    received = tmp_path / "rapport.ods"
    received.write_bytes(ods(rows_xml))
    (problem,) = rejected(status_data, [received])
    assert problem.startswith(f"{received}, blad '{SHEET}'") and expected in problem, problem


def test_an_ods_file_with_a_dtd_is_not_parsed(status_data, tmp_path):
    received = tmp_path / "rapport.ods"
    prolog = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    received.write_bytes(ods(_row(csv_row("1.1", "Påbörjad", comment="&b;")), prolog))
    (problem,) = rejected(status_data, [received])
    assert "kan inte öppnas som OpenDocument-kalkylark (.ods)" in problem


def test_a_long_comment_in_an_ods_file_is_refused_at_the_import_not_after(status_data, tmp_path):
    """140 000 characters imported with exit 0 broke validate, the build and every later
    import of the year; now the import refuses it, naming file, sheet, row and column."""
    received = tmp_path / "rapport.ods"
    received.write_bytes(ods(_row(csv_row("1.1", "Påbörjad", comment="lång " * 28_000))))
    result = run_cli(status_data.parent, "import-status", str(received), "--year", str(YEAR))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{received}, blad '{SHEET}', rad 2, kolumn/fält '{COMMENT_COLUMN}': texten har "
            "fler än 5 000 tecken") in result.stderr
    assert not activities.status_path(status_data, YEAR).exists()
    assert validate_data_dir(status_data) == []


def test_a_comment_at_the_limit_is_imported(status_data, tmp_path):
    received = tmp_path / "rapport.csv"
    comment = "x" * limits.CELL_CHARS
    received.write_text(csv_text([csv_row("1.1", "Påbörjad", comment=comment)]),
                        encoding="utf-8")
    import_status(status_data, [received], YEAR)
    assert activities.load_reports(status_data, YEAR)["1.1"].comment == comment
    assert validate_data_dir(status_data) == []


def test_a_long_comment_in_a_workbook_names_file_sheet_row_and_column(status_data,
                                                                       status_templates,
                                                                       tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx",
                  {"1.2": {"comment": "x" * (limits.CELL_CHARS + 1)}})
    (problem,) = rejected(status_data, [filled])
    assert problem.startswith(f"{filled}, blad '{SHEET}', rad {HEADER_ROW + 2}, kolumn/fält "
                              f"'{COMMENT_COLUMN}': texten har fler än 5 000 tecken")


def test_a_workbook_that_unpacks_too_big_is_refused_before_it_is_opened(
        status_data, status_templates, tmp_path):
    """A 460 kB .xlsx with a 320 MB comment took 2.4 GB of memory: the archive's own sizes
    are checked first (here a part of 25 MB of zeros, a few kB packed)."""
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx")
    with zipfile.ZipFile(filled, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings2.xml", b"\0" * 25_000_000)
    assert filled.stat().st_size < 200_000
    (problem,) = rejected(status_data, [filled])
    assert problem.startswith(f"{filled}: arbetsboken uppackad är för stor (25 MB); högst "
                              "20 MB läses in")


def test_a_value_far_right_in_a_workbook_is_refused_without_reading_the_whole_width(
        status_data, status_templates, tmp_path):
    filled = fill(ks(status_templates), tmp_path / "ks.xlsx")
    wb = openpyxl.load_workbook(filled)
    wb[SHEET]["XFD5000"] = "långt bort"
    wb.save(filled)
    (problem,) = rejected(status_data, [filled])
    assert problem.startswith(f"{filled}, blad '{SHEET}', rad 5000, kolumn/fält 'XFD': "
                              "cellen ligger längre till höger än kolumn 200")


def test_a_csv_file_with_too_many_rows_is_refused(status_data, tmp_path):
    received = tmp_path / "rapport.csv"
    received.write_text(csv_text([csv_row("1.1", "Påbörjad")] * (limits.ROWS + 1)),
                        encoding="utf-8")
    (problem,) = rejected(status_data, [received])
    assert "fler än 10 000 rader med innehåll" in problem


# -- the encoding of a received CSV file ------------------------------------------------------------

def test_one_invalid_byte_in_a_utf8_csv_is_named_not_read_as_another_encoding(status_data,
                                                                               tmp_path):
    """It was read as Windows-1252, and the messages spoke of unknown statuses."""
    received = tmp_path / "rapport.csv"
    text = csv_text([csv_row("1.1", "Påbörjad"), csv_row("1.2", "Genomförd", comment="Möte")])
    data = text.encode("utf-8").replace(b"M\xc3\xb6te", b"M\xf6te")  # one byte saved as Latin-1
    received.write_bytes(data)
    (problem,) = rejected(status_data, [received])
    position = data.index(b"\xf6") + 1
    assert problem.startswith(f"{received}, rad 3: filen är inte sparad som UTF-8: ogiltig "
                              f"byte 0xF6 på byte {position}"), problem
    assert "status" not in problem


def test_a_windows_1252_csv_is_still_read(status_data, tmp_path):
    received = tmp_path / "rapport.csv"
    received.write_bytes(csv_text([csv_row("1.1", "Påbörjad", comment="Möte")]).encode("cp1252"))
    import_status(status_data, [received], YEAR)
    report = activities.load_reports(status_data, YEAR)["1.1"]
    assert (report.status.key, report.comment) == ("Påbörjad", "Möte")


def test_a_long_analysis_in_the_goal_assessment_is_refused_with_its_cell(data_copy, tmp_path):
    """The goal assessment's import reads its own table; the same limit holds there."""
    from tests.unit.test_assessments import LETTER, TODAY, filled, goal_row, put
    from trygghet.intake.assessments_import import import_assessments
    from trygghet.intake.assessments_template import SHEET, write_template

    year = 2024
    shutil.rmtree(data_copy / "goals")
    template = write_template(data_copy, year, tmp_path / "mallar")
    received = filled(template, tmp_path / "bedomning.xlsx",
                      lambda ws: put(ws, "M1.2", analysis="y" * (limits.CELL_CHARS + 1)))
    row = goal_row(openpyxl.load_workbook(received)[SHEET], "M1.2")
    with pytest.raises(DataError) as err:
        import_assessments(data_copy, received, year, today=TODAY)
    (problem,) = err.value.problems
    assert (problem.sheet, problem.row) == (SHEET, row)
    assert problem.column.endswith(f"({LETTER['analysis']})")
    assert problem.message.startswith("texten har fler än 5 000 tecken")
    assert not (data_copy / "goals").exists()
