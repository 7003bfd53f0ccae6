"""Project settings (``data/settings.yml``): which municipality, Riket, comparison group."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from trygghet.plan import Strict
from trygghet.yamlio import load_model


class Area(Strict):
    code: str = Field(pattern=r"^\d{4}$")
    name: str


class ComparisonGroup(Strict):
    id: str
    name: str
    members: list[str]


class Settings(Strict):
    municipality: Area
    national: Area
    comparison_group: ComparisonGroup

    @property
    def area_codes(self) -> list[str]:
        """Every area the project imports: the municipality, Riket and the group."""
        codes = [self.municipality.code, self.national.code, *self.comparison_group.members]
        return list(dict.fromkeys(codes))


def load_settings(data_dir: Path) -> Settings:
    return load_model(Path(data_dir) / "settings.yml", Settings)
