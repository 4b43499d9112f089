"""Pure Bradley–Terry for the pairwise final: strengths by Newton's method, bootstrap rank intervals.

P(i beats j) = p_i / (p_i + p_j). A light prior keeps an entry that won (or lost) every duel finite:
every entry also "plays" one win and one loss against a virtual entry of strength 1, which anchors
the scale (no renormalisation needed). The estimate is the maximum of that log-posterior in
θ = log p, a strictly concave function: Newton's method with step halving reaches it in a handful of
iterations (the stationary point is the one Hunter's (2004) MM update
p_i ← (W_i + 1) / (Σ_j n_ij / (p_i + p_j) + 2 / (p_i + 1)) converges to, hundreds of times slower).

Confidence: the votes are resampled with replacement (fixed seed) and the 5th–95th percentile of
each entry's rank is its 90 % rank interval. A resample only changes how often each (winner, loser)
cell occurs, so it is drawn as cell counts and solved from the full-data estimate (warm start).
standings() is cached by the multiset of votes: the committee's page and the lock reuse one result.
"""
from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MAX_SHORTLIST", "Standing", "cache_clear", "schedule", "standings", "strengths"]

MAX_SHORTLIST = 8  # 8 entries → 28 pairs per judge
PRIOR = 1.0  # virtual wins and losses against a strength-1 entry
RESAMPLES = 500
SEED = 20261203
LEVEL = 0.90
TOL = 1e-10  # largest Newton step in log-strength at convergence
MAX_ITER = 100
BOOT_TOL = 1e-4  # a resample only needs ranks: after a step this small the error is ~1e-8 (quadratic)


@dataclass(frozen=True)
class Standing:
    item: Hashable
    rank: int
    strength: float
    win_probability: float  # chance to beat an average entry (the virtual strength-1 entry)
    wins: int
    duels: int
    best: int
    worst: int


def _cells(items: Sequence[Hashable], votes) -> tuple[list[tuple[int, int]], list[int]]:
    """Distinct (winner index, loser index) cells and how often each occurs."""
    index = {item: n for n, item in enumerate(items)}
    counts: Counter = Counter()
    for winner, loser in votes:
        if winner == loser:
            raise ValueError("an entry cannot beat itself")
        counts[(index[winner], index[loser])] += 1
    cells = sorted(counts)
    return cells, [counts[c] for c in cells]


