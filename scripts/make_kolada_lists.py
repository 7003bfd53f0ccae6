"""Make the Kolada lists that ``trygghet ny-plan`` reads, committed with the package so that
a clone with nothing beside it can start a new municipality's project.

From Kolada's lists (the cached Kolada v3 API answers of rKolada, as in the shared data
sources' ``kolada_meta/``) it keeps what ny-plan needs:

* ``kolada_municipalities_v3.csv``: every area (id, title, type), unchanged;
* ``kolada_municipality_groups_v3.csv``: only RKA's "Liknande kommuner socioekonomi"
  groups (the comparison group ny-plan suggests), with their members;
* ``KALLA.yml``: where the lists come from and when they were made.

Run from the project folder:

    .venv/bin/python scripts/make_kolada_lists.py ../shared/data-sources/kolada_meta

The output goes to src/trygghet/data/kolada-listor/ (trygghet.data.register.
KOLADA_LISTS); commit it. Another folder with the same two files can be given to
``trygghet ny-plan --kolada-meta``."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from trygghet.intake.new_project import (
    GROUPS_FILE,
    KOLADA_LISTS,
    MUNICIPALITIES_FILE,
    SIMILAR_GROUP,
)

SOURCE = """\
# Koladas listor som `trygghet ny-plan` läser (gjorda med scripts/make_kolada_lists.py).
source: >-
  Kolada (RKA), API v3: kommunlistan (municipality) och kommungrupperna
  (municipality_groups), sparade i R-paketet rKolada (github.com/LCHansson/rKolada,
  commit 8afe11f93bc8d931f808befe90dd6dfd85db4593, filen R/sysdata.rda) och omvandlade
  till CSV. Källa: Kolada.
kept: >-
  kolada_municipalities_v3.csv: alla områden, oförändrade.
  kolada_municipality_groups_v3.csv: bara grupperna "{group}, <kommun>, <år>".
made: {made}
"""


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("kolada_meta", type=Path, help="katalogen med Koladas listor")
    args.add_argument("--out", type=Path, default=KOLADA_LISTS)
    ns = args.parse_args(argv)
    ns.out.mkdir(parents=True, exist_ok=True)
    fields, areas = _rows(ns.kolada_meta / MUNICIPALITIES_FILE)
    _write(ns.out / MUNICIPALITIES_FILE, fields, areas)
    fields, groups = _rows(ns.kolada_meta / GROUPS_FILE)
    similar = [r for r in groups if r["group_title"].startswith(f"{SIMILAR_GROUP}, ")]
    _write(ns.out / GROUPS_FILE, fields, similar)
    (ns.out / "KALLA.yml").write_text(
        SOURCE.format(group=SIMILAR_GROUP, made=dt.date.today().isoformat()), encoding="utf-8")
    print(f"{len(areas)} områden och {len(similar)} rader i {SIMILAR_GROUP}-grupperna "
          f"skrivna till {ns.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
