"""How it is going, as facts: the one computation behind the plain sentences that open the
start page, each edition's front page and each focus-area chapter, and behind the edition's
easy-to-read page (*Lättläst*).

:func:`situation` gathers, for an edition (and optionally one focus area), the judgements
the pages below already show: each indicator's development class since the baseline
(:func:`trygghet.analysis.trend.development`, the municipality, totals), how current the
values are, how many activities the committees have reported on and with which status, and
the verdicts of the goal assessment. Nothing here is a figure of its own: every count is a
count of one of those judgements, so that the sentences made from it can say no number the
page does not show. The words are made in :mod:`trygghet.present.situation`."""

from __future__ import annotations

from dataclasses import dataclass

from trygghet.analysis import trend
from trygghet.data import activities, assessments
from trygghet.data.project import Project


@dataclass(frozen=True)
class Situation:
    """The state of an edition (``focus_area`` None) or of one of its focus areas."""

    year: int
    focus_area: int | None
    baseline_year: int
    #: Development class (trend.LABELS) → the names of its indicators, in plan order.
    developments: dict[str, tuple[str, ...]]
    #: The latest year any of the indicators has a value for (up to ``year``), or None.
    latest_year: int | None
    activities: int  # how many activities the plan (or the focus area) has
    #: Status key → how many activities have it (reported statuses only, vocabulary order).
    statuses: dict[str, int]
    goals: tuple[str, ...]  # the goals' ids
    #: Verdict key → the ids of the goals with it (only verdicts given; no assessment: {}).
    verdicts: dict[str, tuple[str, ...]]
    assessed_by: str = ""

    @property
    def indicators(self) -> int:
        return sum(len(names) for names in self.developments.values())

    def count(self, label: str) -> int:
        return len(self.developments.get(label, ()))

    @property
    def improved(self) -> tuple[str, ...]:
        return self.developments.get(trend.POSITIVE, ())

    @property
    def worsened(self) -> tuple[str, ...]:
        return self.developments.get(trend.NEGATIVE, ())

    @property
    def reported(self) -> int:
        """How many activities have a report for the year."""
        return sum(self.statuses.values())

    @property
    def assessed(self) -> int:
        return sum(len(ids) for ids in self.verdicts.values())

    @property
    def values_behind(self) -> bool:
        """True when the newest value is older than the edition's year."""
        return self.latest_year is None or self.latest_year < self.year


def situation(project: Project, year: int, focus_area: int | None = None) -> Situation:
    """The facts of edition ``year`` (of ``project``'s plan for that year), for the whole
    plan or for focus area ``focus_area``."""
    plan = project.plan
    areas = plan.focus_areas if focus_area is None else [plan.focus_area(focus_area)]
    home = project.settings.municipality.code
    developments: dict[str, list[str]] = {label: [] for label in trend.LABELS}
    latest: list[int] = []
    for fa in areas:
        for planned in fa.indicators:
            indicator = project.indicators[planned.id]
            developments[trend.development(indicator, home, year).label].append(planned.name)
            found = indicator.latest(home, year)
            if found:
                latest.append(found[0])
    activity_ids = [a.id for fa in areas for a in fa.activities]
    reports = project.for_year(year).reports()
    counted = activities.count_statuses(reports, activity_ids)
    statuses = {s.key: n for s, n in counted.items() if n and s != activities.NOT_REPORTED}
    goals = tuple(g.id for fa in areas for g in fa.goals)
    assessment = project.for_year(year).assessment()
    verdicts: dict[str, list[str]] = {}
    if assessment is not None:
        for goal in goals:
            found = assessment.of(goal)
            if found is not None:
                verdicts.setdefault(found.verdict.key, []).append(goal)
    order = list(assessments.VERDICTS)
    return Situation(
        year=year, focus_area=focus_area,
        baseline_year=trend.baseline_year_for(plan.document.period.start),
        developments={k: tuple(v) for k, v in developments.items()},
        latest_year=max(latest, default=None),
        activities=len(activity_ids), statuses=statuses, goals=goals,
        verdicts={k: tuple(verdicts[k]) for k in order if k in verdicts},
        assessed_by=assessment.assessed_by if assessment else "")


__all__ = ["Situation", "situation"]
