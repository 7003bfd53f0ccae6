"""Each error a command can raise tells the user, in Swedish, what went wrong and what was
left as it was: its own message, not one chosen by a list in the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from trygghet.cli import main
from trygghet.data.errors import MAX_PRINTED_PROBLEMS, DataError, Problem
from trygghet.data.lock import LockBusyError
from trygghet.intake.kolada import KoladaImportError
from trygghet.intake.kolada_api import KoladaApiError
from trygghet.intake.new_project import NewProjectError
from trygghet.publish.build import BuildError
from trygghet.publish.pdf import PdfError


def _raiser(err: Exception):
    def raise_it(*args, **kwargs):
        raise err
    return raise_it


# (command, function it calls, error raised there, what the user must read, must not read)
CASES = {
    "build": (["build"], "trygghet.publish.build.build", BuildError("Steget X misslyckades."),
              "Den tidigare byggda webbplatsen är orörd.", "datafilerna"),
    "pdf": (["pdf"], "trygghet.publish.pdf.build_pdfs", PdfError("Chromium saknas."),
            "Tidigare skrivna PDF-filer är orörda.", "webbplatsen"),
    "import-kolada": (["import-kolada", "--dump", "dump"],
                      "trygghet.intake.kolada_national.national_files",
                      KoladaImportError("Filen saknas i dumpen."),
                      "Inget har skrivits; de befintliga datafilerna är orörda.", "webbplatsen"),
    # An import error raised while fetching from the API: it said the site was untouched.
    "kolada-import": (["kolada", "--year", "2023"], "trygghet.intake.kolada_api.fetch_to_files",
                      KoladaImportError("Okänd kommun 9999."),
                      "Inget har skrivits; de befintliga datafilerna är orörda.", "webbplatsen"),
    "kolada-api": (["kolada", "--year", "2023"], "trygghet.intake.kolada_api.fetch_to_files",
                   KoladaApiError("Kunde inte hämta data från Kolada."),
                   "Inget har skrivits; de befintliga datafilerna är orörda.", "webbplatsen"),
    "ny-plan": (["ny-plan", "ny", "--kommun", "0180"], "trygghet.intake.new_project.new_project",
                NewProjectError("Katalogen är inte tom."), "Inget har skrivits.", "webbplatsen"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_error_says_what_was_left_as_it_was(case: str, tmp_path: Path, monkeypatch,
                                                   capsys) -> None:
    argv, target, error, untouched, unrelated = CASES[case]
    (tmp_path / "data").mkdir()  # the commands writing data/ lock it first
    monkeypatch.setattr("trygghet.publish.build.build", lambda *a, **k: tmp_path)
    monkeypatch.setattr(target, _raiser(error))
    assert main(["--root", str(tmp_path), *argv]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [f"Fel: {error}", untouched]
    assert unrelated not in err


def test_a_busy_lock_says_so_once(tmp_path: Path, monkeypatch, capsys) -> None:
    busy = LockBusyError("Ett annat kommando skriver i data och blev inte klart inom 1 "
                         "sekunder. Vänta tills det är klart och försök igen; inget har ändrats.")
    monkeypatch.setattr("trygghet.publish.build.build", _raiser(busy))
    assert main(["--root", str(tmp_path), "build"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"Fel: {busy}"]


def test_data_error_lists_the_first_problems_and_counts_the_rest(tmp_path: Path, monkeypatch,
                                                                 capsys) -> None:
    file = tmp_path / "data" / "värden.csv"
    problems = [Problem(file, "måste vara ett tal", row=n, column="value")
                for n in range(2, MAX_PRINTED_PROBLEMS + 7)]
    monkeypatch.setattr("trygghet.publish.build.build", _raiser(DataError(problems)))
    assert main(["--root", str(tmp_path), "build"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"{file}, rad 2, kolumn/fält 'value': måste vara ett tal"
    assert lines[MAX_PRINTED_PROBLEMS:] == [
        f"… och 5 fel till ({MAX_PRINTED_PROBLEMS + 5} fel totalt).",
        "Avbrutet: rätta felen ovan. Inget har skrivits."]


def test_an_error_that_is_no_users_error_shows_its_traceback(tmp_path: Path,
                                                             monkeypatch) -> None:
    monkeypatch.setattr("trygghet.publish.build.build", _raiser(ZeroDivisionError("bug")))
    with pytest.raises(ZeroDivisionError):
        main(["--root", str(tmp_path), "build"])
