"""What a citizen sees is in Swedish: no "NaN" or "<NA>" and no English column name
(``area_code``, ``baseline_value`` …) on any built page, outside the folded code and the
identifiers a researchers' section names in code font."""

from __future__ import annotations

import re

import pytest

from tests.helpers import SITE, needs_built_site, page_content
from trygghet.analysis.development import COLUMNS
from trygghet.data.indicators import CSV_COLUMNS

pytestmark = needs_built_site

PAGES = sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
               if "_static" not in p.parts and p.name not in {"search.html", "genindex.html"})
#: The analysis DataFrames' column names with an underscore: never words a reader uses.
IDENTIFIERS = sorted(c for c in {*COLUMNS, *CSV_COLUMNS} if "_" in c)
MISSING_MARKERS = re.compile(r"(?<![\w-])(NaN|<NA>|None)(?![\w-])")


def seen_by_readers(rel: str):
    """The page's content without folded code (cell inputs) and code font."""
    content = page_content(rel)
    for hidden in content.select("div.cell_input, code, pre"):
        hidden.decompose()
    return content


def test_there_are_pages_to_read():
    assert len(PAGES) > 50


@pytest.mark.parametrize("rel", PAGES)
def test_no_nan_and_no_english_column_name_on_the_page(rel):
    content = seen_by_readers(rel)
    text = " ".join(content.get_text(" ").split())
    assert MISSING_MARKERS.findall(text) == []
    assert [c for c in IDENTIFIERS if c in text] == []
    headers = {th.get_text().strip() for th in content.find_all("th")}
    assert headers & {*COLUMNS, *CSV_COLUMNS} == set()
