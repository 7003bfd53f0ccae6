"""The chapter "<kommun> bland Sveriges kommuner": sentences, charts and tables.

The notebook (notebooks/kommunjamforelse.md) loads the data and computes the
positions with trygghet.data.national and trygghet.analysis.national; this
module turns those DataFrames into what the reader sees. Every figure in the
text is computed here from the data, every chart has a generated text
alternative and a table with the same figures. The markup comes from templates
(``templates/national-*.md.j2``, ``figure.md.j2``, ``data-table.html.j2``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pandas as pd
from IPython.display import display

from trygghet.data.files import write_atomically
from trygghet.data.project import BASICS, NATIONAL, Project, UsesProject
from trygghet.present import charts, text
from trygghet.present.csv_files import csv_bytes
from trygghet.present.tables import html_table
from trygghet.present.templating import HTML, Markdown, plain, render

FIGURE_DIR = Path("figures")
DOWNLOAD_DIR = Path("downloads")
NOTEBOOK = "kommunjamforelse"
METHOD_DOC = "/chapters/om-data-och-metod"
METHOD_ANCHOR = "kommunerna-rangordnas"


def notebook_title(municipality_name: str) -> str:
    """The chapter's title, e.g. "Örebro bland Sveriges kommuner"."""
    return f"{municipality_name} bland Sveriges kommuner"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def format_percentile(percentile: float | None) -> str:
    """``57.93`` → ``"58 %"``."""
    if _missing(percentile):
        return text.NOT_AVAILABLE
    return f"{text.format_number(percentile, 0)}{text.NBSP}%"


def better_phrase(direction: str, ambiguous: str | None = None) -> str:
    """What place 1 means: ``"lägst värde är bäst"`` for ``minska``. For an indicator
    whose direction is ambiguous (``ambiguous_direction``) only the order:
    ``"plats 1 har lägst värde"``, never which end is best."""
    end = "lägst" if direction == "minska" else "högst"
    return f"plats 1 har {end} värde" if ambiguous else f"{end} värde är bäst"


def _ahead_word(direction: str) -> str:
    """How the value compares with the municipalities it is ranked ahead of (those the
    percentile counts): lower for ``minska``, higher for ``öka``."""
    return "lägre" if direction == "minska" else "högre"


def ahead_phrase(percentile: float | None, direction: str, neutral: bool = False) -> str:
    """``"bättre än 58 %"``; ``neutral`` (an ambiguous direction) says what is compared,
    the value: ``"lägre än i 58 %"``."""
    if neutral:
        return f"{_ahead_word(direction)} än i {format_percentile(percentile)}"
    return f"bättre än {format_percentile(percentile)}"


def ambiguous_ranking_sentence(reason: str) -> str:
    """Why a place among the municipalities, and its change, is not called better or worse."""
    return text.ambiguous_sentence(
        reason, ("Ett högre eller lägre värde än andra kommuners, eller en ändrad placering, "
                 "kan inte ensamt läsas som bättre eller sämre"),
        "Därför säger texten bara om värdet är högre eller lägre och om platsnumret har blivit "
        "högre eller lägre.")


def indicator_name(ind) -> str:
    """An indicator's name where its places stand (a row of national_indicators): for a
    figure that is not what the name says (the opposite, or one of two measures), the name
    says what is ranked."""
    return text.measured_name(ind.name, bool(ind.value_needs_its_measure), ind.shown_as)


def rank_phrase(rank: int, n: int) -> str:
    """``"plats 120 av 290"`` (no-break spaces so the phrase stays together)."""
    return f"plats{text.NBSP}{rank} av{text.NBSP}{n}"


