"""The adopted plan as data: document facts, committees, focus areas, goals,
indicators and activities, read from ``data/plan/``.

A project can hold more than one plan over time (docs/enhetens-guide.md, *Flera planer efter varandra*):
``data/plan/`` is the current plan and ``data/planer/<start>-<slut>/`` each earlier one,
a whole plan folder of the same form. An edition year belongs to the plan whose period
started most recently but not after the year (:meth:`Plans.of_year`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from trygghet.data.errors import DataError, Problem
from trygghet.data.files import refuse_special_files
from trygghet.data.yamlio import load_model, load_model_list

Direction = Literal["öka", "minska"]


class Strict(BaseModel):
    """Base model: unknown fields are errors, so typos in data files are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Strict):
    start: int = Field(description="Planperiodens första år, t.ex. 2022.")
    end: int = Field(description="Planperiodens sista år, t.ex. 2024.")

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

    caption: str = Field(description="Rubriken i bokens meny, t.ex. Handlingsplanen.")
    files: list[Annotated[str, Field(pattern=FILE_NAME)]] = Field(min_length=1, description=(
        "Kapitlens namn i läsordning: data/plan/kapitel/<namn>.md, små bokstäver, siffror "
        "och bindestreck."))


class PlanDocument(Strict):
    title: str = Field(description="Planens titel, som i det antagna dokumentet.")
    organisation: str = Field(description=(
        "Organisationen vars plan det är, t.ex. Uppsala kommun. Står i sidornas text "
        "(\"Uppsala kommuns handlingsplan …\") och på PDF-utgåvornas försättsblad."))
    document_type: str = Field(description="Dokumenttyp, t.ex. Handlingsplan.")
    document_type_definition: str = Field(description=(
        "Vad dokumenttypen innebär, med planens egna ord."))
    adopted_by: str = Field(description="Vem som antog planen, t.ex. Kommunstyrelsen.")
    adopted_date: dt.date = Field(description="Dagen då planen antogs (ÅÅÅÅ-MM-DD).")
    adopted_text: str = Field(description=(
        "Meningen om antagandet, t.ex. Antagen av Kommunstyrelsen den 8 december 2021."))
    dnr: str = Field(description="Planens diarienummer, t.ex. KS 2024/00123.")
    period: Period = Field(description=(
        "Planperioden. Utgångsåret, som utvecklingen mäts från, är året före start."))
    follow_up_text: str = Field(description=(
        "Planens text om hur planen följs upp, ordagrant."))
    focus_areas: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]+\.yml$")]] = Field(
        min_length=1, description=(
            "Fokusområdenas filer i data/plan/, i planens ordning, t.ex. fokusomrade-1.yml."))
    chapters: list[ChapterPart] = Field(default=[], description=(
        "Planens egna textkapitel (ordagrant, som Markdown i data/plan/kapitel/<namn>.md) "
        "under sina rubriker i bokens meny. Tom lista om planen inte har några."))
    chapter_folder: str | None = Field(
        default=None, pattern=r"^[a-z0-9-]+(?:/[a-z0-9-]+)*$", description=(
            "Bokens mapp för kapitlen; standard planer/<start>-<slut>. En plan som redan är "
            "publicerad behåller sina adresser med den, t.ex. chapters."))
    follow_up_chapter: str | None = Field(default=None, pattern=FILE_NAME, description=(
        "Kapitlet som säger hur planen följs upp (varje utgåva länkar till det)."))
    sources_chapter: str | None = Field(default=None, pattern=FILE_NAME, description=(
        "Kapitlet med planens källförteckning (PDF-utgåvorna slutar med det)."))
    coordinator: str | None = Field(default=None, description=(
        "Enheten som samordnar planen, tar emot de ifyllda mallarna och publicerar "
        "uppföljningen, t.ex. Hållbarhetsenheten. Mallarna säger att de skickas hit."))
    reports_to: str | None = Field(default=None, description=(
        "Den som ansvariga nämnder rapporterar till enligt planen, t.ex. "
        "Stadsledningskontoret (boken säger det; mallarna skickas till coordinator)."))

    @property
    def send_to(self) -> str | None:
        """Who the filled-in templates go back to: the coordinator, who imports them (else
        the office the plan says the committees report to)."""
        return self.coordinator or self.reports_to

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
    id: str = Field(pattern=r"^[a-z0-9-]+$", description=(
        "Nämndens id: små bokstäver utan å, ä, ö, siffror och bindestreck, t.ex. "
        "kulturnamnden. Aktiviteternas lead och co_responsible anger nämnder med id, och "
        "id:t blir nämndsidans adress."))
    name: str = Field(description="Nämndens namn som det visas i boken, t.ex. Kulturnämnden.")
    aliases: list[str] = Field(default=[], description=(
        "Andra stavningar av namnet som planen eller nämndernas rapporter använder, t.ex. "
        "Kultur och fritid för Kultur- och fritidsnämnden. En rapport från en nämnd med en "
        "av stavningarna hamnar hos rätt nämnd."))


