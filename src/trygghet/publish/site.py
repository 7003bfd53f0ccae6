"""Publication day: ``trygghet publish`` (``make publish``) writes the folder to put on the
web, ``_build/publish/``, for the address in ``data/settings.yml`` (``website.address``).

The site is the one ``trygghet build`` makes (with the address, Sphinx also writes the
canonical links, ``sitemap.xml``, ``robots.txt`` and a 404 page whose links work at any
depth: :mod:`trygghet.publish.sphinx_site`); setting the address re-runs no notebook (the
jobs' keys leave it out). Then each edition's PDF (printed again only when its print
document changed) goes beside the edition's pages, the build's leftovers stay out, and
the accessibility statement gets what was checked in the folder that goes out. The new
folder replaces the old one by renames: never half a site."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

from trygghet.data import clock
from trygghet.data.editions import edition_years
from trygghet.data.errors import UserError
from trygghet.data.project import Project, load_editions
from trygghet.data.settings import load_settings
from trygghet.present.templating import render
from trygghet.present.text import join_swedish, swedish_date
from trygghet.publish import build as book_build
from trygghet.publish import pdf
from trygghet.publish.sphinx_site import pdf_path

PUBLISH_DIR = "publish"  # in _build/
#: What Sphinx leaves in its output that is no part of the site.
LEFTOVERS = {".buildinfo", ".doctrees", "_sources", "genindex.html"}
STATEMENT = "chapters/tillganglighetsredogorelse.html"
STATEMENT_SECTION = "hur-vi-har-testat-webbplatsen"


class PublishError(UserError):
    """Nothing was published; the message is Swedish and says what to do."""

    untouched = "Inget har publicerats; _build/publish/ är orörd."


def address(root: Path) -> str:
    """The published site's address; refuses without one."""
    found = (load_settings(root / "data").website.address or "").strip()
    if not found:
        raise PublishError(
            "Webbokens adress saknas: skriv den i data/settings.yml under website.address, "
            "t.ex. https://trygghet.kommun.se/uppfoljning/ (med / på slutet), och kör "
            "publiceringen igen. Adressen behövs för kanoniska länkar, sitemap.xml och "
            "PDF:ernas hänvisning till webbutgåvan.")
    return found if found.endswith("/") else found + "/"


@dataclass
class Check:
    """What was checked in one edition's pages (and its PDF) in the folder that goes out."""

    year: int | None  # None: the book's own pages outside the editions
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    pdf_tagged: bool | None = None


_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


def check_page(path: Path, rel: str, site: str) -> list[str]:
    """The checks of one page the build can make without a browser: Swedish as the page's
    language, a title, a text alternative on every image, headings without jumps, no
    resource from another server. (Contrast, focus and the rest: axe-core in the tests.)"""
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = []
    html = page.find("html")
    if html is None or html.get("lang") != "sv":
        found.append(f"{rel}: sidans språk är inte angivet som svenska")
    if page.title is None or not page.title.get_text(strip=True):
        found.append(f"{rel}: sidan saknar titel")
    main = page.find("main") or page
    if any(img.get("alt") is None for img in main.find_all("img")):
        found.append(f"{rel}: en bild saknar textalternativ")
    levels = [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]
    if any(b > a + 1 for a, b in itertools.pairwise(levels)):
        found.append(f"{rel}: rubrikerna hoppar över en nivå")
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for element in page.find_all(tag):
            value = element.get(attr) or ""
            if tag == "link" and "stylesheet" not in (element.get("rel") or []):
                continue
            if _EXTERNAL.match(value) and not value.startswith(site):
                found.append(f"{rel}: hämtar {value} från en annan server")
    return found


