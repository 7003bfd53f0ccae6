"""Notebooks stay thin, take their parameters, and run: papermill on a small
fixture and nbval over every notebook."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import papermill
import pytest
import yaml

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.md"))


def _code_cells(path: Path):
    return [c for c in jupytext.read(path).cells if c.cell_type == "code"]


def test_there_is_one_notebook_per_focus_area_and_an_overview():
    names = {p.stem for p in NOTEBOOKS}
    assert {f"fokusomrade-{i}" for i in range(1, 7)} | {"oversikt", "kommunjamforelse"} == names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_exactly_one_parameters_cell_of_literals(path):
    cells = _code_cells(path)
    params = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "papermill needs exactly one cell tagged 'parameters'"
    values = yaml.safe_load(params[0].source.replace(" = ", ": "))
    assert set(values) == {"year", "data_dir"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path):
    """No function definitions, loops, file reading or chart code inside notebooks."""
    source = "\n".join(c.source for c in _code_cells(path))
    for forbidden in ("def ", "class ", "for ", "open(", "read_csv", "plt.", "import pandas",
                      "matplotlib"):
        assert forbidden not in source, forbidden
    imports = [ln for ln in source.splitlines() if ln.startswith(("import ", "from "))]
    # Only the package's public loaders, computations and page parts; one import per step.
    assert imports and all(i.startswith("from trygghet") for i in imports)


def test_papermill_runs_a_chapter_with_the_given_year(tmp_path):
    """The injected year wins over the notebook's default (catches a misspelt tag)."""
    out = tmp_path / "fokusomrade-5.ipynb"
    papermill.execute_notebook(
        jupytext.read(ROOT / "notebooks" / "fokusomrade-5.md"), str(out),
        parameters={"year": 2022, "data_dir": str(ROOT / "data")}, cwd=str(tmp_path),
        kernel_name="python3", progress_bar=False,
    )
    # What the page shows: the Markdown outputs, with their backslash escapes resolved
    # (text from data files is escaped so that it can only be text).
    notebook = json.loads(out.read_text(encoding="utf-8"))
    shown = ["".join(o["data"]["text/markdown"]) for c in notebook["cells"]
             for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(shown))
    assert "Uppföljning 2022" in text
    assert "Uppföljning 2024" not in text
    # The chapter sums up each indicator and links to its page in the same edition.
    assert "915 per 100\u00a0000 invånare (2022)" in text
    assert "/editions/2022/indikatorer/anmalda-valdsbrott.md" in text


def test_national_comparison_names_the_municipalitys_rank_for_the_edition(tmp_path):
    """The chapter "<kommun> bland Sveriges kommuner" for 2022 places Västerås among the
    290 municipalities with 2022 values only, and shows its code folded, not removed."""
    out = tmp_path / "kommunjamforelse.ipynb"
    papermill.execute_notebook(
        jupytext.read(ROOT / "notebooks" / "kommunjamforelse.md"), str(out),
        parameters={"year": 2022, "data_dir": str(ROOT / "data")}, cwd=str(tmp_path),
        kernel_name="python3", progress_bar=False,
    )
    notebook = nbformat.read(out, as_version=4)
    shown = "\n".join(str(o.get("data", {}).get("text/markdown", ""))
                      + str(o.get("data", {}).get("text/html", ""))
                      for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))
    # The title names the municipality from settings.yml (a substitution the build fills in).
    assert notebook.cells[0].source == "# {{ municipality }} bland Sveriges kommuner"
    # Anmälda våldsbrott 2022: Västerås 914.6 per 100 000, place 183 of 290 (lowest is best).
    assert ("År 2022 hade Västerås plats\u00a0183 av\u00a0290 kommuner med ett värde "
            "(lägst värde är bäst).") in shown
    assert "Uppgift saknas" in shown  # indicators without national data are named
    assert (tmp_path / "figures" / "kommuner-anmalda-valdsbrott-2022.svg").exists()
    assert notebook.metadata["mystnb"]["remove_code_source"] is False
    folded = [c for c in notebook.cells if "hide-input" in c.metadata.get("tags", [])]
    assert any("positions(values, indicators)" in c.source for c in folded)


def test_nbval_runs_every_notebook(tmp_path):
    """nbval (lax: outputs are not stored in text notebooks) executes each notebook."""
    target = ROOT / "_build" / "nbval"
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for md in NOTEBOOKS:
        path = target / f"{md.stem}.ipynb"
        jupytext.write(jupytext.read(md), path)
        paths.append(str(path))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(target), *paths],
        capture_output=True, text=True, cwd=target, check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and " failed" not in proc.stdout