class Goal(Strict):
    id: str = Field(pattern=PLAN_ID, description=(
        "Målets id som i planen, t.ex. M1.1 eller 2a: bokstäver, siffror, punkt, "
        "bindestreck."))
    text: str = Field(description="Målet, som det står i planen.")


class PlanIndicator(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$", description=(
        "Indikatorns id: små bokstäver utan å, ä, ö, siffror och bindestreck, t.ex. "
        "anmalda-brott. Samma id namnger metadatafilen data/indicators/<id>.yml, datafilen "
        "<id>.csv, diagrammet och indikatorsidan."))
    name: str = Field(description="Indikatorns namn som i planen, t.ex. Anmälda brott.")
    unit: str = Field(description=(
        "Enheten: procent, antal, antal per 100 000 invånare eller annan text. Enheten avgör "
        "hur utvecklingen bedöms och vilka värden som är rimliga; samma som unit i "
        "indikatorns metadatafil."))
    direction: Direction = Field(description=(
        "Önskad riktning enligt planen: öka eller minska."))


class Activity(Strict):
    id: str = Field(pattern=PLAN_ID, description=(
        "Aktivitetens id som i planen, t.ex. 1.1, A3 eller 12. Nämnderna rapporterar "
        "status per id."))
    text: str = Field(description="Aktiviteten, som den står i planen.")
    responsible_as_written: str = Field(description=(
        "De ansvariga som de står vid aktiviteten i planen, ordagrant."))
    lead: str = Field(description=(
        "Id för den ansvariga nämnden (den som samordnar och rapporterar aktiviteten); "
        "ska finnas i committees.yml."))
    co_responsible: list[str] = Field(default=[], description=(
        "Id för medansvariga nämnder; var och en ska finnas i committees.yml."))
    others: str | None = Field(default=None, description=(
        "Andra aktörer som planen nämner, utanför kommunens nämnder (t.ex. Polisen); "
        "null om inga."))


class FocusArea(Strict):
    id: int = Field(ge=1, description=(
        "Fokusområdets nummer, 1, 2, …; varje fokusområde har ett eget nummer."))
    title: str = Field(description="Fokusområdets rubrik, som i planen.")
    intro: str = Field(description=(
        "Fokusområdets inledande text. Stycken skiljs med en tom rad, punktlistor börjar "
        "raden med \"- \", *kursiv* och **fet** stil går att använda; allt annat visas "
        "tecken för tecken."))
    goals_intro: str = Field(default="", description=(
        "Meningen före målen, t.ex. Målen för detta fokusområde är följande:"))
    goals: list[Goal] = Field(default=[], description=(
        "Fokusområdets mål; ett fokusområde kan sakna egna mål."))
    indicators_intro: str = Field(default="", description=(
        "Meningen före indikatorerna, t.ex. Målen kommer att mätas och följas upp genom "
        "indikatorerna:"))
    indicators: list[PlanIndicator] = Field(description=(
        "Indikatorerna som målen följs upp med."))
    activities: list[Activity] = Field(default=[], description=(
        "Fokusområdets aktiviteter; ett fokusområde kan sakna aktiviteter."))


PLAN_FILE = "plan.yml"
YEARS_AFTER_PERIOD = 10  # a plan is followed up for at most this many years after its period
COMMITTEES_FILE = "committees.yml"
FOCUS_AREA_GLOB = "fokusomrade-*.yml"  # the convention for new focus-area files; plan.yml lists them
CHAPTER_DIR = "kapitel"  # data/plan/kapitel/<name>.md: the plan's text chapters
CURRENT_PLAN_DIR = "plan"  # data/plan/: the plan in force
EARLIER_PLANS_DIR = "planer"  # data/planer/<start>-<end>/: the plans before it


@dataclass(frozen=True)
class Plan:
    """The whole plan, with look-ups by id."""

    document: PlanDocument
    committees: tuple[Committee, ...]
    focus_areas: tuple[FocusArea, ...]
    folder: Path  # the plan's folder: data/plan/ or data/planer/<start>-<end>/

    @property
    def period_text(self) -> str:
        """"2022–2024": the plan's period as the book writes it."""
        return f"{self.document.period.start}–{self.document.period.end}"

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

    def year_problem(self, year: int, path: Path) -> Problem | None:
        """The problem with a file (``path``) for a ``year`` this plan does not follow up,
        or None; for the files the imports write, which a person may also put in place."""
        if year in self.follow_up_years:
            return None
        first, last = self.follow_up_years[0], self.follow_up_years[-1]
        return Problem(path, f"året {year} ligger utanför uppföljningen av planen "
                             f"{self.period_text} ({first}–{last})", column="year")

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


def chapter_path(plan_dir: Path, name: str) -> Path:
    """Where a text chapter of a plan is: ``<plan folder>/kapitel/<name>.md``."""
    return Path(plan_dir) / CHAPTER_DIR / f"{name}.md"


