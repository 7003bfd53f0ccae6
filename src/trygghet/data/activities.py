"""Activity status: the vocabulary, the year's status file and its checks.

Status reports live in ``data/activities/status-<year>.csv``: one row per
reported activity, written only by ``trygghet import-status`` (see
:mod:`trygghet.intake.status_import`), which keeps every received file outside git
(:mod:`trygghet.intake.raw_files`). Until a year has a report for an activity, the activity is
shown as "Ej rapporterad"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import PlainValidator

from trygghet.data.errors import DataError, Problem
from trygghet.data.files import read_text, write_atomically
from trygghet.data.import_log import LOG_FILE, logged_files
from trygghet.data.rows import FileYear, IsoDate, Row, TrueFalse, read_rows


@dataclass(frozen=True)
class Status:
    """A status as shown to readers: always symbol and text together."""

    key: str
    symbol: str
    css: str
    meaning: str = ""
    needs_reason: bool = False  # the report's comment must say why (Försenad, Avförd)

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.key}"

    @property
    def description(self) -> str:
        """What the status means, and what a report with it must say."""
        return f"{self.meaning}; skriv varför i kommentaren" if self.needs_reason \
            else self.meaning


STATUSES: dict[str, Status] = {
    s.key: s
    for s in [
        Status("Genomförd", "✔", "status-done", "aktiviteten är genomförd"),
        Status("Påbörjad", "◐", "status-started", "arbetet med aktiviteten pågår"),
        Status("Ej påbörjad", "○", "status-not-started", "arbetet har inte börjat"),
        Status("Försenad", "⚠", "status-delayed", "arbetet går långsammare än planerat",
               needs_reason=True),
        Status("Avförd", "✖", "status-removed", "aktiviteten genomförs inte",
               needs_reason=True),
        Status("Ej rapporterad", "–", "status-not-reported",
               "ansvarig nämnd har inte rapporterat status för året"),
    ]
}
NOT_REPORTED = STATUSES["Ej rapporterad"]
# What a committee can choose in its report ("Ej rapporterad" is the absence of a report).
REPORTABLE: tuple[Status, ...] = tuple(s for s in STATUSES.values() if s is not NOT_REPORTED)


def is_reportable(status: Status | None) -> bool:
    """True for a status a committee can report (not "Ej rapporterad", not unknown)."""
    return status in REPORTABLE


def allowed_statuses(separator: str = ", ") -> str:
    """The statuses a committee can choose, in order: for messages and the template's list."""
    return separator.join(s.key for s in REPORTABLE)


def needing_reason() -> str:
    """The statuses whose comment must say why, as a Swedish list ("Försenad och Avförd")."""
    keys = [s.key for s in REPORTABLE if s.needs_reason]
    return " och ".join([", ".join(keys[:-1]), keys[-1]]) if len(keys) > 1 else "".join(keys)


@dataclass(frozen=True)
class Report:
    """One activity's status for one year, as reported by its lead committee."""

    activity: str
    status: Status
    comment: str
    committee: str = ""
    reported_date: dt.date | None = None
    example: bool = False
    source: str = ""

    def same_content(self, other: Report) -> bool:
        """True when two reports say the same thing (where they came from aside)."""
        fields = ("activity", "status", "comment", "committee", "reported_date", "example")
        return all(getattr(self, f) == getattr(other, f) for f in fields)


#: The log of example data removed with ``trygghet ta-bort-exempel`` (trygghet.intake.examples),
#: one beside the status files and one beside the goal assessments.
EXAMPLE_REMOVAL_LOG = "borttagna-exempel.csv"


def status_path(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / "activities" / f"status-{year}.csv"


def report_years(data_dir: Path) -> list[int]:
    """Years that have a status file."""
    folder = Path(data_dir) / "activities"
    years = []
    for p in folder.glob("status-*.csv"):
        suffix = p.stem.removeprefix("status-")
        if suffix.isdigit():
            years.append(int(suffix))
    return sorted(years)


def clean_text(value: object) -> str:
    """Text as people type it, tidied: NFC, no non-breaking or stray outer spaces,
    Windows line ends made ``\\n``."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return text.strip()


def parse_status(value: object) -> Status | None:
    """The status a person meant: any capitalisation, extra spaces, with or without
    the symbol the book shows in front. ``None`` if it is not a status."""
    text = " ".join(clean_text(value).split())
    for s in STATUSES.values():
        if text.startswith(s.symbol + " "):
            text = text[len(s.symbol):].strip()
            break
    wanted = text.casefold()
    for s in STATUSES.values():
        if s.key.casefold() == wanted:
            return s
    return None


def activity_sort_key(activity_id: str) -> tuple[tuple[int, int, str], ...]:
    """Ids in the order a reader expects, whatever form the plan gives them: ``"1.10"``
    after ``"1.9"``, ``"A10"`` after ``"A9"`` (numbers by value, other parts by text)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.findall(r"\d+|\D+", activity_id))


# -- the status file ----------------------------------------------------------------------

def _reportable(value: object) -> Status:
    status = STATUSES.get(value) if isinstance(value, str) else value
    if not is_reportable(status):
        raise ValueError(f"okänd status {value!r}; tillåtna: {allowed_statuses()}")
    return status


