"""Pure: how sure is a rank? A bootstrap over judges gives rank intervals; ties at prize boundaries.

bootstrap_ranks() resamples the panel's judges with replacement (B times, fixed seed) and, for each
resample, recomputes every entry's score with the chosen aggregate over the drawn judges who scored
it (a judge drawn twice counts twice) and ranks the entries by that score. An entry none of whose
judges was drawn keeps its full-panel score for that resample. A resample is a multiset of judges,
so identical multisets are computed once and weighted by how often they were drawn: with 5 judges
there are at most 126 distinct ones, which is what makes 1,000 resamples cheap in pure Python.

Normalized totals are taken as computed on the full panel (judges are not re-normalized per
resample) and the bootstrap ranks by score alone (the criterion tie-break is not replayed).

flag_ties() looks at each prize boundary (after place p where the prize tier changes, e.g. Juara III
→ Harapan I, and after the last prize): entries whose interval straddles it, with at least one
ranked above and one below, form a tie the committee must decide.
"""
from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from .scoring import trimmed_mean

__all__ = [
    "LEVEL",
    "SEED",
    "B",
    "RankInterval",
    "Tie",
    "aggregate",
    "bootstrap_ranks",
    "flag_ties",
    "prize_boundaries",
    "tie_key",
]

B = 1000
SEED = 20261203
LEVEL = 0.90  # a 90 % rank interval: the 5th to the 95th percentile of the bootstrap ranks


@dataclass(frozen=True)
class RankInterval:
    best: int
    worst: int


@dataclass(frozen=True)
class Tie:
    boundary: int  # between place `boundary` and `boundary + 1`
    entry_ids: tuple  # ordered by the current ranking

    @property
    def key(self) -> str:
        return tie_key(self.boundary, self.entry_ids)


def tie_key(boundary: int, entry_ids: Sequence) -> str:
    """A stable name of a tie: the boundary and the sorted entries (a changed group is a new tie)."""
    return f"{boundary}:" + ",".join(str(e) for e in sorted(entry_ids))


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def _median(xs: Sequence[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0


AGGREGATES: dict[str, Callable[[Sequence[float]], float]] = {
    "normalized": _mean, "raw": _mean, "median": _median, "trimmed": trimmed_mean}


def aggregate(method: str) -> Callable[[Sequence[float]], float]:
    try:
        return AGGREGATES[method]
    except KeyError:
        raise ValueError(f"unknown aggregate {method!r}") from None


def _competition_ranks(scores: Sequence[float]) -> list[int]:
    """1,2,2,4 ranks of scores (higher is better), in input order."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ranks = [0] * len(scores)
    prev, place = None, 0
    for pos, i in enumerate(order, start=1):
        s = round(scores[i], 9)
        if s != prev:
            place, prev = pos, s
        ranks[i] = place
    return ranks


def bootstrap_ranks(values: Mapping[Hashable, Mapping[Hashable, float]], judges: Sequence[Hashable], *,
                    method: str, resamples: int = B, seed: int = SEED, level: float = LEVEL,
                    ) -> dict[Hashable, RankInterval]:
    """{entry: RankInterval} from `resamples` draws of len(judges) judges with replacement.

    values: {entry: {judge: value}} with the values the method aggregates (raw totals, or the
    normalized totals for "normalized").
    """
    agg = aggregate(method)
    entries = list(values)
    if not entries or not judges:
        return {}
    k = len(judges)
    rng = random.Random(seed)
    draws = Counter(tuple(sorted(Counter(rng.choices(range(k), k=k)).items())) for _ in range(resamples))
    full = [agg(list(values[e].values())) for e in entries]
    # Per entry: (judge index, value) for the judges who scored it.
    index = {j: n for n, j in enumerate(judges)}
    cells = [[(index[j], x) for j, x in values[e].items() if j in index] for e in entries]
    tallies: list[Counter] = [Counter() for _ in entries]
    for multiset, weight in draws.items():
        count = dict(multiset)
        scores = []
        for i, own in enumerate(cells):
            drawn = [x for j, x in own for _ in range(count.get(j, 0))]
            scores.append(agg(drawn) if drawn else full[i])
        for i, r in enumerate(_competition_ranks(scores)):
            tallies[i][r] += weight
    lo_cut, hi_cut = (1 - level) / 2 * resamples, (1 + level) / 2 * resamples
    out = {}
    for e, tally in zip(entries, tallies, strict=True):
        cum, best, worst = 0, None, None
        for r in sorted(tally):
            cum += tally[r]
            if best is None and cum > lo_cut:
                best = r
            if worst is None and cum >= hi_cut:
                worst = r
        out[e] = RankInterval(best, worst if worst is not None else max(tally))
    return out


_NUMERAL = re.compile(r"\s+([IVXLC]+|\d+)$", re.IGNORECASE)


def prize_boundaries(prize_names: Sequence[str]) -> list[int]:
    """Places p after which the prize tier changes ("Juara III" | "Harapan I"), and the last prize."""
    tiers = [_NUMERAL.sub("", name.strip()).casefold() for name in prize_names]
    out = [p for p in range(1, len(tiers)) if tiers[p - 1] != tiers[p]]
    if tiers:
        out.append(len(tiers))
    return out


def flag_ties(ranking: Sequence[tuple[Hashable, int]], intervals: Mapping[Hashable, RankInterval],
              boundaries: Sequence[int]) -> list[Tie]:
    """Ties at prize boundaries: entries whose interval holds both places b and b + 1."""
    ties = []
    for b in boundaries:
        group = [(e, r) for e, r in ranking
                 if e in intervals and intervals[e].best <= b < intervals[e].worst]
        if any(r <= b for _, r in group) and any(r > b for _, r in group):
            ties.append(Tie(b, tuple(e for e, _ in group)))
    return ties
