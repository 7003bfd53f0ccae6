"""The adopted plan as data: document facts, committees, focus areas, goals,
indicators and activities, read from ``data/plan/``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

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
    id: str = Field(pattern=r"^M\d+\.\d+$", description=(
        "Målets id, t.ex. M1.1: M, fokusområdets id, punkt och målets nummer."))
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
    id: str = Field(pattern=r"^\d+\.\d+$", description=(
        "Aktivitetens id som i planen, t.ex. 1.1: fokusområdets id, punkt och aktivitetens "
        "nummer. Nämnderna rapporterar status per id."))
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

    @property
    def focus_area(self) -> int:
        return int(self.id.split(".")[0])


class FocusArea(Strict):
    id: int = Field(ge=1, description=(
        "Fokusområdets nummer, 1, 2, …; filen heter fokusomrade-<id>.yml."))
    title: str = Field(description="Fokusområdets rubrik, som i planen.")
    intro: str = Field(description=(
        "Fokusområdets inledande text. Stycken skiljs med en tom rad, punktlistor börjar "
        "raden med \"- \", *kursiv* och **fet** stil går att använda; allt annat visas "
        "tecken för tecken."))
    goals_intro: str = Field(description=(
        "Meningen före målen, t.ex. Målen för detta fokusområde är följande:"))
    goals: list[Goal] = Field(description="Fokusområdets mål.")
    indicators_intro: str = Field(description=(
        "Meningen före indikatorerna, t.ex. Målen kommer att mätas och följas upp genom "
        "indikatorerna:"))
    indicators: list[PlanIndicator] = Field(description=(
        "Indikatorerna som målen följs upp med."))
    activities: list[Activity] = Field(description="Fokusområdets aktiviteter.")


PLAN_FILE = "plan.yml"
YEARS_AFTER_PERIOD = 10  # a plan is followed up for at most this many years after its period
COMMITTEES_FILE = "committees.yml"
FOCUS_AREA_GLOB = "fokusomrade-*.yml"


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


def focus_area_files(plan_dir: Path) -> list[Path]:
    """The focus-area files in numeric order (fokusomrade-1.yml, …)."""
    return sorted(plan_dir.glob(FOCUS_AREA_GLOB), key=lambda p: int(p.stem.split("-")[-1]))


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
    focus_areas = [load(load_model, p, FocusArea) for p in focus_area_files(plan_dir)]
    if problems:
        raise DataError(problems)
    return Plan(document=document, committees=tuple(committees), focus_areas=tuple(focus_areas))
