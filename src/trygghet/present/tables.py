"""Accessible HTML tables: a caption, header cells with scope, all text escaped.

Everything placed in a cell is escaped here, so text from data files (or, later,
committees' comments) is always shown as plain text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

CellRenderer = Callable[[object], tuple[str | None, str]]


def plain_cell(value: object) -> tuple[str | None, str]:
    """Any value as escaped text; line breaks become ``<br>`` so the HTML stays one line."""
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return None, "<br>".join(escape(line) for line in lines)


def html_table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    numeric_columns: Sequence[int] = (),
    row_headers: bool = True,
    css_class: str = "trygghet-table",
    render: CellRenderer = plain_cell,
    stacked: bool = False,
) -> str:
    """Return an HTML table on one line. The first cell of each row is a row header by
    default. ``render`` turns a cell value into (CSS class, escaped inner HTML).

    A ``stacked`` table is shown as one card per row where it is too narrow for its
    columns (a phone; ``_static/trygghet.css``): each cell carries its column's name in
    ``data-label`` for the visible label, and explicit table roles, so that screen readers
    still get a table when CSS no longer displays it as one."""
    numeric = set(numeric_columns)
    # A caption may hold names from data files: one line, so the table stays one line.
    caption = " ".join(caption.replace("\r", "\n").split("\n"))

    def role(name: str) -> str:
        return f' role="{name}"' if stacked else ""

    def cell(tag: str, value: object, col: int, scope: str | None = None) -> str:
        css, inner = render(value)
        classes = " ".join(c for c in (css, "num" if col in numeric else None) if c)
        attrs = (f' scope="{scope}"' if scope else "") + (f' class="{classes}"' if classes else "")
        if stacked:
            attrs += role({"col": "columnheader", "row": "rowheader"}.get(scope or "", "cell"))
            if scope != "col":
                attrs += f' data-label="{escape(str(header[col]))}"'
        return f"<{tag}{attrs}>{inner}</{tag}>"

    head = "".join(cell("th", h, i, "col") for i, h in enumerate(header))
    body = "".join(
        f"<tr{role('row')}>" + "".join(
            cell("th", v, i, "row") if (i == 0 and row_headers) else cell("td", v, i)
            for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    classes = f"{css_class} stacked" if stacked else css_class
    # The caption's text sits in a span that stays in view while a wide table scrolls.
    return (
        f'<div class="table-wrapper" role="region" aria-label="{escape(caption)}" tabindex="0">'
        f'<table class="{classes}"{role("table")}><caption><span class="caption-inner">'
        f"{escape(caption)}</span></caption><thead{role('rowgroup')}><tr{role('row')}>{head}"
        f"</tr></thead><tbody{role('rowgroup')}>{body}</tbody></table></div>"
    )
