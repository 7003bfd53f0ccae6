"""A rebuild with nothing changed is a no-op, also a minute later (issue 9): nothing the
site key covers depends on the clock."""

from __future__ import annotations

import datetime
import types

import babel.messages.catalog

from tests.conftest import ROOT
from trygghet.data.editions import edition_years
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
    return site_key(book_sources(ROOT, years, [], ROOT / "_build" / "no-cache"))


def test_the_site_key_does_not_change_when_the_clock_moves_on(monkeypatch):
    start = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)
    first = _key_at(monkeypatch, start)
    assert _key_at(monkeypatch, start + datetime.timedelta(minutes=1)) == first
    assert _key_at(monkeypatch, start + datetime.timedelta(days=400)) == first
