"""The book around the editions, made from the plan and the settings: its title and
author, the plan's text chapters as pages, and the words of the book's own pages
(``chapters/om-data-och-metod.md``) that depend on the plan, as MyST substitutions.

Nothing here names a municipality or assumes a number of focus areas: every word that
differs between plans comes from ``data/``, as literal text
(:mod:`trygghet.data.untrusted`)."""

from __future__ import annotations

import re
from pathlib import Path

from trygghet.analysis import trend
from trygghet.data.editions import edition_dir, plan_chapter_doc
from trygghet.data.files import read_text
from trygghet.data.plan import Plan, chapter_path
from trygghet.data.project import Project
from trygghet.data.untrusted import markdown_document, markdown_inline
from trygghet.present import text
from trygghet.present.national_page import NOTEBOOK as NATIONAL_NOTEBOOK
from trygghet.present.templating import render

#: "Handlingsplan för … arbete 2022-2024": the period at the end of a plan's title.
_TITLE_PERIOD = re.compile(r"\s*\d{4}\s*[-–]\s*\d{4}$")
#: RKA's groups of the municipalities most like one municipality.
_SIMILAR_GROUP = "Liknande kommuner socioekonomi"


def _literal(value: object) -> str:
    return markdown_inline(value, emphasis=False)


def plan_name(plan: Plan) -> str:
    """What the plan is, in running text: its title without the period, with a small
    first letter ("handlingsplan för trygghetsskapande och brottsförebyggande arbete")."""
    return lower_first(_TITLE_PERIOD.sub("", plan.document.title))


lower_first = text.lower_first


def book_title(plan: Plan) -> str:
    """The book's title: "Uppföljning av <planens namn>" (no period: a book can hold the
    follow-ups of more than one plan of the same kind)."""
    return f"Uppföljning av {plan_name(plan)}"


# -- the plan's text chapters -----------------------------------------------------------------


def chapter_pages(plan: Plan) -> dict[str, bytes]:
    """Each text chapter of the plan (``data/plan/kapitel/<name>.md``) as a page of the book,
    ``<chapters_dir>/<name>.md``: its text word for word, as literal text with the headings,
    lists, emphasis and web addresses it has (see ``markdown_document``)."""
    return {f"{plan_chapter_doc(plan, name)}.md": markdown_document(
                read_text(chapter_path(plan.folder, name))).encode("utf-8")
            for name in plan.document.chapter_names}


def chapter_sources(project: Project) -> dict[str, str]:
    """Each plan's chapter pages' sources as the user knows them ("data/plan/…"), for build
    messages (the build reads a copy of data/)."""
    data = project.data_dir
    return {f"{plan_chapter_doc(plan, name)}.md":
            str(chapter_path(Path("data") / plan.folder.relative_to(data), name))
            for plan in project.plans.all for name in plan.document.chapter_names}


def chapter_toc_parts(plan: Plan, suffix: str = "") -> list[dict]:
    """The plan's chapters as parts of _toc.yml, under the captions plan.yml gives them
    (with ``suffix`` after each: the plan's period when the book has several plans)."""
    return [{"caption": f"{part.caption}{suffix}",
             "chapters": [{"file": plan_chapter_doc(plan, name)} for name in part.files]}
            for part in plan.document.chapters]


# -- _config.yml --------------------------------------------------------------------------------


def configure(config: dict, project: Project) -> None:
    """Fill in the book's title, author and copyright holder (unless _config.yml sets them)
    and the MyST substitutions of the book's own pages."""
    doc = project.plan.document
    config.setdefault("title", book_title(project.plan))
    config.setdefault("author", ", ".join(filter(None, [doc.organisation, doc.coordinator])))
    config.setdefault("copyright", doc.organisation)
    # Which plan each edition follows up, for the links between editions (sphinx_ext).
    config.setdefault("sphinx", {}).setdefault("config", {})["trygghet_edition_plans"] = {
        str(year): project.plans.of_year(year).period_text for year in project.edition_years()}
    substitutions = config.setdefault("parse", {}).setdefault("myst_substitutions", {})
    for key, value in page_words(project).items():
        substitutions.setdefault(key, value)


