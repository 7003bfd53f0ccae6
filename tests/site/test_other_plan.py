"""Another municipality's plans build a whole book from their data alone.

The fixture (tests/fixtures/other-plan/, see its README) differs from Västerås's plan
wherever a plan can: three focus areas (one without activities, one without goals of its
own, their files named freely), activity ids "A1"…, other committees, a four-year period
(2019–2022), one text chapter of its own, and a small municipality (Ljusnarsberg, 1864)
with its Kolada values imported from the shared dump. It also holds two plans after one
another (docs/enhetens-guide.md, *Flera planer efter varandra*): that program is the earlier plan
(``data/planer/2019-2022/``) and a two-year program 2023–2024 with two focus areas, ids
"B1"… and a committee of its own is the current one (``data/plan/``). The project folder
holds only ``data/``; the book's own sources come from this checkout (``trygghet --root
KATALOG build``). One build, shared by every test here."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from tests.site.test_plain_summary import check_easy_to_read, check_summaries
from trygghet.publish.build import build

FIXTURE = ROOT / "tests" / "fixtures" / "other-plan"
YEARS = [2019, 2020, 2021, 2022]  # the editions of the earlier program
NEXT_YEARS = [2023, 2024]  # the editions of the current one


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("other-plan") / "ljusnarsberg"
    shutil.copytree(FIXTURE, project)
    started = time.monotonic()
    html = build(project, log=lambda _: None)
    print(f"\nBygget av testplanen tog {time.monotonic() - started:.0f} s")
    return html


def page(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def main_text(site: Path, rel: str) -> str:
    """The page's content (its article), as a reader reads it."""
    return " ".join(page(site, rel).find("article").get_text(" ").split())


def test_the_book_is_the_plans_and_the_municipalitys(site):
    start = page(site, "index.html")
    assert "Uppföljning av brottsförebyggande program" in start.title.get_text()
    text = main_text(site, "index.html")
    assert "Uppföljning 2024" in text and "Ljusnarsbergs kommun, 2023–2024" in text
    assert "2 fokusområden upp med 2 mål, 2 indikatorer och 2 aktiviteter" in text
    assert start.find("h1").get_text(" ", strip=True) == "Uppföljning av programmet"
    text = main_text(site, "editions/2022/index.html")
    assert "Uppföljning 2022" in text and "Ljusnarsbergs kommun, 2019–2022" in text
    assert "3 fokusområden upp med 2 mål, 4 indikatorer och 3 aktiviteter" in text
    footer = " ".join(start.find("footer", class_="bd-footer-content").get_text(" ").split())
    assert "Av Ljusnarsbergs kommun" in footer and "© Ljusnarsbergs kommun" in footer


def test_one_edition_per_year_of_the_four_year_period(site):
    editions = sorted(int(p.name) for p in (site / "editions").iterdir())
    assert editions == YEARS + NEXT_YEARS
    menu = page(site, "index.html").find("nav", class_="bd-docs-nav").get_text(" ")
    assert [int(y) for y in re.findall(r"Uppföljning (\d{4})", menu)] == (
        NEXT_YEARS[::-1] + YEARS[::-1])


def test_three_chapters_with_their_titles_in_every_edition(site):
    titles = {1: "Trygga offentliga platser", 2: "Barn och unga", 3: "Delaktighet"}
    for year in YEARS:
        for number, title in titles.items():
            heading = page(site, f"editions/{year}/fokusomrade-{number}.html").find("h1")
            assert heading.get_text(" ", strip=True).startswith(f"Fokusområde {number}")
            assert title in main_text(site, f"editions/{year}/fokusomrade-{number}.html")
        assert not (site / "editions" / str(year) / "fokusomrade-4.html").exists()


def test_activities_keep_the_plans_ids(site):
    caption = page(site, "editions/2022/fokusomrade-1.html").find(
        "caption", string=re.compile("Aktiviteter i fokusområde 1 och deras status"))
    rows = caption.find_parent("table").find("tbody").find_all("tr")
    assert [row.find(["th", "td"]).get_text(strip=True) for row in rows] == ["A1", "A2"]
    assert "A3" in main_text(site, "editions/2022/fokusomrade-2.html")


