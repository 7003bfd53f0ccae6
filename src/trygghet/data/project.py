"""One edition's data, loaded once: what every page and notebook of an edition reads.

A notebook or a page builds a :class:`Project` with ``Project.load(data_dir, year)`` and
passes it along. The edition's plan, the settings and every indicator of that plan
(metadata and values) are read when it is loaded; the status reports, the goal
assessment, the snapshots of published editions and every municipality's values are read
on first use and kept on the object (:meth:`Project.reports`, :meth:`Project.assessment`,
:meth:`Project.snapshot`, :meth:`Project.require`). Nothing is cached between objects: a
new ``Project.load`` reads the files again.

**Declared inputs.** A page or notebook declares the kinds of data it reads (``reads``:
:data:`PLAN`, :data:`SETTINGS`, :data:`INDICATORS`, :data:`NATIONAL`, :data:`REPORTS`,
:data:`ASSESSMENTS`, :data:`SNAPSHOTS`) and the object refuses any other kind
(:class:`UndeclaredRead`). The build keys each cached run on the files of exactly those kinds
(:func:`input_files`), read from the same folder the run reads, so a change re-runs only the
runs that read it.

``data_dir`` is either the project's ``data/`` folder or an unpacked edition data
package (``indikatorer-<år>.zip``: ``datapackage.json``, ``data/<id>.csv``, and the plan,
settings and indicator metadata the analysis needs)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from trygghet.data import activities, assessments, snapshots
from trygghet.data.editions import edition_year, edition_years
from trygghet.data.files import files_under
from trygghet.data.indicators import (
    CSV_COLUMNS,
    MUNICIPAL_POPULATION,
    Indicator,
    is_data_package,
    load_indicator,
    meta_path,
    population_path,
    read_population,
    values_path,
)
from trygghet.data.national_files import national_dir, national_path
from trygghet.data.plan import CHAPTER_DIR, FocusArea, Plan, Plans, load_plans
from trygghet.data.settings import Settings, load_settings

#: The kinds of data a page or notebook may read (see the module's docstring).
PLAN = "plan"  # the edition's plan (not its text chapters) and every plan's period
SETTINGS = "settings"  # settings.yml, without what only the book's configuration reads
INDICATORS = "indicators"  # the plan's indicators: metadata, values, population, municipal rates
NATIONAL = "national"  # every municipality's values (data/kommuner/)
REPORTS = "reports"  # the committees' status reports of the edition's year and earlier
ASSESSMENTS = "assessments"  # the goal assessment of the edition's year
SNAPSHOTS = "snapshots"  # what the edition and earlier ones showed when published
EVERYTHING = frozenset({PLAN, SETTINGS, INDICATORS, NATIONAL, REPORTS, ASSESSMENTS, SNAPSHOTS})
#: What every page reads: the plan, the settings and the plan's indicators.
BASICS = frozenset({PLAN, SETTINGS, INDICATORS})


class UndeclaredRead(RuntimeError):
    """A page or notebook read a kind of data it did not declare. Its cached run would not
    be re-run when that data changes, so this is a programming error, never a user's."""


def input_files(data_dir: Path, year: int, reads: frozenset[str], plans: Plans | None = None
                ) -> list[Path]:
    """The files of ``data_dir`` that an edition's page reading ``reads`` depends on: what
    :meth:`Project.load` and the accessors read for those kinds, and nothing else (the
    import logs, the received files and the plan's text chapters are read by no page)."""
    data = Path(data_dir)
    plans = plans or load_plans(data)
    plan = plans.of_year(year)
    files: list[Path] = []
    if PLAN in reads:
        files += [p for p in files_under(plan.folder)
                  if CHAPTER_DIR not in p.relative_to(plan.folder).parts]
    if SETTINGS in reads:
        files.append(data / "settings.yml")
    if INDICATORS in reads:
        ids = [i.id for i in plan.indicators]
        files += [meta_path(data, i) for i in ids] + [values_path(data, i) for i in ids]
        files += [population_path(data)]
        files += [national_path(data, name) for name in [*ids, MUNICIPAL_POPULATION]]
        files += files_under(snapshots.snapshot_dir(data, year))  # a published edition's values
    if NATIONAL in reads:
        files += files_under(national_dir(data))
    if REPORTS in reads:
        files += [activities.status_path(data, y) for y in activities.report_years(data)
                  if y <= year]
    if ASSESSMENTS in reads:
        files += assessments.assessment_files(data, year)
    if SNAPSHOTS in reads:
        files += [p for p in snapshots.snapshot_files(data)
                  if int(p.relative_to(data).parts[1]) <= year]
    return sorted({p for p in files if p.is_file()})


