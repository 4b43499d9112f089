"""Bars of a per-day count, as geometry for an inline SVG drawn by the template (no JS, no CDN)."""
from dataclasses import dataclass

WIDTH, HEIGHT, TOP, BOTTOM = 600, 160, 16, 22  # viewBox units; the SVG scales to its card


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: str
    value: int
    href: str | None


@dataclass(frozen=True)
class Chart:
    bars: list
    peak: int
    total: int
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def ticks(self):
        """Up to 6 bars whose day is printed under the axis (first and last always)."""
        if not self.bars:
            return []
        step = max(1, -(-len(self.bars) // 6))
        picked = self.bars[::step]
        if picked[-1] is not self.bars[-1]:
            picked[-1] = self.bars[-1]  # the last day instead of a crowded neighbour
        return picked


def bar_chart(days, *, link=None):
    """`days`: [(iso day, count)] oldest first; `link(day)` gives a bar's URL (or None)."""
    if not days:
        return Chart([], 0, 0)
    peak = max(n for _d, n in days) or 1
    slot = WIDTH / len(days)
    gap = min(4.0, slot * 0.2)
    usable = HEIGHT - TOP - BOTTOM
    bars = []
    for i, (day, n) in enumerate(days):
        h = usable * n / peak
        bars.append(Bar(round(i * slot + gap / 2, 2), round(HEIGHT - BOTTOM - h, 2), round(slot - gap, 2),
                        round(h, 2), day, n, link(day) if link and n else None))
    return Chart(bars, peak, sum(n for _d, n in days))
