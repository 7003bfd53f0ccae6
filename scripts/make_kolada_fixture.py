"""Make tests/fixtures/kolada-dump/: a few real rows of the Kolada dump, for the tests.

The tests import Kolada values without anything beside the repository. This script cuts
the open-numbers Kolada dump (github.com/open-numbers/ddf--kolada--dump, as in the shared
data sources' ``kolada_dump/``) down to the areas and years the tests use, in the dump's
own layout and with its values unchanged:

* every KPI file of the dump (by area and year, and by area, gender and year);
* only Riket and the municipalities 1980 (the project's own settings) and 0180 (the
  tests' other municipality) with their "Liknande kommuner socioekonomi" groups;
* only the years 2018–2022;
* the municipality list (``entities/ddf--entities--geo--kommun.csv``) with just those
  municipalities, so "every municipality" means these 16 in the tests.

Run from the project folder:

    .venv/bin/python scripts/make_kolada_fixture.py ../shared/data-sources/kolada_dump
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "kolada-dump"
HOME = ["1980", "0581", "0680", "0780", "1380", "1488", "1490", "1880"]  # G176458
STOCKHOLM = ["0180", "0163", "0183", "0184", "0380", "1402", "1480", "1481"]  # G176393
GEOS = {"0", *HOME, *STOCKHOLM}  # the dump writes Riket as "0"
YEARS = {str(y) for y in range(2018, 2023)}
ENTITIES = {"ddf--entities--geo--kommun.csv": "kommun", "ddf--entities--geo--rike.csv": "rike"}


def _cut(source: Path, target: Path, keep) -> int:
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for row in reader if keep(row)]
        fields = reader.fieldnames or []
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("dump", type=Path, help="katalogen med Kolada-dumpen")
    args.add_argument("--out", type=Path, default=OUT)
    ns = args.parse_args(argv)
    rows = 0
    for folder in ("datapoints_by_geo_year", "datapoints_by_geo_gender_year"):
        for path in sorted((ns.dump / folder).glob("*.csv")):
            rows += _cut(path, ns.out / folder / path.name,
                         lambda r: r["geo"] in GEOS and r["year"] in YEARS)
    for name, column in ENTITIES.items():
        _cut(ns.dump / "entities" / name, ns.out / "entities" / name,
             lambda r, c=column: r[c] in GEOS)
    print(f"{rows} värden skrivna till {ns.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
