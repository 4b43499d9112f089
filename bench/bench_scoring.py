"""Benchmark scoring.compute on 10,000 entries x 5 judges x 5 criteria (250,000 rows)."""
from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contest.judging.results.scores import compute, default_tie_break
from contest.judging.rounds.weights import Criterion

N_ENTRIES, N_JUDGES, SEED, REPEATS, TARGET_S = 10_000, 5, 20241127, 3, 2.0
CRITERIA = [
    Criterion("tema", 30, 1, 100),
    Criterion("kreativitas", 25, 1, 10),
    Criterion("isi", 25, 1, 10),
    Criterion("teknik", 20, 1, 100),
    Criterion("catatan", 0, 0, 10, counted=False),
]


def make_rows(rng: random.Random) -> list[tuple]:
    """Random integer scores; each judge gets a harshness offset so normalization has work to do."""
    rows = []
    offsets = {j: rng.uniform(-0.2, 0.2) for j in range(N_JUDGES)}
    for e in range(N_ENTRIES):
        quality = rng.random()
        for j in range(N_JUDGES):
            for c in CRITERIA:
                span = c.scale_max - c.scale_min
                frac = min(1.0, max(0.0, quality + offsets[j] + rng.gauss(0, 0.1)))
                rows.append((e, j, c.id, round(c.scale_min + frac * span)))
    return rows


def main() -> None:
    """Time compute (best of REPEATS, wall and CPU) and print the figures."""
    rng = random.Random(SEED)
    rows = make_rows(rng)
    start = datetime(2024, 10, 1, tzinfo=timezone(timedelta(hours=8)))
    submitted_at = {e: start + timedelta(seconds=rng.randrange(21 * 86400)) for e in range(N_ENTRIES)}
    tie_break = default_tie_break(CRITERIA)
    walls, cpus = [], []
    for _ in range(REPEATS):
        w0, c0 = time.perf_counter(), time.process_time()
        results = compute(rows, CRITERIA, submitted_at=submitted_at, tie_break=tie_break)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    best = min(walls)
    flagged = sum(r.disagreement for r in results.entries.values())
    print(f"scoring.compute: {len(rows)} rows ({N_ENTRIES} entries x {N_JUDGES} judges x "
          f"{len(CRITERIA)} criteria), {best:.2f} s wall, {min(cpus):.2f} s CPU "
          f"(best of {REPEATS}; target < {TARGET_S:.0f} s) -> {'OK' if best < TARGET_S else 'TOO SLOW'}")
    print(f"  runs: {', '.join(f'{w:.3f}' for w in walls)} s; ranked {len(results.ranking)} entries, "
          f"{flagged} flagged for disagreement, {len(results.incomplete)} incomplete scorecards")


if __name__ == "__main__":
    main()
