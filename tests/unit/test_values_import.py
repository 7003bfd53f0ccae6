"""The city's own indicator values: the template for Hållbarhetsenheten and the import.

The filled-in files are made in the test, as the unit would fill them in; no value here
is a real figure from the city."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import KOLADA_DUMP, snapshot
from trygghet.analysis import trend
from trygghet.cli import main
from trygghet.data import layout
from trygghet.data.errors import DataError
from trygghet.data.indicators import load_indicator, load_meta
from trygghet.data.validate import validate_data_dir
from trygghet.intake.values_import import import_values
from trygghet.intake.values_template import COLUMNS, HEADER_ROW, write_template

YEAR = 2024
TODAY = dt.date(2025, 3, 1)
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
LETTER = {k: openpyxl.utils.get_column_letter(i) for k, i in COL.items()}


@pytest.fixture
def template(data_copy: Path, tmp_path: Path) -> Path:
    return write_template(data_copy, YEAR, tmp_path / "mallar")


def row_of(ws, year: int | None, sex: str = "Totalt") -> int:
    """The pre-filled row for ``year`` and ``sex``, or the first empty row (year None)."""
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if year is None and ws.cell(r, COL["year"]).value is None:
            return r
        if ws.cell(r, COL["year"]).value == year and ws.cell(r, COL["sex"]).value == sex:
            return r
    raise AssertionError((year, sex))


def put(ws, r: int, **cells) -> None:
    for key, value in cells.items():
        ws.cell(r, COL[key]).value = value


SOURCE = {"source": "Region Västmanland", "survey": "Liv & hälsa ung 2024",
          "date": "2025-02-15"}


def filled(template: Path, target: Path, edit=None) -> Path:
    """trygga-i-skolan filled in per sex with decimal-comma text, plus the baseline year."""
    wb = openpyxl.load_workbook(template)
    ws = wb["trygga-i-skolan"]
    put(ws, row_of(ws, YEAR), value="81,5", **SOURCE)
    put(ws, row_of(ws, YEAR, "Kvinnor/flickor"), value="79,0", **SOURCE)
    put(ws, row_of(ws, YEAR, "Män/pojkar"), value=84, **SOURCE)
    put(ws, row_of(ws, None), year=2021, sex="Totalt", value="86.0",
        **dict(SOURCE, survey="Liv & hälsa ung 2021", date="2021-11-30"))
    if edit:
        edit(wb)
    wb.save(target)
    return target


def test_template_asks_for_every_own_indicator_with_locked_unit_and_validations(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames[0] == "Instruktioner"
    assert "Källa" in "\n".join(str(c.value) for c in wb["Instruktioner"]["A"])
    own = [s for s in wb.sheetnames[1:]]
    assert "trygga-i-skolan" in own and "valdsarenden-ifo" in own
    assert "anmalda-brott" not in own and "tillit-vuxna" not in own  # Kolada's
    ws = wb["trygga-i-skolan"]
    assert ws["B2"].value == YEAR and ws.protection.sheet
    assert [ws.cell(HEADER_ROW, j).value for j in range(1, len(COLUMNS) + 1)] == \
        [c.header for c in COLUMNS]
    r = row_of(ws, YEAR, "Kvinnor/flickor")
    assert ws.cell(r, COL["unit"]).value == "procent"
    assert ws.cell(r, COL["unit"]).protection.locked
    assert not ws.cell(r, COL["value"]).protection.locked
    rules = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    value = rules[LETTER["value"]]
    assert (value.type, value.formula1, value.formula2) == ("decimal", "0", "100")
    assert rules[LETTER["sex"]].formula1 == '"Totalt,Kvinnor/flickor,Män/pojkar"'
    assert rules[LETTER["date"]].type == "date"
    counts = wb["valdsarenden-ifo"]
    count_rule = next(dv for dv in counts.data_validations.dataValidation
                      if str(dv.sqref).startswith(LETTER["value"]))
    assert count_rule.type == "whole"
    assert next(dv for dv in counts.data_validations.dataValidation
                if str(dv.sqref).startswith(LETTER["sex"])).formula1 == '"Totalt"'


def test_template_is_never_written_over(data_copy, template):
    with pytest.raises(DataError, match="finns redan"):
        write_template(data_copy, YEAR, template.parent)


def test_filled_template_becomes_tidy_values_that_the_book_uses(data_copy, template, tmp_path):
    received = filled(template, tmp_path / "skolan.xlsx")
    result = import_values(data_copy, [received], YEAR, today=TODAY)
    assert result.files[0].added == 4
    text = (data_copy / "indicators" / "trygga-i-skolan.csv").read_text(encoding="utf-8")
    assert ("2024,trygga-i-skolan,1980,Västerås,K,79.0,"
            "Liv & hälsa ung 2024 (Region Västmanland),egen uppgift från Västerås,2025-02-15"
            ) not in text  # the source is one quoted field
    assert ('2024,trygga-i-skolan,1980,Västerås,K,79.0,"Liv & hälsa ung 2024 '
            '(Region Västmanland), egen uppgift från Västerås",2025-02-15') in text
    assert validate_data_dir(data_copy) == []
    indicator = load_indicator(data_copy, "trygga-i-skolan")
    assert indicator.latest("1980", YEAR) == (2024, 81.5)
    assert indicator.latest("1980", YEAR, sex="M") == (2024, 84.0)
    development = trend.development(indicator, "1980", YEAR)
    assert development.baseline == (2021, 86.0) and development.latest == (2024, 81.5)
    assert development.label == trend.NEGATIVE  # direction öka; −4,5 points

    # the untouched file, read-only, and the log
    raw = kept(data_copy) / "skolan.xlsx"
    assert raw.read_bytes() == received.read_bytes()
    assert not raw.stat().st_mode & stat.S_IWUSR
    log = (data_copy / "indicators" / "importlogg.csv").read_text(encoding="utf-8")
    assert f"{YEAR},2025-03-01,skolan.xlsx,skolan.xlsx,{received.stat().st_size}," in log
    assert log.endswith(",4,0,0\n")


def kept(data: Path) -> Path:
    """Where the import keeps its copy of the received file, by default: outside data/."""
    return layout.archive_dir(data.parent, YEAR, layout.VALUES)


def test_same_file_twice_changes_nothing_and_other_values_need_replace(data_copy, template,
                                                                       tmp_path):
    first = filled(template, tmp_path / "a.xlsx")
    import_values(data_copy, [first], YEAR, today=TODAY)
    csv_path = data_copy / "indicators" / "trygga-i-skolan.csv"
    before = csv_path.read_bytes()
    again = import_values(data_copy, [first], YEAR, today=TODAY)
    assert again.files[0].unchanged == 4 and not again.written
    assert csv_path.read_bytes() == before

    def change(wb):
        ws = wb["trygga-i-skolan"]
        put(ws, row_of(ws, YEAR), value="80,1")
    (tmp_path / "new").mkdir()
    second = filled(template, tmp_path / "new" / "a.xlsx", change)  # same name, new content
    data_before = snapshot(data_copy)
    with pytest.raises(DataError) as err:
        import_values(data_copy, [second], YEAR, today=TODAY)
    message = str(err.value)
    assert "blad 'trygga-i-skolan'" in message and "--replace" in message
    assert "81,5" in message and "80,1" in message
    assert snapshot(data_copy) == data_before

    result = import_values(data_copy, [second], YEAR, replace=True, today=TODAY)
    assert (result.files[0].replaced, result.files[0].unchanged) == (1, 3)
    assert load_indicator(data_copy, "trygga-i-skolan").latest("1980", YEAR) == (2024, 80.1)
    assert (kept(data_copy) / "a.xlsx").exists()  # the first file stays
    assert (kept(data_copy) / "a-2.xlsx").exists()


@pytest.mark.parametrize(("edit", "sheet", "column", "words"), [
    (lambda ws: put(ws, row_of(ws, None), indicator="okand", year=2023, value="5", **SOURCE),
     "trygga-i-skolan", "Indikator (A)", "finns inte"),
    (lambda ws: put(ws, row_of(ws, YEAR), value="120", **SOURCE),
     "trygga-i-skolan", "Värde (E)", "mellan 0 och 100"),
    (lambda ws: put(ws, row_of(ws, YEAR), value=-3, **SOURCE),
     "valdsarenden-ifo", "Värde (E)", "mellan 0 och"),
    (lambda ws: put(ws, row_of(ws, YEAR), value="12,5", **SOURCE),
     "valdsarenden-ifo", "Värde (E)", "värdet 12,5 är inte ett heltal"),
    (lambda ws: put(ws, row_of(ws, YEAR), value=12.5, **SOURCE),
     "valdsarenden-ifo", "Värde (E)", "värdet 12,5 är inte ett heltal"),
    (lambda ws: put(ws, row_of(ws, None), year=YEAR, sex="Totalt", value="70", **SOURCE),
     "trygga-i-skolan", "År (B)", "två gånger"),
    (lambda ws: put(ws, row_of(ws, YEAR), value="70", source=None),
     "trygga-i-skolan", "Källa (G)", "källa saknas"),
    (lambda ws: put(ws, row_of(ws, YEAR), value="=40+30", **SOURCE),
     "trygga-i-skolan", "Värde (E)", "formeln"),
    (lambda ws: put(ws, row_of(ws, None), year=YEAR + 1, sex="Totalt", value="70", **SOURCE),
     "trygga-i-skolan", "År (B)", "går inte att rapportera"),
    (lambda ws: ws.cell(2, 2, YEAR - 1), "trygga-i-skolan", "År (B)", "gäller 2024"),
])
def test_bad_input_is_named_by_file_sheet_row_and_column_and_nothing_is_written(
        data_copy, template, tmp_path, edit, sheet, column, words):
    def apply(wb):
        edit(wb[sheet])
    bad = filled(template, tmp_path / "fel.xlsx", apply)
    before = snapshot(data_copy)
    assert main(["--root", str(data_copy.parent), "import-values", str(bad), "--year",
                 str(YEAR)]) == 1
    assert snapshot(data_copy) == before
    with pytest.raises(DataError) as err:
        import_values(data_copy, [bad], YEAR, today=TODAY)
    problem = next(p for p in err.value.problems if words in p.message)
    assert (problem.file, problem.sheet, problem.column) == (bad, sheet, column)
    assert problem.row is not None


def test_csv_with_semicolons_and_decimal_comma(data_copy, tmp_path):
    received = tmp_path / "ifo.csv"
    received.write_text(
        "Indikator;År;Serie;Kön;Värde;Enhet;Källa;Undersökning eller register;"
        "Publicerad eller uttagen;Kommentar\n"
        "valdsarenden-ifo;2023;;Totalt;412;antal;Individ- och familjeförvaltningen;"
        "Verksamhetssystemet, uttag;2024-01-20;\n"
        "aktorer-i-forum;2023;aktorer-i-forum;T;3;antal;Hållbarhetsenheten;"
        "Forumets medlemslista;15 januari 2024;\n", encoding="cp1252")
    main(["--root", str(data_copy.parent), "import-values", str(received), "--year", "2023"])
    ifo = load_indicator(data_copy, "valdsarenden-ifo")
    assert ifo.latest("1980", 2023) == (2023, 412.0)
    forum = load_indicator(data_copy, "aktorer-i-forum")
    assert forum.values["suppressed"].all()  # 3 < 5: shown as ".."
    assert load_meta(data_copy, "aktorer-i-forum").own_series


def test_a_template_saved_by_libreoffice_as_ods_is_imported(data_copy, tmp_path, root):
    """Staff may fill in the template in LibreOffice and save it as .ods (see
    tests/fixtures/libreoffice/README.md)."""
    received = root / "tests" / "fixtures" / "libreoffice" / "indikatorvarden-2024.ods"
    assert main(["--root", str(data_copy.parent), "import-values", str(received),
                 "--year", str(YEAR)]) == 0
    assert load_indicator(data_copy, "tillit-barn").latest("1980", YEAR) == (YEAR, 61.5)
    assert (kept(data_copy) / received.name).read_bytes() == received.read_bytes()
    assert validate_data_dir(data_copy) == []


def test_kolada_import_keeps_the_citys_own_values(data_copy, template, tmp_path):
    """A series fed by the city and one from Kolada may share a file; the dump import keeps
    the city's rows."""
    from trygghet.intake.kolada import import_dump

    meta_file = data_copy / "indicators" / "trygga-i-skolan.yml"
    meta_file.write_text(meta_file.read_text(encoding="utf-8").replace(
        "series:\n", "series:\n- id: N07609\n  label: Kolada\n  kolada_kpi: N07609\n"), "utf-8")
    import_values(data_copy, [filled(template, tmp_path / "s.xlsx")], YEAR, today=TODAY)
    import_dump(KOLADA_DUMP, data_copy)
    indicator = load_indicator(data_copy, "trygga-i-skolan")
    assert indicator.latest("1980", YEAR, series_id="trygga-i-skolan") == (2024, 81.5)
    assert indicator.latest("1980", 2022, series_id="N07609") is not None


def test_the_page_shows_the_value_with_the_source_as_the_unit_gave_it(data_copy, template,
                                                                      tmp_path):
    from tests.unit.test_indicator_page import section

    import_values(data_copy, [filled(template, tmp_path / "s.xlsx")], YEAR, today=TODAY)
    text, _ = section(load_indicator(data_copy, "trygga-i-skolan"), tmp_path)
    assert ("Källa: Liv & hälsa ung 2021 (Region Västmanland), egen uppgift från Västerås; "
            "Liv & hälsa ung 2024 (Region Västmanland), egen uppgift från Västerås.") in text
    assert "81,5" in text and "Uppgift saknas." not in text
    assert "Kolada" not in text  # no comparison table, no group mean: nothing from Kolada
