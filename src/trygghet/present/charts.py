"""The house chart style: readable on a phone, never colour alone.

Each series has its own colour (>= 3:1 contrast on white), marker and dash
style, and is named in a legend below the chart (a single line: directly at its last
point). Text is large enough to read on a phone. Charts are written as SVG
with fixed ids and no timestamp, so the same data gives the same bytes."""

from __future__ import annotations

import io
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt
from matplotlib import MatplotlibDeprecationWarning
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, Formatter, FuncFormatter, MaxNLocator

from trygghet.present.text import format_number

# Okabe–Ito colours that reach 3:1 contrast against white, plus black.
STYLES = [
    {"color": "#0072B2", "marker": "o", "linestyle": "-"},
    {"color": "#D55E00", "marker": "s", "linestyle": "--"},
    {"color": "#000000", "marker": "^", "linestyle": ":"},
    {"color": "#007A5A", "marker": "D", "linestyle": "-."},
    {"color": "#8E4585", "marker": "v", "linestyle": (0, (5, 2, 1, 2))},
]
PLAN_SHADE = "#E8E8E8"
# Every text in a chart is drawn at least this size (pt, the SVG's own unit). A chart is
# FIGURE_WIDTH wide plus its direct labels (about 350 pt) and is scaled down to the text
# column on a phone (about 325 px at 375 px), so text stays at 12 px or more there.
TEXT_SIZE = 15
FIGURE_SIZE = (4.8, 4.6)
BASELINE_COLOUR = "#444444"  # 9.7:1 on white

plt.rcParams.update(
    {
        "svg.hashsalt": "trygghet",
        "svg.fonttype": "path",
        "font.size": TEXT_SIZE,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#333333",
        "axes.labelcolor": "#222222",
        "xtick.color": "#222222",
        "ytick.color": "#222222",
        "lines.linewidth": 2.2,
        "lines.markersize": 6,
    }
)


@dataclass(frozen=True)
class Line:
    """One series to draw: its label and its (year, value) points."""

    label: str
    years: list[int]
    values: list[float]
    #: Years where the source changed method: the line is not drawn across them.
    breaks: tuple[int, ...] = ()


def spread(positions: list[float], gap: float) -> list[float]:
    """Move label positions (0–1) apart so neighbours are at least ``gap`` apart."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    overflow = placed[-1] - 1.0 if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
    result = [0.0] * len(positions)
    for k, i in enumerate(order):
        result[i] = placed[k]
    return result


def _direct_labels(ax, lines: list[Line]) -> None:
    """Label each line at its last point, nudged apart so labels never overlap."""
    low, high = ax.get_ylim()
    ends = [(line.values[-1] - low) / (high - low) for line in lines]
    for style, line, y in zip(STYLES, lines, spread(ends, 0.075), strict=False):
        ax.annotate(
            line.label, xy=(line.years[-1], y), xycoords=("data", "axes fraction"),
            xytext=(8, 0), textcoords="offset points", va="center", color=style["color"],
            fontsize=TEXT_SIZE, fontweight="bold", annotation_clip=False,
        )


class DistinctNumbers(Formatter):
    """Tick labels in Swedish (decimal comma) with as few decimals as keep every label
    distinct: 6, 6,5, 7 rather than 6, 6, 7 (at most three decimals)."""

    decimals = 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        for self.decimals in range(4):
            labels = [format_number(v, self.decimals) for v in locs]
            if len(set(labels)) == len(labels):
                break

    def __call__(self, x, pos=None) -> str:
        return format_number(x, self.decimals)


#: At most this many years are labelled on a line chart's x axis (room on a phone).
MOST_YEAR_TICKS = 6


def year_ticks(years: Sequence[int], most: int = MOST_YEAR_TICKS) -> list[int]:
    """The years to label on the x axis: only years with data, all of them when they are
    few (the election years 2018 and 2022, not 2017 and 2020), else every k-th counted
    back from the latest, so the latest year is always labelled."""
    years = sorted(set(years))
    if len(years) <= most:
        return years
    step = -(-len(years) // most)
    return sorted(years[::-1][::step])


def _segments(line: Line, breaks: list[int]) -> list[tuple[list[int], list[float]]]:
    """The line's points split where the source changed method: no line across a break."""
    segments: list[tuple[list[int], list[float]]] = [([], [])]
    for year, value in zip(line.years, line.values, strict=True):
        if segments[-1][0] and any(segments[-1][0][-1] < b <= year for b in breaks):
            segments.append(([], []))
        segments[-1][0].append(year)
        segments[-1][1].append(value)
    return segments


