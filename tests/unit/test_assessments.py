"""The assessment of the goals: the template for the unit, the import of the filled-in file
(.xlsx, .ods, CSV), the tidy files and their validation, and what the pages make of them.

The filled-in files are made in the test, as the unit would fill them in; no assessment
here is a real one."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
import stat
import zipfile
from html import escape
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import reader_text
from trygghet.cli import main
from trygghet.data import assessments, layout
from trygghet.data.editions import edition_years
from trygghet.data.errors import DataError
from trygghet.data.plan import load_plan, load_plans
from trygghet.data.project import Project
from trygghet.data.validate import validate_data_dir
from trygghet.intake.assessments import (
    COLUMNS,
    HEADER_ROW,
    META_ROWS,
    SHEET,
    import_assessments,
    write_template,
)
from trygghet.present import assessment_package
from trygghet.present import assessments as shown

YEAR = 2024
TODAY = dt.date(2025, 4, 1)
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
LETTER = {k: openpyxl.utils.get_column_letter(i) for k, i in COL.items()}
ANALYSIS = "Tilliten har ökat enligt indikatorerna (testdata)."


def kept(data: Path) -> Path:
    """Where the import keeps its copy of the received file, by default: outside data/."""
    return layout.archive_dir(data.parent, YEAR, layout.ASSESSMENTS)


@pytest.fixture
def data(data_copy: Path) -> Path:
    """The project's data without the example assessments (their files are in raw/)."""
    shutil.rmtree(data_copy / "goals")
    for year in (2022, 2023):
        (data_copy / "raw" / str(year) / f"malbedomning-{year}.xlsx").unlink()
    return data_copy


@pytest.fixture
def template(data: Path, tmp_path: Path) -> Path:
    return write_template(data, YEAR, tmp_path / "mallar")


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def goal_row(ws, goal_id: str) -> int:
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(r, COL["goal"]).value == goal_id:
            return r
    raise AssertionError(goal_id)


def put(ws, goal_id: str, **cells) -> None:
    for key, value in cells.items():
        ws.cell(goal_row(ws, goal_id), COL[key]).value = value


def filled(template: Path, target: Path, edit=None) -> Path:
    """Three goals assessed as the unit would: a chosen verdict, lower-case typing, a
    Swedish text date, an own indicator list, an overall text of two paragraphs."""
    wb = openpyxl.load_workbook(template)
    ws = wb[SHEET]
    ws.cell(META_ROWS["bedömd av"], 2, "Hållbarhetsenheten")
    ws.cell(META_ROWS["samlad bedömning"], 2, "Året i korthet.\n\nEtt andra stycke.")
    put(ws, "M1.1", assessment="Uppfyllt", analysis=ANALYSIS,
        date=dt.datetime(YEAR + 1, 3, 15), indicators="tillit-vuxna; valdeltagande")
    put(ws, "M1.2", assessment=" delvis  uppfyllt", analysis="Delvis.\n\nAndra stycket.",
        date="16 mars 2025")
    put(ws, "M2.1", assessment="Går inte att bedöma", date="2025-03-17")
    if edit:
        edit(ws)
    wb.save(target)
    return target


# -- the template ---------------------------------------------------------------------------

