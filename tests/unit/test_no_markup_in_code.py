"""Page markup is written in templates (``present/templates/``), where Jinja2 escapes every
value, never in Python strings, where one forgotten escape puts data text on the page as
markup. This test reads the source of the presentation layer (and the Sphinx extension)
and names every string that writes an HTML tag or MyST/Markdown syntax."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "trygghet"
SOURCES = sorted((PACKAGE / "present").glob("*.py")) + [PACKAGE / "publish" / "sphinx_ext.py"]

#: HTML elements a page could be given (not "<id>" or "<år>", placeholders in Swedish text).
ELEMENTS = ("a|abbr|article|aside|b|blockquote|br|button|caption|code|col|colgroup|dd|"
            "details|dfn|div|dl|dt|em|figcaption|figure|footer|form|h[1-6]|header|hr|i|"
            "iframe|img|input|label|li|link|main|mark|meta|nav|object|ol|p|picture|pre|q|s|"
            "script|section|small|source|span|strong|style|sub|summary|sup|svg|table|tbody|"
            "td|template|textarea|tfoot|th|thead|time|tr|u|ul|video")
MARKUP = [
    ("an HTML tag", re.compile(rf"</?(?:{ELEMENTS})(?=[\s/>]|$)", re.IGNORECASE)),
    ("a MyST directive or code fence", re.compile(r"`{3,}|~{3,}|:{3,}")),
    ("a MyST role", re.compile(r"\{[A-Za-z][\w:+.-]*\}`")),
    ("a Markdown link", re.compile(r"\]\(")),
    ("a Markdown heading", re.compile(r"(?:^|\n)#{1,6} ")),
]

#: (file, string) pairs that may stay: they read the theme's HTML, they do not write any.
ALLOWED = {
    ("sphinx_ext.py", "<summary>"),  # the theme's toggle, given a name by a template
    ("sphinx_ext.py", "</h1>"),  # where the edition links go
}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes (module, classes, functions): prose, not output."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def strings_with_markup(path: Path) -> list[str]:
    """Every string literal (f-strings' literal parts too) in ``path`` that writes markup,
    as "line: what: text"."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in skip or (path.name, node.value) in ALLOWED:
            continue
        for what, pattern in MARKUP:
            if pattern.search(node.value):
                found.append(f"{path.name}:{node.lineno}: {what}: {node.value!r}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_markup_is_written_in_templates_not_in_python_strings(path):
    assert strings_with_markup(path) == []


def test_the_check_finds_markup_in_an_f_string(tmp_path):
    code = ('name = "x"\n'
            'a = f"<p>{name}</p>"\n'
            'b = f":::{{figure}} {name}\\n:::"\n'
            'c = f"{{doc}}`Text </{name}>`"\n'
            'd = "### " + name\n')
    (tmp_path / "module.py").write_text(code, encoding="utf-8")
    found = {line.split(": ")[0].split(":")[1]: line.split(": ")[1]
             for line in strings_with_markup(tmp_path / "module.py")}
    assert found == {"2": "an HTML tag", "3": "a MyST directive or code fence",
                     "4": "a MyST role", "5": "a Markdown heading"}
