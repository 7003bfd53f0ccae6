"""Where a project's data is, and the project's data loaded once per process.

A notebook or a page builds a :class:`Project` with ``Project.load(data_dir)`` and passes
it along: the plan (of the edition year asked for, ``Project.load(data_dir, year)``;
the current plan without a year), the settings and every indicator (metadata and values) are read from
disk once, however many pages, tables and downloads use them.

``data_dir`` is either the project's ``data/`` folder or an unpacked edition data
package (``indikatorer-<år>.zip``: ``datapackage.json``, ``data/<id>.csv``, and the plan,
settings and indicator metadata the analysis needs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from trygghet.data.editions import edition_years
from trygghet.data.indicators import (
    CSV_COLUMNS,
    Indicator,
    is_data_package,
    load_indicator,
    read_population,
)
from trygghet.data.plan import FocusArea, Plan, Plans, load_plans
from trygghet.data.settings import Settings, load_settings


class UsesProject:
    """For page classes that hold a :class:`Project` as ``project``: its plan, settings
    and data folder as attributes of their own."""

    project: Project

    @property
    def plan(self) -> Plan:
        return self.project.plan

    @property
    def settings(self) -> Settings:
        return self.project.settings

    @property
    def data_dir(self) -> Path:
        return self.project.data_dir


def resolve_data_dir(data_dir: str | Path) -> Path:
    """The data directory: as given if it exists, else searched for upwards from here."""
    path = Path(data_dir)
    if (path / "plan").is_dir():
        return path.resolve()
    for parent in [Path.cwd(), *Path.cwd().parents]:
        if (parent / path / "plan").is_dir():
            return (parent / path).resolve()
    raise FileNotFoundError(f"Hittar ingen datakatalog {data_dir!s} med underkatalogen plan/.")


def _fingerprint(data_dir: Path) -> tuple:
    """Names, sizes and modification times of the data files: a changed file loads anew."""
    return tuple(sorted((str(p), s.st_size, s.st_mtime_ns) for p in data_dir.rglob("*")
                        if p.suffix in {".yml", ".csv", ".json"} and (s := p.lstat())))


_LOADED: dict[tuple[Path, int], tuple[tuple, Project]] = {}


@dataclass(frozen=True)
class Project:
    """One plan (an edition's), the settings and every indicator of that plan, read once;
    and every plan of the project (``plans``)."""

    data_dir: Path
    plan: Plan
    settings: Settings
    indicators: dict[str, Indicator]
    plans: Plans

    @classmethod
    def load(cls, data_dir: str | Path = "data", year: int | str | None = None) -> Project:
        """The project in ``data_dir`` (see the module's docstring) with the plan ``year``'s
        edition follows up; without a year, the current plan. Loaded once per process; a
        later call with unchanged files returns the same object."""
        data = resolve_data_dir(data_dir)
        plans = load_plans(data)
        plan = plans.current if year is None else plans.of_year(int(year))
        key = (data, plan.document.period.start)
        stamp = _fingerprint(data)
        cached = _LOADED.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
        settings = load_settings(data)
        population = read_population(data)
        indicators = {i.id: load_indicator(data, i.id, settings=settings, document=plan.document,
                                           population=population) for i in plan.indicators}
        project = cls(data, plan, settings, indicators, plans)
        _LOADED[key] = (stamp, project)
        return project

    def for_year(self, year: int) -> Project:
        """This project with the plan ``year``'s edition follows up (itself when it has it)."""
        if self.plans.owns(self.plan, year):
            return self
        return Project.load(self.data_dir, year)

    def edition_years(self, only_this_plan: bool = False) -> list[int]:
        """The book's editions, or only those following up this project's plan."""
        return edition_years(self.data_dir, self.plan if only_this_plan else None)

    @classmethod
    def of(cls, project: Project | str | Path, year: int | None = None) -> Project:
        """``project`` itself, or the project loaded (once) from a data directory: for
        functions that callers give either. With ``year``: with that edition's plan."""
        project = project if isinstance(project, Project) else cls.load(project, year)
        return project if year is None else project.for_year(int(year))

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
