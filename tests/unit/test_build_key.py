"""A rebuild with nothing changed is a no-op, also a minute later (issue 9): nothing the
site key covers depends on the clock."""

from __future__ import annotations

import datetime
import types

import babel.messages.catalog
import yaml

from tests.conftest import ROOT
from trygghet.data.editions import edition_years
from trygghet.data.project import load_editions
from trygghet.publish.build import book_sources, site_key


def _key_at(monkeypatch, now: datetime.datetime) -> str:
    class Clock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return now.astimezone(tz)

    fake = types.SimpleNamespace(**vars(datetime))
    fake.datetime = Clock
    monkeypatch.setattr(babel.messages.catalog, "datetime", fake)  # Babel's clock only
    years = edition_years(ROOT / "data")
    return site_key(book_sources(ROOT, load_editions(ROOT / "data", years), [], ROOT / "_build" / "no-cache"))


def test_the_site_key_does_not_change_when_the_clock_moves_on(monkeypatch):
    start = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)
    first = _key_at(monkeypatch, start)
    assert _key_at(monkeypatch, start + datetime.timedelta(minutes=1)) == first
    assert _key_at(monkeypatch, start + datetime.timedelta(days=400)) == first



def _notebook_keys(root) -> dict[str, str]:
    from trygghet.publish.build import plan_jobs
    return {job.target: job.key for job in plan_jobs(root, edition_years(root / "data"))}


def _edit_settings(data, change) -> None:
    path = data / "settings.yml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(settings)
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


def test_setting_the_address_re_runs_no_notebook(small_copy):
    """Publishing needs website.address; setting or changing it (or the accessibility
    statement's fields) must keep every notebook's and page job's cached run."""
    root = small_copy.parent
    before = _notebook_keys(root)
    for address in ("http://127.0.0.1:8123/uppfoljning/", "https://trygghet.kommun.se/"):
        def publish_at(settings, address=address):
            settings.setdefault("website", {})["address"] = address
            settings.setdefault("accessibility", {})["updated"] = "2027-01-02"
        _edit_settings(small_copy, publish_at)
        assert _notebook_keys(root) == before
    # What the pages do read still counts: another municipality name re-runs them.
    _edit_settings(small_copy, lambda s: s["municipality"].update(name="Köping"))
    after = _notebook_keys(root)
    assert all(after[target] != key for target, key in before.items())


def test_no_notebook_or_page_job_reads_the_book_only_settings():
    """The keys leave BOOK_ONLY_SETTINGS out: a page that read them would go stale."""
    from trygghet.publish.build import BOOK_ONLY_SETTINGS
    sources = [*(ROOT / "notebooks").glob("*.md"),
               *(p for p in (ROOT / "src" / "trygghet").rglob("*.py")
                 if p.parent.name in {"present", "analysis"} and p.name != "book_config.py")]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for name in BOOK_ONLY_SETTINGS:
            assert f".{name}" not in text, f"{path.name} läser settings.{name}"


def test_a_changed_report_re_runs_only_the_pages_that_show_reports(small_copy):
    """Issue 21: one comment changed in the 2023 status file re-runs the 2023 and 2024
    chapters, overviews and reporting pages (they show 2023's statuses), and nothing that
    reads no report: not the national comparisons, not the indicator pages, not 2022."""
    root = small_copy.parent
    before = _notebook_keys(root)
    status = small_copy / "activities" / "status-2023.csv"
    status.write_text(status.read_text(encoding="utf-8").replace(
        "här beskriver nämnden vad som gjordes", "här beskriver nämnden vad som hände", 1),
        encoding="utf-8")
    after = _notebook_keys(root)
    changed = {target for target in before if before[target] != after[target]}
    assert changed, "the pages that show the comment must re-run"
    assert not any(t.startswith("editions/2022/") for t in changed)
    assert not any("kommunjamforelse" in t or "indikatorer" in t for t in changed)
    assert {t.split("/")[-1] for t in changed} >= {"index.ipynb", "fokusomrade-1.ipynb"}
    assert {t.split("/")[1] for t in changed} == {"2023", "2024"}
