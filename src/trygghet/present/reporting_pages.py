"""The edition's reporting pages: *Rapporteringsläge* (what has come in and what is still
missing, for citizens) and *Nytt sedan förra uppföljningen* (what changed since the
edition before), and the unit's checklist that ``trygghet status`` prints.

Both pages and the checklist come from one computation each
(:mod:`trygghet.analysis.reporting_state`, :mod:`trygghet.analysis.edition_changes`).
The pages are MyST Markdown from the templates ``rapporteringslage.md.j2`` and
``nytt-sedan-forra.md.j2`` (every value literal text), written by the build once per
edition into its cache (:func:`write_edition_pages`), like the indicator pages: no
notebook, no kernel."""

from __future__ import annotations

from pathlib import Path

from trygghet.analysis import trend
from trygghet.analysis.edition_changes import EditionChanges, Revision, edition_changes
from trygghet.analysis.reporting_state import (
    COMMITTEE,
    EXAMPLE,
    GOAL,
    INDICATOR,
    Check,
    ReportingState,
    reporting_state,
)
from trygghet.data.activities import Status
from trygghet.data.editions import chapter_doc, edition_dir, indicator_doc, plan_chapter_doc
from trygghet.data.indicators import SEX_LABELS
from trygghet.data.plan import Plan
from trygghet.data.project import EVERYTHING, NATIONAL, Project
from trygghet.present import lattlast, text
from trygghet.present.indicator_pages import raw_html
from trygghet.present.status_html import committee_doc, example_notice, status_table
from trygghet.present.tables import html_table
from trygghet.present.templating import Markup, render

STATUS_PAGE = "rapporteringslage"
STATUS_TITLE = "Rapporteringsläge"
CHANGES_PAGE = "nytt-sedan-forra"
CHANGES_TITLE = "Nytt sedan förra uppföljningen"

#: A check's state, always symbol + text (the status colours of the activity tables).
COMPLETE = Status("Klart", "✔", "status-done")
MISSING = Status("Saknas", "–", "status-not-reported")
EXAMPLE_DATA = Status("Ska bytas ut", "⚠", "status-delayed")


def status_doc(year: int) -> str:
    return f"{edition_dir(year)}/{STATUS_PAGE}"


def changes_doc(year: int) -> str:
    return f"{edition_dir(year)}/{CHANGES_PAGE}"


def check_state(check: Check) -> Status:
    if check.complete:
        return COMPLETE
    return EXAMPLE_DATA if check.kind == EXAMPLE else MISSING


# -- the unit's checklist (plain text for the terminal) ---------------------------------------

def checklist_text(state: ReportingState) -> str:
    """``trygghet status``: each check with its symbol and text, the missing things under
    it and, once per check, what to run."""
    lines = [f"Rapporteringsläge för uppföljningen {state.year}", ""]
    for check in state.checks:
        status = check_state(check)
        lines.append(f"{status.symbol} {check.title}: {status.key.lower()}. {check.summary}")
        for gap in check.gaps:
            lines.append(f"    - {gap.subject}: {gap.missing}.")
            if gap.expected:
                lines.append(f"      {gap.expected}")
        fixes = list(dict.fromkeys(step for gap in check.gaps for step in gap.fix.splitlines()))
        if fixes:
            lines.append("  Gör så här:")
            lines += [f"    {step}" for step in fixes]
        lines.append("")
    if state.complete:
        lines.append(f"Inget saknas: uppföljningen {state.year} kan publiceras. Spara sedan vad "
                     f"den visar med: trygghet snapshot --year {state.year}")
    else:
        missing = sum(not c.complete for c in state.checks)
        lines.append(f"{missing} av {len(state.checks)} kontroller visar att något saknas "
                     f"({state.gaps} punkter). Uppföljningen {state.year} är inte klar att "
                     "publicera.")
    return "\n".join(lines) + "\n"


