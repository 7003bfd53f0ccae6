"""Errors shown to users: Swedish, naming file, row and column."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

# Swedish wording for the pydantic error types our data files can trigger.
_MESSAGES = {
    "missing": "värde saknas",
    "extra_forbidden": "okänt fält (stavfel?)",
    "string_type": "måste vara text",
    "string_pattern_mismatch": "har fel form (väntat mönster {pattern})",
    "int_parsing": "måste vara ett heltal",
    "int_type": "måste vara ett heltal",
    "int_from_float": "måste vara ett heltal",
    "float_parsing": "måste vara ett tal (decimalpunkt i filen, t.ex. 12.5)",
    "float_type": "måste vara ett tal",
    "finite_number": "måste vara ett ändligt tal",
    "greater_than_equal": "måste vara minst {ge}",
    "less_than_equal": "får vara högst {le}",
    "date_from_datetime_parsing": "måste vara ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "måste vara ett datum ÅÅÅÅ-MM-DD",
    "date_type": "måste vara ett datum ÅÅÅÅ-MM-DD",
    "literal_error": "måste vara ett av: {expected}",
    "list_type": "måste vara en lista",
    "model_type": "måste vara en post med fält",
    "dict_type": "måste vara en post med fält",
    "bool_parsing": "måste vara true eller false",
    "bool_type": "måste vara true eller false",
    "string_too_short": "får inte vara tomt",
    "greater_than": "måste vara större än {gt}",
    "less_than": "måste vara mindre än {lt}",
    "too_short": "har för få element",
    "value_error": "{error}",  # our own validators raise ValueError with a Swedish message
}
#: How a problem about a value left to fill in (a skeleton's placeholder) begins.
UNFILLED = "inte ifyllt"
# Any other pydantic error: a Swedish sentence, never the library's English text.
_FALLBACK = "har ett ogiltigt värde"


@dataclass(frozen=True)
class Problem:
    """One problem in one data file, located as precisely as we can."""

    file: Path
    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None  # the worksheet, when the file is an Excel workbook

    def __str__(self) -> str:
        where = [str(self.file)]
        if self.sheet is not None:
            where.append(f"blad '{self.sheet}'")
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column is not None:
            where.append(f"kolumn/fält '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


#: A broken file can have 200 000 bad rows; the first ones tell enough.
MAX_PRINTED_PROBLEMS = 20


def problem_lines(problems: list[Problem]) -> list[str]:
    """The problems as the user reads them: every value left to fill in (a skeleton's
    "FYLL I"), however many, then the first other problems and how many more there are."""
    unfilled = [str(p) for p in problems if p.message.startswith(UNFILLED)]
    others = [p for p in problems if not p.message.startswith(UNFILLED)]
    lines = unfilled + [str(p) for p in others[:MAX_PRINTED_PROBLEMS]]
    rest = len(others) - MAX_PRINTED_PROBLEMS
    if rest > 0:
        def count(n: int) -> str:
            return f"{n:,}".replace(",", " ")

        lines.append(f"… och {count(rest)} fel till ({count(len(problems))} fel totalt).")
    return lines


class UserError(Exception):
    """An error the user can put right (bad input, a refused request, a failed step).

    It carries its own Swedish message: ``trygghet`` prints :meth:`message` and exits with
    :attr:`exit_code`, never a traceback. Subclasses say what the failed command left as
    it was (:attr:`untouched`), or override :meth:`message`."""

    exit_code = 1
    #: What the failed command left as it was, said after the error.
    untouched = "Inget har skrivits."

    def message(self) -> str:
        return "\n".join(line for line in (f"Fel: {self}", self.untouched) if line)


class DataError(UserError):
    """Invalid input data. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def message(self) -> str:
        return "\n".join([*problem_lines(self.problems),
                          "Avbrutet: rätta felen ovan. Inget har skrivits."])


