"""What is missing from an edition before it is published: the one computation behind
``trygghet status --year ÅR`` (a checklist for the unit) and the book's page
*Rapporteringsläge* (the same list, for citizens).

Each check in :data:`CHECKS` looks at one kind of input and returns a :class:`Check`:
what has come in (``summary``), how that input works (``about``) and one :class:`Gap`
per thing still missing, with where and when it is expected (``expected``, for readers)
and what the unit runs to fix it (``fix``). The texts are Swedish clauses built from
data; the CLI and the page only arrange them. A new kind of input is one more function
in :data:`CHECKS`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from trygghet.data import layout
from trygghet.data.indicators import Indicator
from trygghet.data.layout import COMMAND
from trygghet.data.project import Project
from trygghet.data.snapshots import MissingItem

#: What a check's gaps are: something that has not come in, or example data that must
#: be replaced before publishing.
MISSING, EXAMPLE = "saknas", "exempel"

#: What a gap is about, so a page can link to it: committee, indicator, or goal (the page
#: is its focus area's chapter, where the assessment stands).
COMMITTEE, INDICATOR, GOAL = "committee", "indicator", "goal"


@dataclass(frozen=True)
class Gap:
    """One thing missing from the edition."""

    subject: str  # who or what: "Kulturnämnden", "Anmälda brott totalt"
    missing: str  # what is missing, a clause for readers: "status för aktivitet 3.2, 3.4"
    expected: str  # where it comes from and when, for readers ("": as the check's ``about``)
    fix: str  # what the unit runs (one line per step)
    link: tuple[str, str] | None = None  # (COMMITTEE, INDICATOR or GOAL, id): its page


@dataclass(frozen=True)
class Check:
    key: str
    title: str  # "Nämndernas statusrapporter"
    summary: str  # what has come in: "10 av 14 nämnder har rapporterat …"
    about: str  # how this input works, for readers
    gaps: tuple[Gap, ...]
    kind: str = MISSING

    @property
    def complete(self) -> bool:
        return not self.gaps


@dataclass(frozen=True)
class ReportingState:
    year: int
    checks: tuple[Check, ...]

    @property
    def complete(self) -> bool:
        return all(c.complete for c in self.checks)

    @property
    def gaps(self) -> int:
        return sum(len(c.gaps) for c in self.checks)


def _ids(items: list[str]) -> str:
    return ", ".join(items)


# -- the checks ------------------------------------------------------------------------------

def committee_reports(project: Project, year: int) -> Check:
    """Committees that have not reported status for every activity they lead."""
    plan = project.plan
    reports = project.for_year(year).reports()
    gaps, leading = [], 0
    for committee in plan.committees:
        led = [a.id for a in plan.activities if a.lead == committee.id]
        if not led:
            continue
        leading += 1
        missing = [a for a in led if a not in reports]
        if missing:
            what = "aktivitet" if len(missing) == 1 else "aktiviteterna"
            gaps.append(Gap(
                committee.name,
                f"status för {year} saknas för {what} {_ids(missing)}" if len(missing) < len(led)
                else f"ingen rapport för {year} ({what} {_ids(missing)})",
                "",
                _intake_fix("templates", "import-status", year, layout.STATUS),
                (COMMITTEE, committee.id)))
    total = len(plan.activities)
    reported = sum(a.id in reports for a in plan.activities)
    return Check(
        "statusrapporter", "Nämndernas statusrapporter",
        f"{leading - len(gaps)} av {leading} nämnder har rapporterat status för alla sina "
        f"aktiviteter. {reported} av {total} aktiviteter har en rapport för {year}.",
        "Varje aktivitet har en ansvarig nämnd, som rapporterar aktivitetens status till "
        "uppföljningen varje år. En aktivitet utan rapport visas som Ej rapporterad.",
        tuple(gaps))


def _intake_fix(template: str, intake: str, year: int, kind: str) -> str:
    """The two steps of a template's round trip, with the folders the commands use."""
    out = layout.shown(layout.templates_dir(Path(), year, kind), Path())
    back = layout.shown(layout.received_dir(Path(), year, kind), Path())
    return (f"{COMMAND} {template} --year {year}  (skriver mallen i {out}/)\n"
            f"{COMMAND} {intake} --year {year}  (läser de ifyllda filerna i {back}/)")