def position_sentence(area_name: str, year: int, rank: int, n: int, percentile: float,
                      direction: str, measurement_name: str | None = None,
                      ambiguous: str | None = None) -> str:
    """``"År 2022 hade Örebro plats 120 av 290 kommuner med ett värde (lägst värde är
    bäst). Värdet var bättre än i 58 % av de övriga kommunerna."`` For an ambiguous
    direction: ``"… (plats 1 har lägst värde). Värdet var lägre än i 58 % …"``."""
    opening = text.year_phrase(year, measurement_name)
    sentence = (f"{opening[0].upper()}{opening[1:]} hade {area_name} {rank_phrase(rank, n)} "
                f"kommuner med ett värde ({better_phrase(direction, ambiguous)}).")
    if not _missing(percentile):
        compared = (ahead_phrase(percentile, direction, neutral=True) if ambiguous
                    else f"bättre än i {format_percentile(percentile)}")
        sentence += f" Värdet var {compared} av de övriga kommunerna."
    return sentence


def measured_year(indicator, year: int) -> int | None:
    """For sources that repeat the latest measurement: the year ``year``'s value was
    measured (``indicator`` is a row of national_indicators), else None."""
    every = getattr(indicator, "measurement_every", None)
    if _missing(every):
        return None
    reference = int(indicator.measurement_reference)
    return year - (year - reference) % int(every)


def movement_sentence(area_name: str, move: pd.Series, direction: str,
                      measurement_name: str | None = None,
                      baseline_measured: int | None = None,
                      latest_measured: int | None = None,
                      ambiguous: str | None = None) -> str:
    """The position at the baseline against the latest year, or why it cannot be given.
    For a repeated measurement (valdeltagande) each year says which measurement it is.
    For an ambiguous direction (``ambiguous``: why) what happened, never better or worse:
    the value against the others' and the rank number, higher or lower."""
    reason = move["reason"]
    if not _missing(reason) and reason:
        return f"Placeringen sedan utgångsåret kan inte jämföras för {area_name}: {reason}."
    base_year, latest_year = int(move["baseline_year"]), int(move["latest_year"])
    if measurement_name:
        base_phrase = text.year_phrase(base_year, measurement_name, baseline_measured)
        latest_phrase = text.year_phrase(latest_year, measurement_name, latest_measured)
    else:
        base_phrase, latest_phrase = f"år {base_year}", f"år {latest_year}"
    if ambiguous:
        return _ambiguous_movement(area_name, move, direction, base_phrase, latest_phrase)
    base = (f"{base_phrase} hade {area_name} "
            f"{rank_phrase(int(move['baseline_rank']), int(move['baseline_n']))} och var bättre än "
            f"{format_percentile(move['baseline_percentile'])} av de övriga kommunerna")
    latest = (f"{latest_phrase} "
              f"{rank_phrase(int(move['latest_rank']), int(move['latest_n']))} "
              f"och bättre än {format_percentile(move['latest_percentile'])}")
    shown_change = round(move["latest_percentile"]) - round(move["baseline_percentile"])
    if shown_change > 0:
        verdict = (f"Placeringen bland kommunerna har blivit bättre, med {shown_change} "
                   f"procentenheter.")
    elif shown_change < 0:
        verdict = (f"Placeringen bland kommunerna har blivit sämre, med {-shown_change} "
                   f"procentenheter.")
    else:
        verdict = "Placeringen bland kommunerna är ungefär densamma."
    return f"{base[0].upper()}{base[1:]}; {latest}. {verdict}"