def test_template_lists_every_goal_locked_with_a_list_of_verdicts(data, template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["Instruktioner", SHEET]
    instructions = "\n".join(str(c.value) for c in wb["Instruktioner"]["A"] if c.value)
    assert all(v in instructions for v in assessments.VERDICTS)
    assert "valdeltagande" in instructions  # the indicator ids the unit may name
    ws = wb[SHEET]
    assert ws["B2"].value == YEAR and ws.protection.sheet
    assert [ws.cell(HEADER_ROW, j).value for j in range(1, len(COLUMNS) + 1)] == \
        [c.header for c in COLUMNS]
    plan = load_plan(data)
    rows = range(HEADER_ROW + 1, HEADER_ROW + 1 + len(plan.goals))
    assert [ws.cell(r, COL["goal"]).value for r in rows] == [g.id for g in plan.goals]
    first = HEADER_ROW + 1
    assert ws.cell(first, COL["focus_area"]).value.startswith("1. ")
    assert ws.cell(first, COL["text"]).value == plan.goals[0].text
    for key in ("goal", "focus_area", "text"):
        assert ws.cell(first, COL[key]).protection.locked
    for key in ("assessment", "analysis", "date", "indicators"):
        assert not ws.cell(first, COL[key]).protection.locked
    for label in ("bedömd av", "samlad bedömning"):
        assert not ws.cell(META_ROWS[label], 2).protection.locked
    rules = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
             for dv in ws.data_validations.dataValidation}
    assert rules[LETTER["assessment"]].type == "list"
    assert rules[LETTER["assessment"]].formula1 == \
        '"Uppfyllt,Delvis uppfyllt,Inte uppfyllt,Går inte att bedöma"'
    assert rules[LETTER["date"]].type == "date"


def test_template_is_never_written_over(data, template):
    with pytest.raises(DataError, match="finns redan"):
        write_template(data, YEAR, template.parent)


# -- template → fill → import → what the book shows ---------------------------------------------

def test_filled_template_becomes_tidy_files_the_pages_show(data, template, tmp_path):
    received = filled(template, tmp_path / "bedomning.xlsx")
    assert main(["--root", str(data.parent), "import-assessments", str(received),
                 "--year", str(YEAR)]) == 0
    assert validate_data_dir(data) == []
    found = assessments.load_assessments(data, YEAR)
    assert not found.example and found.assessed_by == "Hållbarhetsenheten"
    assert found.overall == "Året i korthet.\n\nEtt andra stycke."
    m11, m12, m21 = (found.of(g) for g in ("M1.1", "M1.2", "M2.1"))
    assert (m11.verdict.key, m11.assessed_date) == ("Uppfyllt", dt.date(2025, 3, 15))
    assert m11.indicators == ("tillit-vuxna", "valdeltagande")
    assert (m12.verdict.key, m12.assessed_date) == ("Delvis uppfyllt", dt.date(2025, 3, 16))
    assert m21.verdict is assessments.CANNOT_ASSESS and m21.analysis == ""
    plan = load_plan(data)
    assert [g.id for g in found.missing(plan)][:2] == ["M2.2", "M3.1"]
    assert found.verdict("M3.1") is assessments.NOT_ASSESSED

    csv_text = assessments.assessment_path(data, YEAR).read_text(encoding="utf-8")
    assert csv_text.splitlines()[0] == ",".join(assessments.CSV_COLUMNS)
    assert (f"{YEAR},M1.1,Uppfyllt,{ANALYSIS},2025-03-15,tillit-vuxna;valdeltagande,false,"
            "bedomning.xlsx") in csv_text
    raw = kept(data) / "bedomning.xlsx"
    assert raw.read_bytes() == received.read_bytes() and not raw.stat().st_mode & stat.S_IWUSR
    log = (assessments.goals_dir(data) / "importlogg.csv").read_text(encoding="utf-8")
    assert (f",bedomning.xlsx,bedomning.xlsx,{received.stat().st_size},"
            f"{hashlib.sha256(received.read_bytes()).hexdigest()},") in log
    assert log.endswith(",3,0,0,false\n")

    # The chapter: each goal's verdict as symbol + text, the analysis, the date, and the
    # indicators beside it (M1.1 names its own; M1.2 gets the focus area's).
    parts = shown.chapter_parts(Project.load(data), YEAR, 1)
    page = "\n".join(p.content for p in parts)
    assert '<span class="assessment-symbol" aria-hidden="true">■</span> Uppfyllt' in page
    assert "◧</span> Delvis uppfyllt" in page and "Bedömt <time datetime=\"2025-03-15\">" \
        "15 mars 2025</time>" in page
    assert f"<p class=\"assessment-analysis\">{escape(ANALYSIS)}</p>" in page
    assert "<p class=\"assessment-analysis\">Andra stycket.</p>" in page
    assert "Exempeldata" not in page
    evidence = [reader_text(p.content) for p in parts if p.content.startswith("**Underlag")]
    assert evidence[0].startswith("**Underlag för M1.1:** de indikatorer som bedömningen")
    assert "Tillit bland vuxna" in evidence[0] and "Valdeltagande" in evidence[0]
    assert "Sysselsättningsgrad" not in evidence[0]
    assert evidence[1].startswith("**Underlag för M1.2:** fokusområdets indikatorer")
    assert "Sysselsättningsgrad" in evidence[1]
    # A goal without an assessment in an assessed year.
    fa2 = "\n".join(p.content for p in shown.chapter_parts(Project.load(data), YEAR, 2))
    assert "⊘</span> Går inte att bedöma" in fa2 and "⬚</span> Ingen bedömning ännu" in fa2

    # The front page: counts per verdict, a link to "Samlad bedömning".
    overview = "\n".join(p.content for p in shown.overview_parts(Project.load(data, YEAR)))
    assert "har bedömt 3 av planens 13 mål" in reader_text(overview)
    assert f"(project:/editions/{YEAR}/samlad-bedomning.md)" in overview
    assert "Ingen bedömning ännu</th><td class=\"num\">10</td>" in overview

    # The edition's page and the data package.
    [(name, content)] = shown.edition_pages(Project.load(data, YEAR)).items()
    text = reader_text(content.decode())
    assert name == f"editions/{YEAR}/samlad-bedomning.md"
    assert "Året i korthet." in text and "Ett andra stycke." in text
    assert "## 6. " in text and "### M6.3 " in text
    files, resource = assessment_package.package_part(Project.load(data, YEAR))
    assert resource["overall"] == found.overall and resource["example"] is False
    rows = list(csv.reader(io.StringIO(files["data/malbedomning.csv"].decode("utf-8-sig"))))
    assert len(rows) == 1 + len(plan.goals)
    assert rows[1][:3] == [str(YEAR), "1", "M1.1"] and rows[1][4:6] == ["Uppfyllt", "■"]
    assert rows[2][6] == "Delvis.\n\nAndra stycket."


