"""Accessible HTML tables: a caption, header cells with scope, all text escaped.

The table is made by the template ``table.html.j2``, which escapes everything placed in a
cell, so text from data files (or committees' comments) is always shown as plain text."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from markupsafe import Markup

from trygghet.present import text
from trygghet.present.templating import render as template

#: A cell's value → (CSS class or None, content): text (escaped by the template, each line
#: break shown as ``<br>``) or :class:`~markupsafe.Markup` made by a template.
CellRenderer = Callable[[object], tuple[str | None, str]]


def plain_cell(value: object) -> tuple[str | None, str]:
    """Any value as text: escaped, line breaks shown as ``<br>`` so the HTML stays one line."""
    return None, str(value)


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
) -> Markup:
    """Return an HTML table on one line. The first cell of each row is a row header by
    default. ``render`` turns a cell value into (CSS class, text or Markup).

    A ``stacked`` table is shown as one card per row where it is too narrow for its
    columns (a phone; ``_static/trygghet.css``): each cell carries its column's name in
    ``data-label`` for the visible label, and explicit table roles, so that screen readers
    still get a table when CSS no longer displays it as one."""
    numeric = set(numeric_columns)
    # A caption may hold names from data files: one line, so the table stays one line.
    caption = " ".join(caption.replace("\r", "\n").split("\n"))

    def cell(value: object, col: int, scope: str | None = None) -> dict:
        css, content = render(value)
        return {"tag": "th" if scope else "td", "scope": scope, "content": content,
                "classes": " ".join(c for c in (css, "num" if col in numeric else None) if c),
                "role": {"col": "columnheader", "row": "rowheader"}.get(scope or "", "cell"),
                "label": str(header[col])}

    head = [cell(h, i, "col") for i, h in enumerate(header)]
    body = [[cell(v, i, "row" if i == 0 and row_headers else None) for i, v in enumerate(row)]
            for row in rows]
    return template("table.html.j2", caption=caption, head=head, body=body,
                    classes=f"{css_class} stacked" if stacked else css_class, stacked=stacked)


#: Swedish headers for the analysis DataFrames' columns (trygghet.data and
#: trygghet.analysis keep English identifiers; a reader sees these).
COLUMN_LABELS = {
    "indicator": "Indikator", "measure": "Mått", "unit": "Enhet", "direction": "Önskad riktning",
    "series": "Serie", "area_role": "Slag av område", "area_code": "Områdeskod",
    "area_name": "Område", "sex": "Kön", "year": "År", "value": "Värde",
    "suppressed": "Dolt (litet antal)", "source": "Källa", "retrieved": "Hämtad",
    "baseline_year": "Utgångsår", "baseline_value_year": "Utgångsvärdets år",
    "baseline_value": "Utgångsvärde", "latest_year": "Senaste år",
    "latest_value": "Senaste värde", "change": "Förändring",
    "change_percent": "Förändring i %", "label": "Bedömning", "symbol": "Symbol",
    "threshold": "Gräns för tydlig förändring", "reason": "Skäl", "kind": "Slag",
    "count": "Antal", "name": "Indikator", "rank": "Plats", "n": "Antal kommuner",
}


def frame_table(df: pd.DataFrame, caption: str, decimals: int = 1) -> Markup:
    """A DataFrame as the house's accessible table for readers: Swedish column headers
    (:data:`COLUMN_LABELS`), numbers with decimal comma, years as years, and a missing value
    as ".." (never "NaN"). Becomes one card per row on a phone."""
    def cell(value: object, column: str) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return text.NOT_AVAILABLE
        if isinstance(value, bool | np.bool_):
            return "ja" if value else "nej"
        if isinstance(value, numbers.Integral) or column.endswith("year") or column == "year":
            return str(int(value))
        if isinstance(value, numbers.Real):
            return text.format_number(float(value), decimals)
        return str(value)

    columns = list(df.columns)
    rows = [[cell(v, c) for v, c in zip(row, columns, strict=True)]
            for row in df.itertuples(index=False, name=None)]
    numeric = [i for i, c in enumerate(columns) if i and pd.api.types.is_numeric_dtype(df[c])]
    wide = len(columns) >= 5  # cards also in a computer's text column, as status tables
    return html_table(caption, [COLUMN_LABELS.get(c, c) for c in columns], rows,
                      numeric_columns=numeric, stacked=len(columns) > 2,
                      css_class="trygghet-table wide" if wide else "trygghet-table")
