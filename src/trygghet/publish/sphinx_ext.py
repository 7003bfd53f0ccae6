"""A small Sphinx extension for the book's readers and its editions.

* The theme's navigation renders collapsible sections as ``<summary>`` elements
  with only an icon; screen readers then announce nothing. This gives each one an
  accessible name (WCAG 4.1.2). Folded code cells ("Visa koden") are named by their
  visible text instead of myst-nb's English label (WCAG 2.5.3).
* Each page knows which edition it belongs to and its address, for the header of a
  printed page; the book's own script (``_static/trygghet.js``: data tables open when
  printing) is added, and assets no page uses are left out.
* Editions don't look alike: every page under ``editions/<år>/`` gets the year in its
  title and H1 (so search results show it), a line linking to the same page in the
  other editions, and, in an older edition, a note that a newer one exists.
  Föregående/Nästa never lead out of the edition."""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from trygghet.present.templating import render

_ = get_translation("sphinx")


def _name_summaries(app: Sphinx, pagename, templatename, context, doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:
        return
    named = render("toctree-summary.html.j2", label=_("Show or hide subpages"))

    def generate_with_names(*args, **kwargs):
        html = str(generate(*args, **kwargs))
        return Markup(html.replace("<summary>", str(named)))

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
    components (the book has none), and MyST-NB's style sheet (43 kB: notebook cells, their
    outputs and glued values) only on pages that have them (not the search page, nor the
    Markdown pages): every page must stay light for phones."""
    body = str(context.get("body", ""))
    unused = [] if "sd-" in body else ["sphinx-design", "design-tabs"]
    if not re.search(r'class="[^"]*\b(cell|output|pasted-\w+)\b', body):
        unused.append("mystnb.")
    if not unused:
        return
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [f for f in context[key]
                            if not any(u in str(getattr(f, "filename", f)) for u in unused)]


def _each_asset_once(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Each script and style sheet once. Sphinx's asset list can hold an extension's
    entries twice (sphinx-thebe's inline ``const THEBE_JS_URL``, togglebutton's
    selector, our own script): a second ``const`` is a script error on every page.
    An inline script added after the builder started has the file name None, its copy
    from the registry '' (Sphinx 7.4): both name no file, so the same script. The first
    copy is kept, whatever the priorities."""
    for key in ("css_files", "script_files"):
        if key in context:
            seen, kept = set(), []
            for asset in context[key]:
                attributes = getattr(asset, "attributes", {}) or {}
                ident = (str(getattr(asset, "filename", asset) or ""),
                         tuple(sorted((k, str(v)) for k, v in attributes.items())))
                if ident not in seen:
                    seen.add(ident)
                    kept.append(asset)
            context[key] = kept


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
_FOLDED_CODE_LABEL = ' aria-label="Toggle hidden content"'


def _name_folded_code_by_its_text(app: Sphinx, pagename, templatename, context,
                                  doctree) -> None:
    body = context.get("body")
    if body and _FOLDED_CODE_LABEL in body:
        context["body"] = body.replace(_FOLDED_CODE_LABEL, "")


EDITION_DOC = re.compile(r"^editions/(\d{4})/(.+)$")


def edition_of(docname: str | None) -> tuple[int, str] | None:
    """``"editions/2023/fokusomrade-1"`` → ``(2023, "fokusomrade-1")``; other pages: None."""
    found = EDITION_DOC.match(docname or "")
    return (int(found.group(1)), found.group(2)) if found else None


def title_with_year(title: str, year: int) -> str:
    """``"Fokusområde 3"`` → ``"Fokusområde 3 – uppföljning 2024"``; a title that already
    names the year is kept."""
    if str(year) in title:
        return title
    if title.startswith("Uppföljning"):
        return f"{title} {year}"
    return f"{title} – uppföljning {year}"


def _year_in_title(app: Sphinx, doctree: nodes.document) -> None:
    """Runs before Sphinx collects the title, so <title>, H1 and search all carry it."""
    found = edition_of(app.env.docname)
    title = next(iter(doctree.findall(nodes.title)), None)
    if found is None or title is None:
        return
    new = title_with_year(title.astext(), found[0])
    if new != title.astext():
        title += nodes.Text(new.removeprefix(title.astext()))


