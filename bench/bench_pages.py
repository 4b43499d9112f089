"""Lighthouse (mobile) on the public pages: performance and accessibility scores, LCP, bytes sent.

    make bench-deps                          # once: Lighthouse 12.2.3 from npm into .cache/
    .venv/bin/python bench/bench_pages.py [--runs 1]

Seeds the demo (current edition, the published Pemilu 2024 edition with its clips run through the
pipeline and their HLS ladders) into a scratch folder, serves it with gunicorn as `make run` does
(2 workers x 4 threads, the app's own gzip), and runs Lighthouse's default mobile profile
(simulated slow 4G, a mid-range phone) in Debian's Chromium (CHROME_PATH=/usr/bin/chromium) on
the home page, the registration form, the winners page and a winner's page. Goal: performance
>= 95 and LCP <= 2.5 s on home, winners and the entry page; accessibility 100 everywhere.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
LIGHTHOUSE = PROJECT / ".cache" / "lighthouse-12.2.3" / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
SLUG = "netralitas-asn-pemilu-2024"
PAGES = [("home", "/"), ("register", "/register"), ("winners", f"/c/{SLUG}/pemenang"),
         ("entry page", f"/c/{SLUG}/karya/1")]
GOALS = ("home", "winners", "entry page")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(env):
    os.environ.update(env)
    from contest import create_app
    from contest.core.extensions import db
    from contest.demo.contests import seed_current_edition
    from contest.demo.gallery import seed_past_edition
    from contest.demo.streaming import seed_ladders

    app = create_app()
    with app.app_context():
        db.create_all()
        seed_current_edition()
        seed_past_edition()
        db.session.commit()
        seed_ladders()


def lighthouse(url, out):
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   check=True, env=env, timeout=300)
    return json.loads(Path(out).read_text())


def summary(report):
    audits = report["audits"]
    items = audits["network-requests"]["details"]["items"]
    by_type = {}
    for item in items:
        kind = item.get("resourceType", "Other")
        by_type[kind] = by_type.get(kind, 0) + item.get("transferSize", 0)
    return {"performance": round(report["categories"]["performance"]["score"] * 100),
            "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "total": audits["total-byte-weight"]["numericValue"], "requests": len(items), "by_type": by_type}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is shown)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse tidak ditemukan: jalankan `make bench-deps`")
    subprocess.run([sys.executable, str(PROJECT / "scripts" / "compress_static.py")], check=True)
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {"DATABASE_URL": f"sqlite:///{work / 'bench.db'}", "UPLOAD_ROOT": str(work / "uploads"),
           "HUEY_SQLITE_PATH": str(work / "queue.db"), "SECRET_KEY": secrets.token_hex(16),
           "LOG_LEVEL": "WARNING", "PYTHONPATH": str(PROJECT)}
    server = None
    try:
        started = time.monotonic()
        seed(env)
        print(f"demo seeded in {time.monotonic() - started:.0f} s")
        port = free_port()
        server = subprocess.Popen(
            [str(PROJECT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--threads", "4", "--chdir", str(PROJECT), "--log-level", "warning", "wsgi:app"],
            env={**os.environ, **env}, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        print(f"Lighthouse 12.2.3, mobile profile (simulated slow 4G), {args.runs} run(s) per page:")
        print(f"  {'page':<11} {'perf':>4} {'a11y':>4} {'LCP':>6} {'FCP':>6} {'TBT':>6} {'sent':>8} "
              f"{'reqs':>4}  by type (KB)")
        results = {}
        for name, path in PAGES:
            urllib.request.urlopen(base + path, timeout=10).read()  # warm: templates, caches
            runs = sorted((summary(lighthouse(base + path, work / f"lh-{n}.json")) for n in range(args.runs)),
                          key=lambda r: r["performance"])
            r = results[name] = runs[len(runs) // 2]
            kinds = ", ".join(f"{k} {v / 1024:.0f}" for k, v in sorted(r["by_type"].items(), key=lambda kv: -kv[1]))
            print(f"  {name:<11} {r['performance']:>4} {r['accessibility']:>4} {r['lcp']:>5.2f}s {r['fcp']:>5.2f}s "
                  f"{r['tbt']:>4.0f}ms {r['total'] / 1024:>6.0f}KB {r['requests']:>4}  {kinds}")
        ok = all(results[n]["performance"] >= 95 and results[n]["lcp"] <= 2.5 for n in GOALS) and all(
            r["accessibility"] == 100 for r in results.values())
        print(f"goal (performance >= 95, LCP <= 2.5 s on {', '.join(GOALS)}; accessibility 100): "
              f"{'OK' if ok else 'MISSED'}")
        return 0 if ok else 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
