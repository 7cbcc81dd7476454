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


FORMATS = ("png", "svg", "pdf")


def _stack(axes, series: dict[str, Counter], axis: list[str]) -> None:
    """Stacked bars, one colour per key: the total per month reads at the top."""
    positions = range(len(axis))
    bottom = [0] * len(axis)
    for key in sorted(series):
        heights = [series[key].get(m, 0) for m in axis]
        axes.bar(positions, heights, bottom=bottom, width=0.85, label=key)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    _months_axis(axes, axis)


def _lines(axes, series: dict[str, Counter], axis: list[str]) -> None:
    """One line per key, not stacked: a document about several topics counts in each of
    them, so stacked bars would add it up several times over its month."""
    positions = range(len(axis))
    for key in sorted(series):
        axes.plot(positions, [series[key].get(m, 0) for m in axis], marker="o", label=key)
    _months_axis(axes, axis)


def _months_axis(axes, axis: list[str]) -> None:
    """About twelve month labels under the panel, and its legend."""
    step = max(1, len(axis) // 12)
    axes.set_xticks(list(range(len(axis)))[::step], axis[::step], rotation=45, ha="right")
    axes.legend(loc="upper left", fontsize="small")


def plot_monthly(
    months: dict[str, Counter], path: str | Path, topics: dict[str, Counter] | None = None
) -> Path:
    """Documents per publication month by site, stacked (and, given `topics`, a line per
    topic below), in the format the file name says: .png, .svg or .pdf."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"{path}: a plot is written as {', '.join(FORMATS)} (by its suffix)")
    panels = [("site", months)] + ([("topic", topics)] if topics is not None else [])
    present = sorted({m for _, series in panels for counts in series.values() for m in counts})
    figure, all_axes = plt.subplots(
        len(panels), 1, figsize=(11, 5 * len(panels)), dpi=100, squeeze=False
    )
    for (label, series), (axes,) in zip(panels, all_axes, strict=True):
        if present:
            draw = _stack if label == "site" else _lines
            draw(axes, series, _month_range(present[0], present[-1]))
        else:
            axes.text(0.5, 0.5, "no dated documents", ha="center", va="center")
        axes.set_title(
            "Documents per month, by site (publication date)"
            if label == "site"
            else "Documents per month about each topic (publication date; one document may be "
            "about several)"
        )
        axes.set_ylabel("documents")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, format=fmt)
    plt.close(figure)
    return path
