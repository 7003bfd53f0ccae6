"""Where a project's data is: the data directory, found from wherever a notebook runs."""

from __future__ import annotations

from pathlib import Path


def resolve_data_dir(data_dir: str | Path) -> Path:
    """The data directory: as given if it exists, else searched for upwards from here."""
    path = Path(data_dir)
    if (path / "plan").is_dir():
        return path.resolve()
    for parent in [Path.cwd(), *Path.cwd().parents]:
        if (parent / path / "plan").is_dir():
            return (parent / path).resolve()
    raise FileNotFoundError(f"Hittar ingen datakatalog {data_dir!s} med underkatalogen plan/.")
