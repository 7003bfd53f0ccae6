"""Notebooks show the analysis and take their parameters: one chapter notebook for every
focus area, papermill on it, the executed notebook shows its charts as images, it runs
against an unpacked data package, and nbval compares stored outputs with a rerun."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jupytext
import nbformat
import papermill
import pytest
import yaml

from tests.conftest import ROOT, reader_text
from trygghet.data.plan import load_plan
from trygghet.data.project import Project
from trygghet.present.downloads import write_data_package
from trygghet.publish.build import plan_jobs

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.md"))
CHAPTER = ROOT / "notebooks" / "fokusomrade.md"
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
PARAMETERS = {"fokusomrade": {"focus_area", "year", "data_dir"},
              "oversikt": {"year", "data_dir"}, "kommunjamforelse": {"year", "data_dir"}}


def _code_cells(path: Path):
    return [c for c in jupytext.read(path).cells if c.cell_type == "code"]


def _run(tmp_path: Path, **parameters) -> dict:
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(jupytext.read(CHAPTER), str(out), parameters=parameters,
                               cwd=str(tmp_path), kernel_name="python3", progress_bar=False)
    return json.loads(out.read_text(encoding="utf-8"))


def _outputs(notebook: dict, mime: str) -> str:
    return "\n".join("".join(o["data"][mime]) for c in notebook["cells"]
                     for o in c.get("outputs", []) if mime in o.get("data", {}))


def test_one_chapter_notebook_serves_every_focus_area():
    assert {p.stem for p in NOTEBOOKS} == {"fokusomrade", "oversikt", "kommunjamforelse"}
    plan = load_plan(ROOT / "data")
    jobs = [j for j in plan_jobs(ROOT, [2024]) if j.focus_area is not None]
    assert [j.focus_area for j in jobs] == [fa.id for fa in plan.focus_areas]
    assert {j.source for j in jobs} == {CHAPTER}
    assert [j.target for j in jobs] == [f"editions/2024/fokusomrade-{fa.id}.ipynb"
                                        for fa in plan.focus_areas]
    assert len({j.key for j in jobs}) == len(jobs)  # each focus area is its own cached run


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_exactly_one_parameters_cell_of_literals(path):
    cells = _code_cells(path)
    params = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "papermill needs exactly one cell tagged 'parameters'"
    values = yaml.safe_load(params[0].source.replace(" = ", ": "))
    assert set(values) == PARAMETERS[path.stem]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path):
    """No function definitions, loops, file reading or chart code inside notebooks."""
    source = "\n".join(c.source for c in _code_cells(path))
    for forbidden in ("def ", "class ", "for ", "open(", "read_csv", "plt.", "import pandas",
                      "matplotlib"):
        assert forbidden not in source, forbidden
    imports = [ln for ln in source.splitlines() if ln.startswith(("import ", "from "))]
    assert imports and all(ln.startswith(("from trygghet", "from myst_nb")) for ln in imports)


def test_chapter_code_is_shown_folded_from_csv_to_chart():
    """A researcher sees every step (only plumbing is removed), folded in the book."""
    cells = _code_cells(CHAPTER)
    visible = "\n".join(c.source for c in cells
                        if not {"remove-cell", "remove-input"} & set(c.metadata.get("tags", [])))
    for step in ("project.values(", "development_table(", "chart_data(", "draw_charts(",
                 "chapter.indicators(development, figures)"):
        assert step in visible, step
    assert all("hide-input" in c.metadata.get("tags", []) for c in cells
               if not {"remove-cell", "remove-input"} & set(c.metadata.get("tags", [])))
    assert "Project.load(data_dir, year, reads=FocusAreaChapter.READS)" in "\n".join(
        c.source for c in cells)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    assert sphinx["nb_remove_code_source"] is False
    assert sphinx["nb_code_prompt_show"] == "Visa koden"


@pytest.fixture(scope="module")
def chapter_2022(tmp_path_factory):
    """Fokusområde 5, edition 2022, run by papermill as the build does."""
    tmp = tmp_path_factory.mktemp("fa5")
    return _run(tmp, focus_area=5, year=2022, data_dir=str(ROOT / "data")), tmp


def test_papermill_runs_a_chapter_with_the_given_focus_area_and_year(chapter_2022):
    """The injected parameters win over the notebook's defaults (catches a misspelt tag)."""
    notebook, _ = chapter_2022
    text = reader_text(_outputs(notebook, "text/markdown"))
    assert load_plan(ROOT / "data").focus_area(5).title in text and "Uppföljning 2022" in text
    assert "Uppföljning 2024" not in text
    assert "Anmälda våldsbrott i Västerås var 915 per 100\u00a0000 invånare år 2022." in text
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
    shown = reader_text("\n".join(str(o.get("data", {}).get("text/markdown", ""))
                      + str(o.get("data", {}).get("text/html", ""))
                      for c in notebook.cells if c.cell_type == "code"
                      for o in c.get("outputs", [])))
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


