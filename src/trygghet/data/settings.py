"""Project settings (``data/settings.yml``): which municipality, Riket, comparison group, who
publishes the book and how readers reach them. Everything about the municipality that is not
the plan itself is here, so another municipality changes data, never code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from trygghet.data.plan import Strict
from trygghet.data.yamlio import load_model

KOMMUN_CODE = r"^\d{4}$"
#: A web address: http(s), no spaces or characters that could end a Markdown autolink.
WEB_ADDRESS = r"^https?://[^\s<>()\[\]`'\"\\]+$"
EMAIL = r"^[^\s<>()\[\]`'\"\\@]+@[^\s<>()\[\]`'\"\\@]+\.[A-Za-z]{2,}$"
URI, EMAIL_FORMAT = {"format": "uri"}, {"format": "email"}  # what the schema calls them


class Area(Strict):
    code: str = Field(pattern=KOMMUN_CODE, description=(
        "Områdets kod i Kolada och SCB, fyra siffror inom citattecken, t.ex. \"0180\" "
        "(Stockholm) eller \"0000\" (Riket)."))
    name: str = Field(min_length=1, description=(
        "Områdets namn som det visas i boken, t.ex. Stockholm eller Riket."))


class ComparisonGroup(Strict):
    id: str = Field(min_length=1, description=(
        "Kommungruppens id i Kolada, t.ex. G176393 (se Koladas lista över kommungrupper)."))
    name: str = Field(min_length=1, description=(
        "Gruppens fullständiga namn, t.ex. Liknande kommuner socioekonomi, Stockholm, 2024."))
    label: str | None = Field(default=None, description=(
        "Kort namn i diagram och tabeller, t.ex. Liknande kommuner. Utelämnas det används "
        "name."))
    members: list[Annotated[str, Field(pattern=KOMMUN_CODE)]] = Field(min_length=1, description=(
        "Kommunkoderna för gruppens kommuner (utom kommunen själv), t.ex. [\"0581\", \"0680\"]."))

    @property
    def short_name(self) -> str:
        return self.label or self.name


class Organisation(Strict):
    name: str = Field(min_length=1, description=(
        "Organisationen som ger ut webboken, t.ex. Uppsala kommun. Står i "
        "tillgänglighetsredogörelsen och som upphovsman i sidfoten."))
    unit: str | None = Field(default=None, description=(
        "Enheten som gör uppföljningen, t.ex. Hållbarhetsenheten (visas i sidfoten efter "
        "organisationen)."))


class Contact(Strict):
    """How readers reach the publisher: the accessibility statement requires it."""

    name: str = Field(min_length=1, description=(
        "Vem läsarna kontaktar om brister i tillgängligheten, t.ex. kommunens "
        "kontaktcenter."))
    phone: str | None = Field(default=None, description="Telefonnummer, t.ex. 018-727 00 00.")
    email: str | None = Field(default=None, pattern=EMAIL, json_schema_extra=EMAIL_FORMAT,
                              description=(
        "E-postadress, t.ex. kontaktcenter@kommun.se."))
    web: str | None = Field(default=None, pattern=WEB_ADDRESS, json_schema_extra=URI,
                           description=(
        "Webbadress som börjar med https://, t.ex. https://www.kommun.se."))

    @model_validator(mode="after")
    def _some_way_to_reach(self) -> Contact:
        if not (self.phone or self.email or self.web):
            raise ValueError("ange minst ett av phone, email och web, så att läsarna kan "
                             "rapportera brister i tillgängligheten")
        return self


class Website(Strict):
    address: str | None = Field(default=None, pattern=WEB_ADDRESS, json_schema_extra=URI,
                           description=(
        "Webbokens publicerade adress, t.ex. https://trygghet.kommun.se/. PDF-utgåvorna "
        "länkar dit; utelämnad anger de sökvägen i webboken."))
    repository: str | None = Field(default=None, pattern=WEB_ADDRESS, json_schema_extra=URI,
                           description=(
        "Projektets offentliga arkiv (git), t.ex. https://github.com/<organisation>/trygghet. "
        "Sidan Om data och metod hänvisar forskare dit; utelämnat hänvisar den till README."))


class Accessibility(Strict):
    updated: dt.date | None = Field(default=None, description=(
        "Dagen då tillgänglighetsredogörelsen senast granskades och uppdaterades (ÅÅÅÅ-MM-DD)."))
    known_issues: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description=(
            "Kända brister som gäller just den här bokens innehåll, en mening per brist "
            "(t.ex. att planens figurer inte återges). Visas efter de brister som gäller "
            "alla böcker."))


class Settings(Strict):
    municipality: Area = Field(description="Kommunen som planen gäller.")
    national: Area = Field(description=(
        "Riket, som kommunen jämförs med: code \"0000\" och name Riket."))
    comparison_group: ComparisonGroup = Field(description=(
        "Jämförelsegruppen: en av Koladas kommungrupper. Efter byte av grupp körs "
        "trygghet import-kolada (eller trygghet kolada) igen."))
    #: Counts (unit "antal") below this are shown as ".." everywhere (see trygghet.analysis.trend).
    suppress_counts_below: int = Field(default=5, ge=1, description=(
        "Antal (indikatorer med enheten antal) under denna gräns visas som .. i alla tabeller, "
        "diagram och nedladdningar, så att ingen siffra kan peka ut enskilda personer."))
    organisation: Organisation = Field(description="Vem som ger ut webboken.")
    contact: Contact = Field(description=(
        "Kontaktuppgifter för läsarna, i tillgänglighetsredogörelsen. Minst ett av phone, "
        "email och web ska anges."))
    website: Website = Field(default_factory=lambda: Website(), description=(
        "Webbokens adress och projektets arkiv (båda kan utelämnas)."))
    accessibility: Accessibility = Field(default_factory=lambda: Accessibility(), description=(
        "Uppgifter i tillgänglighetsredogörelsen som gäller just den här boken."))

    @property
    def area_codes(self) -> list[str]:
        """Every area the project imports: the municipality, Riket and the group."""
        codes = [self.municipality.code, self.national.code, *self.comparison_group.members]
        return list(dict.fromkeys(codes))


def load_settings(data_dir: Path) -> Settings:
    return load_model(Path(data_dir) / "settings.yml", Settings)
