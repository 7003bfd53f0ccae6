"""Project settings (``data/settings.yml``): which municipality, Riket, comparison group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from trygghet.data.plan import Strict
from trygghet.data.yamlio import load_model


class Area(Strict):
    code: str = Field(pattern=r"^\d{4}$")
    name: str


class ComparisonGroup(Strict):
    id: str
    name: str
    #: Short name for chart labels and tables, e.g. "Liknande kommuner".
    label: str | None = None
    members: list[Annotated[str, Field(pattern=r"^\d{4}$")]] = Field(min_length=1)

    @property
    def short_name(self) -> str:
        return self.label or self.name


class Settings(Strict):
    municipality: Area
    national: Area
    comparison_group: ComparisonGroup
    #: Counts (unit "antal") below this are shown as ".." everywhere (see trygghet.analysis.trend).
    suppress_counts_below: int = Field(default=5, ge=1)

    @property
    def area_codes(self) -> list[str]:
        """Every area the project imports: the municipality, Riket and the group."""
        codes = [self.municipality.code, self.national.code, *self.comparison_group.members]
        return list(dict.fromkeys(codes))


def load_settings(data_dir: Path) -> Settings:
    return load_model(Path(data_dir) / "settings.yml", Settings)
