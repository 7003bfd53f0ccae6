"""Every text in the data files is untrusted. Put text written to attack the page – HTML,
Markdown and MyST – into every text field of every data file (the plan, the committees,
indicator metadata and values, the settings), into the status reports' comments and into
the goals' assessment (who assessed, the overall text, every analysis),
build a (small) book, and check that readers see it as literal text and that no
script, image, link, directive, include or substitution was created from it.

Every field's text also begins like a spreadsheet formula (= + - @, issue 19): the pages
show it as written, the templates have no formula cell and no CSV file the site offers
(indicator files, data package) has a field a spreadsheet would run. And the payload has a
176-character word: on a phone, no page is wider than the screen.

The book is cut down to keep the test fast: one edition (2024) and one focus area
(1, whose six activities are led by two committees). One build, shared by all tests
in this module."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from tests.helpers import csv_fields_like_formulas, formula_cells
from tests.reports import without_reports
from tests.site.test_reading import run_check, wider_than_the_screen
from trygghet.cli import main
from trygghet.intake import assessments_template as assessment_intake
from trygghet.intake.status_template import COLUMNS, HEADER_ROW, SHEET
from trygghet.intake.template_sheets import put
from trygghet.publish.build import STATIC_SOURCES, build

YEAR = 2024
FIELDS: dict[str, str] = {}  # marker → poisoned field, filled by the build fixture
INCLUDE: list[str] = []  # the path the payload includes, set by the build fixture
TEMPLATES: list[Path] = []  # the templates the commands wrote, set by the build fixture
ATTACKS = {
    "1.1": "<script>alert(1)</script>",
    "1.2": "<img src=x onerror=alert(1)>",
    "1.3": "Se [vår sida](https://example.com/injektion) och **fetstil** & &amp;",
    "1.4": "{download}`x <injektion.zip>` och {sub-ref}`today`",
    "1.5": "Rad ett\n\n```{raw} html\n<script>alert(2)</script>\n```\n",
    "1.6": ":::{note}\nInjicerad not\n:::\n\n<div class=\"injektion\">x</div>",
}


SECRET = "HEMLIG-MARKÖR-4711"  # the content of a file outside the project
# A word as long as an address or a compound can be (176 characters), with no place to break.
LONG_WORD = ("Brottsförebyggandesamverkansöverenskommelseuppföljnings" * 4)[:176]
# One payload for every text field in the data files, after a marker naming the field.
# (No quotes, "--" or "...": Sphinx turns those into typographic ones in any text.)
PAYLOAD = (f"{LONG_WORD} <script>alert(3)</script> <img src=x onerror=alert(4)> "
           "[länk](https://example.com/injektion) ![bild](https://example.com/bild.png) "
           "{download}`fil <INCLUDE>` {{ organisation }} www.example.com\n\n"
           "```{raw} html\n<div class=injektion>rå HTML</div>\n```\n\n"
           "```{literalinclude} INCLUDE\n```\n\n"
           ":::{note}\nInjicerad not\n:::\n")
NOT_TEXT = {"id", "lead", "co_responsible", "direction", "kolada_kpi", "code", "members", "unit", "sampling",
            "counties",  # county codes (a pattern) of a survey's pooling window
            "web", "email", "address", "repository",  # addresses: checked by their patterns
            "focus_areas", "files", "follow_up_chapter", "sources_chapter",
            "chapter_folder"}  # (names of files and folders)
# Fields that no page of this book shows (they serve matching, the data package and
# templates, or belong to an indicator without data, or to its only, main, series).
# The plan's follow-up paragraph speaks of "tabellerna med aktiviteter ovan", so the start
# page no longer quotes it (chapters/genomforande-och-uppfoljning.md has the plan's text).
NOT_SHOWN = ["plan.yml:document_type", "plan.yml:adopted_by", "aliases.",
             "settings.yml:organisation.unit",  # only in the footer ("Av …"), outside the article
             "plan.yml:follow_up_text",
             # the menu caption, the footer and the method page (see test_plan_chapters_…)
             "plan.yml:chapters.", "plan.yml:coordinator", "plan.yml:reports_to",
             "responsible_as_written", "source.name", "source.publisher", "source.url",
             ".csv:source", "sysselsattningsgrad.yml:series.0.label",
             *(f"{i}.yml:{f}" for i in ("tillit-barn", "tillit-vuxna", "fortroende-institutioner",
                                        "unga-nojda-fritid")
               for f in ("measure", "definition", "publication", "series.0.label",
                         "series.1.measure")),
             ":precision."]  # series ids of the per-series precision: not text for readers


def marker(number: int) -> str:
    """The marker naming field ``number``; it begins like a formula, with = + - or @ in
    turn, as a text meant to run in a spreadsheet would."""
    return f"{'=+-@'[number % 4]}Fält{number:02d}"


def normalised(value: str) -> str:
    return " ".join(value.split())


def created_links(soup: BeautifulSoup) -> list:
    """Links (or downloads) to targets named in the attacks; a heading's own anchor,
    made from its text, does not count."""
    return [a for a in soup.find_all("a", href=True)
            if any(t in a["href"].split("#")[0] for t in ("example.com", "injektion", "hemlig"))]


def poison_data(data: Path, include: str) -> dict[str, str]:
    """Put the payload into every text field of the data files; return marker → field."""
    fields: dict[str, str] = {}

    def payload(field: str) -> str:
        name = marker(len(fields))
        fields[name] = field
        return f"{name} {PAYLOAD.replace('INCLUDE', include)}"

    def walk(value, where: str):
        if isinstance(value, dict):
            return {k: v if k in NOT_TEXT else walk(v, f"{where}{k}.") for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, f"{where}{i}.") for i, v in enumerate(value)]
        return payload(where.rstrip(".")) if isinstance(value, str) else value

    for path in [data / "settings.yml", *sorted((data / "plan").glob("*.yml")),
                 *sorted((data / "indicators").glob("*.yml"))]:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(walk(content, f"{path.name}:"), allow_unicode=True,
                                       sort_keys=False), encoding="utf-8")
    for path in sorted((data / "indicators").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        texts = {column: payload(f"{path.name}:{column}") for column in ("area_name", "source")}
        for row in rows:
            if row["area_code"] not in ("1980", "0000"):  # their names come from settings.yml
                row["area_name"] = texts["area_name"]
            row["source"] = texts["source"]
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return fields


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
    without_reports(data)  # no other reports, only ours
    for path in (data / "plan").glob("fokusomrade-*.yml"):
        if path.stem != "fokusomrade-1":
            path.unlink()
    plan_file = data / "plan" / "plan.yml"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    plan["period"]["start"], plan["focus_areas"] = YEAR, ["fokusomrade-1.yml"]
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    focus_area = yaml.safe_load((data / "plan" / "fokusomrade-1.yml").read_text(encoding="utf-8"))
    for path in (data / "indicators").glob("*.yml"):  # only focus area 1's indicators
        if path.stem not in {i["id"] for i in focus_area["indicators"]}:
            path.unlink()
            path.with_suffix(".csv").unlink(missing_ok=True)
    # only the committees of focus area 1's activities (the others have no page)
    involved = {c for a in focus_area["activities"] for c in [a["lead"], *a["co_responsible"]]}
    committees = data / "plan" / "committees.yml"
    committees.write_text(yaml.safe_dump([c for c in yaml.safe_load(committees.read_text(
        encoding="utf-8")) if c["id"] in involved], allow_unicode=True), encoding="utf-8")
    secret = project.parent / "hemlig.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    # As the attack did: a relative path that climbs out of the project.
    INCLUDE.append("../" * 30 + str(secret).lstrip("/"))
    FIELDS.update(poison_data(data, INCLUDE[0]))
    for chapter in (data / "plan" / "kapitel").glob("*.md"):  # the plan's text chapters
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\n"
                           + PAYLOAD.replace("INCLUDE", INCLUDE[0]), encoding="utf-8")

    templates = project.parent / "mallar"
    assert main(["--root", str(project), "templates", "--year", str(YEAR),
                 "--out", str(templates)]) == 0
    TEMPLATES.extend(sorted(templates.glob("*.xlsx")))
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
    import_poisoned_assessment(project, templates)
    return build(project, jobs=2, log=lambda _: None)


def import_poisoned_assessment(project: Path, templates: Path) -> None:
    """The goals' assessment with the payload in every text the unit writes: who assessed,
    the overall text, each goal's analysis; through the template and the import."""
    def payload(field: str) -> str:
        name = marker(len(FIELDS))
        FIELDS[name] = field
        return f"{name} {PAYLOAD.replace('INCLUDE', INCLUDE[0])}"

    assert main(["--root", str(project), "assessment-template", "--year", str(YEAR),
                 "--out", str(templates)]) == 0
    template = templates / f"malbedomning-{YEAR}.xlsx"
    TEMPLATES.append(template)
    wb = openpyxl.load_workbook(template)
    ws = wb[assessment_intake.SHEET]
    rows = assessment_intake.META_ROWS
    # typed as text (in Excel: '=…), as the template's own cells are written
    put(ws, rows["bedömd av"], 2, payload("goals:assessed_by"))
    put(ws, rows["samlad bedömning"], 2, payload("goals:overall"))
    col = {c.key: i for i, c in enumerate(assessment_intake.COLUMNS, start=1)}
    for row in range(assessment_intake.HEADER_ROW + 1, ws.max_row + 1):
        goal = ws.cell(row, col["goal"]).value
        ws.cell(row, col["assessment"], "Delvis uppfyllt")
        put(ws, row, col["analysis"], payload(f"goals:analysis {goal}"))
        ws.cell(row, col["date"], dt.datetime(YEAR + 1, 3, 15))
    wb.save(project.parent / template.name)
    assert main(["--root", str(project), "import-assessments", str(project.parent / template.name),
                 "--year", str(YEAR)]) == 0


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
    assert not created_links(soup)
    assert main_el.find("strong", string="fetstil") is None
    assert main_el.find(class_="injektion") is None
    assert not main_el.select("div.admonition.note")
    # (the text is on the page, literally, but never as the body of a note)
    assert not [p for p in main_el.find_all("p") if normalised(p.get_text()) == "Injicerad not"]
    assert "onerror=alert" not in re.sub(r"&lt;img src=x onerror=alert\(\d\)&gt;", "", html)
    assert "<script>alert" not in html