def _ambiguous_movement(area_name: str, move: pd.Series, direction: str, base_phrase: str,
                        latest_phrase: str) -> str:
    """:func:`movement_sentence` for an ambiguous direction: the value against the others'
    and the rank number, higher or lower, in both years."""
    ahead = _ahead_word(direction)
    behind = "högre" if ahead == "lägre" else "lägre"
    base_rank, latest_rank = int(move["baseline_rank"]), int(move["latest_rank"])
    base = (f"{base_phrase} hade {area_name} "
            f"{rank_phrase(base_rank, int(move['baseline_n']))}, och värdet var "
            f"{ahead_phrase(move['baseline_percentile'], direction, True)} av de övriga "
            f"kommunerna")
    latest = (f"{latest_phrase} {rank_phrase(latest_rank, int(move['latest_n']))} och "
              f"{ahead_phrase(move['latest_percentile'], direction, True)}")
    shown_change = round(move["latest_percentile"]) - round(move["baseline_percentile"])
    if shown_change == 0:
        what = (f"Andelen av de övriga kommunerna som har ett {behind} värde än {area_name} "
                f"är ungefär densamma.")
    else:
        what = (f"Andelen av de övriga kommunerna som har ett {behind} värde än {area_name} "
                f"har {'ökat' if shown_change > 0 else 'minskat'} med {abs(shown_change)} "
                f"procentenheter.")
    if latest_rank != base_rank:
        what += (f" Platsnumret har blivit {'högre' if latest_rank > base_rank else 'lägre'} "
                 f"(plats 1 har {'lägst' if direction == 'minska' else 'högst'} värde).")
    return f"{base[0].upper()}{base[1:]}; {latest}. {what}"


def alt_text(measure: str, year: int, unit: str, decimals: int, n: int, home: charts.Marked,
             rank: int, direction: str, median: float, nation: charts.Marked | None,
             group_mean: charts.Marked | None, ambiguous: str | None = None) -> str:
    """The chart's text alternative, generated from its data."""
    parts = [(f"Punktdiagram med lådagram över {text.lower_first(measure)} år {year} i "
              f"{n} kommuner. {home.label}: {text.format_value(home.value, unit, decimals)}, "
              f"{rank_phrase(rank, n)} ({better_phrase(direction, ambiguous)}). "
              f"Medianen för kommunerna: {text.format_value(median, unit, decimals)}.")]
    if nation is not None:
        parts.append(f" {nation.label}: {text.format_value(nation.value, unit, decimals)}.")
    if group_mean is not None:
        parts.append(f" {group_mean.label}: "
                     f"{text.format_value(group_mean.value, unit, decimals)}.")
    return "".join(parts)


def _ambiguous(ind) -> str | None:
    """Why the indicator's direction is ambiguous (a row of national_indicators), or None."""
    reason = getattr(ind, "ambiguous_direction", None)
    return None if _missing(reason) or not reason else reason


def summary_first(direction: str, ambiguous: str | None) -> str:
    """The summary's "Plats 1" cell: the end of the order that is best, or for an
    ambiguous direction the end only, with the warning."""
    end = "Lägst" if direction == "minska" else "Högst"
    if ambiguous:
        return f"{end} värde, men {end.lower()} är inte säkert bäst"
    return f"{end} värde är bäst"


def pooling_ranking_sentence(ind) -> str:
    """For a survey or cohort indicator (a row of national_indicators): that a moved place
    can be chance, and for a survey how many survey years the ranked values pool when it
    differs between municipalities or is not known; "" for register data."""
    sampling = getattr(ind, "sampling", None)
    if sampling == "kohort":
        return ("Andelarna gäller årskullar vars storlek inte publiceras, så en ändrad placering "
                "kan bero på slumpen.")
    if sampling != "urval":
        return ""
    chance = ("Värdena kommer från en urvalsundersökning utan publicerad felmarginal, så en "
              "ändrad placering kan bero på slumpen.")
    pooling = ind.pooling if isinstance(ind.pooling, list) else []
    if not pooling:
        return (f"{chance} Hur många undersökningsår kommunernas värden bygger på: "
                f"{text.MISSING} (se indikatorns sida).")
    if len({p.years for p in pooling}) == 1:
        return chance
    about = text.pooling_about(SimpleNamespace(sampling="urval", pooling=pooling))
    return (f"{chance} Kommunernas värden bygger inte heller på lika många undersökningsår. "
            f"{about} Placeringen jämför alltså värden som gäller olika långa perioder, och "
            f"en ändrad placering kan också bero på det.")


#: The summary's header (its percentile columns name the order, never better or worse, so
#: that they are true for an ambiguous direction too; they are each cell's label on a phone).
SUMMARY_HEADER = ["Indikator", "Plats 1", "Plats vid utgångsåret", "Före (utgångsåret)",
                  "Plats senaste året", "Före (senaste året)"]
