"""The one validation path. The CLI (``trygghet validate``), the build (before any
notebook runs) and the tests all call :func:`validate_data_dir`."""

from __future__ import annotations

from pathlib import Path

from trygghet.data import activities, assessments
from trygghet.data.errors import DataError, Problem
from trygghet.data.files import read_text, special_files
from trygghet.data.indicators import (
    load_meta,
    meta_path,
    population_path,
    read_population,
    read_values,
    values_path,
)
from trygghet.data.national import national_dir, read_national
from trygghet.data.plan import (
    COMMITTEES_FILE,
    PLAN_FILE,
    Plan,
    PlanIndicator,
    Plans,
    chapter_path,
    focus_area_files,
    load_plans,
)
from trygghet.data.settings import load_settings
from trygghet.data.snapshots import check_snapshots
from trygghet.data.writing import unfinished_writes

#: The book's own pages (chapters/ in _toc.yml): a plan chapter published in the same folder
#: (plan.yml, ``chapter_folder``) must not take their names.
BOOK_PAGES_DIR = "chapters"
BOOK_PAGES = frozenset({"om-data-och-metod", "tillganglighetsredogorelse"})


def _collect(problems: list[Problem], func, *args):
    """Run a loader; on DataError keep its problems and return None."""
    try:
        return func(*args)
    except DataError as err:
        problems.extend(err.problems)
        return None


def check_plan(plan: Plan) -> list[Problem]:
    """Cross-file rules the models alone cannot check, in one plan's folder."""
    problems: list[Problem] = []
    plan_dir = plan.folder
    plan_file = plan_dir / PLAN_FILE
    files = focus_area_files(plan_dir, plan.document)
    listed = {p.name for p in files} | {PLAN_FILE, COMMITTEES_FILE}
    for path in sorted(plan_dir.glob("*.yml")):
        if path.name not in listed:
            problems.append(Problem(plan_file, f"fokusområdet {path.name} finns i "
                                    f"{plan_dir.name}/ men står inte i focus_areas",
                                    column="focus_areas"))
    seen: dict[str, str] = {}
    focus_area_ids: dict[int, str] = {}
    for path, fa in zip(files, plan.focus_areas, strict=True):
        if fa.id in focus_area_ids:
            problems.append(Problem(path, f"fokusområde {fa.id} finns redan i "
                                    f"{focus_area_ids[fa.id]}", column="id"))
        focus_area_ids.setdefault(fa.id, path.name)
        for kind, items in (("mål", fa.goals), ("indikator", fa.indicators),
                            ("aktivitet", fa.activities)):
            for item in items:
                if item.id in seen:
                    problems.append(Problem(path, f"{kind} {item.id} finns redan i {seen[item.id]}",
                                            column="id"))
                seen[item.id] = path.name
        for a in fa.activities:
            for key, role, cids in (("lead", "ansvariga nämnden", [a.lead]),
                                    ("co_responsible", "medansvariga nämnden", a.co_responsible)):
                for cid in cids:
                    if cid not in plan.committee_by_id:
                        problems.append(Problem(
                            path, f"aktivitet {a.id}: den {role} {cid!r} finns inte i "
                                  "committees.yml", column=f"activities.{key}"))
    ids = [c.id for c in plan.committees]
    for cid in {c for c in ids if ids.count(c) > 1}:
        problems.append(Problem(plan_dir / "committees.yml", f"nämnd {cid!r} finns två gånger",
                                column="id"))
    return problems + check_chapters(plan)


def check_chapters(plan: Plan) -> list[Problem]:
    """The text chapters plan.yml lists: each once, each a UTF-8 file in the plan's kapitel/,
    every file there listed, none at the address of one of the book's own pages, and the
    chapters named for a role among them."""
    doc, plan_file = plan.document, plan.folder / PLAN_FILE
    problems: list[Problem] = []
    names = doc.chapter_names
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(plan_file, f"kapitlet {name!r} står två gånger",
                                column="chapters"))
    for name in names:
        path = chapter_path(plan.folder, name)
        if name in BOOK_PAGES and doc.chapters_dir == BOOK_PAGES_DIR:
            problems.append(Problem(plan_file, f"kapitlet {name!r} har samma namn som en av "
                                    "bokens egna sidor; byt namn på filen", column="chapters"))
        if not path.is_symlink() and not path.exists():
            problems.append(Problem(path, "filen saknas (kapitlet står i plan.yml, chapters)"))
            continue
        _collect(problems, read_text, path)
    folder = chapter_path(plan.folder, "x").parent
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.stem not in names:
            problems.append(Problem(plan_file, f"kapitlet {path.name} finns i "
                                    f"{folder.name}/ men står inte i chapters", column="chapters"))
    for field in ("follow_up_chapter", "sources_chapter"):
        name = getattr(doc, field)
        if name is not None and name not in names:
            problems.append(Problem(plan_file, f"kapitlet {name!r} står inte i chapters",
                                    column=field))
    return problems