def test_same_file_twice_changes_nothing_and_a_changed_verdict_needs_replace(data, template,
                                                                             tmp_path):
    first = filled(template, tmp_path / "a.xlsx")
    import_assessments(data, first, YEAR, today=TODAY)
    before = snapshot(data / "goals")
    again = import_assessments(data, first, YEAR, today=TODAY)
    assert (again.file.unchanged, again.written) == (3, [])
    assert {k: v for k, v in snapshot(data / "goals").items() if "logg" not in k} == \
        {k: v for k, v in before.items() if "logg" not in k}

    (tmp_path / "ny").mkdir()
    second = filled(template, tmp_path / "ny" / "a.xlsx",
                    lambda ws: put(ws, "M1.1", assessment="Inte uppfyllt"))
    data_before = snapshot(data)
    with pytest.raises(DataError) as err:
        import_assessments(data, second, YEAR, today=TODAY)
    assert "mål M1.1 har redan en annan bedömning" in str(err.value)
    assert "--replace" in str(err.value)
    assert snapshot(data) == data_before

    result = import_assessments(data, second, YEAR, replace=True, today=TODAY)
    assert (result.file.replaced, result.file.unchanged) == (1, 2)
    assert assessments.load_assessments(data, YEAR).verdict("M1.1").key == "Inte uppfyllt"
    assert (kept(data) / "a.xlsx").exists()  # the first file stays
    assert (kept(data) / "a-2.xlsx").exists()


def test_example_assessments_are_replaced_only_with_replace(data, template, tmp_path):
    example = filled(template, tmp_path / "exempel.xlsx")
    import_assessments(data, example, YEAR, example=True, today=TODAY)
    assert assessments.load_assessments(data, YEAR).example
    real = filled(template, tmp_path / "riktig.xlsx",
                  lambda ws: put(ws, "M3.1", assessment="Uppfyllt", analysis="Ja.",
                                 date="2025-03-20"))
    with pytest.raises(DataError, match="innehåller exempeldata"):
        import_assessments(data, real, YEAR, today=TODAY)
    result = import_assessments(data, real, YEAR, replace=True, today=TODAY)
    found = assessments.load_assessments(data, YEAR)
    assert result.removed_examples == 3 and not found.example and len(found.goals) == 4
    with pytest.raises(DataError, match="riktiga bedömningar"):
        import_assessments(data, example, YEAR, example=True, today=TODAY)


