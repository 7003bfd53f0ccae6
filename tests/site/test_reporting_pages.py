"""Each edition's *Rapporteringsläge* and *Nytt sedan förra uppföljningen* in the built
book (_build/html, made by `make book`): the same list as ``trygghet status``, links that
work, symbol + text, and an honest word where revisions cannot be shown."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.site.test_built_book import SITE, YEARS, main_text, soup
from tests.site.test_indicator_pages import target
from trygghet.analysis.reporting_state import reporting_state
from trygghet.data import activities
from trygghet.data.project import Project
from trygghet.data.snapshots import snapshot_years

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="run `make book` first (make test does)"
)
DATA = ROOT / "data"
NOTICE = "Exempeldata – inte Västerås stads rapportering"


@pytest.mark.parametrize("year", YEARS)
def test_rapporteringslage_lists_what_trygghet_status_lists(year):
    path = SITE / "editions" / str(year) / "rapporteringslage.html"
    page = soup(path)
    text = main_text(page)
    assert page.find("h1").get_text(" ", strip=True).startswith(
        f"Rapporteringsläge – uppföljning {year}")
    state = reporting_state(Project.load(DATA, year))
    overview = page.find("main").find("table")
    assert overview.caption.get_text(strip=True) == f"Rapporteringsläget för uppföljningen {year}"
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in overview.tbody.find_all("tr")]
    assert [r[0] for r in rows] == [c.title for c in state.checks]
    for (_, shown), check in zip(rows, state.checks, strict=True):  # symbol and text
        assert shown in {"✔ Klart", "– Saknas", "⚠ Ska bytas ut"}
        assert shown == "✔ Klart" if check.complete else shown != "✔ Klart"
    headings = [h.get_text(" ", strip=True).rstrip("#").strip()
                for h in page.find("article").find_all("h2")]
    assert headings == [c.title for c in state.checks]
    items = [" ".join(li.get_text("").split()) for li in page.find("article").select("li")]
    for check in state.checks:
        for gap in check.gaps:
            assert any(i.startswith(f"{gap.subject}: {gap.missing}.") for i in items), gap
    for link in page.find("article").select("li a[href]"):
        assert target(path, link["href"]).exists(), link["href"]
    if activities.example_years(DATA, [y for y in YEARS if y <= year]):
        assert NOTICE in text


@pytest.mark.parametrize("year", YEARS)
def test_nytt_sedan_forra_uppfoljningen_in_every_edition_but_the_first(year):
    path = SITE / "editions" / str(year) / "nytt-sedan-forra.html"
    front = soup(SITE / "editions" / str(year) / "index.html")
    status_link = front.find("a", href=lambda h: h and h.endswith("rapporteringslage.html"))
    assert status_link is not None and target(SITE / "editions" / str(year) / "index.html",
                                              status_link["href"]).exists()
    if year == YEARS[0]:
        assert not path.exists()
        return
    assert front.find("a", href=lambda h: h and h.endswith("nytt-sedan-forra.html"))
    page = soup(path)
    text = main_text(page)
    previous = YEARS[YEARS.index(year) - 1]
    assert [h.get_text(" ", strip=True).rstrip("#").strip()
            for h in page.find("article").find_all("h2")] == [
        "Nya värden", "Ändrad utveckling", "Ändrad status", "Ändrade värden i efterhand"]
    if previous not in snapshot_years(DATA):
        assert "Kan inte visas." in text and "sparades inte när den publicerades" in text
    before, now = (activities.load_reports(DATA, y) for y in (previous, year))
    changed = [a for a in now if a in before and before[a].status != now[a].status]
    if changed:
        table = page.find("caption", string=lambda s: s and "ändrad status" in s).find_parent(
            "table")
        rows = table.tbody.find_all("tr")
        assert [r.th.get_text(strip=True) for r in rows] == changed
        cells = rows[0].find_all("td")
        assert cells[-1].get_text(" ", strip=True) == now[changed[0]].status.label
        assert NOTICE in text  # the statuses are the archive's example reports
    elif not now:
        assert f"Nämnderna har inte rapporterat status för {year} ännu" in text
