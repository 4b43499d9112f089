"""Pure: the order in which each judge meets a round's entries (Williams designs, seeded).

A Williams square of n treatments is a Latin square (each entry appears once in every position
across the rows) whose rows are also balanced for carry-over (each entry directly follows each
other entry equally often). Judge k of a round takes row k; the entries are mapped onto the
square's treatments by a permutation seeded with the round, so the design is fixed for the round
but not guessable from entry numbers. Calibration entries come first for every judge.
"""
from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence

__all__ = ["williams", "judge_order", "round_seed"]


def williams(n: int) -> list[list[int]]:
    """Rows of a Williams design for n treatments: n rows for even n, 2n rows for odd n."""
    if n <= 0:
        return []
    first, lo, hi = [0], 1, n - 1
    while len(first) < n:  # 0, 1, n-1, 2, n-2, ...
        first.append(lo)
        lo += 1
        if len(first) < n:
            first.append(hi)
            hi -= 1
    rows = [[(t + i) % n for t in first] for i in range(n)]
    if n % 2:  # an odd square is balanced for carry-over only together with its mirror image
        rows += [list(reversed(row)) for row in rows]
    return rows


def round_seed(round_id: Hashable) -> str:
    return f"judging-order:{round_id}"


def judge_order(entry_ids: Iterable[Hashable], *, seed: str, slot: int, panel: int | None = None,
                first: Sequence[Hashable] = ()) -> list[Hashable]:
    """The order for the judge in `slot` (0, 1, ...): calibration entries (`first`), then the rest.

    A panel smaller than the design takes rows spread evenly over it (`panel` judges): neighbouring
    rows of a Williams square put each entry at nearly the same place, so judges 0–4 of a 20-entry
    round would otherwise all meet a given entry at about the same point of their lists. Slots
    beyond the design's rows start a new cycle with a fresh mapping of entries onto treatments, so
    that no two judges of a panel get the same list while n > 1.
    """
    ids = sorted(set(entry_ids), key=str)
    head = [e for e in first if e in set(ids)]
    rest = [e for e in ids if e not in set(head)]
    if head:  # calibration items: every judge meets them first, in a rotated order
        shift = slot % len(head)
        head = head[shift:] + head[:shift]
    rows = williams(len(rest))
    if not rows:
        return head
    cycle, row = divmod(slot, len(rows))
    if panel and panel < len(rows):
        # An odd square's mirror rows repeat its first n rows' positions backwards; a panel of up to n
        # judges spreads further over the first n alone (mean spread of an entry's positions: higher).
        span = len(rest) if panel <= len(rest) else len(rows)
        row = slot * span // panel
    labels = list(rest)
    random.Random(f"{seed}:{cycle}").shuffle(labels)
    return head + [labels[t] for t in rows[row]]
