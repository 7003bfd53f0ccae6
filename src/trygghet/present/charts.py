"""The house chart style: readable on a phone, never colour alone.

Each series has its own colour (>= 3:1 contrast on white), marker and dash
style, and is labelled directly at its last point. Charts are written as SVG
with fixed ids and no timestamp, so the same data gives the same bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

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
BASELINE_COLOUR = "#444444"  # 9.7:1 on white

plt.rcParams.update(
    {
        "svg.hashsalt": "trygghet",
        "svg.fonttype": "path",
        "font.size": 15,
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
            fontsize=13, fontweight="bold", annotation_clip=False,
        )


def line_figure(
    lines: list[Line], *, unit_label: str, decimals: int,
    plan_period: tuple[int, int] | None = None, baseline_year: int | None = None,
) -> Figure:
    """Draw ``lines`` in the house style and return the matplotlib figure.

    The plan period is a grey band and the baseline year a dotted vertical
    line, each labelled in text above the plot."""
    fig, ax = plt.subplots(figsize=(5.8, 4.8), layout="constrained")
    first = min(y for line in lines for y in line.years)
    last = max(y for line in lines for y in line.years)
    if plan_period:
        ax.axvspan(plan_period[0] - 0.5, plan_period[1] + 0.5, color=PLAN_SHADE, zorder=0)
        ax.text(
            plan_period[0] - 0.4, 1.0, f"Planperiod {plan_period[0]}–{plan_period[1]}",
            transform=ax.get_xaxis_transform(), va="bottom", ha="left", fontsize=11,
            color="#222222",
        )
        last = max(last, plan_period[1])
    if baseline_year is not None and first <= baseline_year <= last:
        ax.axvline(baseline_year, color=BASELINE_COLOUR, linestyle=":", linewidth=1.6, zorder=1)
        ax.text(
            baseline_year - 0.15, 1.0, f"Utgångsår {baseline_year}",
            transform=ax.get_xaxis_transform(), va="bottom", ha="right", fontsize=11,
            color="#222222",
        )
    for style, line in zip(STYLES, lines, strict=False):
        ax.plot(line.years, line.values, label=line.label, **style)
    ax.set_xlim(first - 0.5, last + 0.5)
    ax.margins(y=0.15)
    _direct_labels(ax, lines)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0)))
    ax.set_ylabel(unit_label)
    ax.grid(axis="y", color="#CCCCCC", linewidth=0.8)
    if len(lines) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=min(2, len(lines)),
                  frameon=False, fontsize=13)
    fig.get_layout_engine().set(w_pad=0.1)
    return fig


def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG without time stamp (same data, same bytes); closes the figure."""
    buffer = io.BytesIO()
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
