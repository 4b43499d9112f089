"""Pure: aggregates, rank intervals' shape and ties at prize boundaries.

The rank intervals themselves (confidence sets for ranks) are computed in rank_sets.py. The
percentile bootstrap over judges that lived here covered the true rank only 63–87 % of the time at
a nominal 90 % (bench/bench_rank_coverage.py keeps it as the "before" column).

flag_ties() looks at each prize boundary (after place p where the prize tier changes, e.g. Juara III
→ Harapan I, and after the last prize): entries whose interval straddles it, with at least one
ranked above and one below, form a tie the committee must decide.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from .scores import median, trimmed_mean

__all__ = [
    "LEVEL",
    "SEED",
    "RankInterval",
    "Tie",
    "aggregate",
    "flag_ties",
    "prize_boundaries",
    "tie_key",
]

SEED = 20261203
LEVEL = 0.90  # rank intervals hold the true rank with at least this probability


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


AGGREGATES: dict[str, Callable[[Sequence[float]], float]] = {
    "normalized": _mean, "raw": _mean, "median": median, "trimmed": trimmed_mean}


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
