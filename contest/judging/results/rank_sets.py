"""Pure: confidence sets for ranks (Mogstad, Romano, Shaikh & Wilhelm, Rev. Econ. Stud. 2024).

An entry's rank is 1 + the number of entries better than it. Its 90 % rank interval collects the
ranks no pairwise test can rule out: for entry e, every other entry k is compared with e on the
difference of their scores, Δ_ek, and counted as surely ahead of (or behind) e only when that test
rejects "Δ_ek = 0" while the family of e's n − 1 tests keeps its error rate at 10 % (Holm's step-down,
valid under any dependence). Then P(true rank ∈ interval) ≥ 90 % for each entry (the marginal sets of
MRSW; no assumption on how many entries are close).

What is uncertain is each judge's noise, not who the judges are, so the standard errors come from a
residual bootstrap conditional on the panel: an additive model x_ej = m + a_e + b_j + ε (entry
quality, judge severity; alternating means, exact for a complete panel) leaves residuals with
N − (entries + judges − 1) degrees of freedom; they are rescaled to unbiased variance and redrawn
with replacement, the chosen aggregate (mean, median, trimmed mean) is recomputed, and its variance
is each entry's squared standard error. Entries scored by the same judges share that distribution
exactly (the aggregates shift with a_e), so it is simulated once per set of judges. The test
statistic is Student's t with the residual degrees of freedom. With one judge, or no residual degrees
of freedom, nothing can be ruled out and every interval is the whole ranking. Above STEP_DOWN_MAX
entries only the first (single-step Bonferroni) round runs, which is valid and keeps the cost
O(n log n) for a 10,000-entry round.

The estimand is the rank of each entry's expected score under the chosen aggregate: with a complete
panel (every judge scores every entry) that is the rank of the entries' quality.
"""
from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Hashable, Mapping, Sequence
from statistics import NormalDist

from .robust import LEVEL, SEED, RankInterval, aggregate

__all__ = ["DRAWS", "additive_fit", "rank_intervals", "t_critical"]

DRAWS = 2000  # bootstrap draws per set of judges (fewer when there are many distinct sets)
MAX_T_DRAWS = 2000  # simulated panels for the max-t critical values
MAX_T_RIVALS = 100  # max-t critical values up to this many rivals; Holm's (never smaller) beyond
STEP_DOWN_MAX = 2000  # above this many entries: single-step Bonferroni only (valid; O(n log n))
MAX_AGGREGATES = 200_000  # bound on aggregates simulated per call
MIN_DRAWS = 200
EXACT_T_DF = 300  # above this many degrees of freedom Student's t is taken as normal


def additive_fit(values: Mapping[Hashable, Mapping[Hashable, float]], *, sweeps: int = 50
                 ) -> tuple[float, dict, dict]:
    """(m, a, b) of x_ej ≈ m + a_e + b_j by alternating means (least squares; exact when complete)."""
    cells = [(e, j, x) for e, row in values.items() for j, x in row.items()]
    m = math.fsum(x for _, _, x in cells) / len(cells)
    a = {e: 0.0 for e in values}
    b: dict = {}
    for j in {j for _, j, _ in cells}:
        b[j] = 0.0
    by_judge: dict = {}
    for e, j, x in cells:
        by_judge.setdefault(j, []).append((e, x))
    for _ in range(sweeps):
        a_new = {e: math.fsum(x - m - b[j] for j, x in row.items()) / len(row) for e, row in values.items()}
        b_new = {j: math.fsum(x - m - a_new[e] for e, x in pairs) / len(pairs) for j, pairs in by_judge.items()}
        shift = max(max(abs(a_new[e] - a[e]) for e in a), max(abs(b_new[j] - b[j]) for j in b))
        a, b = a_new, b_new
        if shift < 1e-10:
            break
    return m, a, b


def _t_two_sided(t: float, df: int) -> float:
    """P(|T| > t) for Student's t with integer df (Abramowitz & Stegun 26.7.3–4; normal above 300)."""
    t = abs(t)
    if df > EXACT_T_DF:
        return 2 * (1 - NormalDist().cdf(t))
    theta = math.atan(t / math.sqrt(df))
    c2, s = math.cos(theta) ** 2, math.sin(theta)
    if df % 2:
        term = math.cos(theta)
        total = term if df > 1 else 0.0
        for k in range(3, df - 1, 2):
            term *= c2 * (k - 1) / k
            total += term
        inside = 2 / math.pi * (theta + s * total)
    else:
        term = total = 1.0
        for k in range(2, df - 1, 2):
            term *= c2 * (k - 1) / k
            total += term
        inside = s * total
    return max(0.0, 1.0 - inside)


def t_critical(alpha: float, df: int) -> float:
    """t with P(|T| > t) = alpha (bisection on the exact tail)."""
    lo, hi = 0.0, 1.0
    while _t_two_sided(hi, df) > alpha:
        hi *= 2
        if hi > 1e12:
            return math.inf
    for _ in range(80):
        mid = (lo + hi) / 2
        if _t_two_sided(mid, df) > alpha:
            lo = mid
        else:
            hi = mid
    return hi