# -- bad input: named by file, sheet, row and column; nothing written ---------------------------

@pytest.mark.parametrize(("edit", "column", "words"), [
    (lambda ws: put(ws, "M1.1", assessment="Bra"), "Bedömning (D)", "okänd bedömning 'Bra'"),
    (lambda ws: put(ws, "M1.1", assessment="Ingen bedömning ännu"), "Bedömning (D)",
     "kan inte väljas"),
    (lambda ws: put(ws, "M1.1", assessment=None), "Bedömning (D)", "bedömning saknas"),
    (lambda ws: put(ws, "M1.1", analysis=None), "Analys (E)", "analys saknas"),
    (lambda ws: put(ws, "M1.1", date="den femtonde"), "Datum (F)", "okänt datum"),
    (lambda ws: put(ws, "M1.1", date="2023-12-31"), "Datum (F)",
     ("2023-12-31 ligger före 2024: en bedömning av 2024 ska dateras från 2024-01-01 till och "
     "med i dag (2025-04-01)")),
    (lambda ws: put(ws, "M1.1", indicators="tillit-vuxna; okand"), "Indikatorer (valfritt) (G)",
     "okänd indikator: 'okand'"),
    (lambda ws: put(ws, "M1.1", analysis="=A1&B1"), "Analys (E)", "formeln"),
    (lambda ws: put(ws, "M1.2", goal="M1.1"), "Mål (A)", "finns två gånger"),
    (lambda ws: put(ws, "M1.2", goal="M9.9"), "Mål (A)", "finns inte i planen"),
    (lambda ws: ws.cell(META_ROWS["år"], 2, YEAR - 1), "År (B)", "gäller 2024"),
    (lambda ws: setattr(ws.cell(META_ROWS["bedömd av"], 2), "value", None), "Bedömd av (B)",
     "Bedömd av saknas"),
])
def test_bad_input_is_named_and_nothing_is_written(data, template, tmp_path, edit, column,
                                                   words):
    bad = filled(template, tmp_path / "fel.xlsx", edit)
    before = snapshot(data)
    assert main(["--root", str(data.parent), "import-assessments", str(bad), "--year",
                 str(YEAR)]) == 1
    assert snapshot(data) == before
    with pytest.raises(DataError) as err:
        import_assessments(data, bad, YEAR, today=TODAY)
    problem = next(p for p in err.value.problems if words in p.message)
    assert (problem.file, problem.sheet, problem.column) == (bad, SHEET, column)
    assert problem.row is not None
    assert "blad 'Bedömning', rad" in str(problem)


def test_a_date_in_the_future_is_refused(data, template, tmp_path):
    bad = filled(template, tmp_path / "fel.xlsx", lambda ws: put(ws, "M1.1", date="2025-12-01"))
    with pytest.raises(DataError, match="2025-12-01 ligger i framtiden"):
        import_assessments(data, bad, YEAR, today=TODAY)
    assert not (data / "goals").exists()


def _as_of(monkeypatch, day: str) -> None:
    """Today is ``day`` for every rule that asks (SOURCE_DATE_EPOCH, as the build uses it)."""
    moment = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))


