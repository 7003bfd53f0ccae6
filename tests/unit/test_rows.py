"""One way to read a CSV row (trygghet.data.rows): a row model declares the columns and
rules, and every problem names the file, the line the record starts on and the column, in
Swedish. The files are written in each test; the models are the project's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from trygghet.data import activities
from trygghet.data.errors import DataError
from trygghet.data.indicators import ValueRow, read_values
from trygghet.data.national_files import read_national
from trygghet.data.rows import table_fields

STATUS_HEADER = "year,activity,committee,status,comment,reported_date,example,source\n"


def problems(path: Path, read) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(DataError) as err:
        read(path)
    return [(p.row, p.column, p.message) for p in err.value.problems]


def test_every_bad_cell_is_named_by_its_real_line_and_column(tmp_path):
    """A quoted comment over two lines: the next record starts on line 4, not 3."""
    path = tmp_path / "status-2024.csv"
    path.write_text(STATUS_HEADER
                    + '2024,1.1,ks,Genomförd,"två\nrader",2025-03-01,false,a.xlsx\n'
                    + "2023,1.2,ks,Klar,,15 mars,kanske,a.xlsx\n", encoding="utf-8")
    found = problems(path, lambda p: _status(p, 2024))
    assert [(row, column) for row, column, _ in found] == [
        (4, "year"), (4, "status"), (4, "reported_date"), (4, "example")]
    messages = [m for _, _, m in found]
    assert "året ska vara 2024 som i filnamnet" in messages[0]
    assert "okänd status 'Klar'" in messages[1]
    assert "måste vara ett datum ÅÅÅÅ-MM-DD" in messages[2]
    assert "måste vara true eller false" in messages[3]


def _status(path: Path, year: int):
    reports, found = activities.read_status_file(path, year)
    if found:
        raise DataError(found)
    return reports


def test_a_repeated_key_names_the_earlier_row_and_a_refused_column_is_named(tmp_path):
    path = tmp_path / "status-2024.csv"
    path.write_text(STATUS_HEADER
                    + "2024,1.1,ks,Genomförd,,,false,a.xlsx\n"
                    + ",,,,,,,\n"  # a row of empty cells is left out
                    + "2024,1.1,ks,Påbörjad,,,false,a.xlsx\n", encoding="utf-8")
    assert problems(path, lambda p: _status(p, 2024)) == [
        (4, "activity", "aktivitet 1.1 finns redan på rad 2")]
    path.write_text(STATUS_HEADER.replace("\n", ",contact\n"), encoding="utf-8")
    ((row, column, message),) = problems(path, lambda p: _status(p, 2024))
    assert (row, column) == (1, "contact") and "personuppgifter" in message


def test_a_row_with_too_many_fields_says_why_it_may_be(tmp_path):
    path = tmp_path / "valdeltagande.csv"
    path.write_text(",".join(ValueRow.columns()) + "\n"
                    + "2022,N05401,1980,Västerås,T,84,5,Kolada,2023-01-01\n", encoding="utf-8")
    ((row, column, message),) = problems(path, read_values)
    assert (row, column) == (2, None)
    assert message.startswith("raden har 9 fält, fler än rubrikradens 8 (decimalkomma")


def test_every_municipality_file_keeps_the_register_rule_and_real_lines(tmp_path):
    path = tmp_path / "N07403.csv"
    path.write_text("year,area_code,area_name,value\n"
                    "2022,1980,Västerås,12.5\n"
                    "2022,1980,Västerås,13\n"
                    "2022,0180,Solna,1\n"
                    "2022,0000,Riket,1\n", encoding="utf-8")
    found = problems(path, read_national)
    assert [(row, column) for row, column, _ in found] == [
        (4, "area_name"), (5, "area_code"), (3, "area_code")]
    assert "heter 'Stockholm' i kommunregistret" in found[0][2]
    assert found[2][2] == "samma år och kommun finns redan på rad 2"


def test_the_table_schema_states_the_model_s_rules():
    fields = {f["name"]: f for f in table_fields(ValueRow)}
    assert list(fields) == ValueRow.columns()
    assert fields["year"] == {"name": "year", "type": "integer",
                              "constraints": {"minimum": 1900, "maximum": 2100}}
    assert fields["sex"]["constraints"] == {"enum": ["T", "K", "M"]}
    assert fields["value"]["type"] == "number" and fields["retrieved"]["type"] == "date"