def check_plan_generations(plans: Plans) -> list[Problem]:
    """Plans after one another keep their chapters apart: each plan's chapters in a folder
    of its own in the book (plan.yml, ``chapter_folder``), so no address is taken twice."""
    problems: list[Problem] = []
    used: dict[str, Plan] = {}
    for plan in plans.all:
        folder = plan.document.chapters_dir
        if folder in used and plan.document.chapter_names:
            other = used[folder]
            problems.append(Problem(plan.folder / PLAN_FILE, (
                f"kapitlen hamnar i samma mapp i boken ({folder}/) som planen "
                f"{other.period_text}s; ange en egen chapter_folder eller ta bort den"),
                column="chapter_folder"))
        used.setdefault(folder, plan)
    return problems


def planned_indicators(plans: Plans) -> list[PlanIndicator]:
    """Every plan's indicators, each id once (an indicator in two plans has one file)."""
    found: dict[str, PlanIndicator] = {}
    for plan in reversed(plans.all):
        for indicator in plan.indicators:
            found.setdefault(indicator.id, indicator)
    return list(found.values())


def check_national_files(data_dir: Path, indicators: list[PlanIndicator]) -> list[Problem]:
    """data/kommuner/<id>.csv of the plan's indicators: valid rows, and only for indicators
    with a Kolada main series. Files of indicators not in the plan are not read (as for
    data/indicators/<id>.csv)."""
    problems: list[Problem] = []
    for path in sorted(national_dir(data_dir).glob("*.csv")):
        planned = next((i for i in indicators if i.id == path.stem), None)
        if planned is None:
            continue
        meta = _collect([], load_meta, data_dir, planned.id)  # its problems are reported once, below
        main = meta.main_series if meta else None
        if meta is not None and (main is None or not main.kolada_kpi):
            problems.append(Problem(path, f"{meta_path(data_dir, planned.id).name} anger ingen "
                                          "huvudserie från Kolada (kolada_kpi)"))
        _collect(problems, read_national, path)
    return problems


def validate_data_dir(data_dir: Path) -> list[Problem]:
    """Every problem in the project's data, in Swedish; an empty list means valid."""
    data_dir = Path(data_dir)
    # Nothing is read while data/ holds a link, a FIFO or a device: a link could publish a
    # file from outside the project, a FIFO or /dev/zero make reading wait or never end.
    problems = special_files(data_dir)
    if problems:
        return problems
    problems = unfinished_writes(data_dir)
    _collect(problems, load_settings, data_dir)
    plans = _collect(problems, load_plans, data_dir)
    if plans is None:
        return problems
    for plan in plans.all:
        problems += check_plan(plan)
    problems += check_plan_generations(plans)
    indicators = planned_indicators(plans)
    for planned in indicators:
        meta = _collect(problems, load_meta, data_dir, planned.id)
        if meta is None:
            continue
        path = meta_path(data_dir, planned.id)
        if meta.id != planned.id:
            problems.append(Problem(path, f"id ska vara {planned.id!r}", column="id"))
        if meta.series and sum(s.main for s in meta.series) != 1:
            problems.append(Problem(path, "exakt en serie ska ha main: true", column="series"))
        if not meta.kolada_series and meta.missing is None:
            # Until the city's values are imported the page says where they will come from.
            problems.append(Problem(path, "indikator utan serier från Kolada måste ange "
                                          "missing.planned_source", column="missing"))
        csv = values_path(data_dir, planned.id)
        if not csv.exists():
            if meta.kolada_series:
                problems.append(Problem(csv, "filen saknas men metadata anger serier från Kolada"))
            continue
        values = _collect(problems, read_values, csv, meta.unit)
        if values is None:
            continue
        known = {s.id for s in meta.series}
        for i, series in enumerate(values["series"], start=2):
            if series not in known:
                problems.append(Problem(csv, f"serien {series!r} finns inte i {path.name}",
                                        row=i, column="series"))
    if population_path(data_dir).exists():
        _collect(problems, read_population, data_dir)
    problems += check_national_files(data_dir, indicators)
    for year in activities.report_years(data_dir):  # each year against its own plan
        problems += activities.check_status_file(data_dir, year, plans.of_year(year))
    problems += check_snapshots(data_dir)
    problems += assessments.check_assessment_files(data_dir, plans)
    return problems
