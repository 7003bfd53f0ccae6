"""The book as a reader gets it on a phone (375 px) and a computer (1280 px): no page wider
than the screen, nothing important cut off, a menu that opens, readable charts, and pages light enough to load
on a phone connection. Measured in headless Chromium (tests/site/a11y/reader-check.mjs)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.site.test_accessibility import ONE_OF_EACH_KIND, PAGES, SITE, require_browser

CHECK = ROOT / "tests" / "site" / "a11y" / "reader-check.mjs"
# Pages with activity status tables: chapters, overviews and committee pages of every edition.
STATUS_PAGES = [p for p in PAGES if "status-table" in p.read_text(encoding="utf-8")]
# Every page with a table (status, indicator values, comparisons, national summary …).
TABLE_PAGES = [p for p in PAGES if "<table" in p.read_text(encoding="utf-8")]
MAX_PAGE_BYTES = 1_000_000
MIN_CHART_TEXT_PX = 12


def run_check(width: int, pages: list[Path]) -> list[dict]:
    require_browser()
    proc = subprocess.run(["node", str(CHECK), str(width), *map(str, pages)],
                          capture_output=True, text=True, cwd=ROOT, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(results) == len(pages)
    return results


@pytest.fixture(scope="module", params=[1280, 375], ids=["dator", "mobil"])
def seen(request) -> list[dict]:
    """Every page with a table at desktop width; at phone width, where the layout is the
    same CSS for each kind of page, one page of each kind. The first page is a chapter
    with reported statuses and comments: the menu is tried there."""
    chapter = SITE / "editions" / "2022" / "fokusomrade-1.html"
    pages = TABLE_PAGES if request.param >= 1000 else ONE_OF_EACH_KIND
    return run_check(request.param, [chapter, *(p for p in pages if p != chapter)])


def test_no_page_logs_a_script_error(seen):
    """A script error on every page ("Identifier 'THEBE_JS_URL' has already been declared",
    issue 24) is noise in every reader's console and can stop the scripts after it."""
    found = {Path(r["page"]).relative_to(SITE).as_posix(): r["errors"]
             for r in seen if r["errors"]}
    assert found == {}


def test_no_link_or_heading_is_cut_off(seen):
    """Föregående/Nästa, the header's links and the headings show their whole text: on a
    phone, "Näs…" and "Rapporteringsl…" were cut off (issue 24)."""
    found = {Path(r["page"]).relative_to(SITE).as_posix(): r["cutOff"]
             for r in seen if r["cutOff"]}
    assert found == {}


def test_there_are_status_pages():
    assert len(STATUS_PAGES) >= 3 * (6 + 10)
    assert len(TABLE_PAGES) > len(STATUS_PAGES)


def wider_than_the_screen(results: list[dict], site: Path) -> list[str]:
    """Pages that scroll sideways: the page (its document) wider than the window, with
    what reaches past the screen's edge."""
    return [f"{Path(r['page']).relative_to(site)} ({r['width']} px): {r['pageWidth']} px "
            f"bred, {r['widest']}" for r in results if r["pageWidth"] > r["width"]]


def test_no_page_is_wider_than_the_screen(seen):
    """Text wraps everywhere (headings, paragraphs, captions, cells, cards): the reader
    never scrolls sideways to read a line (WCAG 1.4.10)."""
    assert wider_than_the_screen(seen, SITE) == []


def test_no_table_cell_is_cut_off(seen):
    """Every column of every table a reader sees (status and comments, values year by year,
    comparisons with other municipalities …) is in view, without scrolling sideways."""
    clipped = [f"{Path(r['page']).relative_to(SITE)} ({r['width']} px): {c}"
               for r in seen for c in r["clipped"]]
    assert clipped[:20] == [], f"{len(clipped)} celler är avskurna"


def test_menu_button_opens_the_site_navigation(seen):
    menu = seen[0]["menu"]
    if seen[0]["width"] < 992:  # phone and tablet: hidden until the reader asks for it
        assert menu == {"before": False, "afterClick": True, "afterEnter": True}
    else:  # computer: shown beside the text; the button hides it
        assert menu == {"before": True, "afterClick": False, "afterEnter": False}


def test_chart_text_is_at_least_12_px(seen):
    if seen[0]["width"] != 375:
        pytest.skip("measured on a phone, where charts are scaled down")
    small = [f"{Path(r['page']).relative_to(SITE)}: {c['src']} {c['px']:.1f} px"
             for r in seen for c in r["chartText"] if c["px"] < MIN_CHART_TEXT_PX]
    assert small == []


def test_a_page_with_its_own_files_weighs_at_most_1_mb(seen):
    """The page's HTML plus every script, style sheet, image and font the browser loaded
    for it (uncompressed)."""
    heavy = [f"{Path(r['page']).relative_to(SITE)}: {r['bytes']:,} bytes"
             for r in seen if r["bytes"] > MAX_PAGE_BYTES]
    assert heavy == []


PHONE_SCREEN_PX = 667  # the height of a small phone's screen (iPhone SE) at 375 px wide


def test_a_chapter_opens_with_its_summary_and_a_menu_on_a_phone(seen):
    """A focus-area chapter at 375 px shows its in-page menu and its own summary ("I
    korthet": goals, indicators and activities at a glance) within the first two screens."""
    if seen[0]["width"] != 375:
        pytest.skip("measured on a phone")
    at = seen[0]["at"]
    assert at["menu"] is not None and at["summary"] is not None
    assert at["menu"] <= 2 * PHONE_SCREEN_PX, at
    assert at["summary"] <= 2 * PHONE_SCREEN_PX, at