def missing_text(state: ReportingState) -> str:
    """``trygghet snapshot``: what the edition still lacks when it is published (the gaps
    of ``trygghet status``, without the advice), or that nothing is missing."""
    if state.complete:
        return f"Inget saknas i uppföljningen {state.year}.\n"
    lines = [(f"Obs: uppföljningen {state.year} är inte komplett. Detta saknas ännu "
              f"({state.gaps} punkter, samma lista som trygghet status visar):")]
    for check in state.checks:
        if check.gaps:
            lines.append(f"{check_state(check).symbol} {check.title}:")
            lines += [f"    - {gap.subject}: {gap.missing}." for gap in check.gaps]
    return "\n".join(lines) + "\n"


# -- Rapporteringsläge ---------------------------------------------------------------------------

def _target(plan: Plan, link: tuple[str, str] | None, year: int) -> str | None:
    if link is None:
        return None
    kind, ident = link
    if kind == GOAL:
        focus_area = next(fa for fa in plan.focus_areas if ident in {g.id for g in fa.goals})
        return f"/{chapter_doc(year, focus_area.id)}.ipynb"
    doc = {COMMITTEE: committee_doc, INDICATOR: indicator_doc}[kind](year, ident)
    return f"/{doc}.md"


def status_markdown(project: Project, state: ReportingState) -> str:
    """The *Rapporteringsläge* page of edition ``state.year``."""
    project = project.for_year(state.year)
    plan, year = project.plan, project.year
    overview = status_table(f"Rapporteringsläget för uppföljningen {year}",
                            ["Underlag", "Läge"],
                            [[c.title, check_state(c)] for c in state.checks])
    notice = example_notice(project, project.years_shown())
    heading = {EXAMPLE: "Det här ska bytas ut:"}
    checks = [{
        "title": c.title,
        "state": f"{check_state(c).symbol} {check_state(c).key}",
        "summary": c.summary, "about": c.about,
        "gaps_heading": heading.get(c.kind, "Det här saknas:"),
        "gaps": [{"subject": g.subject, "target": _target(plan, g.link, year), "missing": g.missing,
                  "expected": g.expected} for g in c.gaps],
    } for c in state.checks]
    conclusion = ("Allt har kommit in." if state.complete else
                  f"Än så länge saknas något i {sum(not c.complete for c in state.checks)} av "
                  f"{len(state.checks)} delar.")
    chapter = plan.document.follow_up_chapter
    return str(render("rapporteringslage.md.j2", year=year, conclusion=conclusion,
                      notice=Markup(notice.content) if notice else "",
                      overview=Markup(raw_html(overview)), checks=checks,
                      follow_up=f"/{plan_chapter_doc(plan, chapter)}" if chapter else None))


# -- Nytt sedan förra uppföljningen ------------------------------------------------------------

def _label(label: str) -> str:
    return f"{trend.SYMBOLS[label]}{text.NBSP}{label}" if label in trend.SYMBOLS else label


def _value(project: Project, indicator: str, year: int, value: float | None) -> str:
    meta = project.indicators[indicator].meta
    return text.measured_value(text.format_value(value, meta.unit, meta.decimals_at(year)),
                               meta.value_needs_its_measure, meta.shown_as)


def _number(project: Project, indicator: str, year: int, value: float | None) -> str:
    """A value without its unit (the unit is in the row's heading): ``"12 650"``, ``".."``."""
    return text.format_number(value, project.indicators[indicator].meta.decimals_at(year))


def _years(years: tuple[int, ...]) -> str:
    return text.join_swedish([str(y) for y in years])


def _revision_subject(project: Project, r: Revision) -> str:
    meta = project.indicators[r.indicator].meta
    details = []
    name = r.name
    if meta.main_series is None or r.series != meta.main_series.id:
        details.append(meta.series_label(r.series))
    else:
        name = text.measured_name(name, meta.value_needs_its_measure, meta.shown_as)
    if r.sex != "T":
        details.append(SEX_LABELS[r.sex].lower())
    return text.heading_with_unit(", ".join([name, *details]), meta.unit)


