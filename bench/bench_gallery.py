"""Load test of the public gallery under gunicorn with wrk, beside a trivial endpoint of the same app.

Builds a throwaway SQLite database with one published edition of 1,000 entries (all accepted,
consenting, with ready videos; six prizes with jury notes), serves it with gunicorn on 127.0.0.1
(the same worker settings as `make run`), then runs wrk for a bounded time on:
  /robots.txt (trivial: no database, no template), the winners gallery, two entry pages and a
  page of the all-entries gallery — interleaved in slices, so load from elsewhere on the machine
  hits every endpoint alike.
Target: the winners gallery at >= 50 % of the trivial endpoint's throughput, p99 < 100 ms.
Run: .venv/bin/python bench/bench_gallery.py [--seconds 10] [--connections 8] [--no-cache]
Needs Debian's wrk (`make bench-deps`).
"""
from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

N_ENTRIES = 1000
WINNER_NUMBERS = (17, 204, 333, 480, 612, 901)
SLUG = "bench-pemilu"
TARGET_RATIO, TARGET_P99_MS = 0.5, 100.0
AGENCIES = ["Dinas Kesehatan", "Dinas Sosial", "Dinas Pendidikan dan Kebudayaan", "Badan Kepegawaian Daerah",
            "Dinas Komunikasi dan Informatika", "Satuan Polisi Pamong Praja", "Bappeda", "Dinas Pariwisata"]
REGENCIES = ["Kota Samarinda", "Kota Balikpapan", "Kota Bontang", "Kabupaten Berau", "Kabupaten Paser",
             "Kabupaten Kutai Kartanegara", "Kabupaten Kutai Timur"]

APP_MODULE = """
import os
from contest import create_app
app = create_app({"GALLERY_CACHE": os.environ.get("BENCH_GALLERY_CACHE", "1") == "1"})
"""


def build_database(env):
    """The published edition, inserted in bulk (no password hashing, no ffmpeg: pages only)."""
    os.environ.update(env)
    from contest import create_app
    from contest.accounts.models import ASNProfile, User, UserRole
    from contest.contests.services import save_contest
    from contest.core.extensions import db
    from contest.core.timeutil import utcnow
    from contest.demo.contests import PRIZES, demo_contest_values
    from contest.entries.models import Entry
    from contest.gallery.models import GallerySettings, PublicConsent, WinnerNote
    from contest.judging.checks.models import AdminCheck
    from contest.judging.results.models import PrizeAward
    from contest.judging.rounds.models import JudgingRound
    from contest.media.models import Video

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    now = utcnow()
    with app.app_context():
        db.create_all()
        values = demo_contest_values()
        values.update(slug=SLUG, voting_opens_at=None, voting_closes_at=None,
                      registration_opens_at=now - timedelta(days=40),
                      submissions_close_at=now - timedelta(days=30),
                      judging_opens_at=now - timedelta(days=29), judging_closes_at=now - timedelta(days=20),
                      announcement_at=now - timedelta(days=1))
        contest = save_contest(values=values, prizes=PRIZES)
        check = JudgingRound(contest=contest, kind="admin_check", name="Verifikasi", position=1)
        rnd = JudgingRound(contest=contest, kind="scoring", name="Penilaian", position=2,
                           locked_at=now - timedelta(days=3), results_final_at=now - timedelta(days=2))
        db.session.add_all([check, rnd])
        db.session.flush()
        users, profiles, roles, entries, videos, checks, consents = [], [], [], [], [], [], []
        for n in range(1, N_ENTRIES + 1):
            users.append({"id": n, "email": f"bench{n}@example.go.id", "full_name": f"Peserta Bench {n}",
                          "password_hash": "!", "active": True, "created_at": now})
            roles.append({"user_id": n, "name": "entrant"})
            profiles.append({"user_id": n, "nip": f"{n:018d}", "employment_type": "PNS", "gender": "L",
                             "birth_date": date(1985, 1, 1), "position": "Analis", "work_unit": "Sekretariat",
                             "agency": AGENCIES[n % len(AGENCIES)], "regency": REGENCIES[n % len(REGENCIES)],
                             "phone": "+6281234500000", "terms_accepted_at": now, "data_consent_at": now})
            entries.append({"id": n, "contest_id": contest.id, "user_id": n, "number": n,
                            "title": f"Karya Netralitas {n:04d}",
                            "synopsis": "Sinopsis karya tentang netralitas ASN. " * 4,
                            "originality_accepted_at": now, "status": "submitted", "submitted_at": now,
                            "created_at": now, "updated_at": now})
            videos.append({"uuid": secrets.token_hex(16), "entry_id": n, "state": "ready", "frame_count": 3,
                           "poster_choice": 1, "width": 1920 if n % 3 else 1080,
                           "height": 1080 if n % 3 else 1920,
                           "duration": 95.0, "rendition": "remux", "original_filename": "x.mp4",
                           "original_size": 1, "attempts": 1, "progress": 100, "problems": [],
                           "created_at": now, "state_changed_at": now, "ready_at": now})
            checks.append({"round_id": check.id, "entry_id": n, "outcome": "pass", "reason": "",
                           "checked_at": now})
            consents.append({"entry_id": n, "given_at": now})
        for model, rows in ((User, users), (UserRole, roles), (ASNProfile, profiles), (Entry, entries),
                            (Video, videos), (AdminCheck, checks), (PublicConsent, consents)):
            db.session.execute(db.insert(model), rows)
        jury_prizes = [p for p in contest.prizes if "favorit" not in p.name.casefold()]
        for prize, entry_id in zip(jury_prizes, WINNER_NUMBERS, strict=True):
            db.session.add(PrizeAward(round_id=rnd.id, prize_id=prize.id, entry_id=entry_id,
                                      rank=prize.position))
            db.session.add(WinnerNote(entry_id=entry_id,
                                      note="Pesan netralitas yang kuat dan digarap dengan rapi."))
        db.session.add(GallerySettings(contest_id=contest.id, show_all_entries=True))
        db.session.commit()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def parse_wrk(output):
    """(requests/s, p50 ms, p99 ms, non-2xx count) from `wrk --latency` output."""
    def ms(text):
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, p50, p99, int(bad.group(1)) if bad else 0


