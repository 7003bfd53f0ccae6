"""``trygghet ny-plan KATALOG --kommun KOD``: a new project folder for another municipality.

A project folder holds one municipality's data and build output (see
:mod:`trygghet.data.layout`); the book's framework stays in the trygghet checkout. The
new folder gets:

* ``data/settings.yml`` with the municipality's name from Kolada's municipality list and,
  as suggested comparison group, RKA's "Liknande kommuner socioekonomi" group for it
  (the newest, when Kolada has several); the publisher and contact details as placeholders;
* a plan skeleton (``data/plan/``: plan.yml, committees.yml, fokusomrade-1.yml) with
  Swedish comments, every value to fill in starting with ``FYLL I`` (see
  :data:`trygghet.data.yamlio.PLACEHOLDER`), so that ``trygghet validate`` names each one;
* empty data folders, a ``Makefile`` (``make book``, ``make test``, ``make validate``,
  ``make pdf``) that runs this trygghet on the folder, and a README.

An existing folder that is not empty is never written into.

``trygghet ny-planperiod --start ÅR --slut ÅR`` is the same for a project whose next plan
is adopted (docs/enhetens-guide.md, *Flera planer efter varandra*): the current plan moves whole to
``data/planer/<start>-<slut>/`` (its editions keep their addresses and are still checked
against it) and ``data/plan/`` gets the skeleton of the new plan, with its period, the
organisation, the coordinator, where reports go and the committee register of the plan
before filled in. Kolada's lists are read from
``kolada_municipalities_v3.csv`` and ``kolada_municipality_groups_v3.csv``: by default the
copies committed with the package (:data:`KOLADA_LISTS`, made by
``scripts/make_kolada_lists.py`` from the cached Kolada v3 API answers of rKolada; their
source and date are in ``KALLA.yml`` beside them), so a clone needs nothing beside it."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from trygghet.data.errors import DataError, UserError
from trygghet.data.layout import TOOL_ROOT
from trygghet.data.plan import (
    COMMITTEES_FILE,
    CURRENT_PLAN_DIR,
    EARLIER_PLANS_DIR,
    earlier_plan_folder_name,
    load_plans,
)
from trygghet.data.register import KOLADA_LISTS as REGISTER_LISTS
from trygghet.data.schema import GUIDE
from trygghet.data.writing import transaction

MUNICIPALITIES_FILE = "kolada_municipalities_v3.csv"
GROUPS_FILE = "kolada_municipality_groups_v3.csv"
#: Kolada's municipality list and its "Liknande kommuner socioekonomi" groups, committed
#: with the package (source and date in KALLA.yml there).
KOLADA_LISTS = REGISTER_LISTS
SIMILAR_GROUP = "Liknande kommuner socioekonomi"
TEMPLATES = Path(__file__).parent / "templates" / "ny-plan"
#: Template → file in the new folder.
FILES = {
    "settings.yml.j2": "data/settings.yml",
    "plan.yml.j2": "data/plan/plan.yml",
    "committees.yml.j2": "data/plan/committees.yml",
    "fokusomrade-1.yml.j2": "data/plan/fokusomrade-1.yml",
    "Makefile.j2": "Makefile",
    "README.md.j2": "README.md",
    "gitignore.j2": ".gitignore",
}
EMPTY_FOLDERS = ["data/indicators", "data/kommuner", "data/activities"]


class NewProjectError(UserError):
    """The folder cannot be made; the message is Swedish and says why."""


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    members: list[str]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise NewProjectError(
            f"Koladas lista {path.name} saknas i {path.parent}. Ange katalogen med "
            f"{MUNICIPALITIES_FILE} och {GROUPS_FILE} med --kolada-meta.")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def municipality_name(kolada_meta: Path, code: str) -> str:
    """The municipality's name in Kolada's list; a Swedish error for any other code."""
    rows = _rows(Path(kolada_meta) / MUNICIPALITIES_FILE)
    found = next((r for r in rows if r["id"] == code), None)
    if found is None or found.get("type") != "K":
        what = f"är {found['title']}, inte en kommun" if found else "finns inte i Koladas kommunlista"
        raise NewProjectError(
            f"Kommunkoden {code} {what}. Ange en av de {sum(r.get('type') == 'K' for r in rows)} "
            "kommunernas koder, fyra siffror, t.ex. 0180 för Stockholm.")
    return found["title"]


def suggested_group(kolada_meta: Path, name: str) -> Group | None:
    """RKA's "Liknande kommuner socioekonomi, <name>, <år>" group (the newest), or None."""
    pattern = re.compile(rf"^{re.escape(SIMILAR_GROUP)}, {re.escape(name)}, (\d{{4}})$")
    groups: dict[str, tuple[int, Group]] = {}
    for row in _rows(Path(kolada_meta) / GROUPS_FILE):
        match = pattern.match(row["group_title"])
        if match:
            _, group = groups.setdefault(
                row["group_id"], (int(match[1]), Group(row["group_id"], row["group_title"], [])))
            group.members.append(row["member_id"])
    if not groups:
        return None
    return max(groups.values(), key=lambda item: item[0])[1]


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    # A value in YAML: JSON's quoting is YAML too, whatever the text holds.
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def project_files(code: str, name: str, group: Group | None, tool_root: Path = TOOL_ROOT
                  ) -> dict[str, str]:
    """The new folder's files (relative path → text)."""
    env = _environment()
    context = {"code": code, "name": name, "group": group, "tool_root": str(tool_root),
               "guide": str(tool_root / GUIDE)}
    return {target: env.get_template(template).render(**context)
            for template, target in FILES.items()}


