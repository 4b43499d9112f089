"""Benchmark the pairwise final's standings: 8 entries x 5 judges = 140 votes (every pair, every judge).

Times bradley_terry.standings() (Bradley–Terry strengths plus the bootstrap rank intervals) on
simulated votes, cold (first call for this set of votes) and warm (the same votes again, served from
the cache keyed by the set of votes), best of a few runs. Target: < 0.3 s CPU cold.
Usage: python bench/bench_pairwise.py [--judges N] [--repeats N]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contest.judging.pairwise import bradley_terry as bt

TARGET_S = 0.3


def simulate(n_items, n_judges, seed):
    rng = random.Random(seed)
    true = {i: 2.0 ** rng.uniform(-2, 2) for i in range(1, n_items + 1)}
    votes = []
    for judge in range(n_judges):
        for a, b in bt.schedule(list(true), judge):
            votes.append((a, b) if rng.random() < true[a] / (true[a] + true[b]) else (b, a))
    return list(true), votes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=8)
    parser.add_argument("--judges", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    cold, cpu, warm = [], [], []
    for r in range(args.repeats):
        items, votes = simulate(args.items, args.judges, seed=r)
        bt.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        table = bt.standings(items, votes)
        cold.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        t0 = time.perf_counter()
        bt.standings(items, list(reversed(votes)))
        warm.append(time.perf_counter() - t0)
    best = min(cpu)  # on a shared machine the wall clock mostly measures the neighbours
    print(f"{args.items} entries x {args.judges} judges = {len(votes)} votes, {bt.RESAMPLES} bootstrap resamples")
    print(f"standings cold: {best:.3f} s CPU, {min(cold):.3f} s wall, best of {args.repeats} "
          f"(wall runs {', '.join(f'{w:.3f}' for w in cold)}); "
          f"warm (same votes): {min(warm) * 1000:.2f} ms (target < {TARGET_S} s CPU) -> "
          f"{'OK' if best < TARGET_S else 'TOO SLOW'}")
    print("  " + "; ".join(f"{s.item}: {s.rank} [{s.best}-{s.worst}]" for s in table))


if __name__ == "__main__":
    main()