def line_figure(
    lines: list[Line], *, unit_label: str, decimals: int,
    plan_period: tuple[int, int] | None = None, baseline_year: int | None = None,
) -> Figure:
    """Draw ``lines`` in the house style and return the matplotlib figure.

    The plan period is a grey band and the baseline year a dotted vertical
    line, each labelled in text above the plot."""
    fig, ax = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    first = min(y for line in lines for y in line.years)
    last = max(y for line in lines for y in line.years)
    if plan_period:
        ax.axvspan(plan_period[0] - 0.5, plan_period[1] + 0.5, color=PLAN_SHADE, zorder=0)
        ax.text(
            plan_period[1] + 0.45, 1.0, f"Planperiod {plan_period[0]}–{plan_period[1]}",
            transform=ax.get_xaxis_transform(), va="bottom", ha="right", fontsize=TEXT_SIZE,
            color="#222222",
        )
        last = max(last, plan_period[1])
    if baseline_year is not None and first <= baseline_year <= last:
        ax.axvline(baseline_year, color=BASELINE_COLOUR, linestyle=":", linewidth=1.6, zorder=1)
        ax.text(
            baseline_year + 0.1, 1.0, f"Utgångsår {baseline_year} ┆\n",
            transform=ax.get_xaxis_transform(), va="bottom", ha="right", fontsize=TEXT_SIZE,
            color="#222222",
        )
    for style, line in zip(STYLES, lines, strict=False):
        for i, (years, values) in enumerate(_segments(line, list(line.breaks))):
            ax.plot(years, values, label=line.label if i == 0 else None, **style)
    for year in sorted({y for line in lines for y in line.breaks}):
        if first <= year <= last:
            ax.axvline(year - 0.5, color=BASELINE_COLOUR, linestyle="-", linewidth=1.2, zorder=1)
            ax.text(year - 0.45, 0.02, "Metodbyte", transform=ax.get_xaxis_transform(),
                    va="bottom", ha="left", fontsize=11, color="#222222")
    ax.set_xlim(first - 0.5, last + 0.5)
    ax.margins(y=0.15)
    if len(lines) == 1:  # more lines are named in the legend, which has room on a phone
        _direct_labels(ax, lines)
    ax.xaxis.set_major_locator(FixedLocator(year_ticks([y for line in lines for y in line.years])))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: str(round(v))))
    ax.yaxis.set_major_formatter(DistinctNumbers())
    ax.set_ylabel(unit_label)
    ax.grid(axis="y", color="#CCCCCC", linewidth=0.8)
    if len(lines) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=1,
                  frameon=False, fontsize=TEXT_SIZE)
    fig.get_layout_engine().set(w_pad=0.1)
    return fig


def name_bars(ax, names: Sequence[str], width: int = 34) -> None:
    """Name each bar of a horizontal bar chart (bars at y = 0, 1, …) above it, wrapped to
    ``width`` characters, instead of beside it: long names stay readable on a phone."""
    for y, name in enumerate(names):
        ax.annotate(textwrap.fill(str(name), width), (0, y + 0.28),
                    xycoords=("axes fraction", "data"), va="bottom",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(-0.5, len(names))


def svg_bytes(fig: Figure, text_as_text: bool = False) -> bytes:
    """The figure as SVG without time stamp (same data, same bytes); closes the figure.
    ``text_as_text``: text as SVG text in the page's sans-serif font instead of glyph
    outlines, for a chart with much text (a fraction of the bytes)."""
    buffer = io.BytesIO()
    with plt.rc_context({"svg.fonttype": "none"} if text_as_text else {}):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight",
                    pad_inches=0.08)
    plt.close(fig)
    return buffer.getvalue()


def line_chart(
    lines: list[Line], path: Path, *, unit_label: str, decimals: int,
    plan_period: tuple[int, int] | None = None, baseline_year: int | None = None,
) -> Path:
    """Draw ``lines`` (see :func:`line_figure`) as an SVG file at ``path``; return the path."""
    fig = line_figure(lines, unit_label=unit_label, decimals=decimals, plan_period=plan_period,
                      baseline_year=baseline_year)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(svg_bytes(fig))
    return path


# -- a municipality among all municipalities ---------------------------------------------

