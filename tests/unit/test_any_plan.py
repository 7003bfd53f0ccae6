"""Any plan, any municipality: the structure comes from data/plan/plan.yml, nothing in the
package assumes Västerås's plan (see tests/site/test_other_plan.py for a whole book)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, reader_text
from trygghet.data.activities import activity_sort_key
from trygghet.data.layout import book_root
from trygghet.data.plan import load_plan
from trygghet.data.project import Project
from trygghet.data.untrusted import markdown_document
from trygghet.data.validate import BOOK_PAGES, validate_data_dir
from trygghet.present import book
from trygghet.publish.build import toc_yaml

FIXTURE = ROOT / "tests" / "fixtures" / "other-plan"


@pytest.fixture
def other(tmp_path: Path) -> Path:
    """A writable copy of the other plan's project folder (only data/), with its earlier
    program (2019–2022) as its only plan: the fixture's two plans are tested in
    test_plan_generations.py."""
    shutil.copytree(FIXTURE, tmp_path / "other")
    data = tmp_path / "other" / "data"
    shutil.rmtree(data / "plan")
    (data / "planer" / "2019-2022").rename(data / "plan")
    (data / "planer").rmdir()
    return tmp_path / "other"


def _edit_plan(data: Path, **changes) -> None:
    path = data / "plan" / "plan.yml"
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan.update(changes)
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _messages(data: Path) -> list[str]:
    return [str(p) for p in validate_data_dir(data)]


def test_the_other_plan_is_valid_with_its_own_shape(other):
    assert validate_data_dir(FIXTURE / "data") == []
    assert validate_data_dir(other / "data") == []
    plan = load_plan(other / "data")
    assert [fa.title for fa in plan.focus_areas] == [
        "Trygga offentliga platser", "Barn och unga", "Delaktighet"]
    assert [len(fa.goals) for fa in plan.focus_areas] == [1, 0, 1]
    assert [a.id for a in plan.activities] == ["A1", "A2", "A3"]
    assert plan.years == [2019, 2020, 2021, 2022]
    assert plan.focus_area_of("A3").title == "Barn och unga"


def test_focus_areas_are_the_files_plan_yml_lists_in_its_order(other):
    data = other / "data"
    _edit_plan(data, focus_areas=["delaktighet.yml", "trygga-platser.yml"])
    assert [fa.id for fa in load_plan(data).focus_areas] == [3, 1]
    assert any("barn-och-unga.yml finns i plan/ men står inte i focus_areas" in m
               for m in _messages(data))


def test_a_missing_or_unlisted_chapter_and_a_role_outside_the_chapters_are_errors(other):
    data = other / "data"
    (data / "plan" / "kapitel" / "extra.md").write_text("# Extra\n", encoding="utf-8")
    _edit_plan(data, chapters=[{"caption": "Programmet", "files": ["inledning", "saknas"]}],
               sources_chapter="kallor")
    messages = _messages(data)
    assert any("kapitel/saknas.md" in m and "filen saknas" in m for m in messages)
    assert any("extra.md finns i kapitel/ men står inte i chapters" in m for m in messages)
    assert any("'sources_chapter'" in m and "'kallor' står inte i chapters" in m
               for m in messages)


def test_a_chapter_beside_the_books_own_pages_must_not_take_their_names(other):
    data = other / "data"
    (data / "plan" / "kapitel" / "inledning.md").rename(
        data / "plan" / "kapitel" / "om-data-och-metod.md")
    _edit_plan(data, chapters=[{"caption": "Programmet", "files": ["om-data-och-metod"]}],
               follow_up_chapter=None, chapter_folder="chapters")
    assert any("samma namn som en av bokens egna sidor" in m for m in _messages(data))
    _edit_plan(data, chapter_folder=None)  # in the plan's own folder it is free
    assert _messages(data) == []


def test_the_books_own_pages_are_the_ones_validate_protects():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    own = {c["file"].removeprefix("chapters/") for part in toc["parts"] for c in part["chapters"]}
    assert own == BOOK_PAGES


def test_two_focus_areas_with_the_same_number_are_an_error(other):
    data = other / "data"
    path = data / "plan" / "delaktighet.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: 3\n", "id: 1\n"),
                    encoding="utf-8")
    assert any("fokusområde 1 finns redan i trygga-platser.yml" in m for m in _messages(data))


@pytest.mark.parametrize("ids", [["1.2", "1.9", "1.10", "2.1"], ["A1", "A2", "A9", "A10", "B1"],
                                 ["3", "12", "100"], ["M1.1", "M1.2", "M2.10"]])
def test_activity_ids_sort_as_a_reader_expects(ids):
    backwards = [ids[i] for i in range(len(ids) - 1, -1, -1)]
    assert sorted(backwards, key=activity_sort_key) == ids


def test_a_chapter_keeps_headings_lists_and_addresses_and_nothing_else():
    text = ("# Rubrik\n\nEtt stycke med *kursiv* text.\n\n## Del\n\n1. Första\n2. Andra\n\n"
            "- ¹ <https://www.bra.se/a---b> 2020\n- ² www.kolada.se (2020)\n\n"
            "<script>x</script> [länk](https://example.com) {raw}`html` <javascript:alert(1)>\n")
    md = markdown_document(text)
    assert md.startswith("# Rubrik\n\nEtt stycke med *kursiv* text\\.\n\n## Del\n\n1. Första\n")
    assert "- ¹ <https://www.bra.se/a---b> 2020" in md
    assert "[www\\.kolada\\.se](http://www.kolada.se) \\(2020\\)" in md
    assert "\\<script\\>" in md and "\\[länk\\]\\(<https://example.com>\\)" in md
    assert "\\{raw\\}\\`html\\`" in md and "\\<javascript\\:alert\\(1\\)\\>" in md


def test_the_plans_chapters_are_pages_under_its_captions(other):
    plan = load_plan(ROOT / "data")
    pages = book.chapter_pages(plan)
    assert list(pages) == [f"chapters/{n}.md" for n in (
        "bakgrund", "utgangspunkter", "definitioner", "genomforande-och-uppfoljning",
        "kallforteckning")]
    assert book.chapter_toc_parts(plan)[0]["caption"] == "Handlingsplanen"
    assert list(book.chapter_pages(load_plan(other / "data"))) == [
        "planer/2019-2022/inledning.md"]


def test_the_menu_has_editions_then_the_plans_chapters_then_the_books_pages(other):
    plan = load_plan(other / "data")
    toc = yaml.safe_load(toc_yaml(other, plan.years, Project.load(other / "data")))
    assert [p["caption"] for p in toc["parts"]] == ["Uppföljningar", "Programmet",
                                                    "Om uppföljningen"]
    assert [e["title"] for e in toc["parts"][0]["chapters"]] == [
        "Uppföljning 2022", "Uppföljning 2021", "Uppföljning 2020", "Uppföljning 2019"]


def test_title_author_and_method_words_come_from_the_plan_and_settings(other):
    config: dict = {}
    book.configure(config, Project.load(other / "data"))
    assert config["title"] == "Uppföljning av brottsförebyggande program"
    assert config["author"] == config["copyright"] == "Ljusnarsbergs kommun"
    words = {k: reader_text(v) for k, v in config["parse"]["myst_substitutions"].items()}
    assert words["organisation_genitive"] == "Ljusnarsbergs kommuns"
    assert (words["baseline_year"], words["plan_period"]) == ("2018", "2019–2022")
    assert "mest lika Ljusnarsberg" in words["comparison_group_sentence"]
    assert words["without_open_source_sentence"] == (
        "En av planens indikatorer saknar öppen källa: ”Andel unga som är med i en förening”.")
    assert "-p focus_area 1 -p year 2022" in words["one_chapter_commands"]
    ours: dict = {}
    book.configure(ours, Project.load(ROOT / "data"))  # Västerås's, as _config.yml had it
    assert ours["title"] == ("Uppföljning av handlingsplan för trygghetsskapande och "
                             "brottsförebyggande arbete")
    assert ours["author"] == "Västerås stad, Hållbarhetsenheten"


def test_a_project_folder_with_only_data_builds_with_this_checkouts_book(other):
    assert book_root(other) == ROOT
    assert book_root(ROOT) == ROOT


def test_no_file_outside_data_names_vasteras():
    """Only data/ (and the settings in it), the tests and the documentation of this
    checkout (README.md, CITATION.cff and the guides in docs/) may name the municipality, and
    Kolada's list of every municipality that comes with ny-plan."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    named = [f for f in files
             if not f.startswith(("data/", "tests/", "docs/",
                                  "src/trygghet/data/kolada-listor/"))
             and f not in {"README.md", "CITATION.cff"}
             and (ROOT / f).is_file() and "västerås" in (ROOT / f).read_bytes().decode(
                 "utf-8", "replace").casefold()]
    assert named == []


@pytest.mark.parametrize(("kind", "definite"), [
    ("Handlingsplan", "handlingsplanen"), ("Program", "programmet"), ("Strategi", "strategin"),
    ("Riktlinjer", None)])
def test_the_pdf_names_the_kind_of_plan_in_its_definite_form(kind, definite):
    from trygghet.present.text import definite as definite_form

    assert definite_form(kind) == definite


def test_a_plan_with_one_goal_or_indicator_is_not_counted_as_many():
    """"Planens 1 mål har inte bedömts" and "Planens 1 indikatorer" read wrong: one is
    "planens mål", "planens indikator"."""
    from trygghet.present.templating import render

    def line(template: str, **context) -> str:
        return reader_text(str(render(template, **context)))

    none_yet = {"assessment": None, "year": 2024, "page": "editions/2024/samlad-bedomning"}
    assert "Planens mål har inte bedömts för 2024" in line("assessment-overview.md.j2", total=1,
                                                          **none_yet)
    assert "Planens 3 mål har inte bedömts" in line("assessment-overview.md.j2", total=3,
                                                   **none_yet)
    assert "Varje år bedöms planens mål:" in line(
        "assessment-page.md.j2", total=1, year=2024, notice="", assessment=None, title="x")
