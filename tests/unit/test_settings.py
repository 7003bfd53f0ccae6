"""The municipality as settings (data/settings.yml): the book's author, address, contact
details and accessibility-statement details come from there, as literal text, and a
settings file that lacks a way to reach the publisher is refused in Swedish."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT, SMALL
from tests.unit.test_untrusted import render, visible
from trygghet.cli import main
from trygghet.data.errors import DataError
from trygghet.data.project import Project
from trygghet.data.settings import load_settings
from trygghet.present.book_config import apply_settings, substitutions
from trygghet.publish.build import config_yaml


def _settings(small_copy, **changes):
    path = small_copy / "settings.yml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        content[key] = value
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return load_settings(small_copy)


def test_the_built_config_takes_author_address_and_contact_from_settings(project_copy):
    settings = project_copy / "data" / "settings.yml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("  address: null", "  address: https://trygghet.example.se/")
    settings.write_text(text.replace("name: Västerås stad", "name: Testköping kommun"),
                        encoding="utf-8")
    config = yaml.safe_load(config_yaml(project_copy, Project.load(project_copy / "data")))
    assert config["author"] == "Testköping kommun, Hållbarhetsenheten"
    assert config["copyright"] == "Testköping kommun"
    assert config["html"]["baseurl"] == "https://trygghet.example.se/"
    subs = config["parse"]["myst_substitutions"]
    assert subs["organisation"] == "Testköping kommun"
    assert subs["municipality"] == "Västerås"


def test_the_contact_reads_as_a_sentence_with_a_working_link():
    html = render(f"Kontakta {substitutions(load_settings(SMALL / 'data'))['contact']}.")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert text == ("Kontakta Västerås stads kontaktcenter, telefon 021-39 00 00, "
                    "https://www.vasteras.se.")
    assert re.search(r'<a [^>]*href="https://www.vasteras.se"', html)


def test_email_and_no_phone(small_copy):
    settings = _settings(small_copy, contact={"name": "Servicecenter",
                                             "email": "service@example.se"})
    html = render(substitutions(settings)["contact"])
    assert visible(html) == "Servicecenter, e-post service@example.se"
    assert 'href="mailto:service&#64;example.se"' in html


def test_markup_in_the_settings_is_literal_text(small_copy):
    settings = _settings(small_copy, organisation={"name": "<b>Org</b> {{ hemlig }}"},
                         contact={"name": "[Länk](https://example.com)", "phone": "*1*"},
                         accessibility={"known_issues": ["```{raw} html\n<i>x</i>\n```"]})
    subs = substitutions(settings)
    for key in ("organisation", "contact", "known_issues"):
        html = render(subs[key])
        assert not {"b", "i", "a", "em"} & {t.name for t in BeautifulSoup(html, "html.parser")
                                             .find_all(True)}, key
    assert visible(render(subs["organisation"])) == "<b>Org</b> {{ hemlig }}"
    # The author stays the text it is; _templates/author.html escapes it in the footer
    # (tests/site/test_comment_injection.py checks the built pages).
    assert apply_settings({}, settings)["author"] == "<b>Org</b> {{ hemlig }}"
    assert visible(render(subs["contact"])) == "[Länk](https://example.com), telefon *1*"


def test_known_issues_are_a_list_with_a_lead_in_or_nothing(small_copy):
    subs = substitutions(load_settings(SMALL / "data"))
    html = render(subs["known_issues"])
    assert visible(html).startswith("Brister i just den här bokens innehåll: Figurerna")
    assert len(re.findall("<li>", html)) == 1
    assert subs["accessibility_updated"] == "Redogörelsen uppdaterades senast den 26 november 2026\\."
    empty = substitutions(_settings(small_copy, accessibility={}))
    assert empty["known_issues"] == "" and empty["accessibility_updated"] == ""


@pytest.mark.parametrize("field,value", [("web", "https://www.example.se/a b"),
                                         ("web", "https://x.se/><script>"),
                                         ("web", "javascript:alert(1)"),
                                         ("email", "inte en adress")])
def test_an_address_that_could_break_out_of_a_link_is_refused(small_copy, field, value):
    with pytest.raises(DataError) as err:
        _settings(small_copy, contact={"name": "Kontaktcenter", field: value})
    assert f"contact.{field}" in str(err.value) and "har fel form" in str(err.value)


def test_without_any_way_to_reach_the_publisher_validate_says_so(project_copy, capsys):
    path = project_copy / "data" / "settings.yml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["contact"] = {"name": "Kontaktcenter"}
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    assert main(["--root", str(project_copy), "validate"]) == 1
    err = capsys.readouterr().err
    assert "settings.yml" in err and "kolumn/fält 'contact'" in err
    assert "ange minst ett av phone, email och web" in err


def test_every_substitution_the_pages_use_comes_from_the_settings_or_the_plan():
    known = set(yaml.safe_load(config_yaml(ROOT, Project.load(ROOT / "data")))["parse"]["myst_substitutions"])
    used = set()
    for path in [*(ROOT / "chapters").glob("*.md"), *(ROOT / "notebooks").glob("*.md")]:
        used |= set(re.findall(r"\{\{\s*([a-z_]+)", path.read_text(encoding="utf-8")))
    assert used and used <= known, used - known
