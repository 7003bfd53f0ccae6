"""The house chart style: readable on a phone, never colour alone.

Each series has its own colour (>= 3:1 contrast on white), marker and dash
style, and is labelled directly at its last point. Charts are written as SVG
with fixed ids and no timestamp, so the same data gives the same bytes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from trygghet.text import format_number  # noqa: E402

# Okabe–Ito colours that reach 3:1 contrast against white, plus black.
STYLES = [
    {"color": "#0072B2", "marker": "o", "linestyle": "-"},
    {"color": "#D55E00", "marker": "s", "linestyle": "--"},
    {"color": "#000000", "marker": "^", "linestyle": ":"},
    {"color": "#007A5A", "marker": "D", "linestyle": "-."},
    {"color": "#8E4585", "marker": "v", "linestyle": (0, (5, 2, 1, 2))},
]
PLAN_SHADE = "#E8E8E8"

plt.rcParams.update(
    {
        "svg.hashsalt": "trygghet",
        "svg.fonttype": "path",
        "font.size": 11,
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


def line_chart(
    lines: list[Line], path: Path, *, unit_label: str, decimals: int,
    plan_period: tuple[int, int] | None = None,
) -> Path:
    """Draw ``lines`` as an SVG at ``path`` and return the path."""
    fig, ax = plt.subplots(figsize=(7.2, 4.0), layout="constrained")
    first = min(y for line in lines for y in line.years)
    last = max(y for line in lines for y in line.years)
    if plan_period:
        ax.axvspan(plan_period[0] - 0.5, plan_period[1] + 0.5, color=PLAN_SHADE, zorder=0)
        ax.text(
            plan_period[0] - 0.4, 1.0, f"Planperiod {plan_period[0]}–{plan_period[1]}",
            transform=ax.get_xaxis_transform(), va="bottom", ha="left", fontsize=9,
            color="#222222",
        )
        last = max(last, plan_period[1])
    for style, line in zip(STYLES, lines, strict=False):
        ax.plot(line.years, line.values, label=line.label, **style)
        ax.annotate(
            line.label, (line.years[-1], line.values[-1]), xytext=(8, 0),
            textcoords="offset points", va="center", color=style["color"], fontsize=10,
            fontweight="bold",
        )
    ax.set_xlim(first - 0.5, last + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v, 0 if decimals == 0 else 0)))
    ax.set_ylabel(unit_label)
    ax.grid(axis="y", color="#CCCCCC", linewidth=0.8)
    ax.margins(y=0.15)
    if len(lines) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncols=min(3, len(lines)),
                  frameon=False, fontsize=10)
    fig.get_layout_engine().set(w_pad=0.1)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
    return path