def plan_folders(data_dir: Path) -> list[Path]:
    """``data/plan/`` and the folder of every earlier plan (``data/planer/*/``)."""
    earlier = sorted(p for p in (Path(data_dir) / EARLIER_PLANS_DIR).glob("*") if p.is_dir())
    return [Path(data_dir) / CURRENT_PLAN_DIR, *earlier]


def read_plan(plan_dir: Path) -> Plan:
    """Read one plan folder. Raises ``DataError`` (Swedish) naming the problems of every
    plan file, not only the first invalid one."""
    plan_dir = Path(plan_dir)
    problems: list[Problem] = []

    def load(loader, path: Path, model):
        try:
            return loader(path, model)
        except DataError as err:
            problems.extend(err.problems)
            return None

    document = load(load_model, plan_dir / PLAN_FILE, PlanDocument)
    committees = load(load_model_list, plan_dir / COMMITTEES_FILE, Committee)
    # plan.yml lists the focus areas; when it cannot be read, the other files are still
    # checked, so that every problem is named at once.
    files = focus_area_files(plan_dir, document) if document else sorted(
        p for p in plan_dir.glob("*.yml") if p.name not in {PLAN_FILE, COMMITTEES_FILE})
    focus_areas = [load(load_model, p, FocusArea) for p in files]
    if problems:
        raise DataError(problems)
    return Plan(document=document, committees=tuple(committees), focus_areas=tuple(focus_areas),
                folder=plan_dir)


@dataclass(frozen=True)
class Plans:
    """Every plan of a project, oldest first; the last is the current one (``data/plan/``)."""

    all: tuple[Plan, ...]

    @property
    def current(self) -> Plan:
        return self.all[-1]

    def of_year(self, year: int) -> Plan:
        """The plan an edition year belongs to: the one whose period started most recently
        but not after ``year`` (a plan is followed up after its period until the next one
        starts). A year before every plan gets the first plan, whose checks then reject it."""
        started = [p for p in self.all if p.document.period.start <= int(year)]
        return started[-1] if started else self.all[0]

    def owns(self, plan: Plan, year: int) -> bool:
        """Whether ``year``'s edition follows up ``plan``."""
        return self.of_year(year).folder == plan.folder

    @property
    def years(self) -> set[int]:
        """Every plan's period years."""
        return {y for p in self.all for y in p.years}


def earlier_plan_folder_name(document: PlanDocument) -> str:
    """``<start>-<end>``: the folder name of an earlier plan in ``data/planer/``."""
    return f"{document.period.start}-{document.period.end}"


def _plan_order_problems(plans: list[Plan]) -> list[Problem]:
    """Earlier plans in folders named for their periods, each starting before the next."""
    problems = []
    current = plans[0]
    for plan in plans[1:]:
        period, plan_file = plan.document.period, plan.folder / PLAN_FILE
        wanted = earlier_plan_folder_name(plan.document)
        if plan.folder.name != wanted:
            problems.append(Problem(plan_file, (
                f"en tidigare plans mapp ska heta som planperioden: {EARLIER_PLANS_DIR}/"
                f"{wanted}/, inte {EARLIER_PLANS_DIR}/{plan.folder.name}/"), column="period"))
        if period.start >= current.document.period.start:
            problems.append(Problem(plan_file, (
                f"planen börjar {period.start}, inte före den gällande planen i "
                f"{CURRENT_PLAN_DIR}/ ({current.document.period.start}); den gällande planen "
                f"ska vara den senaste"), column="period.start"))
    starts = [p.document.period.start for p in plans[1:]]
    for start in sorted({s for s in starts if starts.count(s) > 1}):
        problems.append(Problem(plans[0].folder.parent / EARLIER_PLANS_DIR,
                                f"två tidigare planer börjar {start}"))
    return problems


def load_plans(data_dir: Path) -> Plans:
    """Every plan of the project (see the module's docstring). Raises ``DataError``
    naming the problems of every plan, or every link, FIFO or device in ``data_dir``: every command reads the plan first, so none
    reads data/ while it holds one (:func:`~trygghet.data.files.special_files`)."""
    refuse_special_files(data_dir)
    folders = plan_folders(data_dir)
    problems: list[Problem] = []
    read: list[Plan] = []
    for folder in folders:
        try:
            read.append(read_plan(folder))
        except DataError as err:
            problems.extend(err.problems)
    if problems:
        raise DataError(problems)
    problems = _plan_order_problems(read)
    if problems:
        raise DataError(problems)
    return Plans(tuple(sorted(read, key=lambda p: p.document.period.start)))


def load_plan(data_dir: Path, year: int | None = None) -> Plan:
    """The plan ``year``'s edition follows up (:meth:`Plans.of_year`); without a year the
    current plan, ``data/plan/``."""
    plans = load_plans(data_dir)
    return plans.current if year is None else plans.of_year(year)
