"""Accessible HTML tables: a caption, header cells with scope, all text escaped.

Everything placed in a cell is escaped here, so text from data files (or, later,
committees' comments) is always shown as plain text."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def html_table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric_columns: Sequence[int] = (),
    row_headers: bool = True,
    css_class: str = "trygghet-table",
) -> str:
    """Return an HTML table. The first cell of each row is a row header by default."""
    numeric = set(numeric_columns)

    def cell(tag: str, text: str, col: int, scope: str | None = None) -> str:
        attrs = f' scope="{scope}"' if scope else ""
        if col in numeric:
            attrs += ' class="num"'
        return f"<{tag}{attrs}>{escape(str(text))}</{tag}>"

    head = "".join(cell("th", h, i, "col") for i, h in enumerate(header))
    body = []
    for row in rows:
        cells = [
            cell("th", v, i, "row") if (i == 0 and row_headers) else cell("td", v, i)
            for i, v in enumerate(row)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="table-wrapper" role="region" aria-label="{escape(caption)}" tabindex="0">'
        f'<table class="{css_class}"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
