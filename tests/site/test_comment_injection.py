"""Comments are untrusted text. Import comments written to attack the page – HTML,
Markdown and MyST – build a (small) book, and check that readers see them as literal
text and that no script, image, link or directive was created from them.

The book is cut down to keep the test fast: one edition (2024) and one focus area
(1, whose six activities are led by two committees). One build, shared by all tests
in this module."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from trygghet.cli import main
from trygghet.intake.reporting import COLUMNS, HEADER_ROW, SHEET
from trygghet.publish.build import STATIC_SOURCES, build

YEAR = 2024
ATTACKS = {
    "1.1": "<script>alert(1)</script>",
    "1.2": "<img src=x onerror=alert(1)>",
    "1.3": "Se [vår sida](https://example.com/injektion) och **fetstil** & &amp;",
    "1.4": "{download}`x <injektion.zip>` och {sub-ref}`today`",
    "1.5": "Rad ett\n\n```{raw} html\n<script>alert(2)</script>\n```\n",
    "1.6": ":::{note}\nInjicerad not\n:::\n\n<div class=\"injektion\">x</div>",
}


def normalised(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("injection") / "project"
    project.mkdir()
    for name in [*STATIC_SOURCES, "data", "notebooks", "_toc.yml", "requirements.txt"]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name)
        elif src.exists():
            shutil.copy2(src, project / name)
    data = project / "data"
    shutil.rmtree(data / "raw", ignore_errors=True)  # no other reports, only ours
    for path in (data / "activities").glob("*"):
        path.unlink()
    for path in (data / "plan").glob("fokusomrade-*.yml"):
        if path.stem != "fokusomrade-1":
            path.unlink()
    plan_file = data / "plan" / "plan.yml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace(
        "start: 2022", f"start: {YEAR}"), encoding="utf-8")

    templates = project.parent / "mallar"
    assert main(["--root", str(project), "templates", "--year", str(YEAR),
                 "--out", str(templates)]) == 0
    received = []
    col = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    for template in sorted(templates.glob("*.xlsx")):
        wb = openpyxl.load_workbook(template)
        ws = wb[SHEET]
        for row in range(HEADER_ROW + 1, ws.max_row + 1):
            activity = ws.cell(row=row, column=col["activity"]).value
            ws.cell(row=row, column=col["status"], value="Påbörjad")
            ws.cell(row=row, column=col["comment"], value=ATTACKS[activity])
            ws.cell(row=row, column=col["date"], value=dt.datetime(YEAR + 1, 3, 15))
        received.append(project.parent / template.name)
        wb.save(received[-1])
    assert main(["--root", str(project), "import-status", *map(str, received),
                 "--year", str(YEAR)]) == 0
    return build(project, jobs=2, log=lambda _: None)


PAGES = [f"editions/{YEAR}/fokusomrade-1.html",
         f"editions/{YEAR}/namnder/kommunstyrelsen.html",
         f"editions/{YEAR}/namnder/namnden-for-idrott-fritid-och-forebyggande.html",
         f"editions/{YEAR}/namnder/kulturnamnden.html"]  # shares 1.3–1.5


@pytest.mark.parametrize("page", PAGES)
def test_comments_are_shown_as_literal_text(site, page):
    main_el = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").find("main")
    cells = {normalised(td.get_text(" ")) for td in main_el.find_all("td")}
    shown = [a for a, text in ATTACKS.items() if normalised(text) in cells]
    assert shown, f"no comment found on {page}"
    if "fokusomrade" in page:
        assert sorted(shown) == sorted(ATTACKS)


@pytest.mark.parametrize("page", PAGES)
def test_no_script_image_link_or_directive_was_created(site, page):
    html = (site / page).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    main_el = soup.find("article").find("section")  # the content, not the theme scripts
    assert main_el.find("script") is None
    assert all("alert" not in (s.string or "") for s in soup.find_all("script"))
    assert main_el.find("img", src="x") is None  # (the charts are images, from our code)
    assert not [el for el in soup.find_all(True) if el.has_attr("onerror")]
    assert not [a for a in soup.find_all("a", href=True)
                if "example.com" in a["href"] or "injektion" in a["href"]]
    assert main_el.find("strong", string="fetstil") is None
    assert main_el.find(class_="injektion") is None
    assert not main_el.select("div.admonition.note")
    assert "Injicerad not" not in " ".join(p.get_text() for p in main_el.find_all("p"))
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "<script>alert" not in html


def test_the_committee_pages_are_in_the_book(site):
    index = BeautifulSoup((site / f"editions/{YEAR}/namnder/index.html").read_text(
        encoding="utf-8"), "html.parser")
    links = {a["href"] for a in index.find("main").find_all("a", href=True)}
    assert "kommunstyrelsen.html" in links
