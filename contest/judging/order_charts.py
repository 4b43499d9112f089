"""Pure geometry of the per-judge drift chart (score against scoring sequence) for inline SVG."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT, PAD_X, PAD_TOP, PAD_BOTTOM = 320, 110, 28, 8, 18  # viewBox units


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