def test_a_focus_area_without_activities_or_goals_says_so(site):
    assert "Planen har inga aktiviteter i fokusområde 3." in main_text(
        site, "editions/2022/fokusomrade-3.html")
    assert "Planen anger inga egna mål för fokusområdet." in main_text(
        site, "editions/2022/fokusomrade-2.html")
    assert "planen har inga aktiviteter i fokusområdet" in main_text(site, "editions/2022/index.html")


def test_the_plans_committees_have_their_pages(site):
    names = {p.stem for p in (site / "editions" / "2022" / "namnder").glob("*.html")}
    assert names == {"index", "kommunstyrelsen", "bildningsnamnden", "samhallsbyggnadsnamnden"}


def test_the_plans_own_chapter_in_the_plans_own_folder_and_no_other(site):
    chapter = "planer/2019-2022/inledning.html"
    text = main_text(site, chapter)
    assert text.startswith("Inledning") and "påhittad testdata" in text
    assert page(site, chapter).find("a", href="https://www.bra.se", string="https://www.bra.se")
    assert sorted(str(p.relative_to(site)) for p in (site / "planer").rglob("*.html")) == [
        "planer/2019-2022/inledning.html", "planer/2023-2024/inledning.html"]
    assert {p.stem for p in (site / "chapters").glob("*.html")} == {
        "om-data-och-metod", "tillganglighetsredogorelse"}
    overview = page(site, "editions/2021/index.html").find("article")
    assert overview.find("a", string="Hur uppföljningen går till")["href"].endswith(
        "planer/2019-2022/inledning.html")


def test_the_method_page_speaks_of_this_plan(site):
    text = main_text(site, "chapters/om-data-och-metod.html")
    assert "följer upp Ljusnarsbergs kommuns brottsförebyggande program" in text
    assert "alltså 2022 för planen 2023–2024" in text  # the current plan
    assert "Liknande kommuner socioekonomi, Ljusnarsberg, 2024" in text
    assert "mest lika Ljusnarsberg" in text
    assert "Ljusnarsberg bland Sveriges kommuner" in main_text(
        site, "editions/2022/kommunjamforelse.html")


def test_no_page_names_vasteras(site):
    named = {str(p.relative_to(site)) for p in site.rglob("*.html")
             if re.search("Västerås|Stadsledningskontoret|Hållbarhetsenheten",
                          p.read_text(encoding="utf-8"))}
    assert named == set()


# -- two plans after one another ----------------------------------------------------------------


def test_each_plan_has_its_part_of_the_menu_with_its_chapters(site):
    nav = page(site, "index.html").find("nav", class_="bd-docs-nav")
    captions = [p.get_text(strip=True) for p in nav.find_all("p", class_="caption")]
    assert captions[:4] == ["Uppföljningar 2023–2024", "Programmet 2023–2024",
                            "Uppföljningar 2019–2022", "Programmet 2019–2022"]


def test_each_edition_shows_its_own_plan(site):
    """The earlier program's editions keep its three focus areas and committees; the current
    program's editions have its two, and its own committee."""
    for year in NEXT_YEARS:
        chapters = sorted(p.name for p in (site / "editions" / str(year)).glob("fokusomrade-*.html"))
        assert chapters == ["fokusomrade-1.html", "fokusomrade-2.html"]
        names = {p.stem for p in (site / "editions" / str(year) / "namnder").glob("*.html")}
        assert names == {"index", "kommunstyrelsen", "bildningsnamnden",
                         "kultur-och-fritidsnamnden"}
    assert "Trygga stråk" in main_text(site, "editions/2024/fokusomrade-1.html")
    assert "Trygga offentliga platser" in main_text(site, "editions/2022/fokusomrade-1.html")
    assert "Trygga stråk" not in main_text(site, "editions/2022/fokusomrade-1.html")
    caption = page(site, "editions/2023/fokusomrade-2.html").find(
        "caption", string=re.compile("Aktiviteter i fokusområde 2 och deras status"))
    rows = caption.find_parent("table").find("tbody").find_all("tr")
    assert [row.find(["th", "td"]).get_text(strip=True) for row in rows] == ["B2"]
    indicators = {p.stem for p in (site / "editions" / "2024" / "indikatorer").glob("*.html")}
    assert indicators == {"index", "anmalda-valdsbrott", "gymnasieexamen-4-ar"}
    # The development is measured from each plan's own baseline year.
    assert "från utgångsåret 2022" in main_text(site, "editions/2024/index.html")
    assert "från utgångsåret 2018" in main_text(site, "editions/2022/index.html")


