"""Every edition's data package is a valid Frictionless Data Package: what a researcher
downloads opens in any tool that reads the standard, with the types and encodings it
declares (the issue's independent check ran `frictionless validate`; the suite runs it)."""

from __future__ import annotations

import csv

import pytest
from frictionless import validate

from tests.conftest import ROOT
from trygghet.data.assessments import assessment_years
from trygghet.data.editions import edition_years
from trygghet.data.project import Project
from trygghet.present.downloads import data_package_files

YEARS = edition_years(ROOT / "data")


@pytest.mark.parametrize("year", YEARS)
def test_the_data_package_validates(tmp_path, year):
    files = data_package_files(Project.load(ROOT / "data", year), year)
    # The goals' assessment is in the package when the edition has one.
    assert ("data/malbedomning.csv" in files) == (year in assessment_years(ROOT / "data"))
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    limit = csv.field_size_limit()
    try:
        report = validate(str(tmp_path / "datapackage.json"))
    finally:  # frictionless raises the process-wide CSV field limit; other tests rely on it
        csv.field_size_limit(limit)
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    problems += [error.message for error in report.errors]
    assert report.valid, "\n".join(problems[:20])