def run_wrk(url, *, seconds, connections, threads):
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s", url]
    done = subprocess.run(argv, check=True, capture_output=True, text=True, timeout=seconds + 30)
    return parse_wrk(done.stdout)


def measure(base, endpoints, *, seconds, rounds, connections, threads):
    """Each endpoint for `seconds` in total, in `rounds` interleaved slices, so that a change in
    the machine's load during the run hits every endpoint alike. Returns {name: (req/s, p50, p99,
    worst p99, non-2xx)}: throughput over all slices, the median slice's p50 and p99 (about the
    p99 of the whole run), and the worst slice's p99."""
    slices = {name: [] for name, _ in endpoints}
    for _ in range(rounds):
        for name, path in endpoints:
            slices[name].append(run_wrk(base + path, seconds=max(1, seconds // rounds),
                                        connections=connections, threads=threads))
    out = {}
    for name, runs in slices.items():
        p50s, p99s = sorted(r[1] for r in runs), sorted(r[2] for r in runs)
        out[name] = (sum(r[0] for r in runs) / len(runs), p50s[len(runs) // 2], p99s[len(runs) // 2],
                     p99s[-1], sum(r[3] for r in runs))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk time per endpoint (at most 60)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved slices per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers (make run: 1 without Redis)")
    parser.add_argument("--gthreads", type=int, default=16, help="gunicorn threads per worker (make run: 16)")
    parser.add_argument("--no-cache", action="store_true", help="render the winners list on every request")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk tidak ditemukan: jalankan `make bench-deps` (apt-get install wrk)")
    args.seconds = max(1, min(args.seconds, 60))

    work = Path(tempfile.mkdtemp(prefix="bench-gallery-"))
    env = {"DATABASE_URL": f"sqlite:///{work / 'bench.db'}", "UPLOAD_ROOT": str(work / "uploads"),
           "HUEY_SQLITE_PATH": str(work / "queue.db"), "SECRET_KEY": secrets.token_hex(16),
           "BENCH_GALLERY_CACHE": "0" if args.no_cache else "1", "PYTHONPATH": str(PROJECT)}
    server = None
    try:
        started = time.monotonic()
        build_database(env)
        print(f"database: {N_ENTRIES} published entries in {time.monotonic() - started:.1f} s")
        (work / "benchapp.py").write_text(APP_MODULE)
        port = free_port()
        server = subprocess.Popen(
            [str(PROJECT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers",
             str(args.workers), "--threads", str(args.gthreads), "--chdir", str(work),
             "--log-level", "warning", "benchapp:app"], env={**os.environ, **env}, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/robots.txt")
        endpoints = [("trivial /robots.txt", "/robots.txt"), ("winners gallery", f"/c/{SLUG}/pemenang"),
                     ("entry page (winner)", f"/c/{SLUG}/karya/17"),
                     ("entry page (gallery)", f"/c/{SLUG}/karya/500"),
                     ("all entries, page 20", f"/c/{SLUG}/karya?page=20")]
        print(f"wrk: {args.seconds} s per endpoint in {args.rounds} interleaved slices, {args.connections} "
              f"connections, {args.threads} threads; gunicorn {args.workers} workers x {args.gthreads} "
              f"threads; cache {'off' if args.no_cache else 'on'}; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} CPUs")
        for _name, path in endpoints:  # warm up: imports, compiled templates, caches
            run_wrk(base + path, seconds=1, connections=args.connections, threads=args.threads)
        results = measure(base, endpoints, seconds=args.seconds, rounds=args.rounds,
                          connections=args.connections, threads=args.threads)
        for name, (rps, p50, p99, worst, bad) in results.items():
            print(f"  {name:<22} {rps:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms "
                  f"(worst slice {worst:6.1f} ms)" + (f"   {bad} non-2xx!" if bad else ""))
        trivial = results["trivial /robots.txt"][0]
        rps, _p50, p99, _worst, bad = results["winners gallery"]
        ratio = rps / trivial
        ok = ratio >= TARGET_RATIO and p99 < TARGET_P99_MS and not bad
        print(f"winners gallery: {ratio:.0%} of the trivial endpoint's throughput (target >= "
              f"{TARGET_RATIO:.0%}), p99 {p99:.1f} ms (target < {TARGET_P99_MS:.0f} ms) -> "
              f"{'OK' if ok else 'MISSED'}")
        for name in ("entry page (winner)", "entry page (gallery)", "all entries, page 20"):
            print(f"  {name}: {results[name][0] / trivial:.0%} of trivial, p99 {results[name][2]:.1f} ms")
        return 0 if ok else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