def test_a_late_follow_up_is_accepted_by_the_import_and_the_validation(
        data, template, tmp_path, monkeypatch):
    """Follow-ups finish late: an assessment of 2024 dated today, two years on, is taken in,
    and the committed file stays valid; the same date is refused while it is the future."""
    _as_of(monkeypatch, "2026-12-06")
    late = filled(template, tmp_path / "sen.xlsx", lambda ws: put(ws, "M1.1", date="2026-12-06"))
    import_assessments(data, late, YEAR)
    found = assessments.load_assessments(data, YEAR)
    assert found.of("M1.1").assessed_date == dt.date(2026, 12, 6)
    assert validate_data_dir(data) == []
    _as_of(monkeypatch, "2026-12-05")
    problems = assessments.check_assessment_files(data, load_plans(data))
    assert [(p.column, p.message) for p in problems] == [(
        "assessed_date", ("datumet 2026-12-06 ligger i framtiden: en bedömning av 2024 ska "
                         "dateras från 2024-01-01 till och med i dag (2026-12-05)"))]


def test_a_file_that_is_not_the_template_or_is_empty_is_refused(data, template, tmp_path):
    other = tmp_path / "annat.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Namn", "Värde"])
    wb.save(other)
    def nothing(ws):
        for goal in ("M1.1", "M1.2", "M2.1"):
            put(ws, goal, assessment=None, analysis=None, date=None, indicators=None)
        ws.cell(META_ROWS["samlad bedömning"], 2).value = None

    empty = filled(template, tmp_path / "tom.xlsx", nothing)
    before = snapshot(data)
    with pytest.raises(DataError, match="inte en mall för bedömning av målen"):
        import_assessments(data, other, YEAR, today=TODAY)
    with pytest.raises(DataError, match="inga ifyllda bedömningar"):
        import_assessments(data, empty, YEAR, today=TODAY)
    with pytest.raises(DataError, match="ligger för långt efter"):
        import_assessments(data, template, 2099, today=TODAY)
    assert snapshot(data) == before


# -- CSV and OpenDocument ------------------------------------------------------------------------

def test_csv_with_semicolons_as_excel_saves_it(data, tmp_path):
    received = tmp_path / "bedomning.csv"
    received.write_bytes((
        "Bedömning av målen 2024;;;;;;\r\n"
        f"År;{YEAR};;;;;\r\nMall;trygghet-bedomningsmall-1;;;;;\r\n"
        "Bedömd av;Hållbarhetsenheten;;;;;\r\n"
        "Samlad bedömning;\"En text; med semikolon\";;;;;\r\n;;;;;;\r\n"
        "Mål;Fokusområde;Målet;Bedömning;Analys;Datum;Indikatorer (valfritt)\r\n"
        "M1.1;1. x;y;Delvis uppfyllt;Så här är det: =inte en formel;15/3/2025;\r\n"
        "M1.2;1. x;y;;;;\r\n").encode("cp1252"))
    import_assessments(data, received, YEAR, today=TODAY)
    found = assessments.load_assessments(data, YEAR)
    assert found.overall == "En text; med semikolon"
    assert found.of("M1.1").analysis == "Så här är det: =inte en formel"
    assert found.of("M1.1").assessed_date == dt.date(2025, 3, 15)
    assert list(found.goals) == ["M1.1"]
    assert validate_data_dir(data) == []


def ods_bytes(rows: list[list[object]], sheet: str = SHEET) -> bytes:
    """A minimal OpenDocument spreadsheet written as LibreOffice writes one: typed cells,
    repeated empty columns and rows, spaces as ``text:s``, a date cell."""
    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, dt.date):
            return (f'<table:table-cell office:value-type="date" office:date-value='
                    f'"{value.isoformat()}"><text:p>{value:%d.%m.%Y}</text:p></table:table-cell>')
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        if isinstance(value, str) and value.startswith("="):
            return (f'<table:table-cell table:formula="of:{escape(value)}" '
                    'office:value-type="float" office:value="2"><text:p>2</text:p>'
                    "</table:table-cell>")
        paragraphs = "".join(f"<text:p>{escape(p).replace('  ', ' <text:s/>')}</text:p>"
                             for p in str(value).split("\n"))
        return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row)
                   + '<table:table-cell table:number-columns-repeated="1017"/></table:table-row>'
                   for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f'<office:spreadsheet><table:table table:name="{sheet}">'
        f'<table:table-column table:number-columns-repeated="1024"/>{body}'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row></table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def ods_of(template: Path, edit=None) -> bytes:
    """The template's sheet, filled in, as rows for :func:`ods_bytes` (as if the unit had
    opened the xlsx in LibreOffice and saved it as .ods)."""
    wb = openpyxl.load_workbook(filled(template, template.with_name("tmp.xlsx"), edit))
    return ods_bytes([[v.date() if isinstance(v, dt.datetime) else v for v in row]
                      for row in wb[SHEET].iter_rows(values_only=True)])