#: Under the summary.
SUMMARY_LEGEND = ('"Före" är andelen av de övriga kommunerna som har ett högre platsnummer. Det '
                  'är de kommuner som har ett sämre värde, eller, för en indikator där lägst '
                  'eller högst värde inte säkert är bäst, ett högre respektive lägre värde. ')


#: What the national comparison reads (see trygghet.data.project): no status report or
#: assessment, so a changed report never re-runs it.
READS = BASICS | {NATIONAL}


@dataclass
class NationalPage(UsesProject):
    """Page parts for one edition (``project.year``); each method displays Markdown/HTML."""

    project: Project
    figure_dir: Path = FIGURE_DIR
    download_dir: Path = DOWNLOAD_DIR

    READS: ClassVar[frozenset[str]] = READS

    @property
    def baseline_year(self) -> int:
        return self.plan.document.period.baseline_year

    @property
    def home(self):
        return self.settings.municipality

    @property
    def group(self):
        return self.settings.comparison_group

    # -- page parts ---------------------------------------------------------------------

    def introduction(self) -> None:
        display(Markdown(render(
            "national-introduction.md.j2", year=self.year, home=self.home.name,
            home_genitive=text.genitive(self.home.name), baseline_year=self.baseline_year,
            anchor=METHOD_ANCHOR)))

    def summary(self, indicators: pd.DataFrame, moves: pd.DataFrame) -> None:
        """One row per indicator with national data: latest place, percentile, place at
        the baseline."""
        by_id = moves.set_index("indicator")
        rows = []
        for ind in indicators[indicators["has_national_data"]].itertuples():
            m = by_id.loc[ind.id]
            latest = (f"{int(m['latest_rank'])} av {int(m['latest_n'])} ({int(m['latest_year'])})"
                      if not _missing(m["latest_rank"]) else text.NOT_AVAILABLE)
            base = (f"{int(m['baseline_rank'])} av {int(m['baseline_n'])} "
                    f"({int(m['baseline_year'])})"
                    if not _missing(m["baseline_rank"]) else text.NOT_AVAILABLE)
            rows.append([indicator_name(ind), summary_first(ind.direction, _ambiguous(ind)),
                         base, format_percentile(m["baseline_percentile"]), latest,
                         format_percentile(m["latest_percentile"])])
        caption = (f"{text.genitive(self.home.name)} placering bland Sveriges kommuner, "
                   f"utgåva {self.year}")
        header = SUMMARY_HEADER
        display(HTML(render(
            "table-legend.html.j2",
            table=html_table(caption, header, rows, numeric_columns=(2, 3, 4, 5), stacked=True,
                             css_class="trygghet-table wide"),  # six columns: cards where narrow
            legend=SUMMARY_LEGEND + text.symbol_legend([text.NOT_AVAILABLE]))))

    def indicators(self, indicators: pd.DataFrame, ranks: pd.DataFrame, moves: pd.DataFrame,
                   nation_values: pd.DataFrame, means: pd.DataFrame,
                   spread: pd.DataFrame) -> None:
        """One section per indicator with national data: sentences, chart, table."""
        by_id = moves.set_index("indicator")
        for ind in indicators[indicators["has_national_data"]].itertuples():
            display(Markdown(render("heading.md.j2", level=3, text=indicator_name(ind))))
            self._section(ind, ranks[ranks["indicator"] == ind.id], by_id.loc[ind.id],
                          nation_values[nation_values["indicator"] == ind.id],
                          means[means["indicator"] == ind.id],
                          spread[spread["indicator"] == ind.id])

    def without_national_data(self, indicators: pd.DataFrame) -> None:
        """The indicators that are not ranked, each under its true reason: no source in
        Kolada, or Kolada has it but every municipality's values are not in the project."""
        unranked = indicators[~indicators["has_national_data"]]
        in_kolada = unranked["kolada_kpi"].notna() & (unranked["kolada_kpi"] != "")
        display(Markdown(render(
            "national-without-data.md.j2", no_source=list(unranked.loc[~in_kolada, "name"]),
            not_fetched=list(unranked.loc[in_kolada, "name"]),
            total=len(indicators), home=self.home.name, missing=text.MISSING)))

    def downloads(self, ranks: pd.DataFrame) -> None:
        path = write_atomically(self.download_dir / f"kommuner-placering-{self.year}.csv",
                                positions_csv(ranks))
        display(Markdown(render("national-downloads.md.j2", csv=path.as_posix(),
                                notebook=f"{NOTEBOOK}.ipynb",
                                own_processing=text.OWN_PROCESSING)))

    # -- one indicator ------------------------------------------------------------------

    def _section(self, ind, ranks: pd.DataFrame, move: pd.Series, nation_values: pd.DataFrame,
                 means: pd.DataFrame, spread: pd.DataFrame) -> None:
        home = self.home
        if ranks.empty:
            display(Markdown(plain(f"{text.MISSING} till och med {self.year}.")))
            return
        mine = ranks[ranks["area_code"] == home.code]
        # The chart shows the latest year with a value for the municipality, else the
        # latest year with any values.
        year = int(mine["year"].max()) if not mine.empty else int(ranks["year"].max())
        sentences = []
        row = mine[mine["year"] == year]
        if row.empty:
            sentences.append(f"{home.name} har inget värde till och med {self.year} "
                             f"({text.MISSING}).")
        else:
            r = row.iloc[0]
            name = None if _missing(ind.measurement_name) else ind.measurement_name
            sentences.append(position_sentence(home.name, year, int(r["rank"]), int(r["n"]),
                                               r["percentile"], ind.direction, name,
                                               _ambiguous(ind)))
        if year < self.year:
            sentences.append(f"Uppgift för {self.year} finns ännu inte; {year} är det senaste "
                             f"året med ett värde.")
        name = None if _missing(ind.measurement_name) else ind.measurement_name
        sentences.append(movement_sentence(
            home.name, move, ind.direction, name,
            None if _missing(move["baseline_year"]) else measured_year(
                ind, int(move["baseline_year"])),
            None if _missing(move["latest_year"]) else measured_year(ind, int(move["latest_year"])),
            _ambiguous(ind)))
        if ind.measures_opposite:
            sentences.append("Måttet visar motsatsen till planens formulering, så placeringen "
                             "räknas på siffran som visas: "
                             + better_phrase(ind.direction, _ambiguous(ind)) + ".")
        if _ambiguous(ind):
            sentences.append(ambiguous_ranking_sentence(_ambiguous(ind)))
        sentences.append(pooling_ranking_sentence(ind))
        display(Markdown(plain(" ".join(sentences))))
        if row.empty:
            return
        self._chart(ind, ranks[ranks["year"] == year], year, nation_values, means, spread)

    def _chart(self, ind, year_ranks: pd.DataFrame, year: int, nation_values: pd.DataFrame,
               means: pd.DataFrame, spread: pd.DataFrame) -> None:
        home, nation, group = self.home, self.settings.national, self.group
        value_of = dict(zip(year_ranks["area_code"], year_ranks["value"], strict=True))
        rank_of = dict(zip(year_ranks["area_code"], year_ranks["rank"], strict=True))
        name_of = dict(zip(year_ranks["area_code"], year_ranks["area_name"], strict=True))
        home_mark = charts.Marked(home.name, float(value_of[home.code]))
        nation_row = nation_values[nation_values["year"] == year]
        nation_mark = (charts.Marked(nation.name, float(nation_row.iloc[0]["value"]))
                       if not nation_row.empty else None)
        mean_row = means[means["year"] == year]
        mean_label = f"{group.short_name} (medel)"
        mean_mark = (charts.Marked(mean_label, float(mean_row.iloc[0]["value"]))
                     if not mean_row.empty else None)
        members = [c for c in group.members if c in value_of and c != home.code]
        path = charts.national_chart(
            list(year_ranks["value"]), self.figure_dir / f"kommuner-{ind.id}-{self.year}.svg",
            unit_label=ind.unit, home=home_mark, nation=nation_mark,
            group_members=[float(value_of[c]) for c in members], group_label=group.short_name,
            group_mean=mean_mark,
            lower_is_better=None if _ambiguous(ind) else ind.direction == "minska",
        )
        dist = spread[spread["year"] == year].iloc[0]
        alt = alt_text(ind.measure, year, ind.unit, ind.decimals, int(dist["n"]), home_mark,
                       int(rank_of[home.code]), ind.direction, float(dist["median"]),
                       nation_mark, mean_mark, _ambiguous(ind))
        caption = (f"{ind.measure}, {year}, {ind.unit}: varje grå punkt är en "
                   f"kommun, lådan visar den mittersta hälften av kommunerna och strecket i lådan "
                   f"medianen. {home.name} är den stora cirkeln, kommunerna i "
                   f"{group.short_name} är romber, gruppens medelvärde en triangel och "
                   f"{nation.name} den streckade linjen. Samma uppgifter finns i tabellen under "
                   f"diagrammet.")
        display(Markdown(render("figure.md.j2", path=path.as_posix(), alt=alt, caption=caption)))
        d = ind.decimals
        rows = [[home.name, text.format_number(home_mark.value, d), str(rank_of[home.code])]]
        rows += [[name_of[c], text.format_number(value_of[c], d), str(rank_of[c])]
                 for c in members]
        if mean_mark:
            rows.append([mean_label, text.format_number(mean_mark.value, d), "–"])
        if nation_mark:
            rows.append([nation.name, text.format_number(nation_mark.value, d), "–"])
        for label, key in (("Lägsta värdet bland kommunerna", "min"),
                           ("Undre kvartilen", "q1"), ("Medianen", "median"),
                           ("Övre kvartilen", "q3"), ("Högsta värdet bland kommunerna", "max")):
            rows.append([label, text.format_number(float(dist[key]), d), "–"])
        what = f"{ind.measure}, {year} ({ind.unit})"
        table = html_table(what, ["Område", "Värde", f"Plats av {int(dist['n'])}"], rows,
                           numeric_columns=(1, 2))
        legend = (f"{better_phrase(ind.direction, _ambiguous(ind)).capitalize()}"
                  if _ambiguous(ind) else f"Plats 1: {better_phrase(ind.direction)}")
        legend += (". – = rangordnas inte (riket, "
                   "gruppens medelvärde och lägesmåtten för alla kommuner).")
        display(HTML(render("data-table.html.j2", what=what, table=table, legend=legend)))


def positions_csv(ranks: pd.DataFrame) -> bytes:
    """Every municipality's value and position as UTF-8 CSV with BOM (for Excel)."""
    columns = [name for name, _ in POSITION_FIELDS]
    rows = [[*head, repr(float(value)), int(rank), int(n), "" if _missing(pct) else f"{pct:.4f}"]
            for *head, value, rank, n, pct in ranks[columns].itertuples(index=False, name=None)]
    return csv_bytes(POSITION_FIELDS, rows, line_end="\n")


#: The columns of ``kommuner-placering-<år>.csv`` and their types (text or not).
POSITION_FIELDS = [("indicator", "string"), ("year", "integer"), ("area_code", "string"),
                   ("area_name", "string"), ("value", "number"), ("rank", "integer"),
                   ("n", "integer"), ("percentile", "number")]


__all__ = ["SUMMARY_HEADER", "SUMMARY_LEGEND", "NationalPage", "ahead_phrase", "alt_text",
           "ambiguous_ranking_sentence", "better_phrase", "format_percentile", "movement_sentence",
           "notebook_title", "position_sentence", "positions_csv", "rank_phrase", "summary_first"]