GOLDEN = 0.6180339887498949
NATIONAL_POINT_COLOUR = "#767676"  # 4.5:1 on white
NATIONAL_BOX_COLOUR = "#E0E0E0"


@dataclass(frozen=True)
class Marked:
    """A value marked in the national chart: its label and value."""

    label: str
    value: float


def jitter(count: int, width: float = 0.6) -> list[float]:
    """Deterministic vertical offsets in (-width/2, width/2) for ``count`` points
    sorted by value, so neighbours never sit on top of each other (no randomness:
    the same data gives the same SVG)."""
    return [((i * GOLDEN) % 1.0 - 0.5) * width for i in range(count)]


def national_chart(
    values: list[float], path: Path, *, unit_label: str, home: Marked,
    nation: Marked | None = None, group_members: Sequence[float] = (),
    group_label: str = "", group_mean: Marked | None = None,
    lower_is_better: bool | None = True,
) -> Path:
    """Every municipality's value as a grey dot over a box plot (seaborn), with the
    municipality, the comparison group's members and mean and Riket marked by
    marker shape and a legend label, never colour alone. An arrow says which way
    is better (none when ``lower_is_better`` is None: a direction that cannot be read
    as better or worse). Written as an SVG at ``path``."""
    import seaborn as sns  # only this chart needs seaborn

    ordered = sorted(values)
    offsets = jitter(len(ordered))
    # The page shows one such chart per indicator: the 290 dots are one embedded image
    # and the text is SVG text, not outlines, so that the page stays light on a phone.
    fig, ax = plt.subplots(figsize=(FIGURE_SIZE[0], 5.4), layout="constrained")
    ax.tick_params(labelsize=TEXT_SIZE)
    with warnings.catch_warnings():
        # seaborn 0.13.2 still passes matplotlib's deprecated `vert`; the warning would
        # otherwise be printed under the chart in the book.
        warnings.filterwarnings("ignore", message=".*vert: bool was deprecated",
                                category=MatplotlibDeprecationWarning)
        sns.boxplot(x=ordered, orient="h", ax=ax, width=0.75, whis=(0, 100), fliersize=0,
                    color=NATIONAL_BOX_COLOUR, linecolor="#333333", linewidth=1.2, zorder=1)
    sns.scatterplot(x=ordered, y=offsets, ax=ax, color=NATIONAL_POINT_COLOUR, s=14,
                    marker="o", linewidth=0, zorder=2, rasterized=True,
                    label=f"Sveriges kommuner ({len(ordered)})")
    if group_members:
        member_offsets = [offsets[ordered.index(v)] for v in group_members]
        ax.scatter(group_members, member_offsets, marker="D", s=60, facecolors="white",
                   edgecolors="#D55E00", linewidths=2, zorder=3,
                   label=f"{group_label} ({len(group_members)})")
    if group_mean is not None:
        ax.scatter([group_mean.value], [0.5], marker="^", s=150, color="#000000", zorder=4,
                   label=group_mean.label)
    if nation is not None:
        ax.axvline(nation.value, color="#000000", linestyle="--", linewidth=1.6, zorder=1.5,
                   label=nation.label)
    ax.scatter([home.value], [-0.5], marker="o", s=220, color="#0072B2", edgecolors="#000000",
               linewidths=1.5, zorder=5, label=home.label)
    ax.annotate(home.label, xy=(home.value, -0.5), xytext=(0, 12), textcoords="offset points",
                ha="center", va="bottom", fontsize=TEXT_SIZE, fontweight="bold", color="#0072B2",
                zorder=6)
    ax.set_ylim(0.85, -0.95)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_formatter(DistinctNumbers())
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    if lower_is_better is None:
        ax.set_xlabel(unit_label, fontsize=TEXT_SIZE)
    else:
        better = "← Lägre värde är bättre" if lower_is_better else "Högre värde är bättre →"
        ax.set_xlabel(f"{unit_label}\n{better}", fontsize=TEXT_SIZE)
    ax.grid(axis="x", color="#CCCCCC", linewidth=0.8)
    if ax.get_legend() is not None:
        ax.get_legend().remove()  # seaborn's own; the figure's legend below has every mark
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower left", ncols=1,
               frameon=False, fontsize=TEXT_SIZE, handletextpad=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(path, format="svg", metadata={"Date": None}, bbox_inches="tight",
                    pad_inches=0.08, dpi=144)
    plt.close(fig)
    return path
