"""The adopted plan as data: document facts, committees, focus areas, goals,
indicators and activities, read from ``data/plan/``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from trygghet.data.errors import DataError, Problem
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
        "Enheten som samordnar planen och publicerar uppföljningen, t.ex. "
        "Hållbarhetsenheten."))
    reports_to: str | None = Field(default=None, description=(
        "Dit ansvariga nämnder skickar sina statusrapporter, t.ex. Stadsledningskontoret."))

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
    """Read ``data/plan/``. Raises ``DataError`` (Swedish) naming the problems of every
    plan file, not only the first invalid one."""
    plan_dir = Path(data_dir) / "plan"
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
    return Plan(document=document, committees=tuple(committees), focus_areas=tuple(focus_areas))
