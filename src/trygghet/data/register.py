"""The municipality register: every area code Kolada uses, with its name (Kolada's municipality
list, ``kolada-listor/kolada_municipalities_v3.csv`` beside this module; ``KALLA.yml``
there says where it comes from).

The register is the truth about which code is which area. A name that comes in from
Kolada's API, a mirror of it or a dump must be the register's name for its code, or the
data is refused: an area name is text the book publishes (tables, downloads), so it is
checked like text from people, never taken on trust.

The file is Kolada's list of areas (API v3 ``/municipality``: ``id``, ``title``, ``type``
"K" for the 290 municipalities, "L" for Riket and the 21 regions), as cached by rKolada
(github.com/LCHansson/rKolada, commit 8afe11f, ``R/sysdata.rda``, object ``munic``). When
a municipality is renamed or a new one formed, correct the file by hand from
https://api.kolada.se/v3/municipality and SCB's list of municipality codes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

from trygghet.data.rows import ColumnError

#: Kolada's lists that come with the package: the municipality list (the register) and the
#: "Liknande kommuner socioekonomi" groups ``trygghet ny-plan`` suggests from (made by
#: scripts/make_kolada_lists.py).
KOLADA_LISTS = Path(__file__).with_name("kolada-listor")
REGISTER_PATH = KOLADA_LISTS / "kolada_municipalities_v3.csv"
MUNICIPALITY = "K"  # the register's type of a municipality ("L": Riket or a region)


class Area(NamedTuple):
    code: str
    name: str
    type: str


def load_register(path: Path = REGISTER_PATH) -> dict[str, Area]:
    """Every area of the register, by code."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["id"]: Area(row["id"], row["title"], row["type"])
                for row in csv.DictReader(handle)}


def area_name_problem(code: str, name: str, register: dict[str, Area] | None = None
                      ) -> str | None:
    """Why ``name`` cannot be the name of area ``code`` (Swedish, naming the code and both
    names), or None when it is the register's name for the code."""
    register = load_register() if register is None else register
    known = register.get(str(code))
    if known is None:
        return f"områdeskoden {code} (med namnet {name!r}) finns inte i kommunregistret"
    if name != known.name:
        return (f"område {code} heter {known.name!r} i kommunregistret, men {name!r} här")
    return None


def registered_name(code: str, name: str, context: dict | None) -> None:
    """A ColumnError when ``name`` is not the municipality register's name for ``code``
    (a name from Kolada). The register is read once per file, into the reading's
    ``context``."""
    context = context if context is not None else {}
    if "register" not in context:
        context["register"] = load_register()
    wrong = area_name_problem(code, name, context["register"])
    if wrong:
        raise ColumnError("area_name", wrong)


__all__ = ["MUNICIPALITY", "REGISTER_PATH", "Area", "area_name_problem", "load_register",
           "registered_name"]