def test_the_committee_pages_are_in_the_book(site):
    index = BeautifulSoup((site / f"editions/{YEAR}/namnder/index.html").read_text(
        encoding="utf-8"), "html.parser")
    links = {a["href"] for a in index.find("main").find_all("a", href=True)}
    assert "kommunstyrelsen.html" in links


def pages(site: Path) -> list[Path]:
    """The edition's generated pages (chapter, overview, committees) and the start page."""
    return [site / "index.html", *sorted((site / "editions" / str(YEAR)).rglob("*.html"))]


def test_no_file_outside_the_project_is_disclosed(site):
    assert (site / "searchindex.js").exists()
    leaked = [p for p in site.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leaked == []


def test_no_markup_was_created_from_any_data_field(site):
    assert len(pages(site)) >= 6
    for page in pages(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        content = soup.find("article")
        where = page.relative_to(site)
        assert all("alert" not in (s.string or "") for s in soup.find_all("script")), where
        assert not [el for el in soup.find_all(True) if el.has_attr("onerror")], where
        assert not soup.find_all("img", src=lambda v: v == "x" or "example.com" in v), where
        assert not created_links(soup), where
        assert content.find(class_="injektion") is None, where
        assert not content.select(".admonition.note"), where
        # {{ organisation }} in a text stays literal: the settings' poisoned organisation
        # (shown on the accessibility statement and, as the publisher, in an edition's "Så
        # citerar du" box only) never appears elsewhere on these pages.
        for citation in content.select(".trygghet-citation"):
            citation.decompose()
        organisation = next(m for m, f in FIELDS.items() if f == "settings.yml:organisation.name")
        assert f"{organisation} " not in content.get_text(" "), where


def test_no_page_of_the_site_has_a_tag_from_data(site):
    """Every page, also the search page and the theme's parts (the book's title and author
    come from the plan), prints data as text."""
    raw = [str(p.relative_to(site)) for p in site.rglob("*.html")
           if re.search(r"<script>alert|<img src=x", p.read_text(encoding="utf-8"))]
    assert raw == []


def test_plan_chapters_show_markup_literally(site):
    """A chapter of the plan keeps its headings, lists and web addresses (as links showing
    the address), and nothing else: no script, image, raw HTML, directive or include."""
    chapters = sorted((site / "chapters").glob("*.html"))
    assert len(chapters) >= 5
    payload = normalised(PAYLOAD.replace("INCLUDE", INCLUDE[0]))
    for page in chapters:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        content, where = soup.find("article"), page.name
        assert all("alert" not in (s.string or "") for s in soup.find_all("script")), where
        assert not [el for el in soup.find_all(True) if el.has_attr("onerror")], where
        assert not soup.find_all("img"), where
        assert content.find(class_="injektion") is None, where
        assert not content.select(".admonition"), where
        assert SECRET not in content.get_text(), where
        for link in created_links(soup):  # only addresses written out, linking to themselves
            assert link["href"].removeprefix("http://") == link.get_text(), where
        if page.stem not in {"om-data-och-metod", "tillganglighetsredogorelse"}:
            # the text as written (an address reads the same as a link; spaces aside)
            assert "".join(payload.split()) in "".join(content.get_text().split()), where


def test_every_text_field_is_shown_literally(site):
    statement = site / "chapters" / "tillganglighetsredogorelse.html"  # settings' contact
    shown = normalised(" ".join(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
                                .find("article").get_text(" ") for p in [*pages(site), statement]))
    assert len(FIELDS) > 90
    payload = normalised(PAYLOAD.replace("INCLUDE", INCLUDE[0]))
    missing = [field for marker, field in FIELDS.items()
               if not any(n in field for n in NOT_SHOWN) and f"{marker} {payload}" not in shown]
    assert missing == [], "\n".join(missing)


def test_the_settings_on_the_accessibility_statement_create_no_markup(site):
    """The publisher, contact details and known issues (settings.yml) reach the
    accessibility statement as MyST substitutions: literal text, nothing else."""
    soup = BeautifulSoup((site / "chapters" / "tillganglighetsredogorelse.html").read_text(
        encoding="utf-8"), "html.parser")
    content = soup.find("article")
    assert all("alert" not in (s.string or "") for s in soup.find_all("script"))
    assert not [el for el in soup.find_all(True) if el.has_attr("onerror")]
    assert not soup.find_all("img", src=lambda v: v == "x" or "example.com" in v)
    assert not created_links(soup)
    assert content.find(class_="injektion") is None
    assert not content.select(".admonition.note")
    organisation = next(m for m, f in FIELDS.items() if f == "settings.yml:organisation.name")
    assert content.get_text(" ").count(f"{organisation} ") == 1  # the sentence naming it


def test_the_templates_have_no_formula_cell(site):
    """The committees' status templates and the assessment template, written from a plan
    whose every text begins like a formula."""
    assert len(TEMPLATES) >= 3
    assert formula_cells(TEMPLATES) == []


def test_no_csv_file_of_the_site_has_a_field_a_spreadsheet_would_run(site):
    """The indicators' CSV files and every CSV file in the data package: a text beginning
    with = + - @ has an apostrophe first (the package says so); numbers stay numbers."""
    files = {p.name: p.read_bytes() for p in site.rglob("*.csv")}
    for package in site.rglob("indikatorer-*.zip"):
        with zipfile.ZipFile(package) as archive:
            files |= {f"{package.name}/{n}": archive.read(n) for n in archive.namelist()}
    csv_files = {name: content for name, content in files.items() if name.endswith(".csv")}
    assert any(name.endswith("/data/malbedomning.csv") for name in csv_files)
    for name, content in csv_files.items():
        assert csv_fields_like_formulas(content) == [], name
    neutralised = [v for content in csv_files.values()
                   for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for v in row
                   if v.startswith(("'=", "'+", "'-", "'@")) and "Fält" in v]
    assert len(neutralised) > 10  # the poisoned names, labels and analyses are there


def test_a_176_character_word_does_not_widen_a_page_on_a_phone(site):
    """The long word is in the goals' and focus area's headings, the intro, the tables'
    captions and cells, the menu, the footer, the committees' and indicators' pages and the
    plan's chapters: each page is as wide as the phone, and no table cell is cut off."""
    checked = [*(site / p for p in [*PAGES, "index.html", f"editions/{YEAR}/index.html"]),
               *sorted((site / "editions" / str(YEAR) / "indikatorer").glob("*.html"))[:3],
               *sorted((site / "chapters").glob("*.html"))]
    results = run_check(375, checked)
    assert wider_than_the_screen(results, site) == []
    assert [c for r in results for c in r["clipped"]] == []