def test_opendocument_spreadsheet_is_read_like_the_workbook(data, template, tmp_path):
    received = tmp_path / "bedomning.ods"
    received.write_bytes(ods_of(template, lambda ws: put(
        ws, "M1.2", analysis="Två  mellanslag\n\nAndra stycket.")))
    result = import_assessments(data, received, YEAR, today=TODAY)
    assert result.file.added == 3
    found = assessments.load_assessments(data, YEAR)
    assert found.of("M1.1").assessed_date == dt.date(2025, 3, 15)
    assert found.of("M1.2").analysis == "Två  mellanslag\n\nAndra stycket."
    assert found.overall == "Året i korthet.\n\nEtt andra stycke."
    assert (kept(data) / "bedomning.ods").read_bytes() == received.read_bytes()
    assert validate_data_dir(data) == []


def test_opendocument_formula_is_refused_with_its_cell(data, template, tmp_path):
    received = tmp_path / "bedomning.ods"
    received.write_bytes(ods_of(template, lambda ws: put(ws, "M1.1", analysis="=1+1")))
    with pytest.raises(DataError) as err:
        import_assessments(data, received, YEAR, today=TODAY)
    row = HEADER_ROW + 1
    assert f"cellen {SHEET}!{LETTER['analysis']}{row} innehåller formeln '=1+1'" in \
        str(err.value)
    assert not (data / "goals").exists()


# -- the tidy files: the one validation path --------------------------------------------------------

@pytest.fixture
def imported(data, template, tmp_path) -> Path:
    import_assessments(data, filled(template, tmp_path / "b.xlsx"), YEAR, today=TODAY)
    return data


def edit_csv(data: Path, old: str, new: str) -> None:
    path = assessments.assessment_path(data, YEAR)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Rows in the file: 1 header, 2 M1.1, 3–5 M1.2 (its analysis has two paragraphs), 6 M2.1.
@pytest.mark.parametrize(("old", "new", "column", "row", "words"), [
    (",M1.2,", ",M9.9,", "goal", 3, "målet 'M9.9' finns inte i planen"),
    (",M2.1,", ",M1.1,", "goal", 6, "mål M1.1 finns redan på rad 2"),
    (",Uppfyllt,", ",Bra,", "assessment", 2, "okänd bedömning 'Bra'"),
    (ANALYSIS, "", "analysis", 2, "analys saknas"),
    ("2025-03-17", "17/3/2025", "assessed_date", 6, "måste vara ett datum"),
    ("2025-03-15", "2023-12-31", "assessed_date", 2, "ligger före 2024"),
    ("tillit-vuxna;", "okand;", "indicators", 2, "indikatorn finns inte i planen: okand"),
    (",false,", ",ja,", "example", 2, "måste vara true eller false"),
    (",false,b.xlsx", ",false,borta.xlsx", "source", 2,
     "den mottagna filen borta.xlsx finns inte i importlogg.csv för 2024"),
    (",false,", ",true,", "example", 2, "får inte blandas"),
])
def test_validation_names_file_row_and_column(imported, old, new, column, row, words):
    edit_csv(imported, old, new)
    problems = assessments.check_assessment_files(imported, load_plans(imported))
    problem = next(p for p in problems if words in p.message)
    assert (problem.file.name, problem.column, problem.row) == \
        (f"bedomning-{YEAR}.csv", column, row)


def test_validate_data_dir_runs_the_assessment_checks(imported):
    edit_csv(imported, ",Uppfyllt,", ",Bra,")
    assert any("okänd bedömning 'Bra'" in p.message for p in validate_data_dir(imported))


