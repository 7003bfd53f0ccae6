"""The assessment of the goals in the edition's data package (``indikatorer-<år>.zip``):
``data/malbedomning.csv``, one row per goal of the plan, and its Frictionless resource with
who assessed and the overall text. Kept apart from :mod:`trygghet.present.downloads` so
that module only adds the file; the same data as the pages, from
:func:`trygghet.data.assessments.load_assessments`."""

from __future__ import annotations

from trygghet.data import assessments
from trygghet.data.assessments import NOT_ASSESSED, VERDICTS
from trygghet.data.project import Project
from trygghet.present.csv_files import csv_bytes

NAME = "malbedomning"
FIELDS = [
    ("year", "integer", "Utgåvans år"),
    ("focus_area", "integer", "Fokusområdets nummer i planen"),
    ("goal", "string", "Målets id i planen"),
    ("goal_text", "string", "Målet, som planen skriver det"),
    ("assessment", "string", "Bedömningen: " + ", ".join([*VERDICTS, NOT_ASSESSED.key])),
    ("symbol", "string", "Bedömningens tecken: " + ", ".join(
        f"{v.symbol} = {v.key}" for v in [*VERDICTS.values(), NOT_ASSESSED])),
    ("analysis", "string", "Analysen: vad bedömningen bygger på, som den skrevs"),
    ("assessed_date", "date", "Datum för bedömningen"),
    ("indicators", "string", ("Indikatorerna som bedömningen bygger på (id, semikolon "
                              "emellan); tomt: fokusområdets indikatorer")),
    ("example", "boolean", "true: påhittat exempel, inte en riktig bedömning"),
]


def package_part(project: Project) -> tuple[dict[str, bytes], dict] | None:
    """The file and the resource for the package, or None when the year has no assessment."""
    plan, year = project.plan, project.year
    found = project.assessment()
    if found is None:
        return None
    rows = []
    for fa in plan.focus_areas:
        for goal in fa.goals:
            a = found.of(goal.id)
            verdict = a.verdict if a else NOT_ASSESSED
            rows.append([
                year, fa.id, goal.id, goal.text, verdict.key, verdict.symbol,
                a.analysis if a else "", a.assessed_date.isoformat() if a else "",
                assessments.INDICATOR_SEPARATOR.join(a.indicators) if a else "",
                "true" if found.example else "false"])
    example = ("EXEMPEL: bedömningen är påhittad och visar bara hur bedömningen fungerar. "
               if found.example else "")
    resource = {
        "name": NAME,
        "path": f"data/{NAME}.csv",
        "profile": "tabular-data-resource",
        "title": f"Bedömning av målen, utgåva {year}",
        "description": (f"{example}Varje mål i planen med bedömningen för {year}, analysen och "
                        f"datum. Bedömningen är gjord av {found.assessed_by}. Den samlade "
                        "bedömningen står i fältet overall."),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
        "sources": [{"title": f"Bedömning av {found.assessed_by}"}],
        "assessed_by": found.assessed_by,
        "overall": found.overall,
        "example": found.example,
        "schema": {
            "fields": [{"name": n, "type": t, "description": d} for n, t, d in FIELDS],
            "missingValues": [""],
            "primaryKey": ["goal"],
        },
    }
    return {f"data/{NAME}.csv": csv_bytes([f[:2] for f in FIELDS], rows)}, resource


__all__ = ["FIELDS", "NAME", "package_part"]
