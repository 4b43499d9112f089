"""Benchmark the results service through the database: 10,000 entries x 5 judges x 5 criteria.

Seeds a fresh SQLite file with bulk inserts (entrants, entries with ready videos, an
administrative check, a scoring round, 50,000 scorecards, 250,000 scores), then times
judging.results.round_results() — its queries included — on a cold session, and counts the
queries with a before_cursor_execute listener. Usage: python bench/bench_results.py [db path]
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert

from contest import create_app
from contest.accounts.models import ASNProfile, User, UserRole
from contest.contests.services import save_contest
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.demo.contests import PRIZES, demo_contest_values
from contest.entries.models import Entry
from contest.judging.checks.models import AdminCheck
from contest.judging.panel.models import JudgeProfile
from contest.judging.results.services import round_results
from contest.judging.rounds.models import JudgingRound, RubricCriterion, round_judge
from contest.judging.scoring.models import Score, Scorecard
from contest.media.models import Video

N_ENTRIES, N_JUDGES, SEED, REPEATS, TARGET_S = 10_000, 5, 20241127, 3, 1.0
CRITERIA = [("Kesesuaian tema", 30, 1, 100), ("Kreativitas & orisinalitas", 25, 1, 100),
            ("Isi & dampak pesan", 20, 1, 100), ("Teknik videografi", 15, 1, 10), ("Kepatuhan", 10, 1, 10)]
CHUNK = 20_000


def bulk(model, rows):
    """Core executemany in chunks: no ORM objects, one statement per chunk."""
    table = model if hasattr(model, "c") else model.__table__
    for i in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[i:i + CHUNK])


def seed(rng):
    """Everything the results page reads, inserted in bulk; returns the scoring round's id."""
    now = utcnow()
    contest = save_contest(values={**demo_contest_values(), "slug": "bench"}, prizes=PRIZES)
    db.session.flush()
    password = "scrypt:32768:8:1$bench$" + "0" * 64  # never used to log in
    n_users = N_ENTRIES + N_JUDGES + 1
    bulk(User, [{"id": i, "email": f"u{i}@bench.go.id", "full_name": f"Pengguna {i}", "password_hash": password,
                 "active": True, "created_at": now} for i in range(1, n_users + 1)])
    bulk(UserRole, [{"user_id": i, "name": "entrant"} for i in range(1, N_ENTRIES + 1)]
         + [{"user_id": N_ENTRIES + j, "name": "judge"} for j in range(1, N_JUDGES + 1)]
         + [{"user_id": n_users, "name": "admin"}])
    bulk(ASNProfile, [{"user_id": i, "nip": str(198001012005010000 + i),
                       "employment_type": "PNS", "gender": "L", "birth_date": now.date() - timedelta(days=15000),
                       "position": "Analis", "work_unit": "Sekretariat", "agency": f"Dinas {i % 40}",
                       "regency": "Kota Samarinda", "phone": "+6281234500000", "terms_accepted_at": now,
                       "data_consent_at": now} for i in range(1, N_ENTRIES + 1)])
    judges = [N_ENTRIES + j for j in range(1, N_JUDGES + 1)]
    bulk(JudgeProfile, [{"user_id": j, "agency": f"Lembaga Juri {j}", "affiliation": ""} for j in judges])
    bulk(Entry, [{"id": i, "contest_id": contest.id, "user_id": i, "number": i, "title": f"Karya {i}",
                  "synopsis": "Sinopsis.", "originality_accepted_at": now, "status": "submitted",
                  "submitted_at": now - timedelta(seconds=rng.randrange(21 * 86400)), "created_at": now,
                  "updated_at": now} for i in range(1, N_ENTRIES + 1)])
    bulk(Video, [{"uuid": f"{i:032x}", "entry_id": i, "state": "ready", "created_at": now,
                  "state_changed_at": now} for i in range(1, N_ENTRIES + 1)])
    check = JudgingRound(contest_id=contest.id, kind="admin_check", name="Verifikasi", position=1)
    rnd = JudgingRound(contest_id=contest.id, kind="scoring", name="Penilaian", position=2,
                       opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1))
    db.session.add_all([check, rnd])
    db.session.flush()
    bulk(AdminCheck, [{"round_id": check.id, "entry_id": i, "outcome": "pass", "reason": "", "checked_at": now}
                      for i in range(1, N_ENTRIES + 1)])
    for position, (name, weight, lo, hi) in enumerate(CRITERIA, start=1):
        db.session.add(RubricCriterion(round_id=rnd.id, position=position, name=name, weight=weight,
                                       scale_min=lo, scale_max=hi, counted=True, levels=[]))
    db.session.flush()
    criteria = [(c.id, c.scale_min, c.scale_max) for c in db.session.get(JudgingRound, rnd.id).criteria]
    bulk(round_judge, [{"round_id": rnd.id, "user_id": j} for j in judges])
    offsets = {j: rng.uniform(-0.2, 0.2) for j in judges}
    cards, scores, card_id = [], [], 0
    for entry_id in range(1, N_ENTRIES + 1):
        quality = rng.random()
        for j in judges:
            card_id += 1
            cards.append({"id": card_id, "round_id": rnd.id, "entry_id": entry_id, "judge_id": j,
                          "status": "submitted", "comment": "", "watched": 1.0, "submitted_unwatched": False,
                          "version": 1, "created_at": now, "updated_at": now, "submitted_at": now})
            for cid, lo, hi in criteria:
                frac = min(1.0, max(0.0, quality + offsets[j] + rng.gauss(0, 0.1)))
                scores.append({"scorecard_id": card_id, "criterion_id": cid, "value": round(lo + frac * (hi - lo))})
    bulk(Scorecard, cards)
    bulk(Score, scores)
    db.session.commit()
    return rnd.id, len(scores)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bench-results-")) / "bench.db"
    path.unlink(missing_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True, "SERVER_NAME": "localhost"})
    with app.app_context():
        db.create_all()
        t0 = time.perf_counter()
        round_id, n_scores = seed(random.Random(SEED))
        seeded = time.perf_counter() - t0
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        walls, cpus, counts = [], [], []
        for _ in range(REPEATS):
            db.session.remove()  # cold: nothing in the identity map
            statements.clear()
            w0, c0 = time.perf_counter(), time.process_time()
            res = round_results(db.session.get(JudgingRound, round_id))
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)  # SQLite runs in-process: its work is counted too
            counts.append(len(statements))
        best = min(cpus)  # on a shared machine the wall clock mostly measures the neighbours
        print(f"seeded {path} in {seeded:.1f} s: {N_ENTRIES} entries x {N_JUDGES} judges x {len(CRITERIA)} "
              f"criteria = {n_scores} scores")
        print(f"round_results (queries included): {min(walls):.2f} s wall, {best:.2f} s CPU, best of {REPEATS}; "
              f"{counts[0]} queries (target < {TARGET_S:.0f} s CPU) -> {'OK' if best < TARGET_S else 'TOO SLOW'}")
        print(f"  runs: {', '.join(f'{w:.3f}' for w in walls)} s; queries per run: {counts}; "
              f"ranked {len(res.rows)}, {sum(r.result.disagreement for r in res.rows)} flagged, "
              f"{len(res.judges)} judges")


if __name__ == "__main__":
    main()