def _relations(app: Sphinx) -> dict:
    if getattr(app, "_trygghet_relations", None) is None:
        app._trygghet_relations = app.env.collect_relations()
    return app._trygghet_relations


def edition_links(pagename: str, docs: set[str], pathto,
                  plans: dict[str, str] | None = None) -> str:
    """The HTML placed under the H1 of an edition page (template ``edition-links.html.j2``):
    the same page in the other editions of the same plan, and a note on an older edition's
    page that a newer one exists. ``plans``: each edition year's plan period (config
    ``trygghet_edition_plans``); a page of one plan is never "the same page" as one of
    another plan with the same address (focus area 1 of two plans is not the same)."""
    year, rest = edition_of(pagename)
    plans = plans or {}
    plan = plans.get(str(year))
    years = sorted({e[0] for e in map(edition_of, docs) if e})
    same = {y: f"editions/{y}/{rest}" for y in years
            if f"editions/{y}/{rest}" in docs and plans.get(str(y)) == plan}
    latest = years[-1] if years else year
    newer = None
    if latest > year:
        newer = {"year": latest, "same_page": latest in same,
                 "href": pathto(same.get(latest, f"editions/{latest}/index")),
                 "plan": plans.get(str(latest)) if plans.get(str(latest)) != plan else None}
    others = [{"year": y, "href": pathto(doc)} for y, doc in same.items() if y != year]
    # A plain str: the caller splices it into the page's body (str + Markup would escape).
    return str(render("edition-links.html.j2", year=year, newer=newer, others=others))


def _edition_navigation(app: Sphinx, pagename, templatename, context, doctree) -> None:
    found = edition_of(pagename)
    if found is None or "body" not in context:
        return
    folder = f"editions/{found[0]}/"
    relations = _relations(app).get(pagename, [None, None, None])
    for key, doc in (("prev", relations[1]), ("next", relations[2])):
        if doc is None or not doc.startswith(folder):
            context[key] = None
    extra = edition_links(pagename, set(app.env.found_docs), context["pathto"],
                          app.config.trygghet_edition_plans)
    body = context["body"]
    at = body.find("</h1>")
    if extra and at >= 0:
        context["body"] = body[:at + 5] + extra + body[at + 5:]


def _start_page_next(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """The start page is the latest edition's front page: its "Nästa" skips that copy of
    itself and leads to the page after it (the edition's first section)."""
    if pagename != app.config.root_doc or not context.get("next"):
        return
    relations = _relations(app)
    following = relations.get(pagename, [None, None, None])[2]
    if not re.fullmatch(r"editions/\d{4}/index", following or ""):
        return
    after = relations.get(following, [None, None, None])[2]
    if after is None:
        context["next"] = None
        return
    context["next"] = {"link": context["pathto"](after),
                       "title": escape(app.env.titles[after].astext())}


def _forget_relations(app: Sphinx) -> None:
    app._trygghet_relations = None


def setup(app: Sphinx) -> dict:
    app.add_config_value("trygghet_edition_plans", {}, "html")
    app.connect("config-inited", _absolute_locale_dirs)
    app.connect("config-inited", _no_figure_numbers, priority=900)
    # Run after pydata-sphinx-theme has put generate_toctree_html in the context.
    app.connect("html-page-context", _name_summaries, priority=900)
    app.connect("html-page-context", _print_source)
    app.connect("html-page-context", _drop_unused_assets)
    app.connect("html-page-context", _each_asset_once, priority=999)  # after every other
    app.add_js_file("trygghet.js")
    app.connect("html-page-context", _name_folded_code_by_its_text)
    # Before Sphinx's own TitleCollector (priority 500) reads the title.
    app.connect("doctree-read", _year_in_title, priority=400)
    app.connect("builder-inited", _forget_relations)
    app.connect("html-page-context", _edition_navigation, priority=800)
    app.connect("html-page-context", _start_page_next, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
