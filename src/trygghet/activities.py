"""Activity status: the vocabulary and the year's reported statuses.

Status reports live in ``data/activities/status-<year>.csv``. Until a year has
reports, every activity is shown as "Ej rapporterad"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from trygghet.errors import DataError, Problem


@dataclass(frozen=True)
class Status:
    """A status as shown to readers: always symbol and text together."""

    key: str
    symbol: str
    css: str

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.key}"


STATUSES: dict[str, Status] = {
    s.key: s
    for s in [
        Status("Genomförd", "✔", "status-done"),
        Status("Påbörjad", "◐", "status-started"),
        Status("Ej påbörjad", "○", "status-not-started"),
        Status("Försenad", "⚠", "status-delayed"),
        Status("Avförd", "✖", "status-removed"),
        Status("Ej rapporterad", "–", "status-not-reported"),
    ]
}
NOT_REPORTED = STATUSES["Ej rapporterad"]
STATUS_COLUMNS = ["activity", "status", "comment"]


@dataclass(frozen=True)
class Report:
    activity: str
    status: Status
    comment: str


def status_path(data_dir: Path, year: int) -> Path:
    return Path(data_dir) / "activities" / f"status-{year}.csv"


def report_years(data_dir: Path) -> list[int]:
    """Years that have a status file."""
    folder = Path(data_dir) / "activities"
    return sorted(int(p.stem.removeprefix("status-")) for p in folder.glob("status-*.csv"))


def load_reports(data_dir: Path, year: int) -> dict[str, Report]:
    """The year's reports by activity id; empty when the year has none."""
    path = status_path(data_dir, year)
    if not path.exists():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in STATUS_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError([Problem(path, f"kolumner saknas: {', '.join(missing)}", row=1)])
    problems, reports = [], {}
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        status = STATUSES.get(rec["status"].strip())
        if status is None:
            problems.append(
                Problem(path, f"okänd status {rec['status']!r}; tillåtna: {', '.join(STATUSES)}",
                        row=i, column="status")
            )
            continue
        reports[rec["activity"]] = Report(rec["activity"], status, rec["comment"])
    if problems:
        raise DataError(problems)
    return reports


def status_of(reports: dict[str, Report], activity_id: str) -> Report:
    return reports.get(activity_id, Report(activity_id, NOT_REPORTED, ""))
