"""Notebooks stay thin, take their parameters, and run: papermill on a small
fixture and nbval over every notebook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import papermill
import pytest
import yaml

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.md"))


def _code_cells(path: Path):
    return [c for c in jupytext.read(path).cells if c.cell_type == "code"]


def test_there_is_one_notebook_per_focus_area_and_an_overview():
    names = {p.stem for p in NOTEBOOKS}
    assert {f"fokusomrade-{i}" for i in range(1, 7)} | {"oversikt"} == names


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
    assert len(imports) == 1 and imports[0].startswith("from trygghet")


def test_papermill_runs_a_chapter_with_the_given_year(tmp_path):
    """The injected year wins over the notebook's default (catches a misspelt tag)."""
    out = tmp_path / "fokusomrade-5.ipynb"
    papermill.execute_notebook(
        jupytext.read(ROOT / "notebooks" / "fokusomrade-5.md"), str(out),
        parameters={"year": 2022, "data_dir": str(ROOT / "data")}, cwd=str(tmp_path),
        kernel_name="python3", progress_bar=False,
    )
    text = out.read_text(encoding="utf-8")
    assert "Uppföljning 2022" in text
    assert "Uppföljning 2024" not in text
    # The chapter sums up each indicator and links to its page in the same edition.
    assert "915 per 100\u00a0000 invånare (2022)" in text
    assert "/editions/2022/indikatorer/anmalda-valdsbrott.md" in text


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
