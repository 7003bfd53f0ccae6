"""Page markup comes from Jinja2 templates in ``present/templates/``, never from
f-strings, so that every value from data is escaped on its way out.

Two kinds of template, one rule each:

* ``*.html.j2``: HTML with Jinja2's autoescape. A value is HTML-escaped unless it is
  :class:`markupsafe.Markup` (markup this package made, for example another template's
  output).
* ``*.md.j2``: MyST Markdown. Every ``{{ value }}`` goes through
  :func:`trygghet.data.untrusted.markdown_inline` (literal text, emphasis kept) unless it is
  :class:`~markupsafe.Markup`. The filters ``blocks`` (paragraphs and lists, literal
  otherwise), ``plain`` (no emphasis either) and ``link(target)`` make the other
  untrusted forms; ``trusted`` marks this package's own markup.

Use :func:`render` for both; the file name says which rule applies."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from trygghet.data.untrusted import markdown_blocks, markdown_inline, markdown_link

TEMPLATES = Path(__file__).parent / "templates"


def _myst_finalize(value: object) -> object:
    """Every value printed in a MyST template: literal text unless it is our markup."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return markdown_inline(value)


@cache
def _html_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["trusted"] = Markup
    return env


@cache
def _myst_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False,
                      finalize=_myst_finalize, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update({
        "trusted": Markup,
        "blocks": lambda v: Markup(markdown_blocks(v)),
        "plain": lambda v: Markup(markdown_inline(v, emphasis=False)),
        "link": lambda v, target: Markup(markdown_link(v, target)),
    })
    return env


def render(template: str, /, **context: object) -> Markup:
    """Template ``template`` (``…html.j2`` or ``…md.j2``) filled in with ``context``. The
    result is :class:`~markupsafe.Markup`, so it can go into another template as is."""
    if template.endswith(".html.j2"):
        env = _html_environment()
    elif template.endswith(".md.j2"):
        env = _myst_environment()
    else:
        raise ValueError(f"template name must end in .html.j2 or .md.j2: {template}")
    return Markup(env.get_template(template).render(**context))


__all__ = ["TEMPLATES", "Markup", "render"]