def changes_markdown(project: Project, changes: EditionChanges) -> str:
    """The *Nytt sedan förra uppföljningen* page of edition ``changes.year``."""
    year, previous = changes.year, changes.previous
    home = project.settings.municipality.name
    if changes.has_snapshot:
        basis = (f"Jämförelsen görs med de värden och bedömningar som uppföljningen {previous} "
                 f"visade när den publicerades (sparade {changes.snapshot_frozen.isoformat()}).")
    else:
        basis = (f"Vilka värden uppföljningen {previous} visade sparades inte när den "
                 "publicerades. Därför jämförs här med dagens värden till och med "
                 f"{previous}, och värden som har ändrats i efterhand kan inte visas.")

    def target(indicator: str) -> str:
        return f"/{indicator_doc(year, indicator)}.md"

    new_values = []
    for item in changes.new_values:
        latest = ""
        if item.latest:
            latest = (f" Senaste värde: {_value(project, item.indicator, *item.latest)} "
                      f"({item.latest[0]}).")
        new_values.append({"name": item.name, "target": target(item.indicator),
                           "text": f"{'nytt värde' if len(item.years) == 1 else 'nya värden'} "
                                   f"för {_years(item.years)}.{latest}"})
    if new_values:
        new_values_intro = (f"{text.counted(len(new_values), 'indikator', 'indikatorer')} har värden för {home} som "
                            f"uppföljningen {previous} inte visade:")
    else:
        new_values_intro = f"Inga indikatorer har fått nya värden för {home} sedan uppföljningen {previous}."
    if not changes.has_snapshot:
        new_values_intro += (f" Som nya räknas bara värden för {year}: ett värde för ett "
                             f"tidigare år som har kommit in efter uppföljningen {previous} "
                             "går inte att skilja ut utan uppgift om vad den visade.")

    developments = [{"name": d.name, "target": target(d.indicator), "before": _label(d.before),
                     "after": _label(d.after)} for d in changes.development_changes]
    developments_intro = (
        f"Utvecklingen sedan utgångsåret bedöms annorlunda än i uppföljningen {previous} för "
        f"{text.counted(len(developments), 'indikator', 'indikatorer')} ({home}, totalt):" if developments else
        f"Ingen indikator har fått en annan bedömning av utvecklingen ({home}, totalt) än i "
        f"uppföljningen {previous}.")

    status_html = ""
    if not changes.reported:
        statuses_intro = (f"Nämnderna har inte rapporterat status för {year} ännu, så ingen "
                          "ändrad status kan visas.")
    else:
        statuses_intro = (
            f"{text.counted(len(changes.status_changes), 'aktivitet', 'aktiviteter')} har en annan status "
            f"{year} än {previous}."
            if changes.status_changes else
            f"Ingen aktivitet som hade en rapport {previous} har en annan status {year}.")
        if changes.first_reports:
            statuses_intro += (f" {text.counted(changes.first_reports, 'aktivitet', 'aktiviteter')} har en "
                               f"rapport för {year} "
                               f"men hade ingen för {previous}.")
        if changes.status_changes:
            status_html = raw_html(status_table(
                f"Aktiviteter med ändrad status från {previous} till {year}",
                ["Nr", "Aktivitet", f"Status {previous}", f"Status {year}"],
                [[c.activity.id, c.activity.text, c.before, c.after]
                 for c in changes.status_changes]))

    revisions_html, others = "", ""
    if changes.revisions is None:
        revisions_intro = (
            "Kan inte visas. Kolada och andra källor ändrar ibland värden för tidigare år. "
            f"För att visa det behövs en uppgift om vilka värden uppföljningen {previous} "
            "visade, och den sparades inte när uppföljningen publicerades. Sidorna visar "
            "alltid de värden som gäller i dag.")
    elif not changes.revisions:
        revisions_intro = (f"Inget av de värden för {home} som uppföljningen {previous} visade "
                           "har ändrats i efterhand.")
    else:
        revisions_intro = (f"{text.counted(len(changes.revisions), 'värde', 'värden')} för {home} som uppföljningen "
                           f"{previous} visade har ändrats i efterhand. Sidorna visar de värden "
                           "som gäller i dag.")
        revisions_html = raw_html(html_table(
            f"Värden för {home} som har ändrats sedan uppföljningen {previous}",
            ["Indikator", "År", f"Uppföljningen {previous}", "I dag"],
            [[_revision_subject(project, r), str(r.year),
              _number(project, r.indicator, r.year, r.before),
              "borttaget ur källan" if r.removed else _number(project, r.indicator, r.year, r.after)]
             for r in changes.revisions], numeric_columns=[1, 2, 3], stacked=True))
    if changes.other_revisions:
        counts = [f"{name} ({n})" for name, n in changes.other_revisions.items()]
        others = (f"Dessutom har {text.counted(sum(changes.other_revisions.values()), 'värde', 'värden')} för andra "
                  f"områden (riket och jämförelsekommunerna) ändrats: {text.join_swedish(counts)}.")

    # Nothing new: one sentence for the page, not five empty sections.
    nothing_new = not (new_values or developments or changes.status_changes
                       or changes.first_reports or changes.revisions or changes.other_revisions)
    # Statuses are shown only when the year has reports; then say which were examples.
    notice = (example_notice(project, list(changes.example_years))
              if changes.reported else None)
    return str(render(
        "nytt-sedan-forra.md.j2", year=year, previous=previous, basis=basis,
        nothing_new=nothing_new, home=home, reported=changes.reported,
        revisions_known=changes.revisions is not None,
        notice=Markup(notice.content) if notice else "",
        new_values_intro=new_values_intro, new_values=new_values,
        developments_intro=developments_intro, developments=developments,
        statuses_intro=statuses_intro, status_table=Markup(status_html),
        revisions_intro=revisions_intro, revisions_table=Markup(revisions_html), others=others,
        edition=Markup(edition_dir(year)), previous_edition=Markup(edition_dir(previous))))


