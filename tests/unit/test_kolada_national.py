"""Every municipality's values (data/kommuner/<id>.csv): the importer on a tiny fake
dump made here, the loader and the validation's Swedish messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import NO_SOURCE_YML, VALDSBROTT_YML, kolada_dump, write_files
from trygghet.cli import main
from trygghet.data.errors import DataError
from trygghet.data.national import load_national_values, read_national
from trygghet.data.project import Project
from trygghet.data.validate import validate_data_dir
from trygghet.intake.kolada import KoladaImportError
from trygghet.intake.kolada_national import default_first_year, import_national

# Riket ("0") and a region ("19") are not municipalities; 2016 is before the first year.
N07403 = """\
geo,year,n07403
0,2021,1000.5
19,2021,990.0
0114,2016,1.5
0114,2021,1200.25
0381,2021,
1980,2021,962.77687
1980,2022,914.57457
"""
GENDER = "geo,gender,year,n07403\n1980,k,2021,500.0\n"
N01951 = "geo,year,n01951\n0,2021,10452326\n0114,2021,48000\n1980,2021,156838\n"


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    return kolada_dump(tmp_path / "dump", {"n07403": N07403, "n01951": N01951},
                       {"n07403": GENDER})


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_files(tmp_path / "data", {"indicators/anmalda-valdsbrott.yml": VALDSBROTT_YML,
                                           "indicators/tillit-barn.yml": NO_SOURCE_YML})


def test_writes_every_municipality_total_values_from_the_first_year(dump, data_dir):
    written = import_national(dump, data_dir, first_year=2018)
    # Not tillit-barn; for the rate, every municipality's inhabitants too (the dispersion
    # between years is estimated from them, trygghet.analysis.trend).
    assert written == [data_dir / "kommuner" / "anmalda-valdsbrott.csv",
                       data_dir / "kommuner" / "befolkning.csv"]
    assert written[0].read_text(encoding="utf-8") == (
        "year,area_code,area_name,value\n"
        "2021,0114,Upplands Väsby,1200.25\n"
        "2021,1980,Västerås,962.77687\n"
        "2022,1980,Västerås,914.57457\n"
    )  # no Riket, no region, no 2016, no empty value, no sex rows
    assert written[1].read_text(encoding="utf-8") == (
        "year,area_code,area_name,value\n"
        "2021,0114,Upplands Väsby,48000.0\n"
        "2021,1980,Västerås,156838.0\n"
    )


def test_first_year_is_a_few_years_before_the_plans_baseline(root):
    assert default_first_year(root / "data") == 2018  # baseline 2021 (plan 2022–2024)


def test_a_missing_dump_file_stops_before_anything_is_written(dump, data_dir):
    (dump / "datapoints_by_geo_year/ddf--datapoints--n07403--by--geo--year.csv").unlink()
    with pytest.raises(KoladaImportError, match="n07403"):
        import_national(dump, data_dir, first_year=2018)
    assert not (data_dir / "kommuner").exists()


def test_the_import_command_writes_the_national_files(data_copy, dump, tmp_path, capsys):
    # The project's own metadata with the tiny dump: every Kolada KPI but one is missing,
    # so the command stops and writes nothing.
    root = data_copy.parent
    before = (data_copy / "kommuner" / "anmalda-brott.csv").read_bytes()
    assert main(["--root", str(root), "import-kolada", "--dump", str(dump)]) == 1
    assert "Rådatafilen saknas" in capsys.readouterr().err
    assert (data_copy / "kommuner" / "anmalda-brott.csv").read_bytes() == before


def test_project_files_cover_all_290_municipalities(root):
    values = load_national_values(Project.load(root / "data"))
    latest = values[(values["indicator"] == "anmalda-brott") & (values["year"] == 2022)]
    assert len(latest) == 290
    assert "Västerås" in set(latest["area_name"])
    assert not values["area_code"].isin(["0000"]).any()


def test_loader_respects_the_edition_year(root):
    assert load_national_values(Project.load(root / "data"), until_year=2021)["year"].max() == 2021


def _corrupt(data_copy: Path, old: str, new: str) -> Path:
    path = data_copy / "kommuner" / "anmalda-brott.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_bad_value_is_reported_with_file_row_and_column(data_copy):
    _corrupt(data_copy, "2018,0114,Upplands Väsby,11870.10078", "2018,0114,Upplands Väsby,11870,1")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("kommuner/anmalda-brott.csv, rad 2" in m and "5 fält" in m for m in messages), messages


def test_riket_in_the_municipality_file_is_an_error(data_copy):
    _corrupt(data_copy, "2018,0114,Upplands Väsby", "2018,0000,Riket")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("anmalda-brott.csv, rad 2, kolumn/fält 'area_code'" in m and "fel form" in m
               for m in messages), messages


def test_duplicate_row_is_an_error(data_copy):
    path = _corrupt(data_copy, "2018,0115,Vallentuna", "2018,0114,Upplands Väsby")
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("rad 3" in m and "samma år och kommun" in m for m in messages), messages
    with pytest.raises(DataError):
        read_national(path)


def test_a_file_for_an_indicator_without_kolada_series_is_an_error(data_copy):
    source = data_copy / "kommuner" / "anmalda-brott.csv"
    (data_copy / "kommuner" / "tillit-barn.csv").write_bytes(source.read_bytes())
    messages = [str(p) for p in validate_data_dir(data_copy)]
    assert any("kommuner/tillit-barn.csv" in m and "ingen huvudserie från Kolada" in m
               for m in messages), messages
