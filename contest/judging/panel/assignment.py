"""Pure balanced assignment: N judges per entry, a cap per judge, never a forbidden pair.

It is a bipartite b-matching. A greedy pass (most constrained entry first, least loaded judge
first) does nearly all the work; augmenting paths (Kuhn's algorithm on the residual graph)
repair what greedy leaves, so the result covers as much as any assignment can. The smallest
per-judge load that still reaches that coverage is found by binary search, so loads are as even
as the constraints allow. No Flask, no database.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Plan", "balanced_assignment"]


@dataclass(frozen=True)
class Plan:
    """assignments includes the pinned pairs; shortfall: entries left with fewer than N judges."""

    assignments: dict[Hashable, frozenset]
    shortfall: dict[Hashable, int]
    loads: dict[Hashable, int]
    max_load: int

    def pairs(self) -> set[tuple[Hashable, Hashable]]:
        return {(e, j) for e, js in self.assignments.items() for j in js}


def _solve(entries, judges, allowed, need, room):
    """Max b-matching for the given needs and judge rooms: greedy, then augmenting repairs."""
    order = {j: i for i, j in enumerate(judges)}
    load = {j: 0 for j in judges}
    chosen: dict[Hashable, set] = {e: set() for e in entries}
    holders: dict[Hashable, set] = {j: set() for j in judges}  # entries each judge got here
    # Most constrained first: fewest allowed judges per judge needed.
    ranked = sorted(range(len(entries)), key=lambda i: (len(allowed[entries[i]]) - need[entries[i]], i))
    for i in ranked:
        e = entries[i]
        options = sorted((j for j in allowed[e] if load[j] < room[j]),
                         key=lambda j: (load[j], (order[j] - i) % len(judges)))
        for j in options[:need[e]]:
            chosen[e].add(j)
            holders[j].add(e)
            load[j] += 1

    def augment(start):
        """BFS entry → judge (unused pair) → entry (a pair it holds) … → judge with room."""
        parent: dict = {("e", start): None}
        queue = deque([start])
        while queue:
            e = queue.popleft()
            for j in sorted(allowed[e] - chosen[e], key=lambda j: (load[j], order[j])):
                if ("j", j) in parent:
                    continue
                parent[("j", j)] = ("e", e)
                if load[j] < room[j]:
                    node = ("j", j)
                    while parent[node] is not None:  # flip the path
                        prev = parent[node]
                        if node[0] == "j":
                            chosen[prev[1]].add(node[1])
                            holders[node[1]].add(prev[1])
                        else:
                            chosen[node[1]].discard(prev[1])
                            holders[prev[1]].discard(node[1])
                        node = prev
                    load[j] += 1
                    return True
                for e2 in holders[j]:
                    if ("e", e2) not in parent:
                        parent[("e", e2)] = ("j", j)
                        queue.append(e2)
        return False

    progress = True
    while progress:
        progress = False
        for e in entries:
            while len(chosen[e]) < need[e] and augment(e):
                progress = True
    return chosen


def balanced_assignment(entries: Sequence[Hashable], judges: Sequence[Hashable], *,
                        per_entry: int, cap: int | None = None,
                        forbidden: Iterable[tuple[Hashable, Hashable]] = (),
                        pinned: Iterable[tuple[Hashable, Hashable]] = ()) -> Plan:
    """Give each entry `per_entry` judges, no judge more than `cap` entries (None: no cap).

    forbidden: (entry, judge) pairs that must never be assigned (conflicts, admin removals).
    pinned: (entry, judge) pairs that stay (manual choices, cards already started); a pinned
    pair that is also forbidden is dropped. Pinned pairs count towards N and towards the load.
    """
    if per_entry < 0:
        raise ValueError("per_entry must be >= 0")
    entries, judges = list(dict.fromkeys(entries)), list(dict.fromkeys(judges))
    cap = len(entries) if cap is None else cap
    if cap < 0:
        raise ValueError("cap must be >= 0")
    forbidden = set(forbidden)
    entry_set, judge_set = set(entries), set(judges)
    kept = {(e, j) for e, j in pinned if (e, j) not in forbidden and e in entry_set and j in judge_set}
    pinned_of = {e: {j for e2, j in kept if e2 == e} for e in entries}
    pinned_load = {j: 0 for j in judges}
    for _, j in kept:
        pinned_load[j] += 1
    need = {e: max(0, per_entry - len(pinned_of[e])) for e in entries}
    allowed = {e: {j for j in judges if (e, j) not in forbidden and j not in pinned_of[e]}
               for e in entries}

    def run(limit):
        room = {j: max(0, limit - pinned_load[j]) for j in judges}
        return _solve(entries, judges, allowed, need, room)

    best = run(cap) if judges else {e: set() for e in entries}
    target = sum(len(v) for v in best.values())
    # No limit below the busiest pinned judge or below an even share of all pairs can work.
    lo = max([0, *pinned_load.values(), -(-(target + len(kept)) // max(1, len(judges)))])
    hi = max(lo, cap)
    while lo < hi and judges:  # smallest per-judge limit that still reaches the best coverage
        mid = (lo + hi) // 2
        trial = run(mid)
        if sum(len(v) for v in trial.values()) == target:
            best, hi = trial, mid
        else:
            lo = mid + 1
    assignments = {e: frozenset(pinned_of[e] | best[e]) for e in entries}
    loads = {j: 0 for j in judges}
    for js in assignments.values():
        for j in js:
            loads[j] += 1
    shortfall = {e: per_entry - len(js) for e, js in assignments.items() if len(js) < per_entry}
    return Plan(assignments, shortfall, loads, max(loads.values(), default=0))
