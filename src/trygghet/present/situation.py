"""How it is going, in plain Swedish: the few sentences that open the start page, each
edition's front page and each focus-area chapter (issue 24: what has improved, what has
worsened, what cannot be judged and why, and how old the figures are).

The facts are :func:`trygghet.analysis.situation.situation`; the words are the template
``situation.md.j2``. For the edition the sentences count (the front page shows the same
counts in its tables); for a focus area they name the indicators (the chapter lists them
by name) and count the activities (the chapter's activity summary has the counts)."""

from __future__ import annotations

from trygghet.analysis import trend
from trygghet.analysis.situation import Situation, situation
from trygghet.data.project import Project
from trygghet.present import text
from trygghet.present.templating import Markdown, render


def summary_markdown(s: Situation) -> str:
    """The sentences as one Markdown paragraph."""
    edition = s.focus_area is None

    def indicators(label: str) -> int | str:
        names = s.developments.get(label, ())
        return len(names) if edition else text.join_swedish(list(names))

    verdicts = [(key, len(ids), text.join_swedish(list(ids))) for key, ids in s.verdicts.items()]
    rendered = render(
        "situation.md.j2", s=s, edition=edition,
        improved=indicators(trend.POSITIVE), worsened=indicators(trend.NEGATIVE),
        unclear=indicators(trend.NO_CLEAR_CHANGE), missing=indicators(trend.MISSING),
        not_comparable=indicators(trend.NOT_COMPARABLE), increased=indicators(trend.INCREASE),
        decreased=indicators(trend.DECREASE), uncertain=indicators(trend.UNCERTAIN),
        statuses=list(s.statuses.items()), verdicts=verdicts,
        nothing_measured="Planen har inga indikatorer." if edition else
        "Fokusområdet har inga egna indikatorer.")
    return " ".join(str(rendered).split())


def edition_summary(project: Project, year: int) -> Markdown:
    """The edition's sentences, for its front page (and the start page)."""
    return Markdown(summary_markdown(situation(project, year)))


def focus_area_summary(project: Project, year: int, focus_area: int) -> Markdown:
    """A focus area's sentences, for the top of its chapter."""
    project = project.for_year(year)
    return Markdown(summary_markdown(situation(project, year, focus_area)))


__all__ = ["edition_summary", "focus_area_summary", "summary_markdown"]
