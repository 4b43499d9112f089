"""Pure chart geometry for server-rendered inline SVG (the CSP allows no inline scripts): histograms
and bars, and the per-judge drift chart (score against scoring sequence)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["histogram", "bars", "drift_chart", "DriftChart"]


def histogram(values: Iterable[float], *, bins: int = 10, lo: float = 0.0, hi: float = 100.0) -> list[int]:
    """Counts of values in `bins` equal bands of [lo, hi]; hi itself falls in the last band."""
    counts = [0] * bins
    width = (hi - lo) / bins
    for v in values:
        i = int((v - lo) // width)
        counts[min(bins - 1, max(0, i))] += 1
    return counts


def bars(counts: list[int], *, width: int = 160, height: int = 40, gap: int = 2) -> list[dict]:
    """Rectangles (x, y, w, h, n) for a bar chart of counts, tallest bar filling the height."""
    if not counts:
        return []
    top = max(counts) or 1
    w = width / len(counts)
    out = []
    for i, n in enumerate(counts):
        h = round(height * n / top, 1)
        out.append({"x": round(i * w + gap / 2, 1), "y": round(height - h, 1), "w": round(w - gap, 1),
                    "h": h, "n": n})
    return out


WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 320, 110, 28, 8, 18  # the drift chart's viewBox units


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    sequence: int
    total: float


@dataclass
class DriftChart:
    dots: list = field(default_factory=list)
    trend: tuple | None = None  # (x1, y1, x2, y2) of the least-squares line
    grid: list = field(default_factory=list)  # [(y, label)] horizontal guides
    last: int = 0  # highest sequence number, printed at the axis' end
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_X
    baseline: int = HEIGHT - PAD_BOTTOM


def drift_chart(points: Sequence[tuple[int, float]], *, slope: float | None = None,
                intercept: float | None = None, lo: float = 0.0, hi: float = 100.0) -> DriftChart:
    """Dots at (sequence, total) on a [lo, hi] score axis, and the trend line across them."""
    chart = DriftChart()
    usable_y = HEIGHT - PAD_TOP - PAD_BOTTOM
    chart.grid = [(round(PAD_TOP + usable_y * (hi - v) / (hi - lo), 2), f"{v:g}") for v in (lo, (lo + hi) / 2, hi)]
    if not points:
        return chart
    first, last = 1, max(max(s for s, _t in points), 2)
    chart.last = last

    def x(s):
        return round(PAD_X + (WIDTH - PAD_X - 6) * (s - first) / (last - first), 2)

    def y(v):
        v = min(hi, max(lo, v))
        return round(PAD_TOP + usable_y * (hi - v) / (hi - lo), 2)

    chart.dots = [Dot(x(s), y(t), s, t) for s, t in points]
    if slope is not None and intercept is not None:
        chart.trend = (x(first), y(intercept + slope * first), x(last), y(intercept + slope * last))
    return chart
