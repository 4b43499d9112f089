"""Pure: order effects in a round's scores — position effect, per-judge drift, calibration deviations.

Input is a list of Card(judge_id, entry_id, position, sequence, total): `position` is where the
judge first opened the entry in their own order (1 = first), `sequence` where they submitted it,
`total` the raw 0–100 total. Nothing here imports Flask or the database.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .scores import median

__all__ = ["Card", "spearman", "position_effect", "drift", "calibration", "MIN_CARDS", "ALPHA"]

MIN_CARDS = 12  # fewer cards with a recorded position: too little data to judge an order effect
MIN_DF = 4  # nor when entries are scored by too few judges to compare an entry's positions
ALPHA = 0.05
HARSH = 5.0  # points on the 0–100 scale away from the rest of the panel on calibration items


class Card(NamedTuple):
    judge_id: Hashable
    entry_id: Hashable
    position: int | None
    sequence: int | None
    total: float


# -- Spearman's rho with the t-approximation p-value (as scipy.stats.spearmanr) -------------

def _ranks(values: Sequence[float]) -> list[float]:
    """Average ranks (1-based), ties sharing the mean of their places."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c if abs(1 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c if abs(1 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def spearman(x: Sequence[float], y: Sequence[float]) -> tuple[float, float] | None:
    """(rho, two-sided p) of Spearman's rank correlation; None below 3 pairs or for a constant input."""
    if len(x) != len(y):
        raise ValueError("x and y differ in length")
    n = len(x)
    if n < 3:
        return None
    rho = _pearson(_ranks(x), _ranks(y))
    if rho is None:
        return None
    return rho, t_pvalue(rho, n - 2)


def t_pvalue(r: float, df: int) -> float:
    """Two-sided p of a correlation r on df degrees of freedom (Student's t approximation)."""
    if abs(r) >= 1.0:
        return 0.0
    t2 = r * r * df / (1 - r * r)
    return _betainc(df / 2, 0.5, df / (df + t2))


# -- position effect ------------------------------------------------------------------------

