"""Text from data files is untrusted: plan files come from other municipalities and
other hands, status comments from many people. This module is the one way such text
reaches a page.

:func:`markdown_inline` and :func:`markdown_blocks` turn a text into MyST Markdown that
can only be literal text: every ASCII punctuation character is backslash-escaped
(CommonMark shows an escaped character as itself and gives it no meaning), leading
indentation and trailing spaces are dropped. Only the formatting the plan needs is let
through, by construction: paragraph breaks, ``- `` list items and ``*emphasis*`` /
``**strong**`` around a run of text without asterisks. Footnote markers in the plan are
Unicode superscripts (``⁵``) and need nothing. HTML, directives, roles, includes,
substitutions, links and MyST comments are printed exactly as written.
:func:`markdown_document` (a whole chapter of the plan) also lets through headings,
numbered lists and web addresses, which become links showing the address itself.

The output stays Markdown (not raw HTML) so that the text is ordinary text in the
document tree: Sphinx indexes it for search, and the theme styles it like any text.
:func:`markdown_link` makes a link with untrusted text to one of our own targets
(:func:`plain_target` checks such a target), :func:`directive_option` the value of a
directive option (a figure's alt text), which is not Markdown.

:func:`markup_constructs` finds what someone probably meant as markup, so that
``trygghet validate`` can warn that it will be shown as text.

Text also leaves the project in files people open in Excel or LibreOffice Calc: the
templates (:func:`trygghet.intake.template_sheets.put`, always a text cell) and the CSV
files of the downloads (:func:`csv_text`, the one rule for a text field). A text that
begins like a formula (:func:`starts_like_formula`) can never run as one;
:func:`formula_warnings` points such text out to whoever edits the data."""

from __future__ import annotations

import csv
import io
import re
import string
from pathlib import Path

import yaml

from trygghet.data.errors import DataError, Problem
from trygghet.data.files import read_text
from trygghet.data.yamlio import compose

_PUNCTUATION = frozenset(string.punctuation)  # exactly CommonMark's escapable characters
# *text* or **text**: no asterisk inside, no space just inside the delimiters.
_EMPHASIS = re.compile(r"(\*\*?)([^*\s](?:[^*]*[^*\s])?)\1(?!\*)")
_LIST_ITEM = re.compile(r"^- (?=\S)")
# Markdown's whitespace is ASCII only: a no-break space (in "100 000", "5 %") must stay.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _collapse(value: str) -> str:
    """Runs of (ASCII) whitespace, line breaks included, as one space; none at the ends."""
    return _SPACES.sub(" ", value).strip(" ")


def escape(value: str) -> str:
    """Every ASCII punctuation character backslash-escaped: literal text in Markdown,
    nothing else. Line breaks are kept (callers decide what a line is)."""
    return "".join("\\" + c if c in _PUNCTUATION else c for c in value)


def _line(value: str, emphasis: bool) -> str:
    """One line of text, escaped, with ``*em*``/``**strong**`` kept if ``emphasis``."""
    if not emphasis:
        return escape(value)
    out, pos = [], 0
    for match in _EMPHASIS.finditer(value):
        delimiter, inner = match.groups()
        if match.start() > 0 and value[match.start() - 1] == "*":
            continue  # part of a longer run of asterisks: literal
        out += [escape(value[pos:match.start()]), delimiter, escape(inner), delimiter]
        pos = match.end()
    out.append(escape(value[pos:]))
    return "".join(out)


def markdown_inline(value: object, emphasis: bool = True) -> str:
    """Untrusted text for a place inside one line of Markdown (a heading, a list item, a
    sentence, a link text): whitespace, line breaks included, collapsed to single spaces;
    everything literal except ``*emphasis*``/``**strong**`` (unless ``emphasis=False``)."""
    return _line(_collapse(str(value)), emphasis)


def markdown_blocks(value: object) -> str:
    """Untrusted text as Markdown blocks: paragraphs (separated by an empty line) and
    ``- `` list items are kept, with emphasis; everything else is literal."""
    return _blocks(value, (_LIST_ITEM,), lambda text: _line(text, emphasis=True))