class UsesProject:
    """For page classes that hold a :class:`Project` as ``project``: its plan, settings
    and edition year as attributes of their own."""

    project: Project

    @property
    def plan(self) -> Plan:
        return self.project.plan

    @property
    def settings(self) -> Settings:
        return self.project.settings

    @property
    def year(self) -> int:
        return self.project.year


def resolve_data_dir(data_dir: str | Path) -> Path:
    """The data directory: as given if it exists, else searched for upwards from here."""
    path = Path(data_dir)
    if (path / "plan").is_dir():
        return path.resolve()
    for parent in [Path.cwd(), *Path.cwd().parents]:
        if (parent / path / "plan").is_dir():
            return (parent / path).resolve()
    raise FileNotFoundError(f"Hittar ingen datakatalog {data_dir!s} med underkatalogen plan/.")


@dataclass(frozen=True)
class Project:
    """One edition (``year``) of the project: its plan, the settings and every indicator of
    that plan, read once; every plan of the project (``plans``); and the reports,
    assessment and snapshots read on first use (see the module's docstring)."""

    data_dir: Path
    plan: Plan
    settings: Settings
    indicators: dict[str, Indicator]
    plans: Plans
    year: int
    reads: frozenset[str] = EVERYTHING
    _read: dict = field(default_factory=dict, compare=False, repr=False)

    #: The day the edition was published (its snapshot's), None for a draft: see
    #: :meth:`load` and :mod:`trygghet.data.snapshots`.
    published_on: dt.date | None = None
    #: For a published edition: the same edition with today's values (see for_year).
    _today: Project | None = field(default=None, compare=False, repr=False)

    @classmethod
    def load(cls, data_dir: str | Path = "data", year: int | str | None = None,
             reads: frozenset[str] = EVERYTHING, as_published: bool = True) -> Project:
        """Edition ``year`` of the project in ``data_dir`` (see the module's docstring),
        with the plan it follows up; without a year, the latest edition. ``reads``: the
        kinds of data the caller declares it reads.

        **A published edition is a record.** When the edition has a snapshot
        (``trygghet snapshot``, ``data/editions/<år>/``), its indicators' values are the
        ones it showed when published, and each indicator's ``revisions`` lists those
        that today's data give differently; ``as_published=False`` gives today's values
        (what a new snapshot records)."""
        data = resolve_data_dir(data_dir)
        plans = load_plans(data)
        year = int(edition_year(data, year, plans))
        plan = plans.of_year(year)
        settings = load_settings(data)
        population = read_population(data)
        indicators = {i.id: load_indicator(data, i.id, settings=settings, document=plan.document,
                                           population=population) for i in plan.indicators}
        today = cls(data, plan, settings, indicators, plans, year, frozenset(reads))
        return today._as_published() if as_published else today

    def _as_published(self) -> Project:
        """This edition with the values it showed when published, when it has a snapshot
        (see :meth:`load`); otherwise itself."""
        record = (None if is_data_package(self.data_dir)
                  else snapshots.load_snapshot(self.data_dir, self.year))
        if record is None:
            return self
        shown = record.values.groupby("indicator")
        empty = record.values.iloc[0:0]
        indicators = {i: ind.as_published(shown.get_group(i) if i in shown.groups else empty,
                                          record.frozen)
                      for i, ind in self.indicators.items()}
        return dataclasses.replace(self, indicators=indicators, published_on=record.frozen,
                                   _read={}, _today=self)

    @property
    def is_record(self) -> bool:
        """Whether the edition was published (has a snapshot) and shows what it showed then;
        otherwise it is a draft ("Utkast – inte fastställd")."""
        return self.published_on is not None

    def for_year(self, year: int) -> Project:
        """Edition ``year`` of the same project, with the same declared reads. An edition of
        the same plan shares this one's plan and today's indicators (read once); each
        edition shows its own published values when it has a snapshot."""
        year = int(year)
        if year == self.year:
            return self
        today = self._today or self
        if not self.plans.owns(today.plan, year):
            return Project.load(self.data_dir, year, self.reads)
        return dataclasses.replace(today, year=year, _read={}, _today=None)._as_published()

    def require(self, kind: str) -> None:
        """Refuse to read ``kind`` unless the caller declared it (:class:`UndeclaredRead`)."""
        if kind not in self.reads:
            raise UndeclaredRead(
                f"edition {self.year} read {kind!r} but declared only {sorted(self.reads)}: "
                f"add it to the page's READS so its cached runs follow that data")

    def _once(self, key: tuple, load):
        if key not in self._read:
            self._read[key] = load()
        return self._read[key]

    def reports(self, year: int | None = None) -> dict[str, activities.Report]:
        """The status reports of ``year`` (standard: the edition's) by activity id; never of
        a later year than the edition's (an edition never shows later years)."""
        self.require(REPORTS)
        year = self.year if year is None else int(year)
        if year > self.year:
            raise UndeclaredRead(f"edition {self.year} read the status reports of {year}")
        return self._once((REPORTS, year), lambda: activities.load_reports(self.data_dir, year))

    def status_history(self, years) -> dict[int, dict[str, activities.Report]]:
        """Each year's reports by activity id, for following an activity across editions."""
        return {y: self.reports(y) for y in years}

    def example_years(self, years) -> list[int]:
        """Which of ``years`` have example data instead of the committees' reports."""
        return [y for y in years if activities.is_example(self.reports(y))]

    def assessment(self) -> assessments.EditionAssessment | None:
        """The edition's goal assessment, or None when it has none."""
        self.require(ASSESSMENTS)
        return self._once((ASSESSMENTS,),
                          lambda: assessments.load_assessments(self.data_dir, self.year))

    def snapshot(self, year: int | None = None) -> snapshots.Snapshot | None:
        """What edition ``year`` (standard: this one) showed when published, or None."""
        self.require(SNAPSHOTS)
        year = self.year if year is None else int(year)
        if year > self.year:
            raise UndeclaredRead(f"edition {self.year} read the snapshot of {year}")
        return self._once((SNAPSHOTS, year), lambda: snapshots.load_snapshot(self.data_dir, year))

    def edition_years(self, only_this_plan: bool = False) -> list[int]:
        """The book's editions, or only those following up this edition's plan."""
        return self._once(("editions", only_this_plan), lambda: edition_years(
            self.data_dir, self.plan if only_this_plan else None, self.plans))

    def last_updated(self) -> dt.date | None:
        """The date of the newest data behind the edition ("Senast uppdaterad", the PDF's
        cover): the newest of its status reports (that year's and earlier), its goal
        assessment and the retrievals of its indicators' values. Never the build's clock,
        so the same data give the same pages; None when nothing has a date."""
        dates = [r.reported_date for y in activities.report_years(self.data_dir)
                 if y <= self.year for r in self.reports(y).values() if r.reported_date]
        assessed = self.assessment()
        if assessed is not None and assessed.latest_date:
            dates.append(assessed.latest_date)
        dates += [max(known) for i in self.indicators.values()
                  if len(known := i.values["retrieved"].dropna())]
        return max(dates) if dates else None

    def years_shown(self) -> list[int]:
        """The editions of this plan up to this one: an edition never shows later years, so
        its pages stay as published when years are added, nor the years of another plan."""
        return [y for y in self.edition_years(only_this_plan=True) if y <= self.year]

    @property
    def is_data_package(self) -> bool:
        return is_data_package(self.data_dir)

    def focus_area(self, focus_area_id: int) -> FocusArea:
        return self.plan.focus_area(int(focus_area_id))

    def indicators_of(self, focus_area_id: int | None = None) -> list[Indicator]:
        """The indicators of one focus area (all of the plan's when None), in plan order."""
        planned = (self.plan.indicators if focus_area_id is None
                   else self.focus_area(focus_area_id).indicators)
        return [self.indicators[i.id] for i in planned]

    def values(self, focus_area_id: int | None = None, until_year: int | None = None
               ) -> pd.DataFrame:
        """The indicators' values as one tidy DataFrame, as the book publishes them (small
        counts suppressed): an ``indicator`` column first, then the columns of the tidy
        files and ``suppressed``; up to ``until_year`` when given."""
        frames = [ind.values.assign(indicator=ind.meta.id)
                  for ind in self.indicators_of(focus_area_id) if not ind.values.empty]
        if not frames:
            return pd.DataFrame(columns=["indicator", *CSV_COLUMNS, "suppressed"])
        values = pd.concat(frames, ignore_index=True)
        values = values[["indicator", *[c for c in values.columns if c != "indicator"]]]
        if until_year is not None:
            values = values[values["year"] <= until_year]
        return values.reset_index(drop=True)


def load_editions(data_dir: Path, years: list[int]) -> dict[int, Project]:
    """Each of the editions ``years``, each plan's files read once (:meth:`Project.for_year`);
    each edition shows its own values (a published edition its snapshot's)."""
    editions: dict[int, Project] = {}
    for year in sorted(years):
        editions[year] = (editions[max(editions)].for_year(year) if editions
                          else Project.load(data_dir, year))
    return editions
