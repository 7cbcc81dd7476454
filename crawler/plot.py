"""Charts of the corpus (matplotlib, Agg: no display needed)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def plot_monthly(months: dict[str, Counter], path: str | Path) -> Path:
    """Documents per publication month, one line per site, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    path = Path(path)  # its directory exists: `stats` checks before querying
    present = sorted({m for counts in months.values() for m in counts})
    figure, axes = plt.subplots(figsize=(11, 5), dpi=100)
    if present:
        axis = _month_range(present[0], present[-1])
        positions = range(len(axis))
        bottom = [0] * len(axis)
        for site in sorted(months):  # stacked bars: the total per month reads at the top
            heights = [months[site].get(m, 0) for m in axis]
            axes.bar(positions, heights, bottom=bottom, width=0.85, label=site)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        step = max(1, len(axis) // 12)
        axes.set_xticks(list(positions)[::step], axis[::step], rotation=45, ha="right")
        axes.legend(loc="upper left", fontsize="small")
    else:
        axes.text(0.5, 0.5, "no dated documents", ha="center", va="center")
    axes.set_title("Documents per month, by site (publication date)")
    axes.set_ylabel("documents")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, format="png")
    plt.close(figure)
    return path