# -- in the book -------------------------------------------------------------------------------

#: What the edition's reporting pages and its Lättläst page read (see trygghet.data.project).
READS = EVERYTHING - {NATIONAL}


def write_edition_pages(project: Project, out_dir: Path) -> None:
    """Write ``rapporteringslage.md``, ``lattlast.md`` (:mod:`trygghet.present.lattlast`)
    and (except for the first edition) ``nytt-sedan-forra.md`` of edition ``project.year``
    into ``out_dir``."""
    year = project.year
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{lattlast.PAGE}.md").write_text(lattlast.page_markdown(project, year),
                                                 encoding="utf-8")
    state = reporting_state(project, year)
    (out_dir / f"{STATUS_PAGE}.md").write_text(status_markdown(project, state), encoding="utf-8")
    changes = edition_changes(project, year)
    if changes is not None:
        (out_dir / f"{CHANGES_PAGE}.md").write_text(changes_markdown(project, changes),
                                                    encoding="utf-8")


def toc_entries(years: list[int], year: int) -> list[dict]:
    """The edition's two pages as _toc.yml entries (no *Nytt* page in the first edition)."""
    entries = [{"file": changes_doc(year), "title": CHANGES_TITLE}] if year > min(years) else []
    return [*entries, {"file": status_doc(year), "title": STATUS_TITLE}]


def links_markdown(years: list[int], year: int) -> str:
    """For the edition's start page: where to read what is new and what is missing."""
    return str(render("rapporteringslankar.md.j2", year=year, first=year == min(years),
                      changes=Markup(changes_doc(year)), status=Markup(status_doc(year)),
                      easy=Markup(lattlast.doc(year))))


__all__ = [
    "CHANGES_PAGE",
    "CHANGES_TITLE",
    "READS",
    "STATUS_PAGE",
    "STATUS_TITLE",
    "changes_doc",
    "changes_markdown",
    "checklist_text",
    "links_markdown",
    "status_doc",
    "status_markdown",
    "toc_entries",
    "write_edition_pages",
]
