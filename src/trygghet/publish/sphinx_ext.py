"""A small Sphinx extension for the book's accessibility.

The theme's navigation renders collapsible sections as ``<summary>`` elements
with only an icon; screen readers then announce nothing. This gives each one an
accessible name (WCAG 4.1.2). Folded code cells ("Visa koden") are named by their
visible text instead of myst-nb's English label (WCAG 2.5.3)."""

from __future__ import annotations

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


#: myst-nb names every folded code cell's toggle in English, and the name then differs
#: from its visible (Swedish) text, "Visa koden" (WCAG 2.5.3, label in name).
_FOLDED_CODE_SUMMARY = '<summary aria-label="Toggle hidden content">'


def _name_folded_code_by_its_text(app: Sphinx, pagename, templatename, context,
                                  doctree) -> None:
    body = context.get("body")
    if body and _FOLDED_CODE_SUMMARY in body:
        context["body"] = body.replace(_FOLDED_CODE_SUMMARY, "<summary>")


def setup(app: Sphinx) -> dict:
    # Run after pydata-sphinx-theme has put generate_toctree_html in the context.
    app.connect("html-page-context", _name_summaries, priority=900)
    app.connect("html-page-context", _name_folded_code_by_its_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
