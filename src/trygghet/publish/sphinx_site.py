"""The site around the pages (a Sphinx extension; its settings come from
:func:`trygghet.present.book_config.site_config`):

* every page's ``<title>`` names the municipality;
* each edition's start page (and the book's start page, the latest edition) says when
  its data were last updated and how to cite it, and on the published site links the
  edition's PDF;
* the theme's download menu offers what it says: the executed notebook, named as such
  (copied beside its page, since the site ships no ``_sources/``), and the edition's
  PDF in place of the print dialog's ".pdf" (on the published site; elsewhere "Skriv ut");
* with an address, ``robots.txt`` names the sitemap (sphinx-sitemap writes it)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from trygghet.present.templating import render
from trygghet.present.text import swedish_date
from trygghet.publish.pdf import pdf_name
from trygghet.publish.sphinx_ext import edition_of

DOWNLOADS = "download-buttons"


def _year_of(app: Sphinx, pagename: str) -> int | None:
    """The edition a page belongs to; the start page is the latest edition's."""
    found = edition_of(pagename)
    if found:
        return found[0]
    years = [int(y) for y in app.config.trygghet_editions]
    return max(years) if pagename == app.config.root_doc and years else None


def _is_start_page(app: Sphinx, pagename: str) -> bool:
    found = edition_of(pagename)
    return pagename == app.config.root_doc or (found is not None and found[1] == "index")


def pdf_path(year: int) -> str:
    """Where the edition's PDF is on the published site."""
    return f"editions/{year}/{pdf_name(year)}"


def _updated(app: Sphinx, year: int) -> dict | None:
    iso = app.config.trygghet_editions.get(str(year), {}).get("updated")
    if not iso:
        return None
    return {"iso": iso, "text": swedish_date(dt.date.fromisoformat(iso)),
            "year": dt.date.fromisoformat(iso).year}


def _title_names_municipality(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """``trygghet_title_tail`` (after the title in ``_templates/layout.html``): ", Uppsala
    kommun" (the publisher, or else the municipality) unless the title names it already."""
    municipality = app.config.trygghet_municipality
    title = f"{context.get('title', '')} {context.get('docstitle', '')}"
    context["trygghet_title_tail"] = ""
    if municipality and municipality not in title:
        publisher = app.config.trygghet_publisher
        context["trygghet_title_tail"] = (
            f", {publisher if municipality in publisher else municipality}")


def _edition_start_page(app: Sphinx, pagename, templatename, context, doctree) -> None:
    year = _year_of(app, pagename)
    body = context.get("body")
    if year is None or not body or not _is_start_page(app, pagename):
        return
    updated = _updated(app, year)
    pdf = ({"href": context["pathto"](pdf_path(year), 1), "name": pdf_name(year)}
           if app.config.trygghet_pdfs else None)
    facts = str(render("edition-facts.html.j2", year=year, updated=updated, pdf=pdf))
    base = (app.config.html_baseurl or "").rstrip("/")
    citation = str(render(
        "edition-citation.html.j2", publisher=app.config.trygghet_publisher,
        published_year=updated["year"] if updated else None,
        title=app.config.trygghet_editions[str(year)]["title"], updated=updated,
        url=f"{base}/editions/{year}/index.html" if base else ""))
    at = body.find("</h1>")
    if at >= 0:
        body = body[:at + 5] + facts + body[at + 5:]
    context["body"] = body + citation


def _draft_or_record(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Under the H1 of every page of an edition that has not been published as a record
    (no snapshot: ``trygghet snapshot``): "Utkast – inte fastställd", so a preview is never
    taken for the record. A published edition's start page says when it was published."""
    year = _year_of(app, pagename)
    body = context.get("body")
    if year is None or not body:
        return
    iso = app.config.trygghet_editions.get(str(year), {}).get("published", "")
    if iso and not _is_start_page(app, pagename):
        return
    published = ({"iso": iso, "text": swedish_date(dt.date.fromisoformat(iso))}
                 if iso else None)
    note = str(render("edition-draft.html.j2", year=year, published=published))
    at = body.find("</h1>")
    context["body"] = body[:at + 5] + note + body[at + 5:] if at >= 0 else note + body


def _download_menu(app: Sphinx, pagename, templatename, context, doctree) -> None:
    pathto = context["pathto"]
    year = _year_of(app, pagename)
    for group in context.get("header_buttons", []):
        if group.get("label") != DOWNLOADS:
            continue
        buttons = []
        # The notebook pages' sources are the executed notebooks (the build runs them).
        if context.get("page_source_suffix") == ".ipynb":
            buttons.append({
                "type": "link", "url": pathto(f"{pagename}.ipynb", 1),
                "text": "Körd notebook (.ipynb)", "icon": "fas fa-code",
                "tooltip": "Ladda ner den körda notebooken: koden med tabellerna och diagrammen",
                "label": "download-notebook-button"})
        if year is not None and app.config.trygghet_pdfs:
            buttons.append({
                "type": "link", "url": pathto(pdf_path(year), 1),
                "text": f"Uppföljning {year} (PDF)", "icon": "fas fa-file-pdf",
                "tooltip": f"Ladda ner hela uppföljningen {year} som PDF",
                "label": "download-pdf-button"})
        else:
            buttons.append({
                "type": "javascript", "javascript": "window.print()",
                "text": "Skriv ut sidan", "icon": "fas fa-print",
                "tooltip": "Skriv ut sidan eller spara den som PDF",
                "label": "download-print-button"})
        group["buttons"] = buttons
        group["tooltip"] = "Ladda ner"


def _copy_notebooks_and_robots(app: Sphinx, exception) -> None:
    """The executed notebooks beside their pages (the menu's link), and robots.txt."""
    if exception is not None or app.builder.format != "html":
        return
    out, src = Path(app.outdir), Path(app.srcdir)
    for doc in app.env.found_docs:
        source = src / f"{doc}.ipynb"
        if source.exists():
            (out / source.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out / f"{doc}.ipynb")
    base = app.config.html_baseurl
    if base and "sphinx_sitemap" in app.extensions:
        (out / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\n\nSitemap: {base.rstrip('/')}/sitemap.xml\n",
            encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_config_value("trygghet_municipality", "", "html")
    app.add_config_value("trygghet_publisher", "", "html")
    app.add_config_value("trygghet_editions", {}, "html")
    app.add_config_value("trygghet_pdfs", False, "html")
    app.connect("html-page-context", _title_names_municipality)
    # Before sphinx_ext puts the links to other editions under the H1 (priority 800).
    app.connect("html-page-context", _edition_start_page, priority=700)
    # After the start page's facts, so the draft notice comes first under the H1.
    app.connect("html-page-context", _draft_or_record, priority=750)
    # After sphinx-book-theme has made its buttons (priority 501).
    app.connect("html-page-context", _download_menu, priority=600)
    app.connect("build-finished", _copy_notebooks_and_robots)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
