"""One validation path: Swedish messages naming file, row and column; non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from trygghet.cli import main
from trygghet.data.errors import DataError
from trygghet.data.validate import validate_data_dir
from trygghet.publish.build import build


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_project_data_is_valid(root):
    assert validate_data_dir(root / "data") == []


def test_bad_csv_value_names_file_row_and_column(data_copy):
    csv = data_copy / "indicators" / "anmalda-valdsbrott.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    fields = lines[3].split(",")
    fields[5] = "12.5x"
    lines[3] = ",".join(fields)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate_data_dir(data_copy)
    assert len(problems) >= 1
    message = str(problems[0])
    assert "anmalda-valdsbrott.csv" in message
    assert "rad 4" in message
    assert "value" in message
    assert "måste vara ett tal" in message


def test_unknown_committee_is_reported_with_its_line(data_copy):
    _replace(data_copy / "plan" / "fokusomrade-3.yml", "lead: miljo-och-konsumentnamnden",
             "lead: miljonamnden")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("fokusomrade-3.yml" in m and "miljonamnden" in m for m in messages)


def test_typo_in_a_field_name_is_an_error_with_line_number(data_copy):
    _replace(data_copy / "plan" / "fokusomrade-1.yml", "    direction: öka", "    riktning: öka")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("fokusomrade-1.yml, rad " in m and "okänt fält" in m for m in messages)
    assert any("direction" in m and "värde saknas" in m for m in messages)


def test_wrong_direction_value_is_explained_in_swedish(data_copy):
    _replace(data_copy / "indicators" / "valdeltagande.yml", "direction: öka", "direction: upp")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("valdeltagande.yml" in m and "måste vara ett av" in m and "'upp'" in m
               for m in messages)


def test_series_not_in_metadata_is_rejected(data_copy):
    csv = data_copy / "indicators" / "sysselsattningsgrad.csv"
    text = csv.read_text(encoding="utf-8").replace("N02267", "N99999", 1)
    csv.write_text(text, encoding="utf-8")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("rad 2" in m and "N99999" in m for m in messages)


def test_cli_validate_exits_non_zero_with_swedish_message(project_copy, capsys):
    _replace(project_copy / "data" / "settings.yml", 'code: "1980"', 'code: "198"')
    assert main(["--root", str(project_copy), "validate"]) == 1
    err = capsys.readouterr().err
    assert "settings.yml" in err and "fel i datafilerna" in err
    assert "Traceback" not in err


def test_failed_build_leaves_the_published_site_untouched(project_copy):
    site = project_copy / "_build" / "html"
    site.mkdir(parents=True)
    (site / "index.html").write_text("tidigare utgåva", encoding="utf-8")
    _replace(project_copy / "data" / "plan" / "committees.yml", "- id: kulturnamnden", "- id: Kultur")
    with pytest.raises(DataError):
        build(project_copy)
    assert (site / "index.html").read_text(encoding="utf-8") == "tidigare utgåva"
    assert not (project_copy / "_build" / "staging").exists()


def test_decimal_comma_in_csv_is_reported_on_its_row(data_copy):
    csv = data_copy / "indicators" / "anmalda-brott.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(".", ",", 1) if "." in lines[2].split(",")[5] else lines[2] + ",1"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("anmalda-brott.csv, rad 3" in m and "fält" in m for m in messages), messages


def test_cli_help_and_usage_errors_are_swedish(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: trygghet")
    assert "visa den här hjälpen och avsluta" in out and "show this help" not in out
    with pytest.raises(SystemExit) as exit_info:
        main(["templates"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "fel: följande argument saknas: --year" in err
