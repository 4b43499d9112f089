"""Pure Bradley–Terry for the pairwise final: strengths by the MM algorithm, bootstrap rank intervals.

P(i beats j) = p_i / (p_i + p_j). Hunter's (2004) MM update p_i ← W_i / Σ_j n_ij / (p_i + p_j),
with a light prior so an entry that won (or lost) every duel still gets a finite strength: every
entry also "plays" one win and one loss against a virtual entry of strength 1, which anchors the
scale (no renormalisation needed). Confidence: the votes are resampled with replacement (fixed seed)
and the 5th–95th percentile of each entry's rank is its 90 % rank interval.
"""
from __future__ import annotations

import itertools
import math
import random
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

__all__ = ["MAX_SHORTLIST", "Standing", "schedule", "standings", "strengths"]

MAX_SHORTLIST = 8  # 8 entries → 28 pairs per judge
PRIOR = 1.0  # virtual wins and losses against a strength-1 entry
RESAMPLES = 500
SEED = 20261203
LEVEL = 0.90


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


def strengths(items: Sequence[Hashable], votes: Sequence[tuple[Hashable, Hashable]], *,
              tol: float = 1e-10, max_iter: int = 10_000) -> dict[Hashable, float]:
    """{item: strength} from (winner, loser) votes by the MM algorithm."""
    wins: Counter = Counter()
    n: dict[Hashable, Counter] = defaultdict(Counter)
    for winner, loser in votes:
        if winner == loser:
            raise ValueError("an entry cannot beat itself")
        wins[winner] += 1
        n[winner][loser] += 1
        n[loser][winner] += 1
    p = {i: 1.0 for i in items}
    for _ in range(max_iter):
        change = 0.0
        new = {}
        for i in items:
            denom = sum(c / (p[i] + p[j]) for j, c in n[i].items()) + 2 * PRIOR / (p[i] + 1.0)
            new[i] = (wins[i] + PRIOR) / denom
            change = max(change, abs(math.log(new[i] / p[i])))
        p = new
        if change < tol:
            break
    return p


def _ranks(p: dict) -> dict:
    order = sorted(p, key=lambda i: -p[i])
    out, prev, place = {}, None, 0
    for pos, i in enumerate(order, start=1):
        s = round(p[i], 9)
        if s != prev:
            place, prev = pos, s
        out[i] = place
    return out


def standings(items: Sequence[Hashable], votes: Sequence[tuple[Hashable, Hashable]], *,
              resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL) -> list[Standing]:
    """The shortlist ranked by strength, with bootstrap (over votes) rank intervals."""
    items = list(items)
    p = strengths(items, votes)
    ranks = _ranks(p)
    tallies = {i: Counter() for i in items}
    rng = random.Random(seed)
    votes = list(votes)
    if votes:
        for _ in range(resamples):
            sample = rng.choices(votes, k=len(votes))
            for i, r in _ranks(strengths(items, sample, tol=1e-6)).items():
                tallies[i][r] += 1
    lo_cut, hi_cut = (1 - level) / 2 * resamples, (1 + level) / 2 * resamples
    wins, duels = Counter(w for w, _ in votes), Counter(x for v in votes for x in v)
    out = []
    for i in items:
        best = worst = ranks[i]
        if tallies[i]:
            cum, best, worst = 0, None, None
            for r in sorted(tallies[i]):
                cum += tallies[i][r]
                if best is None and cum > lo_cut:
                    best = r
                if worst is None and cum >= hi_cut:
                    worst = r
        out.append(Standing(i, ranks[i], p[i], p[i] / (p[i] + 1.0), wins[i], duels[i], best, worst))
    return sorted(out, key=lambda s: (s.rank, str(s.item)))


def schedule(items: Sequence[Hashable], judge: Hashable, *, seed: int = SEED) -> list[tuple]:
    """Every pair of the shortlist for one judge, in a judge-specific order and sides (no bias)."""
    if len(items) > MAX_SHORTLIST:
        raise ValueError(f"a pairwise shortlist holds at most {MAX_SHORTLIST} entries")
    rng = random.Random(f"{seed}:{judge}")
    pairs = [tuple(rng.sample(pair, 2)) for pair in itertools.combinations(sorted(items, key=str), 2)]
    rng.shuffle(pairs)
    return pairs
