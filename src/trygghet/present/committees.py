"""The committee view: one page per committee and edition, listing the activities it leads
and those it shares, with status, so each nämnd sees its own part of the plan.

The pages are plain MyST Markdown written by the build (no notebook, no kernel), from
templates. Text from status reports reaches them only inside raw HTML blocks made by
:mod:`trygghet.present.status_html`, already escaped: Markdown and MyST never see a comment."""

from __future__ import annotations

from pathlib import Path

from trygghet.data import activities
from trygghet.data.editions import chapter_doc
from trygghet.data.plan import Committee, Plan
from trygghet.data.project import Project
from trygghet.present.status_html import (
    Part,
    co_responsible,
    committee_doc,
    example_notice,
    history_part,
    status_table,
    summary_sentence,
    summary_table,
)
from trygghet.present.templating import plain
from trygghet.present.templating import render as template

INDEX_TITLE = "Nämndernas aktiviteter"


def committees_with_activities(plan: Plan) -> list[Committee]:
    """Committees that lead or share at least one activity, in the registry's order."""
    involved = {c for a in plan.activities for c in [a.lead, *a.co_responsible]}
    return [c for c in plan.committees if c.id in involved]


def toc_entry(plan: Plan, year: int) -> dict:
    """The edition's committee pages as one _toc.yml section with a page per committee."""
    return {
        "file": committee_doc(year),
        "title": INDEX_TITLE,
        "sections": [{"file": committee_doc(year, c.id), "title": c.name}
                     for c in committees_with_activities(plan)],
    }


def render(parts: list[Part]) -> str:
    """MyST Markdown: our Markdown as is, reported text only inside raw HTML blocks."""
    blocks = []
    for part in parts:
        if part.kind == "html":
            assert "\n" not in part.content  # one line: nothing can close the block early
            blocks.append(template("raw-html.md.j2", html=part.content))
        else:
            blocks.append(part.content)
    return "\n\n".join(b.rstrip("\n") for b in blocks) + "\n"


def committee_parts(project: Project, committee: Committee) -> list[Part]:
    plan, year = project.plan, project.year
    reports = project.reports()
    leads = [a for a in plan.activities if a.lead == committee.id]
    shares = [a for a in plan.activities if committee.id in a.co_responsible]
    years = project.years_shown()
    role = (f"ansvarar för {len(leads)} av planens aktiviteter och är medansvarig i "
            f"{len(shares)}" if leads else
            f"är medansvarig i {len(shares)} av planens aktiviteter men ansvarig nämnd för ingen")
    parts = [Part("markdown", template("committee-intro.md.j2", name=committee.name, year=year,
                                     role=role))]
    notice = example_notice(project, years)
    if notice:
        parts.append(notice)

    parts.append(Part("markdown", template("heading.md.j2", level=2,
                                         text="Aktiviteter som nämnden ansvarar för")))
    if leads:
        ids = [a.id for a in leads]
        parts += [
            Part("markdown", plain(summary_sentence(reports, ids))),
            Part("html", summary_table(f"Antal aktiviteter som {committee.name} ansvarar för, "
                                       f"per status {year}", reports, ids)),
            Part("html", status_table(
                f"Aktiviteter som {committee.name} ansvarar för, med status {year}",
                ["Nr", "Aktivitet", "Medansvariga", f"Status {year}", "Kommentar"],
                [[a.id, a.text, co_responsible(plan, a), activities.status_of(reports, a.id).status,
                  activities.status_of(reports, a.id).comment or "–"] for a in leads])),
        ]
    else:
        parts.append(Part("markdown", plain(f"{committee.name} är inte ansvarig nämnd för "
                                            "någon aktivitet i planen.")))

    parts.append(Part("markdown", template("heading.md.j2", level=2,
                                         text="Aktiviteter där nämnden är medansvarig")))
    if shares:
        parts.append(Part("html", status_table(
            f"Aktiviteter där {committee.name} är medansvarig, med status {year}",
            ["Nr", "Aktivitet", "Ansvarig nämnd", f"Status {year}", "Kommentar"],
            [[a.id, a.text, plan.committee_name(a.lead),
              activities.status_of(reports, a.id).status,
              activities.status_of(reports, a.id).comment or "–"] for a in shares])))
    else:
        parts.append(Part("markdown", plain(f"{committee.name} är inte medansvarig i någon "
                                            "aktivitet.")))

    both = leads + [a for a in shares if a not in leads]
    roles = {a.id: "Ansvarig" if a.lead == committee.id else "Medansvarig" for a in both}
    parts += [
        Part("markdown", template("heading.md.j2", level=2, text="Status år för år")),
        history_part(f"Status år för år för aktiviteter där {committee.name} ansvarar eller är "
                     f"medansvarig, {years[0]}–{years[-1]}", project, both, years,
                     extra=roles, extra_header="Nämndens roll"),
    ]
    focus_areas = [{"label": f"{fa.id}. {fa.title}",
                    "target": f"project:/{chapter_doc(year, fa.id)}.ipynb"}
                   for fa in plan.focus_areas if any(a in fa.activities for a in both)]
    parts.append(Part("markdown", template("committee-focus-areas.md.j2", focus_areas=focus_areas)))
    return parts


def index_parts(project: Project) -> list[Part]:
    plan, year = project.plan, project.year
    reports = project.reports()
    parts = [Part("markdown", template("committee-index-intro.md.j2", title=INDEX_TITLE,
                                     year=year))]
    notice = example_notice(project, project.years_shown())
    if notice:
        parts.append(notice)
    rows, links = [], []
    for c in committees_with_activities(plan):
        leads = [a.id for a in plan.activities if a.lead == c.id]
        shares = [a.id for a in plan.activities if c.id in a.co_responsible]
        counts = activities.count_statuses(reports, leads)
        rows.append([c.name, str(len(leads)), str(len(shares)),
                     ", ".join(f"{s.label}: {n}" for s, n in counts.items() if n) or "–"])
        links.append({"name": c.name, "target": f"project:/{committee_doc(year, c.id)}.md"})
    parts += [
        Part("html", status_table(
            f"Nämnderna: antal aktiviteter de ansvarar för och är medansvariga i, och status "
            f"{year} för dem de ansvarar för",
            ["Nämnd", "Ansvarar för", "Medansvarig i", f"Status {year} (ansvarar för)"], rows,
            numeric_columns=[1, 2])),
        Part("markdown", template("committee-index-links.md.j2", committees=links)),
    ]
    return parts


def committee_pages(project: Project) -> dict[str, bytes]:
    """The edition's committee index and one page per committee, by path in the book."""
    year = project.year
    pages = {committee_doc(year): index_parts(project)}
    for c in committees_with_activities(project.plan):
        pages[committee_doc(year, c.id)] = committee_parts(project, c)
    return {f"{doc}.md": render(parts).encode("utf-8") for doc, parts in pages.items()}


def write_committee_pages(staging: Path, project: Project) -> list[str]:
    """Write the edition's committee pages under ``staging``; return their docnames."""
    docs = []
    for rel, content in committee_pages(project).items():
        path = Path(staging) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        docs.append(rel.removesuffix(".md"))
    return docs
