"""Shared fixtures: the project root and small data directories made in the test (helpers
for making files are in tests/helpers.py and tests/reports.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.reports import YEAR, without_reports
from trygghet.intake.status_template import write_templates

#: The adopted plan 2022–2024 as plain text (see its README.md).
SEED = ROOT / "tests" / "fixtures" / "antagen-plan" / "handlingsplan-trygghet-2022-2024.txt"
#: The unit tests' own small project (see its README.md): a plan with one focus area,
#: values, example status reports and goal assessments. Rules are tested on it, not on
#: whatever the project's data/ holds today.
SMALL = ROOT / "tests" / "fixtures" / "small-project"


def reader_text(markdown: str) -> str:
    """Markdown with its backslash escapes resolved: the text as a reader sees it
    (data texts reach pages escaped, see trygghet.data.untrusted)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's data directory."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture
def small_copy(tmp_path: Path) -> Path:
    """A writable copy of the small project's data directory (tests/fixtures/small-project)."""
    target = tmp_path / "small" / "data"
    shutil.copytree(SMALL / "data", target)
    return target


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of everything the build reads (not _build, not .venv)."""
    target = tmp_path / "project"
    for name in ["data", "notebooks", "chapters", "_static", "_templates", "locale"]:
        shutil.copytree(ROOT / name, target / name)
    for name in ["_config.yml", "_toc.yml", "requirements.txt"]:
        shutil.copy2(ROOT / name, target / name)
    return target


@pytest.fixture
def status_data(data_copy: Path) -> Path:
    """The project's data without any status reports."""
    return without_reports(data_copy)


@pytest.fixture
def status_templates(status_data: Path, tmp_path: Path) -> Path:
    """Every committee's status template for the tests' year (tests.reports.YEAR)."""
    out = tmp_path / "mallar"
    write_templates(status_data, YEAR, out)
    return out
