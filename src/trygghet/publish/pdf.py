"""Each edition as one accessible PDF (``_build/pdf/uppfoljning-<år>.pdf``).

The PDF is made from the built web book, never from a new run of the notebooks, so
the PDF and the site cannot disagree: the bodies of the edition's pages are taken
from ``_build/html`` (``<details>`` opened, links and images rewritten, web-only
parts such as download lists left out), put together with a cover and a table of
contents by a Jinja2 template (autoescaped) and a print stylesheet (A4, running
footer, activity tables on landscape pages), and printed by headless Chromium
(``print_pdf.mjs``) with a structure tree (tagged PDF), bookmarks from the headings,
``/Lang (sv)`` and the document title. The contents' page numbers need two prints:
the first gives the page of each heading (``pdfinfo -dests``), the second shows them.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

from bs4 import BeautifulSoup, Tag
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from trygghet.data.editions import (
    edition_dir,
    edition_years,
    indicator_doc,
    plan_chapter_doc,
)
from trygghet.data.errors import UserError
from trygghet.data.layout import book_root
from trygghet.data.plan import Plan
from trygghet.data.project import Project
from trygghet.present.assessments import PAGE_NAME as ASSESSMENT_PAGE
from trygghet.present.reporting_pages import CHANGES_PAGE, CHANGES_TITLE, STATUS_PAGE, STATUS_TITLE
from trygghet.present.text import definite, join_swedish, swedish_date

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
PRINT_SCRIPT = HERE / "print_pdf.mjs"
# Sections of the edition pages that only make sense on the web (download links, the
# list of all editions). Their content is in the web edition the cover points to.
WEB_ONLY_SECTIONS = {"ladda-ner", "ladda-ner-uppgifterna", "alla-uppfoljningar"}
# The chapter's analysis steps (for researchers, on the web): this section's heading, text
# and cells tagged "analysis", up to the cell that presents the indicators.
ANALYSIS_SECTION, ANALYSIS_TAG = "sa-raknas-det-fram", "tag_analysis"
# Sections whose wide tables (activity, status, comment, committees) get A4 landscape.
LANDSCAPE_SECTIONS = {"aktiviteter"}
TOC_DEPTH = 2


class PdfError(UserError):
    """The PDF could not be made; the message is Swedish and says what to do."""

    untouched = "Tidigare skrivna PDF-filer är orörda."


@dataclass(frozen=True)
class PageSpec:
    """One page of the web edition as a part of the PDF."""

    key: str          # id prefix in the PDF, unique per page
    source: str       # path of the built page inside the site, e.g. editions/2023/index.html
    title: str = ""   # replaces the page's h1 (a clearer bookmark), when given
    drop: frozenset[str] = frozenset()
    depth: int = 0    # headings one level down per step (an indicator page under its chapter)


@dataclass
class Heading:
    level: int
    id: str
    text: str


@dataclass
class PrintPart:
    key: str
    html: Markup
    headings: list[Heading] = field(default_factory=list)


def pdf_name(year: int) -> str:
    return f"uppfoljning-{year}.pdf"


def edition_pages(plan: Plan, year: int, first_of_plan: bool = False) -> list[PageSpec]:
    """What the PDF contains, in reading order: the edition's summary (its front page),
    the assessment of the goals ("Samlad bedömning"), each focus-area chapter followed by
    its indicators' pages, what is new since the previous edition (not in a plan's first)
    and what is still missing ("Rapporteringsläge"), the method notes and the plan's list
    of sources."""
    folder = edition_dir(year)
    kind = definite(plan.document.document_type) or "planen"
    return [
        PageSpec("sammanfattning", f"{folder}/index.html", "Sammanfattning",
                 frozenset(WEB_ONLY_SECTIONS)),
        PageSpec(ASSESSMENT_PAGE, f"{folder}/{ASSESSMENT_PAGE}.html", "Samlad bedömning"),
        *[page for fa in plan.focus_areas for page in [
            PageSpec(f"fokusomrade-{fa.id}", f"{folder}/fokusomrade-{fa.id}.html",
                     f"Fokusområde {fa.id}. {fa.title}", frozenset(WEB_ONLY_SECTIONS)),
            # Each indicator's chart, tables and sources live on its own page.
            *[PageSpec(f"indikator-{ind.id}", f"{indicator_doc(year, ind.id)}.html",
                       ind.name, frozenset(WEB_ONLY_SECTIONS), depth=1)
              for ind in fa.indicators],
        ]],
        *([] if first_of_plan else [
            PageSpec(CHANGES_PAGE, f"{folder}/{CHANGES_PAGE}.html", CHANGES_TITLE)]),
        PageSpec(STATUS_PAGE, f"{folder}/{STATUS_PAGE}.html", STATUS_TITLE),
        PageSpec("om-data-och-metod", "chapters/om-data-och-metod.html"),
        *[PageSpec(name, f"{plan_chapter_doc(plan, name)}.html", f"Källförteckning (ur {kind})")
          for name in filter(None, [plan.document.sources_chapter])],
    ]


# -- the pages of an edition ---------------------------------------------------------


def _site_path(page: str, href: str) -> str:
    """A link in the page ``page`` as a path inside the site."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def page_part(site: Path, spec: PageSpec, included: dict[str, str], out_dir: Path,
              web: str) -> PrintPart:
    """The body of a built page, made fit for print.

    ``included`` maps site paths of pages in the PDF to their keys (links to them
    become links inside the PDF); ``web`` is the site's address for other links ("" =
    the link is shown as text only)."""
    path = site / spec.source
    if not path.exists():
        raise PdfError(f"Sidan {spec.source} finns inte i webbplatsen: kör `make book` först.")
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article.bd-article") or page.find("main")
    if article is None:
        raise PdfError(f"Sidan {spec.source} har inget innehåll (article) att skriva ut.")
    for link in article.select("a.headerlink"):
        link.decompose()
    # The links to other years and the note that a newer edition exists are the web's:
    # a PDF in the diary is one edition, and what is newer depends on when it was printed.
    # The date and the PDF link under the start page's H1 are the web's too (the cover has
    # the date).
    for web_only in article.select(".trygghet-newer-edition, .trygghet-other-editions, "
                                   ".trygghet-edition-facts"):
        web_only.decompose()
    for section in article.find_all("section"):
        if section.get("id") in spec.drop:
            section.decompose()
    for section in article.find_all("section", id=ANALYSIS_SECTION):
        for child in list(section.find_all(recursive=False)):
            if "cell" in child.get("class", []) and ANALYSIS_TAG not in child["class"]:
                break
            child.decompose()
        section.unwrap()
    for code in article.select("div.cell_input"):  # the folded code is for the web
        (code.find_parent("details") or code).decompose()
    for details in article.find_all("details"):  # every data table is shown in print
        details.name = "div"
        details.attrs = {"class": ["pdf-details"]}
        for summary in details.find_all("summary", recursive=False):
            summary.name = "p"
            summary.attrs = {"class": ["pdf-summary"]}
    for region in article.select("[tabindex]"):  # scroll regions are a screen matter
        del region["tabindex"]
    if spec.title:
        h1 = article.find("h1")
        if h1 is not None:
            h1.clear()
            h1.append(spec.title)
    for table in article.find_all("table"):  # the activity tables get fixed column widths
        header = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        if header[:2] == ["Nr", "Aktivitet"] and header[-1:] == ["Kommentar"]:
            table["class"] = [*table.get("class", []), "pdf-activities"]
    for section in article.find_all("section"):
        if section.get("id") in LANDSCAPE_SECTIONS:
            section["class"] = [*section.get("class", []), "pdf-landscape"]
    # Ids are unique per page; in one document they get the page's key in front.
    prefix = f"{spec.key}--"
    for tag in article.find_all(id=True):
        tag["id"] = prefix + tag["id"]
    for tag in article.find_all(attrs={"aria-labelledby": True}):
        tag["aria-labelledby"] = " ".join(prefix + i for i in tag["aria-labelledby"].split())
    for tag in article.find_all(attrs={"aria-describedby": True}):
        tag["aria-describedby"] = " ".join(prefix + i for i in tag["aria-describedby"].split())
    for link in article.find_all("a", href=True):
        _rewrite_link(link, spec, included, web)
    for img in article.find_all("img", src=True):
        if img["src"].startswith("data:"):  # charts are inline in the page
            img["loading"] = "eager"
            continue
        target = site / _site_path(spec.source, img["src"])
        img["src"] = Path(os.path.relpath(target, out_dir)).as_posix()
        img["loading"] = "eager"
    if spec.depth:  # deepest first, so no heading moves twice
        for level in range(6, 0, -1):
            for h in article.find_all(f"h{level}"):
                h.name = f"h{min(level + spec.depth, 6)}"
    headings = []
    all_headings = article.find_all(re.compile(r"^h[1-6]$"))
    top = all_headings[0] if all_headings else None
    for h in all_headings:
        for piece in h.find_all(string=True):  # one space between words (see the CSS)
            piece.replace_with(re.sub(r"\s+", " ", str(piece)))
        if h.find_all(string=True):
            first = h.find_all(string=True)[0]
            first.replace_with(first.lstrip())
            last = h.find_all(string=True)[-1]
            last.replace_with(last.rstrip())
        level = int(h.name[1])
        anchor = spec.key if h is top else h.get("id") or h.find_parent("section").get("id")
        headings.append(Heading(level, anchor, " ".join(h.get_text(" ").split())))
    body = "".join(str(child) for child in article.children)
    return PrintPart(spec.key, Markup(body), headings)