def check_site(folder: Path, site: str, years: list[int]) -> list[Check]:
    """Every page of the folder, grouped by edition (the book's own pages last), and each
    edition's PDF (tagged, so that screen readers can read it)."""
    checks = {year: Check(year) for year in years}
    checks[None] = Check(None)
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith("_static/"):  # the theme's template fragments, not pages
            continue
        found = re.match(r"editions/(\d{4})/", rel)
        check = checks.get(int(found.group(1)) if found else None, checks[None])
        check.pages += 1
        check.problems += check_page(path, rel, site)
    for year in years:
        info = subprocess.run(["pdfinfo", str(folder / pdf_path(year))], capture_output=True,
                              text=True, check=False).stdout
        checks[year].pdf_tagged = bool(re.search(r"^Tagged:\s+yes", info, re.MULTILINE))
    return list(checks.values())


def add_checks_to_statement(folder: Path, checks: list[Check], day) -> None:
    """Put what was checked into the accessibility statement, in its section on how the
    site was tested (the date is the day of publishing: the day of the check)."""
    path = folder / STATEMENT
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    section = page.find("section", id=STATEMENT_SECTION)
    if section is None:
        raise PublishError(f"{STATEMENT} saknar avsnittet om hur webbplatsen har testats "
                           f"(id {STATEMENT_SECTION}).")
    level = int(section.find(re.compile(r"^h[1-6]$")).name[1]) + 1
    html = str(render("statement-checks.html.j2", checks=checks, day=swedish_date(day),
                      iso=day.isoformat(), level=min(level, 6)))
    section.append(BeautifulSoup(html, "html.parser"))
    path.write_text(str(page), encoding="utf-8")


def publish(root: Path, jobs: int | None = None, log: Callable[[str], None] = print,
            wait: float = book_build.LOCK_WAIT) -> Path:
    """Build the site and the PDFs for the address and write ``_build/publish/``; return it."""
    root = root.resolve()
    site_address = address(root)
    site = book_build.build(root, jobs, log=log, wait=wait)
    years = edition_years(root / "data")
    log(record_summary(load_editions(root / "data", years)))
    pdfs = pdf.build_pdfs(root, years, log=log)
    return write_folder(root, site, dict(zip(years, pdfs, strict=True)), site_address, log,
                        wait)


def record_summary(editions: dict[int, Project]) -> str:
    """Which editions go out as records (published: a snapshot) and which as drafts."""
    records = [str(y) for y, e in sorted(editions.items()) if e.is_record]
    drafts = [y for y, e in sorted(editions.items()) if not e.is_record]
    lines = [f"Fastställda (visar det som publicerades): {join_swedish(records) or 'inga'}."]
    if drafts:
        lines.append(f"Utkast, märkta \"Utkast – inte fastställd\" på varje sida: "
                     f"{join_swedish([str(y) for y in drafts])}. När en utgåva är fastställd: "
                     f"trygghet snapshot --year ÅR, checka in filerna och publicera igen.")
    return "\n".join(lines)


def write_folder(root: Path, site: Path, pdfs: dict[int, Path], site_address: str,
                 log: Callable[[str], None] = print, wait: float = book_build.LOCK_WAIT
                 ) -> Path:
    """``_build/publish/``: the built ``site`` without leftovers, each edition's PDF beside
    its pages, the statement with what was checked; replaced by renames."""
    build_dir = root / "_build"
    target = build_dir / PUBLISH_DIR
    with book_build.build_lock(build_dir, wait, log):
        work = build_dir / f"{PUBLISH_DIR}.work"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(site, work, ignore=shutil.ignore_patterns(*LEFTOVERS))
        for year, made in pdfs.items():
            shutil.copyfile(made, work / pdf_path(year))
        checks = check_site(work, site_address, sorted(pdfs))
        add_checks_to_statement(work, checks, clock.today())
        book_build.publish(work, target)
        shutil.rmtree(work, ignore_errors=True)
    for problem in (p for c in checks for p in c.problems):
        log(f"Varning (tillgänglighet): {problem}")
    log(f"Klart att publicera: {target} (för {site_address}). Kopiera hela mappen dit; "
        f"se Enhetens guide, Publicera webboken.")
    return target


__all__ = ["PublishError", "address", "check_page", "check_site", "publish", "write_folder"]