def swedish_message(error: dict) -> str:
    """Translate one pydantic error dict into Swedish, with the offending value."""
    template = _MESSAGES.get(error["type"], _FALLBACK)
    ctx = dict(error.get("ctx") or {})
    if isinstance(ctx.get("expected"), str):  # "'öka' or 'minska'" → "'öka' eller 'minska'"
        ctx["expected"] = ctx["expected"].replace(" or ", " eller ")
    if "error" in ctx:
        ctx["error"] = str(ctx["error"]).removeprefix("Value error, ")
    text = template.format(**ctx)
    value = error.get("input")
    if error["type"] not in {"missing", "extra_forbidden"} and isinstance(value, str | int | float):
        text += f" (angivet: {value!r})"
    return text


def problems_from_validation(
    err: ValidationError, file: Path, locate=None, row: int | None = None
) -> list[Problem]:
    """Turn a pydantic ValidationError into Problems.

    ``locate(loc) -> int | None`` maps an error location to a line number (YAML);
    ``row`` is used instead for CSV rows.
    """
    problems = []
    for e in err.errors():
        loc = tuple(e["loc"])
        line = locate(loc) if locate else row
        column = ".".join(str(p) for p in loc) if loc else None
        problems.append(Problem(file=file, row=line, column=column, message=swedish_message(e)))
    return problems


def header_problems(path: Path, header: list[str], columns: list[str]) -> list[Problem]:
    """A CSV header's missing and unknown columns (any order is fine), each on row 1."""
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    return ([Problem(path, f"kolumner saknas: {', '.join(missing)}", row=1)] if missing else []) \
        + ([Problem(path, f"okända kolumner: {', '.join(unknown)}", row=1)] if unknown else [])


def csv_error_message(err: Exception) -> str:
    """Python's csv.Error (English) as a Swedish sentence."""
    text = str(err)
    limit = re.search(r"field larger than field limit \((\d+)\)", text)
    if limit:
        return (f"ett fält är längre än {int(limit.group(1)):,} tecken".replace(",", " ")
                + " (saknas ett avslutande citattecken?)")
    if "unexpected end of data" in text or "EOF" in text:
        return "ett citattecken avslutas aldrig: filen tar slut inne i ett citerat fält"
    if "new-line character seen in unquoted field" in text:
        return "radslut mitt i ett fält; spara filen med vanliga radslut"
    if "expected after" in text:
        return "efter ett avslutande citattecken ska det komma ett kommatecken eller radslut"
    if "NUL" in text:
        return "filen innehåller NUL-tecken och är troligen inte en textfil (CSV)"
    return "filen följer inte CSV-formatet"


#: What an operating system error means, in Swedish, by its errno.
_OS_ERRORS = {
    errno.ENOSPC: "disken är full; frigör utrymme och kör kommandot igen",
    errno.EDQUOT: "diskkvoten är slut; frigör utrymme och kör kommandot igen",
    errno.EROFS: "filsystemet är skrivskyddat; kör kommandot där det går att skriva",
    errno.EACCES: "behörighet saknas; kontrollera rättigheterna för filen och mappen",
    errno.EPERM: "åtgärden är inte tillåten; kontrollera rättigheterna för filen och mappen",
    errno.EISDIR: "är en mapp, men en fil behövs här; flytta eller ta bort mappen",
    errno.ENOTDIR: "en del av sökvägen är en fil, men en mapp behövs där",
    errno.ENOENT: "finns inte",
    errno.EEXIST: "finns redan",
    errno.ENOTEMPTY: "mappen är inte tom",
    errno.ELOOP: "för många symboliska länkar i sökvägen",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.EIO: "läs- eller skrivfel på disken",
    errno.EMFILE: "för många öppna filer",
    errno.ENFILE: "för många öppna filer",
}


def os_error_message(err: OSError) -> str:
    """An operating system error as one Swedish sentence naming the path."""
    if err.errno is None:  # raised by our own code with a Swedish message
        return str(err)
    where = " → ".join(str(f) for f in (err.filename, err.filename2) if f is not None)
    return f"{where or 'okänd fil'}: {os_error_reason(err)}."


def os_error_reason(err: OSError) -> str:
    """Why the operating system refused, in Swedish (without the path)."""
    code = errno.errorcode.get(err.errno or 0, "okänt")
    return _OS_ERRORS.get(err.errno or 0, f"filsystemet svarade med ett fel ({code})")
