"""What "today" is for the book: the calendar date, or the day ``SOURCE_DATE_EPOCH`` names
(the reproducible-builds convention), so that a build can be repeated as of a given day and
every rule that asks for today (edition years, dates of assessments) agrees."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from trygghet.data.errors import DataError, Problem

#: The reproducible-builds convention: a build run as of that moment (seconds since 1970).
BUILD_DATE_VARIABLE = "SOURCE_DATE_EPOCH"


def today() -> dt.date:
    """Today's date, or the day ``SOURCE_DATE_EPOCH`` names, so that a build can be
    repeated as of a given day."""
    epoch = os.environ.get(BUILD_DATE_VARIABLE)
    if not epoch:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (ValueError, OverflowError):
        raise DataError([Problem(Path(BUILD_DATE_VARIABLE), (
            f"miljövariabeln {BUILD_DATE_VARIABLE} ska vara ett antal sekunder sedan "
            f"1970-01-01, inte {epoch!r}"))]) from None