def new_project(target: Path, code: str, kolada_meta: Path = KOLADA_LISTS,
                tool_root: Path = TOOL_ROOT) -> tuple[str, Group | None]:
    """Make the project folder ``target`` for municipality ``code``; return its name and
    the suggested group. All or nothing: the files are written beside ``target`` and moved
    into place at the end; an existing ``target`` must be an empty folder."""
    target = Path(target).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NewProjectError(f"{target} finns redan och är inte en tom katalog. Välj en ny "
                              "katalog; ingenting i en befintlig skrivs över.")
    name = municipality_name(kolada_meta, code)
    group = suggested_group(kolada_meta, name)
    files = project_files(code, name, group, tool_root)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for rel, text in files.items():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            (work / rel).write_text(text, encoding="utf-8")
        for folder in EMPTY_FOLDERS:
            (work / folder).mkdir(parents=True, exist_ok=True)
        os.chmod(work, 0o755)  # mkdtemp makes it private
        if target.exists():
            target.rmdir()  # empty, checked above
        work.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return name, group


#: Template → file in data/plan/ when a project's next plan begins (committees: copied).
NEXT_PLAN_FILES = {"plan.yml.j2": "plan.yml", "fokusomrade-1.yml.j2": "fokusomrade-1.yml"}


#: The years a plan period may have: from this year …
FIRST_PLAN_YEAR = 2000
#: … to this many years after the current one; and at most this many years long.
PLAN_YEARS_AHEAD = 10
MAX_PLAN_YEARS = 10


def period_problem(start: int, end: int, plans: list[tuple[int, int]], today: dt.date
                   ) -> str | None:
    """Why ``start``–``end`` cannot be the next plan's period after the project's ``plans``
    (their periods), in Swedish; None when it can."""
    last = today.year + PLAN_YEARS_AHEAD
    for year in (start, end):
        if not FIRST_PLAN_YEAR <= year <= last:
            return (f"året {year} går inte att använda i en planperiod; välj år från "
                    f"{FIRST_PLAN_YEAR} till och med {last}.")
    if end < start:
        return f"planperioden {start}–{end} slutar innan den börjar."
    if end - start + 1 > MAX_PLAN_YEARS:
        return (f"planperioden {start}–{end} är {end - start + 1} år; en plan gäller högst "
                f"{MAX_PLAN_YEARS} år. Kontrollera åren.")
    for first, final in plans:
        if start <= final:
            return (f"planperioden {start}–{end} börjar innan planen {first}–{final} har "
                    f"slutat; den nya planen ska börja efter {final}, t.ex. {final + 1}.")
    return None


def next_plan(data_dir: Path, start: int, end: int, tool_root: Path = TOOL_ROOT,
              today: dt.date | None = None) -> Path:
    """Begin the project's next plan, for ``start``–``end``: move the current plan to
    ``data/planer/<its start>-<its end>/`` and write the new plan's skeleton into
    ``data/plan/``. Returns the earlier plan's new folder. Nothing is written over and
    nothing is lost: the data must be valid plans, the new period must start after every
    plan's end and be plausible (:func:`period_problem`), and the move and the new plan
    happen as one change (:func:`trygghet.data.writing.transaction`): a command stopped
    half-way leaves the plan where it was, or the next command finishes the change."""
    data_dir = Path(data_dir).resolve()
    try:
        plans = load_plans(data_dir)
    except DataError as err:
        raise NewProjectError("planen i data/plan/ går inte att läsa; rätta den först "
                              f"(`trygghet validate`):\n{err}") from None
    current = plans.current
    problem = period_problem(start, end, [(p.document.period.start, p.document.period.end)
                                          for p in plans.all], today or dt.date.today())
    if problem:
        raise NewProjectError(problem)
    earlier = data_dir / EARLIER_PLANS_DIR / earlier_plan_folder_name(current.document)
    if earlier.exists():
        raise NewProjectError(f"{earlier} finns redan; ingenting i den skrivs över.")
    env = _environment()
    doc = current.document
    context = {"guide": str(tool_root / GUIDE), "period": (start, end),
               "organisation": doc.organisation, "coordinator": doc.coordinator,
               "reports_to": doc.reports_to}
    plan_dir = data_dir / CURRENT_PLAN_DIR
    with transaction() as tx:
        tx.move(plan_dir, earlier)
        work = tx.new_folder(plan_dir)
        for template, name in NEXT_PLAN_FILES.items():
            (work / name).write_text(env.get_template(template).render(**context),
                                     encoding="utf-8")
        shutil.copy2(plan_dir / COMMITTEES_FILE, work / COMMITTEES_FILE)
    return earlier


__all__ = ["KOLADA_LISTS", "Group", "NewProjectError", "municipality_name",
           "new_project", "next_plan", "period_problem", "project_files", "suggested_group"]
