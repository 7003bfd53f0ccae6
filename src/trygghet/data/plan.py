"""The adopted plan as data: document facts, committees, focus areas, goals,
indicators and activities, read from ``data/plan/``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from trygghet.data.yamlio import load_model, load_model_list

Direction = Literal["öka", "minska"]


class Strict(BaseModel):
    """Base model: unknown fields are errors, so typos in data files are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Strict):
    start: int
    end: int

    @property
    def baseline_year(self) -> int:
        """The baseline year development is measured from: the last year before the plan."""
        return self.start - 1


#: A name of a file in ``data/plan/``: a focus area (``fokusomrade-1.yml``) or a text
#: chapter (``bakgrund``, for ``data/plan/kapitel/bakgrund.md``).
FILE_NAME = r"^[a-z0-9][a-z0-9-]*$"
#: Ids the plan gives goals and activities, in whatever form it uses: "2.1", "A3", "12", "M1.2".
PLAN_ID = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$"


class ChapterPart(Strict):
    """A part of the book's menu holding some of the plan's text chapters, in reading
    order: ``files`` are names of ``data/plan/kapitel/<name>.md``."""

    caption: str
    files: list[Annotated[str, Field(pattern=FILE_NAME)]] = Field(min_length=1)


class PlanDocument(Strict):
    title: str
    organisation: str
    document_type: str
    document_type_definition: str
    adopted_by: str
    adopted_date: dt.date
    adopted_text: str
    dnr: str
    period: Period
    follow_up_text: str
    #: The focus-area files in ``data/plan/``, in the plan's order.
    focus_areas: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]+\.yml$")]] = Field(
        min_length=1)
    #: The plan's own text chapters (copied word for word), under their menu captions.
    chapters: list[ChapterPart] = []
    #: The book's folder for the chapters; default ``planer/<start>-<end>`` (see
    #: :attr:`chapters_dir`). A plan published before that keeps its addresses with it.
    chapter_folder: str | None = Field(default=None, pattern=r"^[a-z0-9-]+(?:/[a-z0-9-]+)*$")
    #: The chapter that says how the plan is followed up (each edition links to it).
    follow_up_chapter: str | None = Field(default=None, pattern=FILE_NAME)
    #: The chapter listing the plan's sources (the edition PDFs end with it).
    sources_chapter: str | None = Field(default=None, pattern=FILE_NAME)
    #: The unit that coordinates the plan and publishes its follow-up ("Hållbarhetsenheten").
    coordinator: str | None = None
    #: Where the lead committees send their status reports ("Stadsledningskontoret").
    reports_to: str | None = None

    @property
    def chapters_dir(self) -> str:
        """Where the plan's chapters are in the book: its own folder, so that the chapters of
        a later plan never take the addresses of an earlier plan's."""
        return self.chapter_folder or f"planer/{self.period.start}-{self.period.end}"

    @property
    def chapter_names(self) -> list[str]:
        """Every text chapter, in the book's order."""
        return [name for part in self.chapters for name in part.files]


class Committee(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    aliases: list[str] = []


class Goal(Strict):
    id: str = Field(pattern=PLAN_ID)
    text: str


class PlanIndicator(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    unit: str
    direction: Direction


class Activity(Strict):
    id: str = Field(pattern=PLAN_ID)
    text: str
    responsible_as_written: str
    lead: str
    co_responsible: list[str] = []
    others: str | None = None


class FocusArea(Strict):
    id: int = Field(ge=1)
    title: str
    intro: str
    goals_intro: str = ""
    goals: list[Goal] = []  # a focus area may have no goals of its own
    indicators_intro: str = ""
    indicators: list[PlanIndicator]
    activities: list[Activity] = []


PLAN_FILE = "plan.yml"
YEARS_AFTER_PERIOD = 10  # a plan is followed up for at most this many years after its period
COMMITTEES_FILE = "committees.yml"
FOCUS_AREA_GLOB = "fokusomrade-*.yml"  # the convention for new focus-area files; plan.yml lists them
CHAPTER_DIR = "kapitel"  # data/plan/kapitel/<name>.md: the plan's text chapters


@dataclass(frozen=True)
class Plan:
    """The whole plan, with look-ups by id."""

    document: PlanDocument
    committees: tuple[Committee, ...]
    focus_areas: tuple[FocusArea, ...]

    @cached_property
    def committee_by_id(self) -> dict[str, Committee]:
        return {c.id: c for c in self.committees}

    @property
    def activities(self) -> list[Activity]:
        return [a for fa in self.focus_areas for a in fa.activities]

    @property
    def indicators(self) -> list[PlanIndicator]:
        return [i for fa in self.focus_areas for i in fa.indicators]

    @property
    def goals(self) -> list[Goal]:
        return [g for fa in self.focus_areas for g in fa.goals]

    @property
    def years(self) -> list[int]:
        return list(range(self.document.period.start, self.document.period.end + 1))

    @property
    def follow_up_years(self) -> range:
        """Years a status report can be for: the plan period and some years after it.
        Anything later is a typo (``--year 9999``) that would break every build."""
        period = self.document.period
        return range(period.start, period.end + YEARS_AFTER_PERIOD + 1)

    def focus_area(self, focus_area_id: int) -> FocusArea:
        for fa in self.focus_areas:
            if fa.id == focus_area_id:
                return fa
        raise KeyError(f"Fokusområde {focus_area_id} finns inte i planen.")

    def focus_area_of(self, activity_id: str) -> FocusArea:
        """The focus area whose file lists the activity."""
        for fa in self.focus_areas:
            if any(a.id == activity_id for a in fa.activities):
                return fa
        raise KeyError(f"Aktivitet {activity_id} finns inte i planen.")

    def committee_name(self, committee_id: str) -> str:
        return self.committee_by_id[committee_id].name

    def resolve_committee(self, name: str) -> Committee | None:
        """Find a committee by id, canonical name or any spelling the plan uses."""
        def key(text: str) -> str:
            return " ".join(text.split()).casefold()

        wanted = key(name)
        for c in self.committees:
            if wanted in {c.id, key(c.name), *(key(a) for a in c.aliases)}:
                return c
        return None


def focus_area_files(plan_dir: Path, document: PlanDocument) -> list[Path]:
    """The focus-area files plan.yml lists, in its order."""
    return [Path(plan_dir) / name for name in document.focus_areas]


def chapter_path(data_dir: Path, name: str) -> Path:
    """Where a text chapter of the plan is: ``data/plan/kapitel/<name>.md``."""
    return Path(data_dir) / "plan" / CHAPTER_DIR / f"{name}.md"


def load_plan(data_dir: Path) -> Plan:
    """Read ``data/plan/``. Raises ``DataError`` (Swedish) on invalid files."""
    plan_dir = Path(data_dir) / "plan"
    document = load_model(plan_dir / PLAN_FILE, PlanDocument)
    return Plan(
        document=document,
        committees=tuple(load_model_list(plan_dir / COMMITTEES_FILE, Committee)),
        focus_areas=tuple(load_model(p, FocusArea) for p in focus_area_files(plan_dir, document)),
    )