class StatusRow(Row):
    """One row of ``status-<year>.csv``. ``source`` is the received file the row came from,
    as the import log names it. No contact person: the file is committed and personal data
    stays in the received files, which are not."""

    exact_header: ClassVar[bool] = False
    refused_columns: ClassVar[dict[str, str]] = {"contact": (
        "kolumnen contact ska inte finnas: kontaktpersoner är personuppgifter och sparas "
        "bara i de mottagna filerna, inte i data/. Ta bort kolumnen och checka in filen.")}
    key: ClassVar[tuple[str, ...]] = ("activity",)
    duplicate: ClassVar[str] = "aktivitet {activity} finns redan på rad {line}"

    year: FileYear
    activity: str
    committee: str
    status: Annotated[Status, PlainValidator(_reportable, json_schema_input_type=str)]
    comment: str
    reported_date: IsoDate | None
    example: TrueFalse
    source: str


#: The status file's columns, in order.
STATUS_COLUMNS = StatusRow.columns()


def read_status_file(path: Path, year: int) -> tuple[list[Report], list[Problem]]:
    """Read one status file strictly (it is written by the import, never by hand)."""
    try:
        rows = read_rows(path, StatusRow, {"year": year})
    except DataError as err:
        return [], err.problems
    return [Report(**{k: v for k, v in row if k != "year"}) for _, row in rows], []


def load_reports(data_dir: Path, year: int) -> dict[str, Report]:
    """The year's reports by activity id; empty when the year has none."""
    path = status_path(data_dir, year)
    if not path.exists():
        return {}
    reports, problems = read_status_file(path, year)
    if problems:
        raise DataError(problems)
    return {r.activity: r for r in reports}


def check_status_file(data_dir: Path, year: int, plan) -> list[Problem]:
    """Every problem in one year's status file, including what only the plan can tell:
    unknown activities, a committee that does not lead the activity, a received file the
    import log does not name,
    example rows mixed with real ones."""
    path = status_path(data_dir, year)
    reports, problems = read_status_file(path, year)
    if problems:
        return problems
    outside = plan.year_problem(year, path)  # else an edition of a year no plan follows up
    if outside:
        return [outside]
    activities = {a.id: a for a in plan.activities}
    logged = logged_files(Path(data_dir) / "activities" / LOG_FILE, year)
    rows = _row_numbers(path)
    for r in reports:
        line = rows.get(r.activity)
        activity = activities.get(r.activity)
        if activity is None:
            problems.append(Problem(path, f"aktivitet {r.activity!r} finns inte i planen",
                                    row=line, column="activity"))
        elif r.committee != activity.lead:
            problems.append(Problem(
                path, f"aktivitet {r.activity} leds av {activity.lead!r}, inte {r.committee!r}",
                row=line, column="committee"))
        if r.source and r.source not in logged:
            problems.append(Problem(
                path, f"den mottagna filen {r.source} finns inte i {LOG_FILE} för {year}",
                row=line, column="source"))
        if not r.source:
            problems.append(Problem(path, "källfil saknas (vilken mottagen fil raden kommer från)",
                                    row=line, column="source"))
    if len({r.example for r in reports}) > 1:
        problems.append(Problem(path, "exempeldata och riktiga rapporter får inte blandas i "
                                      "samma år", column="example"))
    return problems


def _row_numbers(path: Path) -> dict[str, int]:
    return {rec["activity"]: i for i, rec in
            enumerate(csv.DictReader(io.StringIO(read_text(path), newline="")), start=2)}


def status_file_content(year: int, reports: Iterable[Report]) -> bytes:
    """The year's status file, sorted by activity."""
    ordered = sorted(reports, key=lambda r: activity_sort_key(r.activity))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STATUS_COLUMNS)
    for r in ordered:
        writer.writerow([
            year, r.activity, r.committee, r.status.key, r.comment,
            r.reported_date.isoformat() if r.reported_date else "",
            "true" if r.example else "false", r.source,
        ])
    return buffer.getvalue().encode("utf-8")


def write_status_file(path: Path, year: int, reports: Iterable[Report]) -> None:
    """Write the year's status file, replacing it in one step."""
    write_atomically(path, status_file_content(year, reports))


# -- looking statuses up -------------------------------------------------------------------

def status_of(reports: dict[str, Report], activity_id: str) -> Report:
    return reports.get(activity_id, Report(activity_id, NOT_REPORTED, ""))


def is_example(reports: dict[str, Report]) -> bool:
    """True when the year's reports are example data, not the committees' reports."""
    return any(r.example for r in reports.values())


def example_years(data_dir: Path, years: Iterable[int]) -> list[int]:
    """Which of ``years`` have example data instead of real reports."""
    return [y for y in years if is_example(load_reports(data_dir, y))]


def status_history(data_dir: Path, years: Iterable[int]) -> dict[int, dict[str, Report]]:
    """Each year's reports by activity id, for following an activity across editions."""
    return {y: load_reports(data_dir, y) for y in years}


def count_statuses(reports: dict[str, Report], activity_ids: Iterable[str]) -> dict[Status, int]:
    """How many of the activities have each status, in the vocabulary's order (all statuses)."""
    counts = {s: 0 for s in STATUSES.values()}
    for a in activity_ids:
        counts[status_of(reports, a).status] += 1
    return counts