def _has_current_value(indicator: Indicator, home: str, year: int) -> bool:
    """A value (also a suppressed small count) of the main series for ``year`` or the year
    before; for a source that measures every few years, the latest measurement."""
    meta = indicator.meta
    main = meta.main_series
    if main is None:
        return False
    first = year - 1
    if meta.measurement_cycle is not None:
        first = min(first, meta.measurement_cycle.measured_year(year))
    values = indicator.values
    rows = values[(values["series"] == main.id) & (values["area_code"] == home)
                  & (values["sex"] == "T") & values["year"].between(first, year)]
    return bool((rows["value"].notna() | rows["suppressed"]).any())


def _value_source(indicator: Indicator, year: int) -> tuple[str, str]:
    """Where a missing value comes from and when (for readers), and what the unit runs."""
    meta = indicator.meta
    main = meta.main_series
    when = f" Publiceras: {meta.publication[0].lower()}{meta.publication[1:]}." \
        if meta.publication else ""
    if main is not None and main.kolada_kpi:
        kpis = _ids([s.kolada_kpi for s in meta.kolada_series])
        return (f"Värdet hämtas från Kolada (nyckeltal {kpis}) när det har publicerats.{when}",
                f"{COMMAND} kolada --year {year - 1}-{year}  (när Kolada har publicerat året)")
    planned = meta.missing.planned_source if meta.missing else ""
    if main is not None and main.own_source:
        return (planned or "Värdet kommer från stadens egna källor.",
                _intake_fix("indicator-template", "import-values", year, layout.VALUES))
    return (planned or "Ingen källa är angiven.",
            f"ange en serie (kolada_kpi eller own_source) i data/indicators/{meta.id}.yml")


def indicator_values(project: Project, year: int) -> Check:
    """Indicators with no value for the year or the year before."""
    home = project.settings.municipality.code
    gaps = []
    planned = project.plan.indicators
    for p in planned:
        indicator = project.indicators[p.id]
        if _has_current_value(indicator, home, year):
            continue
        latest = indicator.latest(home, year)
        expected, fix = _value_source(indicator, year)
        gaps.append(Gap(
            p.name,
            f"inget värde för {year} eller {year - 1}"
            + (f" (det senaste är från {latest[0]})" if latest else ", och inga tidigare värden"),
            expected, fix, (INDICATOR, p.id)))
    return Check(
        "indikatorvarden", "Indikatorernas värden",
        f"{len(planned) - len(gaps)} av {len(planned)} indikatorer har ett värde för {year} "
        f"eller {year - 1}.",
        "Värdena kommer från Kolada, när Kolada har publicerat dem, eller från stadens egna "
        "undersökningar och register.",
        tuple(gaps))


def example_statuses(project: Project, year: int) -> Check:
    """Example status reports in the years the edition shows (its status history)."""
    years = [y for y in project.edition_years(only_this_plan=True) if y <= year]
    example = project.for_year(year).example_years(years)
    gaps = tuple(Gap(
        f"Statusrapporterna {y}",
        "är påhittade exempel, inte nämndernas rapporter",
        "Exemplen byts mot nämndernas riktiga rapporter när de har lästs in.",
        f"{COMMAND} import-status --year {y} --replace  (läser de ifyllda filerna i "
        f"{layout.shown(layout.received_dir(Path(), y, layout.STATUS), Path())}/)\n"
        f"{COMMAND} ta-bort-exempel --year {y} --status  (om inga rapporter kommer)")
        for y in example)
    shown = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(year)
    return Check(
        "exempel-status", "Exempeldata i statusrapporterna",
        (f"Exempeldata finns i statusrapporterna för {', '.join(map(str, example))}."
         if example else f"Inga exempel: statusrapporterna {shown} är nämndernas egna."),
        "Exempeldata visar hur uppföljningen fungerar innan de riktiga rapporterna finns. "
        "Varje sida som visar exempel säger det.",
        gaps, kind=EXAMPLE)


