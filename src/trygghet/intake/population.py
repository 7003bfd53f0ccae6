"""Import the population (Kolada N01951) for the areas in settings from the Kolada dump
into ``data/befolkning.csv``: the denominators behind every rate per 100 000."""

from __future__ import annotations

from pathlib import Path

from trygghet.data.files import write_files_atomically
from trygghet.data.indicators import POPULATION_KPI, population_path
from trygghet.data.settings import load_settings
from trygghet.intake.kolada import DEFAULT_RETRIEVED, SOURCE_NAME, read_dump_series, render_csv


def import_population(dump_dir: Path, data_dir: Path, retrieved: str = DEFAULT_RETRIEVED) -> Path:
    """Write ``data/befolkning.csv`` for the municipality, Riket and the comparison group."""
    return write_files_atomically(population_file(dump_dir, data_dir, retrieved))[0]


def population_file(dump_dir: Path, data_dir: Path, retrieved: str = DEFAULT_RETRIEVED
                    ) -> dict[Path, bytes]:
    """The content of ``data/befolkning.csv``, by path; reads everything, writes nothing."""
    areas = load_settings(data_dir).area_codes
    rows = read_dump_series(Path(dump_dir), POPULATION_KPI, areas, by_sex=False)
    rows.insert(1, "series", POPULATION_KPI)
    rows["source"] = SOURCE_NAME
    rows["retrieved"] = retrieved
    rows = rows.sort_values(["area_code", "year"], kind="stable")
    return {population_path(data_dir): render_csv(rows)}
