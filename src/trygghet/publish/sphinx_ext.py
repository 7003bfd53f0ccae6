"""A small Sphinx extension for the book's readers.

The theme's navigation renders collapsible sections as ``<summary>`` elements
with only an icon; screen readers then announce nothing. This gives each one an
accessible name (WCAG 4.1.2). It also tells each page which edition it belongs to
and its address, for the header of a printed page, and adds the book's own script
(``_static/trygghet.js``: data tables open when printing), and leaves out assets no page
uses. Folded code cells ("Visa koden") are named by their
visible text instead of myst-nb's English label (WCAG 2.5.3)."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.locale import get_translation

_ = get_translation("sphinx")


def _name_summaries(app: Sphinx, pagename, templatename, context, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:
        return
    label = _("Show or hide subpages")

    def generate_with_names(*args, **kwargs):
        html = str(generate(*args, **kwargs))
        return Markup(html.replace("<summary>", f'<summary aria-label="{label}">'))

    context["generate_toctree_html"] = generate_with_names


def _print_source(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """``trygghet_print_title``: the edition ("Uppföljning 2024"; the start page shows the
    latest), or the book's title for pages outside the editions; ``trygghet_page_url``: the
    page's address (full if ``html_baseurl`` is set, else relative to the site)."""
    years = sorted(int(m.group(1)) for d in app.env.found_docs
                   if (m := re.fullmatch(r"editions/(\d{4})/index", d)))
    m = re.match(r"editions/(\d{4})/", pagename)
    year = int(m.group(1)) if m else (years[-1] if pagename == app.config.root_doc and years
                                      else None)
    context["trygghet_print_title"] = (f"Uppföljning {year} – {context.get('docstitle', '')}"
                                       if year else context.get("docstitle", ""))
    base = (app.config.html_baseurl or "").rstrip("/")
    page = f"{pagename}.html"
    context["trygghet_page_url"] = f"{base}/{page}" if base else page


def _drop_unused_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """sphinx-design's style sheet and tab script (60 kB) only on pages that use its
    components; the book has none, and every page must stay light for phones."""
    if "sd-" in str(context.get("body", "")):
        return
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [f for f in context[key]
                            if not re.search(r"sphinx-design|design-tabs", str(getattr(f, "filename", f)))]


def _absolute_locale_dirs(app: Sphinx, config) -> None:
    """Sphinx looks for the scripts' translations (``locale/sv/LC_MESSAGES/sphinx.js``, the
    search page's Swedish) relative to the working directory; make the folders absolute so
    the book's own file is found wherever the build runs."""
    config.locale_dirs = [str(Path(app.srcdir, d)) for d in config.locale_dirs]


def _no_figure_numbers(app: Sphinx, config) -> None:
    """No "Fig. 45": Sphinx numbered figures across the whole book (every edition), so a
    page began at any number, also on paper, and the plan's text has its own figure
    numbers. ``numfig: false`` in _config.yml is overwritten by sphinx-jupyterbook-latex
    (which Jupyter Book 1.x loads) on config-inited, so it is set again after that."""
    config.numfig = False
#: myst-nb names every folded code cell's toggle in English, and the name then differs
#: from its visible (Swedish) text, "Visa koden" (WCAG 2.5.3, label in name).
_FOLDED_CODE_SUMMARY = '<summary aria-label="Toggle hidden content">'


def _name_folded_code_by_its_text(app: Sphinx, pagename, templatename, context,
                                  doctree) -> None:
    body = context.get("body")
    if body and _FOLDED_CODE_SUMMARY in body:
        context["body"] = body.replace(_FOLDED_CODE_SUMMARY, "<summary>")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _absolute_locale_dirs)
    app.connect("config-inited", _no_figure_numbers, priority=900)
    # Run after pydata-sphinx-theme has put generate_toctree_html in the context.
    app.connect("html-page-context", _name_summaries, priority=900)
    app.connect("html-page-context", _print_source)
    app.connect("html-page-context", _drop_unused_assets)
    app.add_js_file("trygghet.js")
    app.connect("html-page-context", _name_folded_code_by_its_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
