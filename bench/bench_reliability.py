"""Benchmark the results page's analysis through the database: 500 entries x 5 judges x 5 criteria.

Seeds a fresh SQLite file the way bench_results.py does (same seeding code, 500 entries), then times
judging.analysis.round_analysis() on a cold session: the round's results (its queries included),
Krippendorff's alpha, ICC(2,k) and judge-vs-panel correlations for the totals and each criterion,
the rank confidence sets (residual bootstrap, pairwise step-down tests) and the prize-boundary ties. Prints
the time and the query count (constant in the number of entries).
Usage: python bench/bench_reliability.py [db path]
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event

import bench.bench_results as seeding
from contest import create_app
from contest.core.extensions import db
from contest.judging.results.analysis import round_analysis
from contest.judging.rounds.models import JudgingRound

N_ENTRIES, REPEATS, TARGET_S = 500, 3, 3.0


def run(path, n_entries=N_ENTRIES):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True, "SERVER_NAME": "localhost"})
    with app.app_context():
        db.create_all()
        seeding.N_ENTRIES = n_entries  # the bench_results seeding, at this size
        round_id, n_scores = seeding.seed(random.Random(seeding.SEED))
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        walls, counts = [], []
        for _ in range(REPEATS):
            db.session.remove()
            statements.clear()
            w0 = time.perf_counter()
            res, info = round_analysis(db.session.get(JudgingRound, round_id))
            walls.append(time.perf_counter() - w0)
            counts.append(len(statements))
        return n_scores, walls, counts, res, info


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bench-reliability-")) / "bench.db"
    path.unlink(missing_ok=True)
    n_scores, walls, counts, res, info = run(path)
    best = min(walls)
    small = run(path.with_name("small.db"), 50)[2][0]
    print(f"{N_ENTRIES} entries x {seeding.N_JUDGES} judges x {len(seeding.CRITERIA)} criteria = {n_scores} scores")
    print(f"results + reliability + rank confidence sets: {best:.2f} s wall, best of {REPEATS}; "
          f"{counts[0]} queries ({small} for 50 entries) (target < {TARGET_S:.0f} s) -> "
          f"{'OK' if best < TARGET_S else 'TOO SLOW'}")
    print(f"  runs: {', '.join(f'{w:.3f}' for w in walls)} s; queries per run: {counts}; alpha "
          f"{info.overall.alpha:.3f}, ICC(2,k) {info.overall.icc.average:.3f}; {len(info.ties)} tie(s) at "
          f"boundaries {info.boundaries}; ranked {len(res.rows)}")


if __name__ == "__main__":
    main()
