"""A small Sphinx extension for the book's accessibility.

The theme's navigation renders collapsible sections as ``<summary>`` elements
with only an icon; screen readers then announce nothing. This gives each one an
accessible name (WCAG 4.1.2)."""

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


def _name_code_toggles(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """MyST-NB names its "Visa koden" toggles in English (a fixed aria-label, which screen
    readers read instead of the visible text, WCAG 2.5.3): without it, the toggle's name
    is its visible Swedish text ("Visa koden"/"Dölj koden", nb_code_prompt_* in _config.yml)."""
    body = context.get("body")
    if body and ' aria-label="Toggle hidden content"' in body:
        context["body"] = body.replace(' aria-label="Toggle hidden content"', "")


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _name_code_toggles)
    # Run after pydata-sphinx-theme has put generate_toctree_html in the context.
    app.connect("html-page-context", _name_summaries, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