def _noise(groups: Mapping[tuple, list], centre: Mapping[Hashable, float], pool: Sequence[float],
           agg: Callable[[Sequence[float]], float], rng: random.Random) -> dict[tuple, list[float]]:
    """Per set of judges: centred draws of the aggregate of (m + b_j + redrawn residual)."""
    size = sum(len(g) for g in groups)
    draws = max(MIN_DRAWS, min(DRAWS, MAX_AGGREGATES // max(1, size)))
    out = {}
    for group in groups:
        base = [centre[j] for j in group]
        k = len(base)
        sims = [agg([c + r for c, r in zip(base, rng.choices(pool, k=k), strict=True)]) for _ in range(draws)]
        mean = math.fsum(sims) / draws
        out[group] = [x - mean for x in sims]
    return out


def _max_t_critical(noise: Sequence[float], family: int, alpha: float, df: int, rng: random.Random
                    ) -> list[float]:
    """c[m] for m = 1..family: the (1 − alpha) quantile of max over m rivals of |n_e − n_k| / sd(n_e − n_k).

    Exchangeable entries (one set of judges): the law depends only on m, so one pass over MAX_T_DRAWS
    simulated panels gives every c[m]. Scaled from normal to Student's t tails (σ is estimated).
    """
    sd = math.sqrt(2 * math.fsum(x * x for x in noise) / len(noise))
    if sd == 0:
        return [0.0] * (family + 1)
    maxima: list[list[float]] = [[] for _ in range(family + 1)]
    for _ in range(MAX_T_DRAWS):
        own, *rivals = rng.choices(noise, k=family + 1)
        running = 0.0
        for m, x in enumerate(rivals, start=1):
            running = max(running, abs(own - x))
            maxima[m].append(running / sd)
    crit = [math.inf]
    normal = NormalDist()
    for m in range(1, family + 1):
        c = sorted(maxima[m])[min(MAX_T_DRAWS - 1, math.ceil((1 - alpha) * MAX_T_DRAWS) - 1)]
        tail = 2 * (1 - normal.cdf(c))  # the per-comparison level c stands for
        crit.append(t_critical(tail, df) if tail > 0 else c)
    return crit


def rank_intervals(values: Mapping[Hashable, Mapping[Hashable, float]], judges: Sequence[Hashable], *,
                   method: str, level: float = LEVEL, seed: int = SEED) -> dict[Hashable, RankInterval]:
    """{entry: RankInterval} at `level`: marginal confidence sets for each entry's rank.

    values: {entry: {judge: value}} with the values the method aggregates (raw totals, or the
    normalized totals for "normalized"); judges outside `judges` are ignored.
    """
    agg = aggregate(method)
    keep = set(judges)
    values = {e: {j: x for j, x in row.items() if j in keep} for e, row in values.items()}
    values = {e: row for e, row in values.items() if row}
    entries = list(values)
    n = len(entries)
    if n == 0:
        return {}
    scores = {e: agg(list(row.values())) for e, row in values.items()}
    m, a, b = additive_fit(values)
    residuals = [x - m - a[e] - b[j] for e, row in values.items() for j, x in row.items()]
    df = len(residuals) - (n + len(b) - 1)
    if df <= 0:
        return {e: RankInterval(1, n) for e in entries}
    scale = math.sqrt(len(residuals) / df)
    pool = [r * scale for r in residuals]
    order = {j: i for i, j in enumerate(judges)}
    group_of = {e: tuple(sorted(row, key=order.__getitem__)) for e, row in values.items()}
    groups: dict[tuple, list] = {}
    for e, g in group_of.items():
        groups.setdefault(g, []).append(e)
    centre = {j: m + bj for j, bj in b.items()}
    rng = random.Random(seed)
    noise = _noise(groups, centre, pool, agg, rng)
    var_of = {e: math.fsum(x * x for x in noise[group_of[e]]) / (len(noise[group_of[e]]) - 1) for e in entries}
    alpha = 1 - level
    family = n - 1
    # Holm's step-down (valid under any dependence): the i-th smallest p-value is held to
    # alpha / (family − i + 1). Exchangeable entries (one set of judges) use the sharper step-down
    # max-t (Romano & Wolf) while at most MAX_T_RIVALS comparisons remain.
    table = (_max_t_critical(next(iter(noise.values())), min(family, MAX_T_RIVALS), alpha, df, rng)
             if len(groups) == 1 else [])
    crit_cache: dict[int, float] = {}

    def crit(remaining: int) -> float:
        if remaining < len(table):
            return table[remaining]
        if remaining not in crit_cache:
            crit_cache[remaining] = t_critical(alpha / remaining, df)
        return crit_cache[remaining]

    ranked = sorted(entries, key=lambda e: scores[e])
    sorted_scores = [scores[e] for e in ranked]
    v_max = max(var_of.values())
    out = {}
    for e in entries:
        x, v = scores[e], var_of[e]
        # Far-off entries: |t| beats the strictest Holm bar whatever their variance (rejected first).
        reach = crit(family) * math.sqrt(v + v_max)
        lo = bisect.bisect_left(sorted_scores, x - reach)
        hi = bisect.bisect_right(sorted_scores, x + reach)
        below, above = lo, n - hi  # surely behind, surely ahead
        if n > STEP_DOWN_MAX:
            out[e] = RankInterval(1 + above, n - below)
            continue
        near = []
        for k in ranked[lo:hi]:
            if k == e:
                continue
            d = scores[k] - x
            s = math.sqrt(var_of[k] + v)
            t = math.inf if s == 0 and d else (0.0 if s == 0 else abs(d) / s)
            near.append((t, d))
        near.sort(key=lambda td: -td[0])
        rejected = below + above
        for t, d in near:
            if family - rejected < 1 or t <= crit(family - rejected):
                break
            rejected += 1
            if d > 0:
                above += 1
            else:
                below += 1
        out[e] = RankInterval(1 + above, n - below)
    return out