def test_an_earlier_plans_pages_never_link_to_another_plans_page_as_the_same(site):
    """Focus area 1 of 2022 and of 2024 share an address pattern but not a subject: the
    links to "the same page" in other years stay within the plan, and the note on the
    newer edition says it follows up the next plan."""
    chapter = page(site, "editions/2022/fokusomrade-1.html")
    others = chapter.find("nav", class_="trygghet-other-editions")
    assert [a.get_text() for a in others.find_all("a")] == ["2019", "2020", "2021"]
    newer = chapter.find(class_="trygghet-newer-edition")
    assert newer.find("a")["href"] == "../2024/index.html"
    assert "som följer upp nästa plan (2023–2024)" in " ".join(newer.get_text(" ").split())
    later = page(site, "editions/2024/fokusomrade-1.html")
    assert [a.get_text() for a in later.find("nav", class_="trygghet-other-editions")
            .find_all("a")] == ["2023"]


def test_what_is_new_compares_within_a_plan(site):
    """The first edition of each plan has no "Nytt sedan förra uppföljningen": statuses and
    development classes of another plan do not compare."""
    for year in (2019, 2023):
        assert not (site / "editions" / str(year) / "nytt-sedan-forra.html").exists()
    for year in (2020, 2024):
        assert (site / "editions" / str(year) / "nytt-sedan-forra.html").exists()
    assert "Nytt sedan förra uppföljningen" not in main_text(site, "editions/2023/index.html")


def test_the_data_package_of_an_earlier_edition_holds_its_own_plan(site):
    import io
    import zipfile

    package = next(site.glob("_downloads/*/indikatorer-2022.zip"))
    with zipfile.ZipFile(io.BytesIO(package.read_bytes())) as archive:
        names = set(archive.namelist())
        plan = archive.read("plan/plan.yml").decode("utf-8")
    assert "plan/delaktighet.yml" in names and "plan/trygga-strak.yml" not in names
    assert "Brottsförebyggande program 2019–2022" in plan


@pytest.mark.parametrize("width", [1280, 375])
def test_the_two_plan_pages_pass_axe(site, width):
    """WCAG 2.1 AA (axe-core in Chromium) on what only a book with two plans has: the menu
    with a part per plan, the note that a newer edition follows up the next plan, and the
    pages of each plan's editions."""
    from tests.site.test_accessibility import run_axe

    pages = [site / p for p in ("index.html", "editions/2022/fokusomrade-1.html",
                                "editions/2024/fokusomrade-2.html",
                                "editions/2024/namnder/kultur-och-fritidsnamnden.html",
                                "planer/2023-2024/inledning.html")]
    results = run_axe(width, "light", pages)
    assert [f"{Path(r['page']).relative_to(site)}: {v['id']} – {v['help']}"
            for r in results for v in r["violations"]] == []
    assert [u for r in results for u in r["external"]] == []


def test_each_editions_pdf_is_of_its_own_plan(site, tmp_path):
    """The PDF for the diary: the 2022 edition's cover and chapters are the earlier
    program's, the 2024 edition's the current one's."""
    from tests.site.test_pdf import poppler
    from trygghet.publish.pdf import build_pdfs

    written = build_pdfs(site.parents[1], [2022, 2024], tmp_path, log=lambda _: None)
    earlier, current = (poppler("pdftotext", path, "-") for path in written)
    assert "Brottsförebyggande program 2019–2022" in earlier and "KS 2018/0042" in earlier
    assert "3. Delaktighet" in earlier and "Trygga stråk" not in earlier
    assert "Brottsförebyggande program 2023–2024" in current and "KS 2022/0117" in current
    assert "2. Skola och fritid" in current and "Delaktighet" not in current


def test_plain_sentences_and_easy_to_read_pages_fit_any_plan(site):
    """Issue 24 on another plan: every edition's front page and chapter opens with plain
    sentences whose numbers are on the page, and every edition has a Lättläst page with
    LIX ≤ 30."""
    data = site.parents[1] / "data"
    check_summaries(site, data)
    check_easy_to_read(site, data)