def _rewrite_link(link: Tag, spec: PageSpec, included: dict[str, str], web: str) -> None:
    href = link["href"]
    if href.startswith("#"):
        link["href"] = f"#{spec.key}--{href[1:]}" if len(href) > 1 else f"#{spec.key}"
        return
    if re.match(r"^[a-z][a-z0-9+.-]*:", href):  # https:, mailto: … stay as they are
        return
    target, fragment = urldefrag(href)
    in_site = _site_path(spec.source, target)
    if in_site in included:
        key = included[in_site]
        link["href"] = f"#{key}--{fragment}" if fragment else f"#{key}"
    elif web:
        link["href"] = web.rstrip("/") + "/" + in_site + (f"#{fragment}" if fragment else "")
        link.attrs.pop("download", None)
    elif "download" in link.get("class", []) or in_site.startswith("_downloads/"):
        # a download with no address to fetch it from: nothing to offer in print
        parent = link.parent
        link.decompose()
        if parent is not None and parent.name in {"p", "li"} and not parent.get_text(strip=True):
            parent.decompose()
    else:  # a page that is only on the web, and no address is set: its name as text
        link.unwrap()


# -- the whole document -------------------------------------------------------------------


@dataclass
class Edition:
    year: int
    html_path: Path
    pdf_path: Path


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES),
                       autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def document_html(site: Path, project: Project, out_dir: Path) -> str:
    """The print document of edition ``project.year`` as one HTML file (written to
    ``out_dir``), from the built ``site``."""
    plan, year = project.plan, project.year
    web = (project.settings.website.address or "").strip()
    specs = edition_pages(plan, year, first_of_plan=year == project.edition_years(True)[0])
    included = {s.source: s.key for s in specs}
    parts = [page_part(site, s, included, out_dir, web) for s in specs]
    toc = [h for p in parts for h in p.headings if h.level <= TOC_DEPTH]
    examples = project.example_years(y for y in project.edition_years() if y <= year)
    doc = plan.document
    edition_path = f"{edition_dir(year)}/index.html"
    when = project.last_updated()
    context = {
        "year": year,
        "doc": doc,
        "document_definite": definite(doc.document_type),
        "title": f"Uppföljning {year} – {doc.title}, {doc.organisation}",
        "data_date": swedish_date(when) if when else "",
        "data_date_iso": when.isoformat() if when else "",
        "web_url": (web.rstrip("/") + "/" + edition_path) if web else "",
        "web_path": edition_path,
        "example_years": join_swedish([str(y) for y in examples]) if examples else "",
        "example_assessment": bool((found := project.assessment()) and found.example),
        "toc": toc,
        "parts": parts,
        "css": Markup((TEMPLATES / "edition-print.css").read_text(encoding="utf-8")),
    }
    return _environment().get_template("edition.html.j2").render(**context)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise PdfError("Node.js saknas: installera nodejs och kör `npm ci` (se README).")
    return node


