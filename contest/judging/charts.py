"""Pure chart geometry for server-rendered inline SVG (the CSP allows no inline scripts)."""
from __future__ import annotations

from collections.abc import Iterable

__all__ = ["histogram", "bars"]


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
