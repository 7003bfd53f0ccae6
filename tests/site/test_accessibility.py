"""WCAG 2.1 AA checked in a real browser: axe-core in headless Chromium. Every page of
the built book at desktop width in light colours; one page of each kind at phone width,
and with the reader's system set to dark colours at both widths (the book has light
colours only, so a dark system changes no page's colours: one of each kind shows that).
Plus headings, alt texts and language checked in the HTML of every page."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT

SITE = ROOT / "_build" / "html"
PAGES = sorted(p for p in SITE.rglob("*.html") if "_static" not in p.parts)
AXE_SCRIPT = ROOT / "tests" / "site" / "a11y" / "axe-check.mjs"
# One page of each kind (start, edition overview, chapter, the assessment of the goals,
# reporting state, news since the last edition, indicator index, indicator, national
# comparison, committee index, committee, text chapter, search): the phone layout is the
# same CSS for every page of a kind.
ONE_OF_EACH_KIND = [SITE / p for p in (
    "index.html", "editions/2023/index.html", "editions/2023/fokusomrade-5.html",
    "editions/2023/samlad-bedomning.html", "editions/2024/rapporteringslage.html",
    "editions/2024/nytt-sedan-forra.html", "editions/2024/lattlast.html",
    "editions/2023/indikatorer/index.html", "editions/2023/indikatorer/anmalda-valdsbrott.html",
    "editions/2023/kommunjamforelse.html",
    "editions/2023/namnder/index.html", "editions/2023/namnder/kommunstyrelsen.html",
    "chapters/tillganglighetsredogorelse.html", "search.html")]


def require_browser() -> None:
    if shutil.which("node") is None or not (ROOT / "node_modules" / "axe-core").exists():
        pytest.fail("axe-core saknas: kör `npm ci` (make test gör det)")
    if not Path("/usr/bin/chromium").exists() and shutil.which("chromium") is None:
        pytest.fail("Chromium saknas: installera Debian-paketet chromium (se README)")


def run_axe(width: int, scheme: str, pages: list[Path]) -> list[dict]:
    require_browser()
    proc = subprocess.run(["node", str(AXE_SCRIPT), str(width), scheme, *map(str, pages)],
                          capture_output=True, text=True, cwd=ROOT, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(results) == len(pages)
    return results


@pytest.fixture(scope="module", params=[(1280, "light"), (1280, "dark"), (375, "light"),
                                        (375, "dark")],
                ids=["dator-ljus", "dator-mörk", "mobil-ljus", "mobil-mörk"])
def axe_results(request) -> list[dict]:
    width, scheme = request.param
    every_page = width >= 1000 and scheme == "light"
    return run_axe(width, scheme, PAGES if every_page else ONE_OF_EACH_KIND)


def test_one_of_each_kind_exists():
    assert [p for p in ONE_OF_EACH_KIND if not p.exists()] == []


def test_site_has_pages():
    assert len(PAGES) >= 25, "run `make book` first"


def test_axe_finds_no_wcag_a_or_aa_violations(axe_results):
    found = [
        f"{Path(r['page']).relative_to(SITE)} ({r['width']} px, {r['scheme']}): {v['id']} – {v['help']} "
        f"{[n['html'] for n in v['nodes'][:2]]}"
        for r in axe_results for v in r["violations"]
    ]
    assert found == []


def test_browser_requested_nothing_from_other_hosts(axe_results):
    assert [u for r in axe_results for u in r["external"]] == []


@pytest.mark.parametrize("page_path", PAGES, ids=lambda p: str(p.relative_to(SITE)))
def test_headings_in_order_images_described_language_swedish(page_path):
    page = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    assert page.find("html").get("lang") == "sv"
    main = page.find("main")
    for hidden in main.select(".onlyprint"):  # the theme's print-only header: display: none
        hidden.decompose()
    levels = [int(h.name[1]) for h in main.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    if levels:
        assert levels[0] == 1 and levels.count(1) == 1, levels
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"rubriknivå hoppar från h{before} till h{after}"
    for img in main.find_all("img"):
        assert len(img.get("alt", "").strip()) >= 20, img