def _posterior(theta, wins, cells, weights, prior):
    p = [math.exp(t) for t in theta]
    total = sum(prior * t - 2 * prior * math.log1p(q) + w * t for t, q, w in zip(theta, p, wins, strict=True))
    return total - sum(c * math.log(p[i] + p[j]) for (i, j), c in zip(cells, weights, strict=True))


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a·x = b for a symmetric positive definite a (Cholesky, in place; n ≤ 8 here)."""
    n = len(b)
    for j in range(n):
        row_j = a[j]
        d = row_j[j]
        for k in range(j):
            d -= row_j[k] * row_j[k]
        d = math.sqrt(d)
        row_j[j] = d
        for i in range(j + 1, n):
            row_i = a[i]
            s = row_i[j]
            for k in range(j):
                s -= row_i[k] * row_j[k]
            row_i[j] = s / d
    y = list(b)
    for i in range(n):
        row_i = a[i]
        s = y[i]
        for k in range(i):
            s -= row_i[k] * y[k]
        y[i] = s / row_i[i]
    for i in reversed(range(n)):
        s = y[i]
        for k in range(i + 1, n):
            s -= a[k][i] * y[k]
        y[i] = s / a[i][i]
    return y


def _fit(n: int, cells, weights, *, prior: float = PRIOR, start=None, tol: float = TOL) -> list[float]:
    """Log-strengths maximising the log-posterior (Newton; a long step is halved until it climbs)."""
    theta = list(start) if start is not None else [0.0] * n
    wins = [0.0] * n
    for (i, _j), c in zip(cells, weights, strict=True):
        wins[i] += c
    for _ in range(MAX_ITER):
        p = [math.exp(t) for t in theta]
        grad = [w + prior for w in wins]
        info = [[0.0] * n for _ in range(n)]  # minus the Hessian (lower triangle used)
        for i in range(n):
            s = p[i] / (1.0 + p[i])
            grad[i] -= 2 * prior * s
            info[i][i] += 2 * prior * s * (1.0 - s)
        for (i, j), c in zip(cells, weights, strict=True):
            if not c:
                continue
            pi = p[i] / (p[i] + p[j])
            grad[i] -= c * pi
            grad[j] -= c * (1.0 - pi)
            v = c * pi * (1.0 - pi)
            info[i][i] += v
            info[j][j] += v
            if i > j:
                info[i][j] -= v
            else:
                info[j][i] -= v
        step = _solve(info, grad)
        size = max(abs(d) for d in step)
        if size > 1.0:  # far from the optimum: make sure the step climbs (the function is concave)
            current = _posterior(theta, wins, cells, weights, prior)
            scale = 1.0
            while scale > 1e-6:
                trial = [t + scale * d for t, d in zip(theta, step, strict=True)]
                if _posterior(trial, wins, cells, weights, prior) >= current:
                    break
                scale /= 2
            theta, size = trial, size * scale
        else:
            theta = [t + d for t, d in zip(theta, step, strict=True)]
        if size < tol:
            break
    return theta


def strengths(items: Sequence[Hashable], votes: Sequence[tuple[Hashable, Hashable]], *,
              prior: float = PRIOR, tol: float = TOL) -> dict[Hashable, float]:
    """{item: strength} from (winner, loser) votes (prior: virtual wins and losses per entry)."""
    items = list(items)
    cells, weights = _cells(items, votes)
    if prior <= 0 and not cells:
        return {i: 1.0 for i in items}
    theta = _fit(len(items), cells, weights, prior=prior, tol=tol)
    return {item: math.exp(t) for item, t in zip(items, theta, strict=True)}


def _ranks(values: Sequence[float]) -> list[int]:
    """1,2,2,4 ranks of strengths (higher is better), in input order."""
    order = sorted(range(len(values)), key=lambda i: -values[i])
    out, prev, place = [0] * len(values), None, 0
    for pos, i in enumerate(order, start=1):
        s = round(values[i], 9)
        if s != prev:
            place, prev = pos, s
        out[i] = place
    return out


def standings(items: Sequence[Hashable], votes: Sequence[tuple[Hashable, Hashable]], *,
              resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL) -> list[Standing]:
    """The shortlist ranked by strength, with bootstrap (over votes) rank intervals."""
    canonical = tuple(sorted(((w, lo) for w, lo in votes), key=lambda v: (str(v[0]), str(v[1]))))
    return list(_standings(tuple(items), canonical, resamples, seed, level))


@lru_cache(maxsize=128)
def _standings(items: tuple, votes: tuple, resamples: int, seed: int, level: float) -> tuple[Standing, ...]:
    n = len(items)
    cells, weights = _cells(items, votes)
    theta = _fit(n, cells, weights)
    p = [math.exp(t) for t in theta]
    ranks = _ranks(p)
    tallies = [Counter() for _ in items]
    if votes:
        rng = random.Random(seed)
        cum = list(itertools.accumulate(weights))
        population = range(len(cells))
        for _ in range(resamples):
            drawn = [0] * len(cells)
            for c in rng.choices(population, cum_weights=cum, k=len(votes)):
                drawn[c] += 1
            for i, r in enumerate(_ranks(_fit(n, cells, drawn, start=theta, tol=BOOT_TOL))):
                tallies[i][r] += 1
    lo_cut, hi_cut = (1 - level) / 2 * resamples, (1 + level) / 2 * resamples
    wins, duels = Counter(w for w, _ in votes), Counter(x for v in votes for x in v)
    out = []
    for i, item in enumerate(items):
        best = worst = ranks[i]
        if tallies[i]:
            cum_n, best, worst = 0, None, None
            for r in sorted(tallies[i]):
                cum_n += tallies[i][r]
                if best is None and cum_n > lo_cut:
                    best = r
                if worst is None and cum_n >= hi_cut:
                    worst = r
        out.append(Standing(item, ranks[i], p[i], p[i] / (p[i] + 1.0), wins[item], duels[item], best, worst))
    return tuple(sorted(out, key=lambda s: (s.rank, str(s.item))))


def cache_clear() -> None:
    """Forget cached standings (benchmarks and tests measure a cold computation)."""
    _standings.cache_clear()


def schedule(items: Sequence[Hashable], judge: Hashable, *, seed: int = SEED) -> list[tuple]:
    """Every pair of the shortlist for one judge, in a judge-specific order and sides (no bias)."""
    if len(items) > MAX_SHORTLIST:
        raise ValueError(f"a pairwise shortlist holds at most {MAX_SHORTLIST} entries")
    rng = random.Random(f"{seed}:{judge}")
    pairs = [tuple(rng.sample(pair, 2)) for pair in itertools.combinations(sorted(items, key=str), 2)]
    rng.shuffle(pairs)
    return pairs
