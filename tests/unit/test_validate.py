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


# -- plausible values and Swedish messages for broken files (issue 8) ------------------------


def _set_value(csv: Path, row: int, value: str) -> None:
    """Put ``value`` in the value column of file row ``row`` (the header is row 1)."""
    lines = csv.read_text(encoding="utf-8").splitlines()
    fields = lines[row - 1].split(",")
    fields[5] = value
    lines[row - 1] = ",".join(fields)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_implausible_values_are_named_by_file_row_and_column(data_copy):
    rates = data_copy / "indicators" / "anmalda-valdsbrott.csv"  # antal per 100 000 invånare
    shares = data_copy / "indicators" / "valdeltagande.csv"  # procent
    _set_value(rates, 2, "1e300")
    _set_value(rates, 3, "-5.0")
    _set_value(rates, 4, "100000.5")
    _set_value(shares, 2, "100.5")
    _set_value(shares, 3, "inf")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    for name, row in [("anmalda-valdsbrott.csv", 2), ("anmalda-valdsbrott.csv", 3),
                      ("anmalda-valdsbrott.csv", 4), ("valdeltagande.csv", 2),
                      ("valdeltagande.csv", 3)]:
        assert any(f"{name}, rad {row}, kolumn/fält 'value'" in m for m in messages), (name, row)
    assert any("rad 2" in m and "mellan 0 och 100 000" in m for m in messages)
    assert any("valdeltagande.csv, rad 2" in m and "mellan 0 och 100" in m for m in messages)
    assert any("inte ett ändligt tal" in m for m in messages)
    assert len(messages) == 5


def test_a_count_with_decimals_is_refused_by_validation_as_by_the_import(data_copy):
    """A count ("antal") is a whole number in the data files too, not only in the import:
    both ask trygghet.data.indicators.value_problem."""
    (data_copy / "indicators" / "valdsarenden-ifo.csv").write_text(
        "year,series,area_code,area_name,sex,value,source,retrieved\n"
        "2022,valdsarenden-ifo,1980,Västerås,T,412.0,IFO,2023-01-20\n"
        "2023,valdsarenden-ifo,1980,Västerås,T,12.5,IFO,2024-01-20\n", encoding="utf-8")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert len(messages) == 1
    assert "valdsarenden-ifo.csv, rad 3, kolumn/fält 'value'" in messages[0]
    assert "värdet 12,5 är inte ett heltal" in messages[0]


def test_a_huge_value_stops_the_build_with_file_and_row_not_a_decimal_error(data_copy):
    from trygghet.data.indicators import load_indicator

    _set_value(data_copy / "indicators" / "anmalda-brott.csv", 2, "1e300")
    with pytest.raises(DataError) as err:
        load_indicator(data_copy, "anmalda-brott")
    assert "anmalda-brott.csv, rad 2, kolumn/fält 'value'" in str(err.value)


def test_a_row_with_an_extra_field_is_named_without_blaming_columns(data_copy):
    csv = data_copy / "indicators" / "valdeltagande.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[1] += ",extra"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (message,) = [str(p) for p in validate_data_dir(data_copy)]
    assert message.endswith("valdeltagande.csv, rad 2: raden har 9 fält, fler än rubrikradens 8 "
                            "(decimalkomma i stället för decimalpunkt, eller ett kommatecken för "
                            "mycket?)")


def test_broken_yaml_is_explained_in_swedish_with_its_line(data_copy):
    meta = data_copy / "indicators" / "valdeltagande.yml"
    _replace(meta, "measure: ", "measure: Andel: ")
    (message,) = [str(p) for p in validate_data_dir(data_copy)]
    assert "valdeltagande.yml, rad 2: ogiltig YAML (tecken" in message
    assert "kolon (:) står där det inte får stå" in message
    assert "mapping values" not in message and "line" not in message


def test_direction_choices_are_listed_in_swedish(data_copy):
    _replace(data_copy / "indicators" / "valdeltagande.yml", "direction: öka", "direction: upp")
    (message,) = [str(p) for p in validate_data_dir(data_copy)]
    assert "måste vara ett av: 'öka' eller 'minska' (angivet: 'upp')" in message
    assert " or " not in message


def test_broken_csv_quoting_and_a_huge_field_are_explained_in_swedish(project_copy, capsys):
    data = project_copy / "data"
    status = data / "activities" / "status-2022.csv"
    lines = status.read_text(encoding="utf-8").splitlines()
    lines[2] += ',"' + "x" * 200_000
    status.write_text("\n".join(lines) + "\n", encoding="utf-8")
    values = data / "indicators" / "valdeltagande.csv"
    _replace(values, ",Kolada,", ',"Kol\nada,')
    assert main(["--root", str(project_copy), "validate"]) == 1
    err = capsys.readouterr().err
    assert "status-2022.csv, rad 3: ett fält är längre än 131 072 tecken" in err
    assert "valdeltagande.csv, rad 2: raden har 7 fält, färre än rubrikradens 8" in err
    assert "Traceback" not in err and "field limit" not in err and "tokenizing" not in err