def _blocks(value: object, markers: tuple[re.Pattern, ...], text) -> str:
    """Untrusted text as Markdown blocks: paragraphs (separated by an empty line) of lines
    with collapsed whitespace; a line starting with one of ``markers`` keeps that marker,
    and ``text`` makes the rest of every line literal Markdown."""
    paragraphs = re.split(r"\n[ \t]*\n", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    blocks = []
    for paragraph in paragraphs:
        lines = []
        for raw in paragraph.split("\n"):
            line = _collapse(raw)
            if not line:
                continue
            found = next((m for m in (marker.match(line) for marker in markers) if m), None)
            lines.append(found.group(0) + text(line[found.end():]) if found else text(line))
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def plain_target(target: str) -> str:
    """``target`` unchanged if it is a plain path (one of ours: a document, a download, a
    file name), for a link or a role (``{download}`text <target>```); else ValueError."""
    if not target or any(c in target for c in "()<> \t\r\n`"):
        raise ValueError(f"link target must be a plain path: {target!r}")
    return target
_HEADING = re.compile(r"^(#{1,6}) (?=\S)")
_NUMBERED_ITEM = re.compile(r"^(\d{1,9})\. (?=\S)")
# A web address: <https://…> as written in Markdown, or a bare https://… or www.… (without
# the punctuation that ends a sentence). Only http(s): never javascript: or a local file.
_ADDRESS = re.compile(r"<(https?://[^\s<>\\`]+)>|\b((?:https?://|www\.)[^\s<>\\`]*[^\s<>\\`.,;:!?)'\"])")


def _line_with_addresses(value: str) -> str:
    """:func:`_line` (emphasis kept), with web addresses made into links to themselves."""
    out, pos = [], 0
    for match in _ADDRESS.finditer(value):
        out.append(_line(value[pos:match.start()], emphasis=True))
        bracketed, bare = match.groups()
        if bracketed:
            out.append(f"<{bracketed}>")
        elif bare.startswith("www.") and not any(c in bare for c in "()[]"):
            out.append(f"[{escape(bare)}](http://{bare})")
        elif not bare.startswith("www."):
            out.append(f"<{bare}>")
        else:
            out.append(escape(bare))
        pos = match.end()
    out.append(_line(value[pos:], emphasis=True))
    return "".join(out)


def markdown_document(value: object) -> str:
    """A whole untrusted text, such as a chapter of the plan, as Markdown: what
    :func:`markdown_blocks` lets through, plus headings (``# ``…``###### ``), numbered list
    items (``1. ``) and web addresses (``<https://…>``, ``https://…``, ``www.…``) as links
    to themselves. Everything else is literal."""
    return _blocks(value, (_HEADING, _LIST_ITEM, _NUMBERED_ITEM), _line_with_addresses) + "\n"


def markdown_link(value: object, target: str) -> str:
    """A Markdown link whose text is untrusted and whose target is ours: ``project:`` for
    a document (``/editions/2024/fokusomrade-1.ipynb``), ``path:`` for a download."""
    return f"[{markdown_inline(value, emphasis=False)}]({plain_target(target)})"


def directive_option(value: object) -> str:
    """Untrusted text as a directive option's value (a figure's ``:alt:``), which is not
    Markdown: one line, no backticks."""
    return " ".join(str(value).split()).replace("`", "'")


# -- what someone probably meant as markup (for warnings) --------------------------------

_CONSTRUCTS = [
    ("en HTML-tagg", re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")),
    ("ett kodblock eller ett direktiv (```, ~~~ eller :::)",
     re.compile(r"`{3,}|^[ \t]*~{3,}|:{3,}", re.MULTILINE)),
    ("en MyST-roll ({namn}`…`)", re.compile(r"\{[A-Za-z][\w:+.-]*\}`")),
    ("en ersättning ({{ … }})", re.compile(r"\{\{.*?\}\}", re.DOTALL)),
    ("en Markdown-länk eller -bild ([text](adress))", re.compile(r"\]\([^)\s]*\)")),
]


def markup_constructs(value: str) -> list[tuple[str, str]]:
    """The markup-like constructs in ``value``: (Swedish description, the text found)."""
    found = []
    for what, pattern in _CONSTRUCTS:
        match = pattern.search(value)
        if match:
            found.append((what, match.group(0)))
    return found



# -- text that a spreadsheet would read as a formula ----------------------------------------

#: What makes a spreadsheet (Excel, LibreOffice Calc, Google Sheets) read a cell's text as a
#: formula when it is the first character: OWASP's list for CSV injection
#: (https://owasp.org/www-community/attacks/CSV_Injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The rule for a text field in a CSV file we write for others, as the downloads state it.
CSV_TEXT_RULE = (
    "Ett textfält som börjar med =, +, -, @, tabb eller vagnretur har fått en apostrof (') "
    "först, så att Excel och LibreOffice visar det som text och aldrig kör det som en formel "
    "(OWASP:s råd mot CSV-injektion). Ta bort den första apostrofen för att få texten som den "
    "skrevs: den står före sådana tecken, eventuellt efter andra apostrofer. Talfält ändras "
    "aldrig.")


def starts_like_formula(value: object) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula: a text that begins with one
    of :data:`FORMULA_START`."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value: str) -> str:
    """A text field for a CSV file that others open in a spreadsheet (:data:`CSV_TEXT_RULE`):
    ``'`` added before a text that begins like a formula, also after apostrophes of its own
    (so the rule can be undone: remove the first apostrophe of a field that begins with
    apostrophes and then a formula character). Only for text columns: a number such as
    ``-3.1`` in a number column is written as it is."""
    return "'" + value if starts_like_formula(value.lstrip("'")) else value


def text_from_csv(value: str) -> str:
    """The text as it was written, from a field :func:`csv_text` wrote (its inverse)."""
    return value[1:] if value.startswith("'") and starts_like_formula(value.lstrip("'")) \
        else value


def formula_warnings(data_dir: Path) -> list[Problem]:
    """Every text in the data files (as :func:`markup_warnings`) that begins like a formula
    (:func:`starts_like_formula`), naming file, line/row and field; a number in a CSV file
    (``-3.1``) is not text. Such text is written safely (a text cell in the templates, an
    apostrophe first in the downloaded CSV files), but it is rarely meant: the warning tells
    whoever edits the file."""
    return [Problem(path, f"texten börjar med {value[0]!r}: {_shorten(value)!r}. I mallarna "
                    "och i de nedladdade CSV-filerna skrivs den som text (i CSV med en apostrof "
                    "först), så att ett kalkylprogram inte kör den som en formel",
                    row=row, column=column)
            for path, row, column, value in _text_fields(Path(data_dir), chapters=False)
            if starts_like_formula(value) and not _is_number(value)]


def _is_number(value: str) -> bool:
    try:
        float(value.replace(",", "."))
    except ValueError:
        return False
    return True


def _text_fields(data_dir: Path, chapters: bool = True):
    """(file, line/row, field, text) for every text in the data files: YAML strings, CSV
    cells and (with ``chapters``) the lines of the plan's chapters, which only reach pages;
    not ``raw/`` (the files as received)."""
    for path in sorted(data_dir.rglob("*")):
        if "raw" in path.relative_to(data_dir).parts or path.is_symlink() or not path.is_file():
            continue
        if path.suffix in {".yml", ".yaml"}:
            cells = _yaml_strings(path)
        elif path.suffix == ".csv":
            cells = _csv_strings(path)
        elif chapters and path.suffix == ".md" and path.parent.name == "kapitel":
            cells = _text_lines(path)
        else:
            continue
        for row, column, value in cells:
            yield path, row, column, value


def markup_warnings(data_dir: Path) -> list[Problem]:
    """Every text field in the data files (YAML values, CSV cells, not ``raw/``) that
    contains something meant as markup, each naming file, line/row and field. Such text is
    shown literally; the warning tells whoever edits the file that it will not work."""
    found: list[Problem] = []
    for path, row, column, value in _text_fields(Path(data_dir)):
        for what, text in markup_constructs(value):
            found.append(Problem(path, f"texten innehåller {what}: {_shorten(text)!r}. Den "
                                 "visas i boken precis som den står, som vanlig text",
                                 row=row, column=column))
    return found


def text_warnings(data_dir: Path) -> list[Problem]:
    """What ``trygghet validate`` and the build warn about in the data's texts, without
    failing: markup (:func:`markup_warnings`) and formulas (:func:`formula_warnings`)."""
    return markup_warnings(data_dir) + formula_warnings(data_dir)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _yaml_strings(path: Path) -> list[tuple[int, str, str]]:
    """(line, field path such as ``goals.0.text``, value) for every string in a YAML file."""
    try:
        root = compose(read_text(path))
    except (DataError, yaml.YAMLError):
        return []  # reported by the validation itself
    out: list[tuple[int, str, str]] = []

    def walk(node: yaml.Node | None, where: list[str]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, [*where, str(key.value)])
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                walk(value, [*where, str(i)])
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            out.append((node.start_mark.line + 1, ".".join(where), node.value))

    walk(root, [])
    return out


def _text_lines(path: Path) -> list[tuple[int, str, str]]:
    """(line, "text", the line) for every line of a text file: a chapter of the plan."""
    try:
        lines = read_text(path).splitlines()
    except DataError:
        return []  # reported by the validation itself
    return [(i, "text", line) for i, line in enumerate(lines, start=1)]


def _csv_strings(path: Path) -> list[tuple[int, str, str]]:
    """(row, column, value) for every cell of a CSV file; the header is row 1."""
    try:
        rows = list(csv.reader(io.StringIO(read_text(path).removeprefix("\ufeff"), newline="")))
    except (DataError, csv.Error):
        return []  # reported by the validation itself
    if not rows:
        return []
    header = rows[0]
    return [(i, header[j] if j < len(header) else str(j + 1), value)
            for i, row in enumerate(rows[1:], start=2) for j, value in enumerate(row)]


__all__ = ["CSV_TEXT_RULE", "FORMULA_START", "csv_text", "directive_option", "escape",
           "formula_warnings", "markdown_blocks", "markdown_document", "markdown_inline",
           "markdown_link", "markup_constructs", "markup_warnings", "plain_target",
           "starts_like_formula", "text_from_csv", "text_warnings"]
