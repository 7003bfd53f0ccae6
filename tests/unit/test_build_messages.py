"""A failed Jupyter Book run names the sources as the user knows them (issue 8)."""

from __future__ import annotations

from pathlib import Path

from trygghet.publish.build import Job, readable_problems

STAGING = Path("/prosjekt/_build/staging")
NOTEBOOK = Path("/prosjekt/notebooks/fokusomrade-1.md")
JOBS = [Job(NOTEBOOK, f"editions/{y}/fokusomrade-1.ipynb", y) for y in (2022, 2023, 2024)] + [
    Job(Path("/prosjekt/notebooks/oversikt.md"), f"editions/{y}/index.ipynb", y)
    for y in (2023, 2024)]
RED, RESET = "\x1b[91m", "\x1b[39;49;00m"


def test_broken_links_name_the_notebook_and_editions_without_colour_codes():
    output = "".join(
        f"{RED}{STAGING}/{page}: WARNING: unknown document: '{target}'{RESET}\n"
        for page, target in [
            ("chapters/bakgrund.md:18", "/chapters/finns-inte"),
            *((f"editions/{y}/fokusomrade-1.ipynb:160002", "/chapters/x") for y in (2023, 2024)),
            ("index.ipynb:160002", "/chapters/y"),  # the start page: the latest overview
        ]
    ) + "Running Sphinx v7.4.7\n"
    assert readable_problems(output, STAGING, JOBS) == [
        "chapters/bakgrund.md:18: WARNING: unknown document: '/chapters/finns-inte'",
        "notebooks/fokusomrade-1.md (utgåva 2023, 2024): WARNING: unknown document: '/chapters/x'",
        "notebooks/oversikt.md (utgåva 2024): WARNING: unknown document: '/chapters/y'",
    ]
