"""Indicator pages, 'Alla indikatorer' and the compact summaries, from a small data copy:
one indicator keeps its values, the rest have none (so few charts are drawn)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, reader_text
from trygghet.data.plan import load_plan
from trygghet.data.project import Project
from trygghet.present.indicator_pages import (
    md_text,
    summaries,
    summary_markdown,
    write_edition_pages,
)
from trygghet.publish.sphinx_ext import edition_links, title_with_year

HOSTILE = "Tillit {doc}`x </y>` [länk](https://evil.example) <script>alert(1)</script> *"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    import shutil

    target = tmp_path_factory.mktemp("ind") / "data"
    shutil.copytree(ROOT / "data", target)
    for csv in (target / "indicators").glob("*.csv"):
        if csv.stem != "anmalda-valdsbrott":
            csv.unlink()
    path = target / "plan" / "fokusomrade-1.yml"
    fa = yaml.safe_load(path.read_text(encoding="utf-8"))
    fa["indicators"][1]["name"] = HOSTILE  # tillit-barn: a name with markup in it
    path.write_text(yaml.safe_dump(fa, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def pages(data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pages")
    write_edition_pages(Project.load(data, 2024), out)
    return out


def test_every_indicator_has_a_page_titled_with_the_edition_year(data, pages):
    for indicator in load_plan(data).indicators:
        first = (pages / f"{indicator.id}.md").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and first.endswith("uppföljning 2024")


def test_page_with_data_has_chart_alt_text_table_comparison_kolada_link_and_csv(pages):
    page = (pages / "anmalda-valdsbrott.md").read_text(encoding="utf-8")
    figure = re.search(r":::\{figure\} (\S+)\n:alt: (.+)", page)
    assert figure and (pages / figure.group(1)).exists() and len(figure.group(2)) > 40
    assert "Tabell med uppgifterna i diagrammet" in page
    assert "## Jämförelse med riket" in page
    assert "(https://www.kolada.se/verktyg/fri-sokning/?kpis=N07403)" in page
    csv = re.search(r"\{download\}`[^<]+<([^>]+)>`", page).group(1)
    assert (pages / csv).exists()
    assert "ovägt" not in page and "G176458" not in page


def test_page_without_data_says_uppgift_saknas_and_where_the_value_will_come_from(data, pages):
    page = (pages / "aktorer-i-forum.md").read_text(encoding="utf-8")
    assert "**Uppgift saknas** för Västerås till och med 2024" in page
    assert "Hållbarhetsenheten lägger in värdet" in page.replace("\\", "")
    assert "{figure}" not in page


def test_all_indicators_lists_each_with_link_value_development_and_data_status(data, pages):
    index = (pages / "index.md").read_text(encoding="utf-8")
    for indicator in load_plan(data).indicators:
        assert f'<a href="{indicator.id}.html">' in index
    assert "Från Kolada" in index and "915 per 100\u00a0000 invånare (2022)" in index
    assert "Ingen tydlig förändring" in index  # −5 %, an interval that covers no change
    assert index.count("Uppgift saknas. ") == len(load_plan(data).indicators) - 1
    assert "Inga nya värden sedan 2022" in index


def test_data_text_never_becomes_markup(pages):
    index = (pages / "index.md").read_text(encoding="utf-8")  # data text only in raw HTML
    assert "<script>" not in index and "&lt;script&gt;" in index
    page = (pages / "tillit-barn.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "{doc}`x" not in page and "](https://evil" not in page
    assert md_text("a {doc}`b` [c](d) <e>") == r"a \{doc\}\`b\` \[c\]\(d\) \<e\>"


def test_summary_names_value_year_and_development_and_links_to_the_page(data):
    project = Project.load(data)
    lines = str(summary_markdown(summaries(project, 2023, project.focus_area(5))))
    line = next(ln for ln in lines.splitlines() if "anmalda-valdsbrott" in ln)
    assert line.startswith("- [Antal anmälda våldsbrott](/editions/2023/indikatorer/")
    assert ("915 per 100\u00a0000 invånare (2022) · ≈\u00a0Ingen tydlig förändring"
            in reader_text(line))
    assert all(("(20" in ln) or "Uppgift saknas" in ln for ln in lines.splitlines())


def test_edition_pages_carry_their_year_in_the_title():
    assert title_with_year("Fokusområde 3", 2024) == "Fokusområde 3 – uppföljning 2024"
    assert title_with_year("Uppföljning av handlingsplanen", 2023) == \
        "Uppföljning av handlingsplanen 2023"
    assert title_with_year("Alla indikatorer – uppföljning 2022", 2022).count("2022") == 1


def test_older_edition_links_to_newest_and_every_page_to_its_other_years():
    docs = {f"editions/{y}/{p}" for y in (2022, 2023, 2024) for p in ("index", "fokusomrade-1")}
    docs.discard("editions/2024/fokusomrade-1")  # a page the newest edition no longer has

    def pathto(doc):
        return f"/{doc}.html"

    old = edition_links("editions/2022/index", docs, pathto)
    assert 'nyare uppföljning: <a href="/editions/2024/index.html">samma sida i uppföljning 2024' \
        in old
    assert 'Andra år: <a href="/editions/2023/index.html">2023</a> · ' in old
    assert "nyare" not in edition_links("editions/2024/index", docs, pathto)
    gone = edition_links("editions/2023/fokusomrade-1", docs, pathto)
    assert '<a href="/editions/2024/index.html">uppföljning 2024</a>' in gone


def test_compiled_interface_strings_do_not_depend_on_the_time():
    """A rebuild with nothing changed must be a no-op: the .mo carries no build date."""
    import datetime

    from tests.conftest import ROOT
    from trygghet.publish.build import compiled_translations

    today = datetime.date.today().isoformat().encode()
    assert all(today not in mo for mo in compiled_translations(ROOT).values())
