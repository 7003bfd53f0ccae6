"""The edition's easy-to-read page, *Lättläst* (issue 24): what the plan is and what
happened this year, in short sentences and common words, from the same facts as the
sentences that open the front page (:func:`trygghet.analysis.situation.situation`).

Swedish public bodies are expected to offer easy-to-read text; its measure is LIX
(:func:`lix`), which the tests keep at :data:`LIX_AIM` or below on every edition's page.
The page is MyST Markdown from ``templates/lattlast.md.j2``, written by the build with the
edition's reporting pages (:func:`trygghet.present.reporting_pages.write_edition_pages`)."""

from __future__ import annotations

import re

from trygghet.analysis import trend
from trygghet.analysis.situation import situation
from trygghet.data.editions import edition_dir
from trygghet.data.project import Project
from trygghet.present.templating import render

PAGE = "lattlast"
TITLE = "Lättläst"
#: The LIX an easy-to-read page must not exceed (below 30: very easy, e.g. children's books).
LIX_AIM = 30

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[ ,.]\d+)*")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n\s*\n")


def lix(text: str) -> float:
    """LIX (läsbarhetsindex, Björnsson 1968): words per sentence plus the share of long
    words (more than six letters) in percent. A sentence ends with ``.``, ``!``, ``?`` or
    ``:``, or at a blank line (a heading, a list item)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s or "")]))
    long_words = sum(1 for w in words if sum(c.isalpha() for c in w) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def doc(year: int) -> str:
    return f"{edition_dir(year)}/{PAGE}"


def toc_entry(year: int) -> dict:
    return {"file": doc(year), "title": TITLE}


def page_markdown(project: Project, year: int) -> str:
    """The Lättläst page of edition ``year``."""
    s = situation(project, year)
    period = project.plan.document.period

    def count(label: str) -> int:
        return len(s.developments.get(label, ()))

    return str(render(
        "lattlast.md.j2", s=s, organisation=project.plan.document.organisation,
        start=period.start, end=period.end, areas=len(project.plan.focus_areas),
        improved=count(trend.POSITIVE), worsened=count(trend.NEGATIVE),
        unclear=count(trend.NO_CLEAR_CHANGE), missing=count(trend.MISSING),
        not_comparable=count(trend.NOT_COMPARABLE),
        changed=count(trend.INCREASE) + count(trend.DECREASE), uncertain=count(trend.UNCERTAIN),
        statuses=list(s.statuses.items()),
        verdicts=[(key, len(ids)) for key, ids in s.verdicts.items()],
        front=f"project:/{edition_dir(year)}/index.ipynb"))


__all__ = ["LIX_AIM", "PAGE", "TITLE", "doc", "lix", "page_markdown", "toc_entry"]