def _pstats(values: Sequence[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def normalized(cards: Iterable[Card]) -> dict[tuple, float]:
    """{(judge, entry): μ + σ·(x − μj)/σj}: each judge's totals on the panel's overall scale."""
    cards = list(cards)
    if not cards:
        return {}
    mu, sigma = _pstats([c.total for c in cards])
    per_judge: dict[Hashable, list[float]] = {}
    for c in cards:
        per_judge.setdefault(c.judge_id, []).append(c.total)
    stats = {j: _pstats(v) for j, v in per_judge.items()}
    out = {}
    for c in cards:
        mj, sj = stats[c.judge_id]
        out[(c.judge_id, c.entry_id)] = mu + (sigma * (c.total - mj) / sj if sj > 0 else 0.0)
    return out


@dataclass
class Third:
    index: int  # 0 first third, 1 middle, 2 last
    mean: float | None
    count: int


@dataclass
class PositionEffect:
    count: int  # cards with a position (calibration items left out)
    thirds: list[Third]
    rho: float | None = None
    p: float | None = None
    verdict: str = "too_few"  # too_few | none | later_higher | later_lower

    @property
    def gap(self) -> float | None:
        """Last third's mean minus the first third's, in normalized points."""
        first, last = self.thirds[0].mean, self.thirds[2].mean
        return None if first is None or last is None else last - first


def _third(position: int, length: int) -> int:
    return min(2, 3 * (position - 1) // max(1, length))


def position_effect(cards: Iterable[Card], *, exclude: Iterable[Hashable] = ()) -> PositionEffect:
    """Mean normalized score by position third and Spearman's rho between position and score
    (the judge's normalized score minus the entry's mean over the judges who scored it).

    Thirds are taken within each judge's own list (a judge who met 9 entries has positions 1–3
    in the first third). `exclude`: calibration entries, always first and so not informative.
    """
    skip = set(exclude)
    cards = [c for c in cards if c.entry_id not in skip]
    norm = normalized(cards)  # judges' harshness removed over all their scored entries
    placed = [c for c in cards if c.position is not None]
    length: dict[Hashable, int] = {}
    for c in placed:
        length[c.judge_id] = max(length.get(c.judge_id, 0), c.position)
    buckets: list[list[float]] = [[], [], []]
    for c in placed:
        buckets[_third(c.position, length[c.judge_id])].append(norm[(c.judge_id, c.entry_id)])
    thirds = [Third(i, sum(b) / len(b) if b else None, len(b)) for i, b in enumerate(buckets)]
    out = PositionEffect(len(placed), thirds)
    if len(placed) < MIN_CARDS:
        return out
    # Relative position (0 = first, 1 = last of that judge's list), so lists of unequal length pool;
    # the score is measured against the entry's own panel mean, so that a strong entry that happened
    # to sit early in a few lists is not mistaken for an order effect. Those means cost one degree of
    # freedom per entry (as a partial correlation with entry effects): p uses N − entries − 1, which
    # keeps false alarms near 5 % even for two or three judges (tests/judging/results/test_order_stats.py).
    per_entry: dict[Hashable, list[float]] = {}
    for c in placed:
        per_entry.setdefault(c.entry_id, []).append(norm[(c.judge_id, c.entry_id)])
    entry_mean = {e: sum(v) / len(v) for e, v in per_entry.items()}
    df = len(placed) - len(per_entry) - 1
    if df < MIN_DF:
        return out
    rel = [(c.position - 1) / max(1, length[c.judge_id] - 1) for c in placed]
    result = spearman(rel, [norm[(c.judge_id, c.entry_id)] - entry_mean[c.entry_id] for c in placed])
    if result is None:
        out.verdict = "none"
        return out
    out.rho, out.p = result[0], t_pvalue(result[0], df)
    out.verdict = "none" if out.p >= ALPHA else ("later_higher" if out.rho > 0 else "later_lower")
    return out


# -- drift ---------------------------------------------------------------------------------

@dataclass
class Drift:
    judge_id: Hashable
    points: list[tuple[int, float]]  # (sequence, raw total), in scoring order
    slope: float | None  # points per entry, least squares
    intercept: float | None


def drift(cards: Iterable[Card]) -> dict[Hashable, Drift]:
    """Per judge: raw totals against the order they were submitted in, with a least-squares line."""
    per_judge: dict[Hashable, list[tuple[int, float]]] = {}
    for c in cards:
        if c.sequence is not None:
            per_judge.setdefault(c.judge_id, []).append((c.sequence, c.total))
    out = {}
    for judge_id, points in per_judge.items():
        points.sort()
        slope = intercept = None
        if len(points) >= 3:
            mx, _ = _pstats([p[0] for p in points])
            my, _ = _pstats([p[1] for p in points])
            sxx = sum((x - mx) ** 2 for x, _y in points)
            if sxx > 0:
                slope = sum((x - mx) * (y - my) for x, y in points) / sxx
                intercept = my - slope * mx
        out[judge_id] = Drift(judge_id, points, slope, intercept)
    return out


# -- calibration -----------------------------------------------------------------------------

@dataclass
class JudgeCalibration:
    judge_id: Hashable
    deviations: dict = field(default_factory=dict)  # entry_id -> judge's total − the others' median
    mean: float | None = None
    verdict: str = "unknown"  # unknown | harsh | lenient | aligned


def calibration(cards: Iterable[Card], items: Sequence[Hashable], *,
                threshold: float = HARSH) -> dict[Hashable, JudgeCalibration]:
    """Each judge's deviation from the rest of the panel on the calibration entries.

    Against the median of the other judges, so that one harsh judge does not make every
    colleague look lenient in a panel of three to five.
    """
    items = list(items)
    by_entry: dict[Hashable, dict[Hashable, float]] = {e: {} for e in items}
    judges: list[Hashable] = []
    for c in cards:
        if c.judge_id not in judges:
            judges.append(c.judge_id)
        if c.entry_id in by_entry:
            by_entry[c.entry_id][c.judge_id] = c.total
    out = {}
    for judge_id in judges:
        row = JudgeCalibration(judge_id)
        for entry_id in items:
            scores = by_entry[entry_id]
            others = [v for j, v in scores.items() if j != judge_id]
            if judge_id in scores and others:
                row.deviations[entry_id] = scores[judge_id] - median(others)
        if row.deviations:
            row.mean = sum(row.deviations.values()) / len(row.deviations)
            row.verdict = ("harsh" if row.mean <= -threshold else "lenient" if row.mean >= threshold
                           else "aligned")
        out[judge_id] = row
    return out
