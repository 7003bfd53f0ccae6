"""`trygghet ny-plan KATALOG --kommun KOD` makes a project folder for another municipality:
settings from Kolada's municipality list with a suggested comparison group, a plan skeleton
whose every blank `trygghet validate` names by file and field, and, once filled in, a
project that validates. Unknown codes and existing folders are refused in Swedish."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import ROOT
from trygghet.cli import main
from trygghet.data.layout import TOOL_ROOT, book_root
from trygghet.data.project import Project, load_editions
from trygghet.data.settings import load_settings
from trygghet.intake.new_project import KOLADA_LISTS, SIMILAR_GROUP
from trygghet.publish.build import book_sources, config_yaml, plan_jobs, toc_yaml

STOCKHOLM_GROUP = ["0163", "0183", "0184", "0380", "1402", "1480", "1481"]
BLANKS = {  # file → the fields the skeleton leaves to fill in
    "settings.yml": ["organisation.name", "contact.name", "contact.phone"],
    "plan.yml": ["title", "organisation", "document_type", "document_type_definition",
                 "adopted_by", "adopted_date", "adopted_text", "dnr", "period.start",
                 "period.end", "follow_up_text"],
    "fokusomrade-1.yml": ["title", "intro", "goals.0.text", "indicators.0.id",
                          "indicators.0.name", "indicators.0.unit", "indicators.0.direction",
                          "activities.0.text", "activities.0.responsible_as_written"],
}


@pytest.fixture
def stockholm(tmp_path: Path, capsys) -> Path:
    folder = tmp_path / "stockholm"
    assert main(["ny-plan", str(folder), "--kommun", "0180"]) == 0
    out = capsys.readouterr().out
    assert "Skapade" in out and "Stockholm (0180)" in out
    assert "Liknande kommuner socioekonomi, Stockholm, 2024 (G176393, 7 kommuner)" in out
    return folder


def test_kolada_lists_come_with_trygghet_with_their_source_and_a_group_for_every_municipality():
    """ny-plan reads nothing outside the package: a clone with nothing beside it works."""
    import trygghet

    assert KOLADA_LISTS.is_relative_to(Path(trygghet.__file__).parent)
    source = yaml.safe_load((KOLADA_LISTS / "KALLA.yml").read_text(encoding="utf-8"))
    assert "Kolada" in source["source"] and dt.date.fromisoformat(str(source["made"]))
    areas = pd.read_csv(KOLADA_LISTS / "kolada_municipalities_v3.csv", dtype=str)
    groups = pd.read_csv(KOLADA_LISTS / "kolada_municipality_groups_v3.csv", dtype=str)
    names = areas.loc[areas["type"] == "K", "title"]
    assert len(names) == 290
    named = set(groups["group_title"].str.extract(rf"^{SIMILAR_GROUP}, (.+), \d{{4}}$")[0])
    assert set(names) <= named


def _blanks(err: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in err.splitlines():
        m = re.match(r".*/([\w-]+\.yml), rad \d+, kolumn/fält '([\w.]+)': inte ifyllt: \S", line)
        if m:
            found.setdefault(m[1], []).append(m[2])
    return found


def test_settings_name_the_municipality_and_suggest_its_similar_group(stockholm):
    text = (stockholm / "data" / "settings.yml").read_text(encoding="utf-8")
    assert text.startswith("# Inställningar för uppföljningen")  # commented for people
    settings = yaml.safe_load(text)
    assert settings["municipality"] == {"code": "0180", "name": "Stockholm"}
    assert settings["comparison_group"]["id"] == "G176393"
    assert settings["comparison_group"]["name"] == "Liknande kommuner socioekonomi, Stockholm, 2024"
    assert settings["comparison_group"]["members"] == STOCKHOLM_GROUP
    for folder in ("indicators", "kommuner", "activities"):
        assert (stockholm / "data" / folder).is_dir()
        assert not any((stockholm / "data" / folder).iterdir())
    makefile = (stockholm / "Makefile").read_text(encoding="utf-8")
    assert f"TRYGGHET_HOME ?= {TOOL_ROOT}" in makefile
    assert {"book:", "test:"} <= {line.split(" ")[0] for line in makefile.splitlines()}
    assert "make book" in (stockholm / "README.md").read_text(encoding="utf-8")


def test_validate_names_every_blank_of_the_skeleton_by_file_and_field(stockholm, capsys):
    assert main(["--root", str(stockholm), "validate"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert _blanks(err) == BLANKS
    total = sum(map(len, BLANKS.values()))
    assert err.strip().splitlines()[-1] == (f"{total} fel i datafilerna, varav {total} värden "
                                            "som inte är ifyllda.")


def _fill(path: Path, **values) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content.update(values)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def _fill_in(stockholm: Path) -> None:
    """The skeleton filled in with a minimal plan, as a person following the guide would."""
    data = stockholm / "data"
    _fill(data / "settings.yml", organisation={"name": "Stockholms stad"},
          contact={"name": "Stockholms stads kontaktcenter", "phone": "08-508 00 508"})
    _fill(data / "plan" / "plan.yml", title="Handlingsplan för trygghet 2025–2028",
          organisation="Stockholms stad", document_type="Handlingsplan",
          document_type_definition="anger åtgärder", adopted_by="Kommunfullmäktige",
          adopted_date=dt.date(2024, 12, 9), adopted_text="Antagen den 9 december 2024",
          dnr="KS 2024/1", period={"start": 2025, "end": 2028},
          follow_up_text="Planen följs upp årligen.")
    _fill(data / "plan" / "fokusomrade-1.yml", title="Trygga platser", intro="Text.",
          goals=[{"id": "M1.1", "text": "Tryggheten ska öka"}],
          indicators=[{"id": "otrygghet", "name": "Otrygghet", "unit": "procent",
                       "direction": "minska"}],
          activities=[{"id": "1.1", "text": "Kartlägga platser", "lead": "kommunstyrelsen",
                       "responsible_as_written": "Kommunstyrelsen", "co_responsible": [],
                       "others": None}])


def test_a_filled_in_skeleton_validates(stockholm, capsys):
    data = stockholm / "data"
    _fill_in(stockholm)
    assert main(["--root", str(stockholm), "validate"]) == 1  # the indicator's metadata
    assert "indicators/otrygghet.yml: filen saknas" in capsys.readouterr().err
    _write_metadata(data)
    assert main(["--root", str(stockholm), "validate"]) == 0
    assert "Datafilerna är giltiga." in capsys.readouterr().out
    assert load_settings(data).municipality.name == "Stockholm"


def _write_metadata(data: Path) -> None:
    (data / "indicators" / "otrygghet.yml").write_text(
        "id: otrygghet\nmeasure: Andel otrygga\nunit: procent\ndecimals: 1\n"
        "direction: minska\ndefinition: Ur kommunens trygghetsundersökning.\nseries: []\n"
        "missing:\n  planned_source: Kommunens trygghetsundersökning.\n", encoding="utf-8")


def test_an_unknown_code_or_a_region_is_refused_in_swedish(tmp_path, capsys):
    for code, why in (("9999", "finns inte i Koladas kommunlista"),
                      ("0001", "är Region Stockholm, inte en kommun")):
        assert main(["ny-plan", str(tmp_path / "ny"), "--kommun", code]) == 1
        err = capsys.readouterr().err
        assert f"Kommunkoden {code} {why}" in err and "Inget har skrivits." in err
        assert not (tmp_path / "ny").exists()
    with pytest.raises(SystemExit):
        main(["ny-plan", str(tmp_path / "ny"), "--kommun", "180"])
    assert "ogiltig kommunkod '180' (ska vara fyra siffror" in capsys.readouterr().err


def test_an_existing_folder_with_anything_in_it_is_never_written_into(tmp_path, capsys):
    folder = tmp_path / "befintlig"
    folder.mkdir()
    (folder / "anteckningar.txt").write_text("mina", encoding="utf-8")
    assert main(["ny-plan", str(folder), "--kommun", "0180"]) == 1
    assert "finns redan och är inte en tom katalog" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["anteckningar.txt"]
    empty = tmp_path / "tom"
    empty.mkdir()
    assert main(["ny-plan", str(empty), "--kommun", "0180"]) == 0
    assert (empty / "data" / "settings.yml").exists()


def test_without_a_similar_group_the_group_is_left_to_fill_in(tmp_path, capsys):
    meta = tmp_path / "kolada_meta"
    meta.mkdir()
    (meta / "kolada_municipalities_v3.csv").write_text("id,title,type\n2584,Kiruna,K\n",
                                                       encoding="utf-8")
    (meta / "kolada_municipality_groups_v3.csv").write_text(
        "group_id,group_title,member_id,member_title\n", encoding="utf-8")
    folder = tmp_path / "kiruna"
    assert main(["ny-plan", str(folder), "--kommun", "2584", "--kolada-meta", str(meta)]) == 0
    assert "välj en jämförelsegrupp" in capsys.readouterr().out
    assert main(["--root", str(folder), "validate"]) == 1
    blanks = _blanks(capsys.readouterr().err)["settings.yml"]
    assert {"comparison_group.id", "comparison_group.name",
            "comparison_group.members.0"} <= set(blanks)


def test_the_project_folder_is_built_with_trygghets_framework_and_its_own_settings(stockholm):
    """What the build assembles for the folder (without running it): trygghet's notebooks
    and fixed pages, the folder's plan and settings."""
    _fill_in(stockholm)
    _write_metadata(stockholm / "data")
    assert book_root(stockholm) == TOOL_ROOT and book_root(ROOT) == ROOT
    jobs = plan_jobs(stockholm, [2025])
    assert {job.source.parent for job in jobs if job.kind == "notebook"} == {
        TOOL_ROOT / "notebooks"}
    config = yaml.safe_load(config_yaml(stockholm, Project.load(stockholm / "data")))
    assert config["author"] == "Stockholms stad"
    assert config["parse"]["myst_substitutions"]["municipality"] == "Stockholm"
    assert "Stockholms stads kontaktcenter, telefon 08\\-508 00 508" in \
        config["parse"]["myst_substitutions"]["contact"]
    toc = yaml.safe_load(toc_yaml(stockholm, [2025], Project.load(stockholm / "data")))
    titles = [s["title"] for s in toc["parts"][0]["chapters"][0]["sections"]]
    assert titles[:3] == ["Samlad bedömning", "1. Trygga platser",
                          "Stockholm bland Sveriges kommuner"]
    assert "chapters/tillganglighetsredogorelse.md" in (
        book_sources(stockholm, load_editions(stockholm / "data", [2025]), [], stockholm / "_build" / "cache"))