def print_to_pdf(root: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Print each HTML file to its PDF in one Chromium session (two passes each)."""
    root = book_root(root)  # where node_modules is; a project folder has only data/
    if not (root / "node_modules" / "playwright-core").exists():
        raise PdfError("playwright-core saknas: kör `npm ci` (make pdf gör det).")
    if shutil.which("pdfinfo") is None:
        raise PdfError("pdfinfo saknas: installera Debian-paketet poppler-utils (se README).")
    args = [str(p) for pair in pairs for p in pair]
    proc = subprocess.run([_node(), str(PRINT_SCRIPT), *args], cwd=root, capture_output=True,
                          text=True, check=False, timeout=600)
    if proc.returncode != 0:
        raise PdfError("Chromium kunde inte skriva PDF:\n" + (proc.stderr or proc.stdout)[-3000:])


def build_pdfs(root: Path, years: list[int] | None = None, out: Path | None = None,
               log: Callable[[str], None] = print) -> list[Path]:
    """Write ``uppfoljning-<år>.pdf`` (and the print document ``uppfoljning-<år>.html``)
    for the given editions (default: all) from the built site into ``out`` (default:
    ``_build/pdf``); a PDF is replaced only when the new one is complete."""
    root = root.resolve()
    site, data = root / "_build" / "html", root / "data"
    if not (site / "index.html").exists():
        raise PdfError("Webbplatsen är inte byggd: kör `make book` (eller `make pdf`) först.")
    all_years = edition_years(data)
    years = years or all_years
    unknown = [y for y in years if y not in all_years]
    if unknown:
        raise PdfError(f"Det finns ingen utgåva för {join_swedish([str(y) for y in unknown])}; "
                       f"utgåvorna är {join_swedish([str(y) for y in all_years])}.")
    out = (out or root / "_build" / "pdf").resolve()
    out.mkdir(parents=True, exist_ok=True)
    pairs, printed = [], []
    for year in years:
        html_path = out / f"uppfoljning-{year}.html"
        document = document_html(site, Project.load(data, year), out)
        # A PDF whose print document is unchanged is current: it is not printed again.
        if (out / pdf_name(year)).exists() and html_path.exists() \
                and html_path.read_text(encoding="utf-8") == document:
            log(f"{out / pdf_name(year)} är aktuell.")
            continue
        # Kept under its name only once its PDF is written (see above).
        pending = out / f"uppfoljning-{year}.tmp.html"
        pending.write_text(document, encoding="utf-8")
        pairs.append((pending, out / f"{pdf_name(year)}.tmp"))
        printed.append(year)
    if pairs:
        log(f"Skriver PDF för {join_swedish([str(y) for y in printed])} med Chromium …")
        try:
            print_to_pdf(root, pairs)
        except BaseException:  # no half-written PDF is left behind; earlier PDFs stay
            for pending, tmp in pairs:
                tmp.unlink(missing_ok=True)
                pending.unlink(missing_ok=True)
            raise
    for year, (pending, tmp) in zip(printed, pairs, strict=True):
        tmp.replace(out / pdf_name(year))
        pending.replace(out / f"uppfoljning-{year}.html")
        log(f"Skrev {out / pdf_name(year)}")
    return [out / pdf_name(year) for year in years]