def goal_assessments(project: Project, year: int) -> Check:
    """Goals of the plan without an assessment for the edition."""
    assessment = project.for_year(year).assessment()
    goals = project.plan.goals
    missing = assessment.missing(project.plan) if assessment else goals
    gaps = tuple(Gap(
        f"Mål {goal.id}", f"ingen bedömning för {year}", "",
        _intake_fix("assessment-template", "import-assessments", year, layout.ASSESSMENTS),
        (GOAL, goal.id)) for goal in missing)
    return Check(
        "malbedomningar", "Bedömningen av målen",
        f"{len(goals) - len(missing)} av {len(goals)} mål har en bedömning för {year}.",
        f"{project.plan.document.coordinator or 'Den som samordnar planen'} bedömer varje mål "
        "i planen inför uppföljningen: uppfyllt, delvis uppfyllt, inte uppfyllt eller går inte "
        "att bedöma, med en analys. Ett mål utan bedömning visas som Ingen bedömning ännu.",
        gaps)


def example_assessments(project: Project, year: int) -> Check:
    """An edition whose goal assessments are examples."""
    assessment = project.for_year(year).assessment()
    example = assessment is not None and assessment.example
    gaps = (Gap(f"Bedömningen av målen {year}", "är påhittade exempel, inte "
                "den riktiga bedömningen",
                "Exemplen byts mot den riktiga bedömningen när den har lästs in.",
                f"{COMMAND} import-assessments --year {year} --replace  (läser den ifyllda "
                f"filen i {layout.shown(layout.received_dir(Path(), year, layout.ASSESSMENTS), Path())}/)\n"
                f"{COMMAND} ta-bort-exempel --year {year} --bedomningar  (om ingen bedömning "
                "kommer)"),
            ) if example else ()
    return Check(
        "exempel-bedomning", "Exempeldata i bedömningen av målen",
        f"Bedömningen av målen för {year} är exempel." if example
        else f"Inga exempel i bedömningen av målen för {year}.",
        "Exempeldata visar hur uppföljningen fungerar innan den riktiga bedömningen finns. "
        "Varje sida som visar exempel säger det.",
        gaps, kind=EXAMPLE)


#: The checks, in the order the CLI and the page show them. A new kind of input is one
#: more function ``(project, year) -> Check`` here.
CHECKS: list[Callable[[Project, int], Check]] = [
    committee_reports,
    indicator_values,
    goal_assessments,
    example_statuses,
    example_assessments,
]


def reporting_state(project: Project, year: int | None = None) -> ReportingState:
    """Everything missing from edition ``year`` (standard: the project's), check by check."""
    project = project if year is None else project.for_year(int(year))
    year = project.year
    return ReportingState(int(year), tuple(check(project, int(year)) for check in CHECKS))


def missing_items(state: ReportingState) -> tuple[MissingItem, ...]:
    """The state's gaps as the snapshot records them: what was still missing when the
    edition was published (``trygghet snapshot``, :mod:`trygghet.data.snapshots`)."""
    return tuple(MissingItem(check.key, check.kind, gap.subject, gap.missing)
                 for check in state.checks for gap in check.gaps)


__all__ = ["CHECKS", "COMMITTEE", "EXAMPLE", "GOAL", "INDICATOR", "MISSING", "Check", "Gap",
           "ReportingState", "committee_reports", "example_assessments", "example_statuses",
           "goal_assessments", "indicator_values", "missing_items", "reporting_state"]