def test_the_executed_notebook_shows_charts_as_images_and_tables_as_tables(chapter_2022):
    """Opened in Jupyter, the downloaded notebook shows its charts (no directives that
    point at files), each with alt text, a caption and the table of its figures."""
    notebook, _ = chapter_2022
    markdown = _outputs(notebook, "text/markdown")
    assert ":::{figure}" not in markdown
    html = _outputs(notebook, "text/html")
    figures = re.findall(r'<figure[^>]*><img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" '
                         r'alt="([^"]{40,})"[^>]*><figcaption>', html)
    assert figures and all(alt.startswith("Linjediagram över") for alt in figures)
    assert html.count('<details class="trygghet-data">') >= len(figures)
    assert 'class="dataframe"' in html  # the values and the development as tables
    assert "development_table" in "\n".join(
        "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")


def test_the_chapter_runs_against_an_unpacked_data_package(tmp_path):
    """Without the repository's data/: the edition's zip, unpacked, is enough."""
    package = write_data_package(Project.load(ROOT / "data", 2024), 2024, tmp_path / "zip")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "indikatorer-2024")
    notebook = _run(tmp_path, focus_area=1, year=2024, data_dir=str(tmp_path / "indikatorer-2024"))
    text = reader_text(_outputs(notebook, "text/markdown"))
    assert load_plan(ROOT / "data").focus_area(1).title in text
    assert "Valdeltagande i senaste kommunalvalet i Västerås var 79\u00a0% år 2022." in text
    assert "data:image/svg+xml;base64," in _outputs(notebook, "text/html")


def regenerate() -> None:  # pragma: no cover - run by hand after a deliberate change
    """Execute the fixture and store its outputs: python -m tests.notebooks.test_notebooks"""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        work = _fixture_folder(Path(tmp))
        papermill.execute_notebook(str(work / "analys-2022.ipynb"),
                                   str(FIXTURES / "analys-2022.ipynb"), cwd=str(work),
                                   kernel_name="python3", progress_bar=False)
    notebook = nbformat.read(FIXTURES / "analys-2022.ipynb", as_version=4)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("papermill", None)
    nbformat.write(notebook, FIXTURES / "analys-2022.ipynb")


def _fixture_folder(tmp_path: Path) -> Path:
    """A folder outside the repository with the 2022 data package unpacked and the fixture."""
    package = write_data_package(Project.load(ROOT / "data", 2022), 2022, tmp_path / "zip")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "indikatorer-2022")
    stored = FIXTURES / "analys-2022.ipynb"
    if stored.exists():
        shutil.copy(stored, tmp_path / "analys-2022.ipynb")
    else:
        jupytext.write(jupytext.read(FIXTURES / "analys-2022.md"), tmp_path / "analys-2022.ipynb")
    return tmp_path


def test_nbval_reruns_the_analysis_and_gets_the_stored_outputs(tmp_path):
    """nbval (strict) reruns the fixture in a temporary folder against an unpacked data
    package and compares every output with the stored one: values, development table."""
    work = _fixture_folder(tmp_path)
    notebook = nbformat.read(work / "analys-2022.ipynb", as_version=4)
    stored = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert len(stored) == 3, "the fixture keeps its outputs; regenerate() writes them"
    assert "Ingen tydlig förändring" in json.dumps(stored, ensure_ascii=False)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(work), str(work / "analys-2022.ipynb")],
        capture_output=True, text=True, cwd=work, check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "3 passed" in proc.stdout


if __name__ == "__main__":
    regenerate()
