"""Benchmark the tus server: a 1 GiB upload in 64 MiB PATCHes to gunicorn (1 gthread worker).

Prints throughput, the worker's peak RSS and RSS growth, and the ratio to a plain file write of
the same bytes on the same disk in the same run. Everything lives in a temporary folder.
Run: .venv/bin/python bench/bench_upload.py [--gib 1] [--chunk-mib 64]
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from base64 import b64encode
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

MiB = 1024 * 1024
BLOCK = MiB
TARGET_MBPS, TARGET_RSS_GROWTH_MB = 100, 50
PASSWORD = "bench-rahasia-123"


def blocks(total, seed):
    """The upload's bytes, made on the fly: a random 1 MiB block stamped with its index."""
    base = bytearray(seed)
    for index in range(total // BLOCK):
        base[:8] = index.to_bytes(8, "big")
        yield base
    if total % BLOCK:
        yield bytes(total % BLOCK)


def expected_sha256(total, seed):
    digest = hashlib.sha256()
    for block in blocks(total, seed):
        digest.update(block)
    return digest.hexdigest()


def cpu_seconds(pid):
    """User + system CPU time of a process (from /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as fh:
        return int(re.search(r"VmRSS:\s+(\d+)", fh.read()).group(1))


class RssSampler(threading.Thread):
    def __init__(self, pid, every=0.05):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.stop = pid, every, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(self.every)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_fixtures(env):
    """Database, an open contest allowing 4 GB, an entrant and their entry, via the app factory."""
    os.environ.update(env)
    from datetime import date

    from contest import create_app
    from contest.accounts.nip import build_nip, parse_nip
    from contest.accounts.services import register_entrant
    from contest.contests.services import make_current, save_contest
    from contest.core.extensions import db
    from contest.demo.contests import PRIZES, demo_contest_values
    from contest.entries.services import create_entry

    app = create_app()
    with app.app_context():
        db.create_all()
        values = {**demo_contest_values(), "slug": "bench", "max_size_mb": 4096}
        contest = save_contest(values=values, prizes=PRIZES)
        make_current(contest=contest)
        nip = build_nip(birth_date=date(1985, 5, 5), kind="PNS", appointment_year=2010,
                        appointment_month=3, gender="L", sequence=1)
        user = register_entrant(full_name="Peserta Bench", email="bench@example.go.id",
                                password=PASSWORD, parsed_nip=parse_nip(nip), position="Analis",
                                rank=None, work_unit="Sekretariat", agency="Dinas Kominfo",
                                regency="Kota Samarinda", phone="+6281234500000")
        entry = create_entry(contest=contest, user=user, title="Bench", synopsis="Bench.",
                             social_url=None)
        db.session.commit()
        return entry.id


def start_gunicorn(env, port, log):
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gthread", "--threads", "4",
         "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=PROJECT, env={**os.environ, **env}, start_new_session=True,
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.options(f"http://127.0.0.1:{port}/tus/", timeout=5).status_code == 204:
                children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
                return proc, int(children[0])
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit("gunicorn did not start; see its log")


def login(base):
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=10)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    response = session.post(f"{base}/login", allow_redirects=False, timeout=10,
                            data={"email": "bench@example.go.id", "password": PASSWORD,
                                  "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return session


def tus_upload(base, session, entry_id, total, chunk, seed):
    """Create the upload, then PATCH it chunk by chunk with http.client; returns the location."""
    tus = {"Tus-Resumable": "1.0.0"}
    meta = ",".join(f"{key} {b64encode(value.encode()).decode()}"
                    for key, value in {"entry_id": str(entry_id), "filename": "bench.mp4"}.items())
    response = session.post(f"{base}/tus/", timeout=10,
                            headers={**tus, "Upload-Length": str(total), "Upload-Metadata": meta})
    assert response.status_code == 201, (response.status_code, response.text)
    location = response.headers["Location"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    host, port = base.rsplit("/", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    stream, offset = blocks(total, seed), 0
    while offset < total:
        size = min(chunk, total - offset)
        conn.putrequest("PATCH", location)
        for name, value in {**tus, "Content-Type": "application/offset+octet-stream",
                            "Upload-Offset": str(offset), "Content-Length": str(size),
                            "Cookie": cookie, "User-Agent": session.headers["User-Agent"]}.items():
            conn.putheader(name, value)
        conn.endheaders()
        sent = 0
        while sent < size:
            block = next(stream)
            conn.send(block)
            sent += len(block)
        reply = conn.getresponse()
        reply.read()
        assert reply.status == 204, (reply.status, offset)
        offset = int(reply.getheader("Upload-Offset"))
    conn.close()
    return location


def plain_write(path, total, seed, fsync_every=None):
    """Baseline: the same bytes written with os.write in 1 MiB blocks, with fsync at the end
    (and every `fsync_every` bytes, as the tus server does at the end of each PATCH)."""
    start = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        written = 0
        for block in blocks(total, seed):
            written += os.write(fd, block)
            if fsync_every and written % fsync_every == 0:
                os.fsync(fd)
        os.fsync(fd)
    finally:
        os.close(fd)
    return time.perf_counter() - start


def find_stored(root, total):
    """The uploaded file after hand-over: the one file of exactly `total` bytes under root."""
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            if path.stat().st_size == total:
                return path
    return None


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(4 * MiB):
            digest.update(block)
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--chunk-mib", type=int, default=64)
    args = parser.parse_args()
    total, chunk = int(args.gib * 1024 * MiB), args.chunk_mib * MiB
    seed = os.urandom(BLOCK)
    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    env = {"SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": f"sqlite:///{work / 'bench.db'}",
           "UPLOAD_ROOT": str(work / "uploads"), "HUEY_SQLITE_PATH": str(work / "queue.db"),
           "MAIL_OUTBOX": str(work / "outbox"), "REDIS_URL": "",
           "RATELIMIT_STORAGE_URI": "memory://"}
    proc = None
    try:
        entry_id = make_fixtures(env)
        # The disk's speed drifts on shared machines: time the plain writes before and after
        # (A B | upload | B A). Every write goes to fresh blocks (nothing is deleted until the
        # end), like the upload's. A: one fsync at the end; B: an fsync per chunk, like tus.
        plain = {"A": [plain_write(work / "plain-a1.bin", total, seed)],
                 "B": [plain_write(work / "plain-b1.bin", total, seed, fsync_every=chunk)]}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(work / "gunicorn.log", "wb") as log:
            proc, worker = start_gunicorn(env, port, log)
            session = login(base)
            rss_cold = rss_kib(worker)
            # A 1 MiB warm-up upload loads every code path (hand-over, queue) before measuring.
            tus_upload(base, session, entry_id, MiB, MiB, seed)
            rss_before = rss_kib(worker)
            sampler = RssSampler(worker)
            sampler.start()
            started, cpu_started = time.perf_counter(), cpu_seconds(worker)
            client_started = time.process_time()
            tus_upload(base, session, entry_id, total, chunk, seed)
            elapsed = time.perf_counter() - started
            worker_cpu = cpu_seconds(worker) - cpu_started
            client_cpu = time.process_time() - client_started
            sampler.stop.set()
            sampler.join()
            time.sleep(0.5)
            rss_after = rss_kib(worker)
        stored = find_stored(work / "uploads", total)
        identical = stored is not None and sha256_file(stored) == expected_sha256(total, seed)
        plain["B"].append(plain_write(work / "plain-b2.bin", total, seed, fsync_every=chunk))
        plain["A"].append(plain_write(work / "plain-a2.bin", total, seed))
        load = os.getloadavg()[0]
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        shutil.rmtree(work, ignore_errors=True)
    report(total=total, chunk=chunk, elapsed=elapsed, plain=plain, rss_cold=rss_cold,
           rss_before=rss_before, rss_peak=max(sampler.peak, rss_after), rss_after=rss_after,
           identical=identical, worker_cpu=worker_cpu, client_cpu=client_cpu, load=load)


def report(*, total, chunk, elapsed, worker_cpu, client_cpu, plain, rss_cold, rss_before,
           rss_peak, rss_after, identical, load):
    mb = total / 1e6
    tus_rate = mb / elapsed
    rates = {kind: [mb / s for s in times] for kind, times in plain.items()}
    mean = {kind: sum(values) / len(values) for kind, values in rates.items()}
    growth_mb = (rss_peak - rss_before) / 1024
    print(f"upload             : {total / MiB:.0f} MiB in {-(-total // chunk)} PATCHes of "
          f"{chunk // MiB} MiB (gunicorn, 1 gthread worker, loopback; "
          f"{os.cpu_count()} CPUs, load average {load:.1f})")
    print(f"tus throughput     : {tus_rate:7.1f} MB/s  ({elapsed:.2f} s)   target >= {TARGET_MBPS} MB/s")
    print(f"worker CPU         : {worker_cpu:7.2f} s  ({100 * worker_cpu / elapsed:.0f}% of one core "
          f"during the upload); client {client_cpu:.2f} s")
    print(f"plain, one fsync   : {mean['A']:7.1f} MB/s  (before {rates['A'][0]:.0f}, after "
          f"{rates['A'][1]:.0f}; same bytes, 1 MiB os.write, same disk)")
    print(f"plain, fsync/chunk : {mean['B']:7.1f} MB/s  (before {rates['B'][0]:.0f}, after "
          f"{rates['B'][1]:.0f}; fsync every {chunk // MiB} MiB like the tus PATCHes)")
    print(f"ratio tus / plain  : {tus_rate / mean['A']:7.2f} vs one fsync, "
          f"{tus_rate / mean['B']:.2f} vs the same fsyncs (the HTTP path's own cost)")
    print(f"worker RSS (MB)    : cold {rss_cold / 1024:.1f}, warm {rss_before / 1024:.1f}, "
          f"peak {rss_peak / 1024:.1f}, after {rss_after / 1024:.1f}")
    print(f"worker RSS growth  : {growth_mb:7.1f} MB during the upload (warm → peak), "
          f"{(rss_peak - rss_cold) / 1024:.1f} MB from cold   target < {TARGET_RSS_GROWTH_MB} MB")
    print(f"byte-identical     : {'yes (sha256)' if identical else 'NO'}")
    ok = tus_rate >= TARGET_MBPS and growth_mb < TARGET_RSS_GROWTH_MB and identical
    print("result             :", "OK" if ok else "BELOW TARGET")


if __name__ == "__main__":
    main()
