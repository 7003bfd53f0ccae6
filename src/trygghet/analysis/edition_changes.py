"""What changed since the previous edition, and what an edition shows (its snapshot).

:func:`edition_changes` compares edition ``year`` with the edition before it:

* **new values**: the municipality's values edition ``year`` shows that the previous
  edition did not;
* **changed development**: the municipality's development judgement (sex T) then and
  now, both from :func:`trygghet.analysis.development.development_table`;
* **changed status**: activities reported both years whose status differs;
* **revised values**: each value the previous edition showed, compared with today's
  value for the same indicator, series, area, sex and year, as shown in the book (at
  the decimals it is published with; a suppressed small count is "..").

What the previous edition showed comes from its snapshot (``data/editions/<år>/``, see
:mod:`trygghet.data.snapshots`). Without one, the previous edition is recomputed from
today's values up to its year: then a value for an earlier year that arrived later
cannot be told from one that was always there, and revisions cannot be known at all
(``revisions`` is None, and the page says why)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from trygghet.analysis.development import MUNICIPALITY, development_table
from trygghet.data.activities import Status
from trygghet.data.plan import Activity
from trygghet.data.project import Project
from trygghet.data.snapshots import DEVELOPMENT_COLUMNS, VALUE_COLUMNS, VALUE_KEY

#: What a snapshot records of the development table.
_DEVELOPMENT_FIELDS = DEVELOPMENT_COLUMNS[2:]


# -- what an edition shows ---------------------------------------------------------------------

def shown_values(project: Project, year: int) -> pd.DataFrame:
    """Every indicator value edition ``year`` shows (all areas, series and sexes, years up
    to ``year``), as published: a suppressed small count has no value. Columns as
    :data:`trygghet.data.snapshots.VALUE_COLUMNS` without ``edition`` and ``frozen``."""
    frames = []
    for ind in project.indicators_of():
        rows = ind.values[(ind.values["year"] <= year)
                          & (ind.values["value"].notna() | ind.values["suppressed"])]
        frames.append(rows.assign(indicator=ind.meta.id))
    columns = VALUE_COLUMNS[2:]
    if not frames:
        return pd.DataFrame(columns=columns)
    values = pd.concat(frames, ignore_index=True)[columns]
    values["year"] = values["year"].astype("int64")
    values["suppressed"] = values["suppressed"].astype(bool)
    return values.sort_values(VALUE_KEY, kind="stable").reset_index(drop=True)


def shown_development(project: Project, year: int) -> pd.DataFrame:
    """The municipality's development judgement per indicator and sex in edition ``year``
    (:func:`~trygghet.analysis.development.development_table`, the pages' implementation)."""
    table = development_table(project.indicators_of(), project.settings, year)
    return table[table["area_role"] == MUNICIPALITY][_DEVELOPMENT_FIELDS].reset_index(drop=True)


def snapshot_tables(project: Project, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two tables ``trygghet snapshot`` freezes for edition ``year``."""
    return shown_values(project, year), shown_development(project, year)


# -- the changes -------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewValues:
    """An indicator with values for the municipality that the previous edition did not show."""

    indicator: str
    name: str
    years: tuple[int, ...]
    latest: tuple[int, float | None] | None  # main series, sex T: (year, value; None if suppressed)


@dataclass(frozen=True)
class DevelopmentChange:
    indicator: str
    name: str
    before: str  # a label of trygghet.analysis.trend.LABELS
    after: str


@dataclass(frozen=True)
class StatusChange:
    activity: Activity
    before: Status
    after: Status


@dataclass(frozen=True)
class Revision:
    """A value the previous edition showed that is different today. ``before``/``after``
    are None when the value was or is a suppressed small count; ``removed`` when the source
    no longer has the value."""

    indicator: str
    name: str
    series: str
    area_code: str
    area_name: str
    sex: str
    year: int
    before: float | None
    after: float | None
    removed: bool = False


@dataclass(frozen=True)
class EditionChanges:
    year: int
    previous: int
    #: When the previous edition's snapshot was written; None: it has none.
    snapshot_frozen: dt.date | None
    new_values: tuple[NewValues, ...]
    development_changes: tuple[DevelopmentChange, ...]
    status_changes: tuple[StatusChange, ...]
    #: Activities reported for ``year`` that had no report the year before.
    first_reports: int
    #: Whether any committee has reported for ``year``.
    reported: bool
    #: The municipality's revised values; None when they cannot be known (no snapshot).
    revisions: tuple[Revision, ...] | None
    #: Revised values for other areas (Riket, the comparison group), by indicator name.
    other_revisions: dict[str, int]
    #: Which of the two years' status reports are example data.
    example_years: tuple[int, ...]

    @property
    def has_snapshot(self) -> bool:
        return self.snapshot_frozen is not None


def previous_edition(project: Project, year: int) -> int | None:
    """The edition before ``year`` that follows up the same plan (the first edition of a
    plan has none: statuses and development classes of another plan do not compare)."""
    earlier = [y for y in project.for_year(year).edition_years(only_this_plan=True) if y < year]
    return max(earlier) if earlier else None


def _shown(value: float, suppressed: bool, decimals: int) -> float | None:
    """A value as the book shows it: rounded to its decimals; None for ".."."""
    if suppressed or value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), decimals)


def _new_values(project: Project, before: pd.DataFrame, now: pd.DataFrame
                ) -> tuple[NewValues, ...]:
    home = project.settings.municipality.code
    keys = set(map(tuple, before[VALUE_KEY].itertuples(index=False, name=None)))
    mine = now[now["area_code"] == home]
    # A boolean Series, not a list: an empty list would select no columns instead of no rows.
    added = mine[pd.Series([k not in keys for k in mine[VALUE_KEY].itertuples(index=False,
                                                                            name=None)],
                           index=mine.index, dtype=bool)]
    result = []
    for planned in project.plan.indicators:
        rows = added[added["indicator"] == planned.id]
        if rows.empty:
            continue
        ind = project.indicators[planned.id]
        main = ind.meta.main_series
        series = mine[(mine["indicator"] == planned.id) & (mine["sex"] == "T")
                      & (mine["series"] == (main.id if main else None))]
        last = series.sort_values("year").iloc[-1] if not series.empty else None
        latest = None if last is None else (
            int(last["year"]), None if last["suppressed"] else float(last["value"]))
        result.append(NewValues(planned.id, planned.name,
                                tuple(sorted(set(rows["year"].astype(int)))), latest))
    return tuple(result)


def _revisions(project: Project, before: pd.DataFrame, now: pd.DataFrame
               ) -> tuple[tuple[Revision, ...], dict[str, int]]:
    names = {i.id: i.name for i in project.plan.indicators}
    home = project.settings.municipality.code
    merged = before.merge(now, on=VALUE_KEY, how="left", suffixes=("_before", "_now"),
                          indicator="presence")
    mine: list[Revision] = []
    others: dict[str, int] = {}
    for row in merged.itertuples(index=False):
        if row.indicator not in project.indicators:
            continue  # an indicator no longer in the plan
        meta = project.indicators[row.indicator].meta
        decimals = meta.decimals_at(int(row.year))
        removed = row.presence == "left_only"
        old = _shown(row.value_before, row.suppressed_before, decimals)
        new = None if removed else _shown(row.value_now, row.suppressed_now, decimals)
        if not removed and old == new:
            continue
        if row.area_code != home:
            others[names[row.indicator]] = others.get(names[row.indicator], 0) + 1
            continue
        mine.append(Revision(row.indicator, names[row.indicator], row.series, row.area_code,
                             row.area_name_before, row.sex, int(row.year), old, new, removed))
    order = {i.id: n for n, i in enumerate(project.plan.indicators)}
    mine.sort(key=lambda r: (order[r.indicator], r.series, r.sex != "T", r.sex, r.year))
    return tuple(mine), others


def _development_changes(project: Project, before: pd.DataFrame, now: pd.DataFrame
                         ) -> tuple[DevelopmentChange, ...]:
    def labels(table: pd.DataFrame) -> dict[str, str]:
        total = table[table["sex"] == "T"]
        return dict(zip(total["indicator"], total["label"], strict=True))

    then, today = labels(before), labels(now)
    return tuple(DevelopmentChange(i.id, i.name, then[i.id], today[i.id])
                 for i in project.plan.indicators
                 if i.id in then and i.id in today and then[i.id] != today[i.id])


def _status_changes(project: Project, previous: int, year: int
                    ) -> tuple[tuple[StatusChange, ...], int, bool]:
    before = project.for_year(year).reports(previous)
    now = project.for_year(year).reports()
    changes, first = [], 0
    for a in project.plan.activities:
        if a.id not in now:
            continue
        if a.id not in before:
            first += 1
        elif before[a.id].status != now[a.id].status:
            changes.append(StatusChange(a, before[a.id].status, now[a.id].status))
    return tuple(changes), first, bool(now)


def edition_changes(project: Project, year: int) -> EditionChanges | None:
    """What is new in edition ``year`` since the edition before it; None for the first."""
    previous = previous_edition(project, year)
    if previous is None:
        return None
    snapshot = project.for_year(year).snapshot(previous)
    now = shown_values(project, year)
    if snapshot is None:
        before = shown_values(project, previous)
        before_development = shown_development(project, previous)
        revisions, others = None, {}
    else:
        before, before_development = snapshot.values, snapshot.development
        revisions, others = _revisions(project, before, now)
    statuses, first, reported = _status_changes(project, previous, year)
    return EditionChanges(
        year=year, previous=previous,
        snapshot_frozen=snapshot.frozen if snapshot else None,
        new_values=_new_values(project, before, now),
        development_changes=_development_changes(project, before_development,
                                                 shown_development(project, year)),
        status_changes=statuses, first_reports=first, reported=reported,
        revisions=revisions, other_revisions=others,
        example_years=tuple(project.for_year(year).example_years([previous, year])),
    )


__all__ = ["DevelopmentChange", "EditionChanges", "NewValues", "Revision", "StatusChange",
           "edition_changes", "previous_edition", "shown_development", "shown_values",
           "snapshot_tables"]
