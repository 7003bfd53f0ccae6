"""Page markup comes from Jinja2 templates in ``present/templates/``, never from
f-strings, so that every value from data is escaped on its way out.

Two kinds of template, one rule each:

* ``*.html.j2``: HTML with Jinja2's autoescape. A value is HTML-escaped unless it is
  :class:`markupsafe.Markup` (markup this package made, for example another template's
  output). The output is one line: a line break in the template between two tags (or
  next to a ``{% … %}``/``{{ … }}``) is dropped with the indentation after it, any other
  line break is a space. One line of HTML can sit in a Markdown page (a MyST raw block,
  a notebook output) without a line of it ending the block. The filter ``lines`` splits
  a text at its line breaks (for ``<br>``). ``{{ nbsp }}`` is a no-break space in both kinds.
* ``*.md.j2``: MyST Markdown. Every ``{{ value }}`` goes through
  :func:`trygghet.data.untrusted.markdown_inline` (literal text, emphasis kept) unless it is
  :class:`~markupsafe.Markup`. The filters ``blocks`` (paragraphs and lists, literal
  otherwise), ``plain`` (no emphasis either), ``link(target)`` and ``option`` (a
  directive option such as ``:alt:``) make the other untrusted forms; ``path`` prints one
  of our own file names or document paths as is, after checking it is a plain path, for
  role targets (``{download}`…<path>```); ``trusted`` marks this package's own markup.

Use :func:`render` for both; the file name says which rule applies. :func:`plain` and
:func:`link` are the filters of the same names, for Python code that passes such a text on.
A rendered template is :class:`~markupsafe.Markup`, so that it can go into another one as
is; :class:`Markdown` and :class:`HTML` make a notebook output of it with a plain ``str``
(on Markup, string functions such as ``re.sub`` would HTML-escape what they add)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from IPython import display
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from trygghet.data.untrusted import (
    directive_option,
    markdown_blocks,
    markdown_inline,
    markdown_link,
    plain_target,
)
from trygghet.present.text import counted

TEMPLATES = Path(__file__).parent / "templates"
#: ``{{ nbsp }}`` in a template: the character itself, as the text functions write it (an
#: entity would be another text, for example to Sphinx's search index of raw HTML).
NBSP = "\u00a0"
_BREAK = re.compile(r"\n[ \t]*")


def _one_line(source: str) -> str:
    """The template source with its line breaks dropped between tags (HTML or Jinja2)
    and made spaces elsewhere (see the module's docstring)."""
    def join(match: re.Match) -> str:
        before = source[match.start() - 1] if match.start() else ""
        after = source[match.end()] if match.end() < len(source) else ""
        return "" if not before or not after or before in ">}" or after in "<{" else " "
    return _BREAK.sub(join, source)


class _OneLine(Extension):
    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _one_line(source)


def _lines(value: object) -> list[str]:
    """A text's lines (``\\r\\n``, ``\\r`` and ``\\n`` are line breaks), to join with ``<br>``."""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def plain(value: object) -> Markup:
    """Text from data for a place inside one line of MyST Markdown: literal, without
    emphasis (the ``plain`` filter; :func:`trygghet.data.untrusted.markdown_inline`)."""
    return Markup(markdown_inline(value, emphasis=False))


def link(value: object, target: str) -> Markup:
    """A Markdown link with text from data to one of our targets (the ``link`` filter;
    :func:`trygghet.data.untrusted.markdown_link`)."""
    return Markup(markdown_link(value, target))


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
                      undefined=StrictUndefined, extensions=[_OneLine])
    env.filters.update({"trusted": Markup, "lines": _lines, "counted": counted})
    env.globals["nbsp"] = NBSP
    return env


def of_the_plan(n: int, one: str, many: str) -> str:
    """The plan's ``n`` things: "planens 25 indikatorer", and for one "planens indikator"
    (not "planens 1 indikatorer")."""
    return f"planens {one}" if n == 1 else f"planens {n} {many}"


@cache
def _myst_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False,
                      finalize=_myst_finalize, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update({
        "trusted": Markup,
        "blocks": lambda v: Markup(markdown_blocks(v)),
        "plain": plain,
        "link": link,
        "option": lambda v: Markup(directive_option(v)),
        "path": lambda v: Markup(plain_target(str(v))),
        "counted": counted,
        "of_the_plan": of_the_plan,
    })
    env.globals["nbsp"] = NBSP
    return env


class Markdown(display.Markdown):
    """IPython's Markdown output; its text is a plain ``str`` even when given Markup."""

    def __init__(self, data: str | None = None, **kwargs) -> None:
        super().__init__(None if data is None else str(data), **kwargs)


class HTML(display.HTML):
    """IPython's HTML output; its text is a plain ``str`` even when given Markup."""

    def __init__(self, data: str | None = None, **kwargs) -> None:
        super().__init__(None if data is None else str(data), **kwargs)


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


__all__ = ["HTML", "TEMPLATES", "Markdown", "Markup", "link", "plain", "render"]
