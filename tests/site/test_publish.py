"""Publication day (issue 23): ``trygghet publish`` for ``http://127.0.0.1:PORT/uppfoljning/``
writes ``_build/publish/``; served from a parent folder by Python's http.server under that
sub-path, the start page, every link on it, search and a page that does not exist (deep
down) work in Chromium, in Swedish. The folder has the sitemap, robots.txt, each edition's
PDF linked from its start page, and no build leftovers; setting the address re-ran no
notebook (the project copy starts from the suite's own notebook runs, ``_build/cache``)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from tests.site.test_accessibility import require_browser
from trygghet.data.editions import edition_years
from trygghet.data.settings import load_settings
from trygghet.publish.pdf import pdf_name
from trygghet.publish.site import publish

SITE = ROOT / "_build" / "html"
CHECK = ROOT / "tests" / "site" / "a11y" / "served-check.mjs"
SUB_PATH = "uppfoljning"
YEARS = edition_years(ROOT / "data")
SETTINGS = load_settings(ROOT / "data")
FRAMEWORK = ["data", "notebooks", "chapters", "_static", "_templates", "locale", "_config.yml",
             "_toc.yml", "requirements.txt"]

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").exists(), reason="run `make book` first (make test does)")


class Server(SimpleHTTPRequestHandler):
    """http.server as a web server is set up for the book (see the unit's guide): a
    missing page gets the site's 404 page, with status 404."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / SUB_PATH / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A copy of the project with the suite's notebook runs, published for an address on
    a free port, served from a parent folder (the site at ``/uppfoljning/``)."""
    tmp = tmp_path_factory.mktemp("publish")
    project, www = tmp / "project", tmp / "www"
    for name in FRAMEWORK:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copytree(ROOT / "_build" / "cache", project / "_build" / "cache")
    www.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Server, directory=str(www)))
    address = f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    settings = project / "data" / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  address: null\n", f"  address: {address}\n"), encoding="utf-8")
    log: list[str] = []
    folder = publish(project, log=log.append)
    (www / SUB_PATH).symlink_to(folder, target_is_directory=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, address, log
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def seen(published) -> dict:
    require_browser()
    _, address, _ = published
    proc = subprocess.run(["node", str(CHECK), address], capture_output=True, text=True,
                          cwd=ROOT, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "_static" not in p.parts)


def test_setting_the_address_re_ran_no_notebook(published):
    _, _, log = published
    assert any(re.search(r"Notebooks: \d+, varav 0 körs", line) for line in log), log


def test_the_folder_has_a_sitemap_of_every_page_and_robots_txt_naming_it(published):
    folder, address, _ = published
    locs = {e.text for e in ET.parse(folder / "sitemap.xml").getroot().iter()
            if e.tag.endswith("loc")}
    edition_pages = [p.relative_to(folder).as_posix() for p in pages(folder / "editions")]
    assert len(edition_pages) > 3 * 30
    missing = [p for p in edition_pages if f"{address}{p}" not in locs]
    assert missing == []
    assert all(loc.startswith(address) for loc in locs)
    assert f"{address}404.html" not in locs and f"{address}search.html" not in locs
    assert f"Sitemap: {address}sitemap.xml" in (folder / "robots.txt").read_text()


def test_no_build_leftovers_and_every_page_named_canonically_with_the_municipality(published):
    folder, address, _ = published
    for leftover in (".buildinfo", "_sources", "genindex.html", ".doctrees"):
        assert not (folder / leftover).exists(), leftover
    for path in pages(folder):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        rel = path.relative_to(folder).as_posix()
        assert SETTINGS.municipality.name in page.title.get_text(), rel
        if rel != "404.html":
            assert page.find("link", rel="canonical")["href"] == f"{address}{rel}", rel
        icon = page.find("link", rel="icon")["href"]
        path_of_site = urlparse(address).path
        icon_file = (folder / icon.removeprefix(path_of_site) if icon.startswith(path_of_site)
                     else path.parent / icon)
        assert icon_file.resolve().exists(), rel


def test_each_edition_start_page_links_its_pdf_the_date_and_how_to_cite_it(published):
    folder, address, _ = published
    for year in YEARS:
        start = folder / "editions" / str(year) / "index.html"
        page = BeautifulSoup(start.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in page.select("article a[href]")]
        assert pdf_name(year) in links
        assert (start.parent / pdf_name(year)).stat().st_size > 10_000
        menu = [a["href"] for a in page.select(".dropdown-download-buttons a[href]")]
        assert pdf_name(year) in menu and not page.select('[onclick="window.print()"]')
        text = " ".join(page.get_text(" ").split())
        assert re.search(r"Senast uppdaterad: \d{1,2} \w+ 20\d\d", text)
        cite = page.find("section", id="sa-citerar-du-den-har-utgavan").get_text(" ")
        assert SETTINGS.organisation.name in cite and f"{address}editions/{year}/index.html" in cite


def test_the_accessibility_statement_says_what_was_checked_for_each_edition(published):
    folder, _, _ = published
    statement = BeautifulSoup((folder / "chapters" / "tillganglighetsredogorelse.html")
                              .read_text(encoding="utf-8"), "html.parser")
    text = " ".join(statement.get_text(" ").split())
    for needed in ("delvis förenlig", "Innehåll som inte är tillgängligt",
                   "Senaste bedömningen gjordes den", "Anmäla det till Digg".lower()):
        assert needed.lower() in text.lower(), needed
    rows = {tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in statement.select(".trygghet-publish-checks tbody tr")}
    for year in YEARS:
        assert rows[f"Uppföljning {year}"][1] == "Ja"  # the PDF is tagged


def test_served_under_a_sub_path_start_page_and_every_link_on_it_work(seen):
    start = seen["start"]
    assert start["status"] == 200 and start["lang"] == "sv"
    assert SETTINGS.municipality.name in start["title"]
    assert start["sheets"] and all(s["loaded"] for s in start["sheets"])
    assert start["failedResources"] == [] and seen["external"] == []
    assert len(seen["links"]) > 20
    broken = [link for link in seen["links"] if link["status"] != 200]
    assert broken == []


def test_search_works_in_swedish_when_served(seen):
    search = seen["search"]
    assert search["lang"] == "sv" and search["hits"], search
    assert "Search" not in search["summary"] and search["summary"]
    assert all(status == 200 for status in search["hitStatus"])


def test_a_missing_page_deep_down_gets_the_swedish_404_page_with_styles_and_menu(seen):
    missing = seen["notFound"]
    assert missing["status"] == 404 and missing["lang"] == "sv"
    assert missing["h1"] == "Sidan finns inte"
    assert missing["sheets"] and all(s["loaded"] for s in missing["sheets"]), missing["sheets"]
    assert missing["failedResources"] == []
    assert len(missing["menuStatus"]) >= 5
    assert all(m["status"] == 200 for m in missing["menuStatus"]), missing["menuStatus"]
    assert missing["home"] is not None and missing["home"]["status"] == 200
