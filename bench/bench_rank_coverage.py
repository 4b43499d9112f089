"""Coverage of the results page's 90 % rank intervals, before (percentile bootstrap over judges) and after
(confidence sets for ranks from pairwise tests, contest.judging.results.rank_sets).

Simulates panels of 30 entries with true quality q ~ N(65, 10), judges' bias N(0, 5) and noise sd 6 or
12 (every judge scores every entry: x = q + bias_j + noise), for 3, 5 and 7 judges, and computes the
intervals under each aggregate (normalized mean, raw mean, median, trimmed mean). An interval covers
when it holds the entry's true rank (the rank of q). Prints, per cell, the coverage over all entries of
all panels and the mean width (number of places), before and after; the goal is >= 88 % at 90 %.
Usage: python bench/bench_rank_coverage.py [--panels N] [--quick] [--seed S]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contest.judging.results import rank_sets, robust
from contest.judging.results import scores as scoring

N_ENTRIES, BIAS_SD, NOISE_SDS, JUDGE_COUNTS, PANELS = 30, 5.0, (6.0, 12.0), (3, 5, 7), 30
GOAL = 0.88


def old_bootstrap_ranks(values, judges, *, method, resamples=1000, seed=robust.SEED, level=robust.LEVEL):
    """The method the page used before: percentiles of ranks over 1,000 resamples of the judges."""
    agg = robust.aggregate(method)
    entries = list(values)
    k = len(judges)
    rng = random.Random(seed)
    draws = Counter(tuple(sorted(Counter(rng.choices(range(k), k=k)).items())) for _ in range(resamples))
    full = [agg(list(values[e].values())) for e in entries]
    index = {j: n for n, j in enumerate(judges)}
    cells = [[(index[j], x) for j, x in values[e].items()] for e in entries]
    tallies = [Counter() for _ in entries]
    for multiset, weight in draws.items():
        count = dict(multiset)
        scores = []
        for i, own in enumerate(cells):
            drawn = [x for j, x in own for _ in range(count.get(j, 0))]
            scores.append(agg(drawn) if drawn else full[i])
        for i, place in enumerate(robust._competition_ranks(scores)):
            tallies[i][place] += weight
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
        out[e] = robust.RankInterval(best, worst if worst is not None else max(tally))
    return out


def panel(rng, n_judges, noise_sd):
    quality = {e: rng.gauss(65, 10) for e in range(N_ENTRIES)}
    bias = {j: rng.gauss(0, BIAS_SD) for j in range(n_judges)}
    totals = {(e, j): q + bias[j] + rng.gauss(0, noise_sd) for e, q in quality.items() for j in bias}
    order = sorted(quality, key=lambda e: -quality[e])
    return totals, {e: place for place, e in enumerate(order, start=1)}


def by_entry(totals):
    out = {}
    for (e, j), x in totals.items():
        out.setdefault(e, {})[j] = x
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panels", type=int, default=PANELS, help="simulated panels per cell")
    parser.add_argument("--quick", action="store_true", help="10 panels per cell")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    reps = 10 if args.quick else args.panels
    t0 = time.perf_counter()
    print(f"{N_ENTRIES} entries, judge bias N(0, {BIAS_SD:g}), {reps} panels per cell, nominal 90 %")
    print(f"{'judges':>6} {'noise':>5} {'aggregate':<10} {'before: cover':>13} {'width':>6} "
          f"{'after: cover':>12} {'width':>6}")
    worst = 1.0
    for n_judges in JUDGE_COUNTS:
        for noise_sd in NOISE_SDS:
            rng = random.Random(f"{args.seed}:{n_judges}:{noise_sd}")
            tally = {m: [0, 0, 0, 0, 0] for m in scoring.METHODS}  # n, old hits, old width, new hits, new width
            for _ in range(reps):
                totals, truth = panel(rng, n_judges, noise_sd)
                raw = by_entry(totals)
                normalized = by_entry(scoring.normalize(totals))
                judges = list(range(n_judges))
                for method in scoring.METHODS:
                    values = normalized if method == "normalized" else raw
                    old = old_bootstrap_ranks(values, judges, method=method)
                    new = rank_sets.rank_intervals(values, judges, method=method)
                    cell = tally[method]
                    for e, true_rank in truth.items():
                        cell[0] += 1
                        cell[1] += old[e].best <= true_rank <= old[e].worst
                        cell[2] += old[e].worst - old[e].best + 1
                        cell[3] += new[e].best <= true_rank <= new[e].worst
                        cell[4] += new[e].worst - new[e].best + 1
            for method, (n, old_hits, old_width, new_hits, new_width) in tally.items():
                worst = min(worst, new_hits / n)
                print(f"{n_judges:>6} {noise_sd:>5g} {method:<10} {old_hits / n:>13.1%} {old_width / n:>6.1f} "
                      f"{new_hits / n:>12.1%} {new_width / n:>6.1f}", flush=True)
    print(f"lowest coverage after: {worst:.1%} (goal >= {GOAL:.0%}) -> {'OK' if worst >= GOAL else 'BELOW GOAL'}; "
          f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
