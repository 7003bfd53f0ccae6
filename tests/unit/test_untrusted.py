"""Text from data files reaches pages only through trygghet.data.untrusted: readers see it
exactly as written, with the plan's own formatting (paragraphs, lists, emphasis) and
nothing else. Rendered here with MyST and docutils, as the book renders it."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from docutils.core import publish_parts
from myst_parser.parsers.docutils_ import Parser

from trygghet.cli import main
from trygghet.data.untrusted import (
    markdown_blocks,
    markdown_inline,
    markdown_link,
    markup_constructs,
    markup_warnings,
)

NBSP = "\u00a0"


def render(markdown: str) -> str:
    """The HTML body MyST makes of ``markdown``, with the book's extensions."""
    settings = {
        "myst_enable_extensions": ["colon_fence", "deflist", "linkify", "substitution"],
        "myst_substitutions": {"hemlig": "ERSATT"},
        "output_encoding": "unicode", "report_level": 5, "halt_level": 5,
        "file_insertion_enabled": True, "raw_enabled": True,
    }
    return publish_parts(markdown, parser=Parser(), writer_name="html5",
                         settings_overrides=settings)["body"]


def visible(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def tags(html: str) -> set[str]:
    return {el.name for el in BeautifulSoup(html, "html.parser").find_all(True)}


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "hemlig.txt"
    path.write_text("HEMLIG-MARKÖR-4711\n", encoding="utf-8")
    return path


ATTACKS = {
    "script": "<script>alert(1)</script>",
    "img onerror": "Se <img src=x onerror=alert(1)> här",
    "raw html": "```{raw} html\n<b class=\"injektion\">x</b>\n```",
    "include": "```{include} SECRET\n```",
    "include colon": ":::{include} SECRET\n:::",
    "download role": "{download}`x <SECRET>`",
    "note": ":::{note}\nInjicerad not\n:::",
    "substitution": "{{ hemlig }}",
    "link": "[vår sida](https://example.com/injektion)",
    "image": "![bild](https://example.com/bild.png)",
    "autolink": "<https://example.com/injektion>",
    "bare url": "www.example.com och https://example.com/x",
    "myst comment": "synlig\n% dold kommentar",
    "target": "(injektion)=\n# Rubrik",
    "heading": "# Rubrik",
    "quote": "> citat",
    "ordered list": "1. ett\n2. två",
    "code block": "    indragen kod",
    "inline code": "`kod`",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "footnote": "Text[^1]\n\n[^1]: Fotnot",
    "thematic break": "Text\n\n***\n\nmer",
    "setext heading": "Rubrik\n---",
    "entity": "&amp; &lt;b&gt;",
    "hard break": "rad\\\nrad",
    "definition list": "term\n: definition",
    "underscore emphasis": "_kursiv_ och __fet__",
    "math": "$x$ och $$y$$",
    "block break": "+++",
}


@pytest.mark.parametrize("name", ATTACKS)
def test_markup_in_untrusted_text_is_shown_literally(name, secret):
    text = ATTACKS[name].replace("SECRET", str(secret))
    html = render(markdown_blocks(text))
    assert tags(html) <= {"p"}, html  # no element but paragraphs: no script, link, image …
    assert "HEMLIG-MARKÖR" not in html and "ERSATT" not in html
    # Every character is there; only line breaks inside a paragraph may become spaces.
    assert visible(html) == " ".join(text.split())
    assert visible(render(markdown_inline(text))) == " ".join(text.split())


def test_the_attacks_are_real_without_escaping(secret):
    """The same payloads rendered unescaped do create markup (so the test above tests something)."""
    html = render("\n\n".join(ATTACKS.values()).replace("SECRET", str(secret)))
    assert "HEMLIG-MARKÖR" in html and "ERSATT" in html
    assert {"script", "img", "a", "aside", "ol", "blockquote", "table"} <= tags(html)


PLAN_TEXTS = [
    ("Med tillit menas förtroende till andra människor⁵. Valdeltagandet var 84 procent "
     "(2018) – i ett valdistrikt 61 %.\n\nEnligt 2 § lagen (2023:196) ska kommunen "
     "arbeta brottsförebyggande; se kap. 3, s. 12–14!"),
    ("Målen är följande:\n\n- Invånarnas tillit ska öka\n- Brottsligheten ska *minska*\n\n"
     "Uppföljningen sker **årligen** och\npå våren."),
    "*Figuren finns i den antagna handlingsplanen och återges inte här.*",
    f"Antal per 100{NBSP}000 invånare, 5{NBSP}% – \"citat\" och 'citat' ... 3-4 år.",
    "Ett stycke med radbrytning\nmitt i, och ett till.\n\n\n\nEfter flera tomma rader.",
]


@pytest.mark.parametrize("text", PLAN_TEXTS)
def test_the_plans_own_formatting_renders_as_before(text):
    assert render(markdown_blocks(text)) == render(text)


def test_inline_text_is_one_line_and_keeps_no_break_spaces():
    assert markdown_inline(f"Rad ett\n\nrad  två 100{NBSP}000") == f"Rad ett rad två 100{NBSP}000"
    assert "\n" not in markdown_inline("a\n# b\n- c")
    assert render(markdown_inline("Fokus *ett*", emphasis=False)) == render(r"Fokus \*ett\*")


def test_emphasis_contains_only_text():
    html = render(markdown_blocks("**<script>x</script>** och *[länk](https://e.com)*"))
    assert tags(html) == {"p", "strong", "em"}
    assert visible(html) == "<script>x</script> och [länk](https://e.com)"


def test_link_text_is_literal_and_the_target_ours():
    html = render(markdown_link("<img src=x onerror=alert(1)> [a](b)", "https://example.org/x"))
    soup = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == ["https://example.org/x"]
    assert soup.find("img") is None and visible(html) == "<img src=x onerror=alert(1)> [a](b)"
    with pytest.raises(ValueError):
        markdown_link("x", "a) [b](c")


def test_markup_constructs_are_recognised():
    found = {what for name in ("script", "raw html", "note", "download role", "substitution",
                               "link") for what, _ in markup_constructs(ATTACKS[name])}
    assert {w.split(" ")[1] for w in found} == {"HTML-tagg", "kodblock", "MyST-roll",
                                                "ersättning", "Markdown-länk"}
    assert markup_constructs(PLAN_TEXTS[0]) == markup_constructs(PLAN_TEXTS[1]) == []
    assert markup_constructs("a < b och c > d, 2 < 3") == []


def test_validate_warns_about_markup_naming_file_line_and_field(small_copy, capsys):
    data_copy = small_copy  # the small project (tests/fixtures/small-project)
    focus = data_copy / "plan" / "fokusomrade-1.yml"
    text = focus.read_text(encoding="utf-8")
    focus.write_text(text.replace("    text: Invånarnas delaktighet i samhället ska öka",
                                  "    text: Invånarnas <b>delaktighet</b> ska öka", 1),
                     encoding="utf-8")
    line = 1 + focus.read_text(encoding="utf-8").splitlines().index(
        "    text: Invånarnas <b>delaktighet</b> ska öka")
    status = data_copy / "activities" / "status-2023.csv"
    rows = status.read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace("EXEMPEL, inte", "EXEMPEL {{ x }}, inte")
    status.write_text("\n".join(rows) + "\n", encoding="utf-8")

    warnings = "\n".join(str(w) for w in markup_warnings(data_copy))
    assert len(warnings.splitlines()) == 2
    assert re.search(rf"fokusomrade-1\.yml, rad {line}, kolumn/fält 'goals\.1\.text': .*HTML-tagg",
                     warnings)
    assert re.search(r"status-2023\.csv, rad 3, kolumn/fält 'comment': .*ersättning", warnings)

    assert main(["--root", str(data_copy.parent), "validate"]) == 0  # warnings do not fail
    err = capsys.readouterr().err
    assert err.count("Varning: ") == 2 and "goals.1.text" in err and "som vanlig text" in err