def page_words(project: Project) -> dict[str, str]:
    """The words of chapters/om-data-och-metod.md that depend on the plan and the settings
    (MyST substitutions: each value is Markdown, every word from data literal)."""
    plan = project.plan
    doc, period = plan.document, plan.document.period
    years = project.edition_years()
    latest, first_area = years[-1], plan.focus_areas[0].id
    baseline = period.baseline_year
    return {
        "organisation_genitive": _literal(text.genitive(doc.organisation)),
        "plan_name": _literal(plan_name(plan)),
        "plan_period": f"{period.start}–{period.end}",
        "baseline_year": str(baseline),
        "baseline_average_years": f"{baseline - 2}–{baseline}",
        "latest_edition": str(latest),
        "first_focus_area": str(first_area),
        "national_chapter_link": str(render(
            "book-national-link.md.j2", year=latest,
            target=f"/{edition_dir(latest)}/{NATIONAL_NOTEBOOK}")).strip(),
        "comparison_group_sentence": comparison_group_sentence(project),
        "reporting_sentence": (
            "Inför varje uppföljning rapporterar ansvarig nämnd"
            + (f" till {_literal(doc.reports_to)}" if doc.reports_to else "")
            + " vad som har gjorts i de aktiviteter den ansvarar för."),
        "without_open_source_sentence": without_open_source_sentence(project),
        "measured_some_years_sentence": _indicators_sentence(
            project, lambda meta: meta.measurement_cycle is not None),
        "measures_opposite_sentence": _indicators_sentence(
            project, lambda meta: meta.measures_opposite),
        "ambiguous_direction_sentence": _indicators_sentence(
            project, lambda meta: meta.ambiguous_direction is not None),
        "dispersion_sentence": dispersion_sentence(project, latest),
        "survey_sentence": survey_sentence(project),
        "cohort_sentence": _indicators_sentence(project, lambda meta: meta.sampling == "kohort"),
        "one_chapter_commands": str(render("book-one-chapter-commands.md.j2",
                                           focus_area=first_area, year=latest)).strip(),
        "data_package_parameter": f"`-p data_dir indikatorer-{latest}`",
    }


def comparison_group_sentence(project: Project) -> str:
    """Which comparison group this book uses, and what it is when it is one of RKA's
    groups of similar municipalities."""
    group, home = project.settings.comparison_group, project.settings.municipality
    if group.name.startswith(_SIMILAR_GROUP):
        return (f"Den här utgåvan använder RKA:s grupp *{_literal(group.name)}*: de kommuner "
                f"som är mest lika {_literal(home.name)} i befolkning och socioekonomi.")
    return f"Den här utgåvan använder Koladas grupp *{_literal(group.name)}*."


def without_open_source_sentence(project: Project) -> str:
    """How many of the plan's indicators have no open source, with examples."""
    planned = project.plan.indicators
    missing = [i for i in planned if not project.indicators[i.id].meta.kolada_series]
    if not missing:
        return "Alla planens indikatorer har en öppen källa."
    names = [quoted_name(i.name) for i in missing[:2]]
    if len(missing) == 1:
        return f"En av planens indikatorer saknar öppen källa: {names[0]}."
    return (f"{len(missing)} av planens {len(planned)} indikatorer saknar öppen källa, till "
            f"exempel {text.join_swedish(names)}.")


def quoted_name(name: str) -> str:
    """An indicator's name in running text, within quotation marks, so that names joined
    by "och" never read as one ("”Tillit bland barn” och ”Unga som är nöjda med sin
    fritid”", not "tillit bland barn och unga som är nöjda med sin fritid")."""
    return f"”{_literal(name)}”"


def dispersion_sentence(project: Project, latest: int) -> str:
    """The dispersion factor of each of the plan's rates, estimated from data/kommuner/ up to
    the latest edition."""
    known, unknown = [], []
    for planned in project.plan.indicators:
        indicator = project.indicators[planned.id]
        if indicator.meta.kind != "takt" or indicator.values.empty:
            continue
        name = quoted_name(planned.name)
        factor = trend.dispersion_factor(indicator, latest)
        if factor is None:
            unknown.append(name)
        else:
            known.append(f"{text.format_number(factor, 1)} för {name}")
    if not known and not unknown:
        return "Ingen av planens indikatorer är ett antal per invånare."
    parts = []
    if known:
        parts.append(f"Skattad ur alla kommuners värden till och med {latest} är faktorn "
                     f"{text.join_swedish(known)}.")
    if unknown:
        parts.append(f"För {text.join_swedish(unknown)} finns inte uppgifter för alla kommuner, "
                     "så där används intervallet utan faktor, och sidan säger att det kan vara "
                     "för smalt.")
    return " ".join(parts)


def survey_sentence(project: Project) -> str:
    """The plan's survey indicators, with how many survey years each published value pools."""
    names = []
    for planned in project.plan.indicators:
        meta = project.indicators[planned.id].meta
        if meta.sampling != "urval":
            continue
        names.append(f"{quoted_name(planned.name)} ({_literal(text.pooling_short(meta))})")
    if not names:
        return "Ingen av planens indikatorer bygger på en urvalsundersökning."
    return f"I den här planen gäller det {text.join_swedish(names)}."


def _indicators_sentence(project: Project, rule) -> str:
    """"I den här planen gäller det a och b." for the indicators ``rule`` holds for."""
    names = [quoted_name(i.name) for i in project.plan.indicators
             if rule(project.indicators[i.id].meta)]
    if not names:
        return "Ingen av planens indikatorer är sådan."
    return f"I den här planen gäller det {text.join_swedish(names)}."


__all__ = ["book_title", "chapter_pages", "chapter_sources", "chapter_toc_parts", "configure",
           "lower_first", "page_words", "plan_name"]