def test_validation_of_the_edition_file_and_the_pair(imported):
    def validate_data_dir(data: Path) -> list:
        return assessments.check_assessment_files(data, load_plans(data))

    yml = assessments.edition_path(imported, YEAR)
    yml.write_text(yml.read_text(encoding="utf-8").replace(f"year: {YEAR}", "year: 2023"),
                   encoding="utf-8")
    assert any("året ska vara 2024" in p.message and p.row for p in validate_data_dir(imported))
    yml.unlink()
    assert any(f"samlad-bedomning-{YEAR}.yml" in str(p) and "saknas" in p.message
               for p in validate_data_dir(imported))
    (assessments.goals_dir(imported) / "bedomning-24.csv").write_text("x", encoding="utf-8")
    assert any("okänt filnamn" in p.message for p in validate_data_dir(imported))


def test_an_assessed_year_after_the_period_is_an_edition(imported):
    for name in ("bedomning-{}.csv", "samlad-bedomning-{}.yml"):
        src = assessments.goals_dir(imported) / name.format(YEAR)
        src.with_name(name.format(2025)).write_text(
            src.read_text(encoding="utf-8").replace(f"{YEAR},", "2025,").replace(
                f"year: {YEAR}", "year: 2025"),
            encoding="utf-8")
    assert 2025 in edition_years(imported)


# -- what the pages show without an assessment, and example data ------------------------------------

def test_a_year_without_assessment_says_so_everywhere(data):
    plan = load_plan(data)
    assert assessments.load_assessments(data, YEAR) is None
    chapter = reader_text("\n".join(
        p.content for p in shown.chapter_parts(Project.load(data), YEAR, 1)))
    assert "**Ingen bedömning ännu.** Målen för 2024 har inte bedömts ännu." in chapter
    assert chapter.count("⬚</span> Ingen bedömning ännu") == len(plan.focus_area(1).goals)
    overview = reader_text("\n".join(p.content for p in shown.overview_parts(Project.load(data, YEAR))))
    assert "ingen bedömning ännu" in overview
    page = reader_text(next(iter(shown.edition_pages(Project.load(data, YEAR)).values())).decode())
    assert page.count("Ingen bedömning ännu") >= len(plan.goals)
    assert assessment_package.package_part(Project.load(data, YEAR)) is None  # not in the package


def test_example_assessments_carry_the_notice_on_every_page():
    from tests.conftest import SMALL

    data = SMALL / "data"  # the small project's example assessments of 2022 and 2023
    for year in (2022, 2023):
        found = assessments.load_assessments(data, year)
        assert found.example
        assert all(a.analysis.startswith("EXEMPEL, inte en riktig bedömning") for a in
                   found.goals.values())
        assert found.overall.startswith("EXEMPEL, inte en riktig bedömning")
        for parts in (shown.chapter_parts(Project.load(data), year, 1),
                      shown.overview_parts(Project.load(data, year)),
                      shown.page_parts(Project.load(data, year))):
            assert "Exempeldata – inte Västerås stads bedömning" in parts[0].content \
                or "Exempeldata – inte Västerås stads bedömning" in parts[1].content
    assert assessments.load_assessments(data, 2024) is None


def test_analysis_is_literal_text_never_markup(data, template, tmp_path):
    attack = "<script>alert(1)</script> **fet** [länk](https://example.com) {download}`x`"
    received = filled(template, tmp_path / "b.xlsx", lambda ws: (
        put(ws, "M1.1", analysis=attack), ws.cell(META_ROWS["bedömd av"], 2, attack),
        ws.cell(META_ROWS["samlad bedömning"], 2, attack)))
    import_assessments(data, received, YEAR, today=TODAY)
    html = "\n".join(p.content for p in shown.chapter_parts(Project.load(data), YEAR, 1)
                     if p.kind == "html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = next(iter(shown.edition_pages(Project.load(data, YEAR)).values())).decode()
    assert "<script>" not in page.replace("&lt;script&gt;", "")
    assert "\\[länk\\]\\(https\\:" in page and "\\{download\\}" in page
