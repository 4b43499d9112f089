"""A 60 s 1080p winner on a slow phone connection: HLS (hls.js) against the progressive MP4.

    .venv/bin/python bench/bench_streaming.py [--seconds 45] [--mbps 1.5] [--rtt 150]

Seeds the demo's published edition into a scratch folder, replaces winner no. 1's video with a
60 s 1080p30 H.264/AAC clip at a phone's bit rate (5 Mbit/s, film grain so the encoder needs the
bits), runs it through the real pipeline (remux → web.mp4) and builds its HLS ladder
(media.ladder.build_ladder: encoding cost and disk per minute of video). Then headless Chromium
on a phone-sized page with Chrome DevTools' Network.emulateNetworkConditions (1.5 Mbit/s down,
150 ms latency, no cache) opens the winner's page, reads for 3 s, scrolls and presses play 1 s later, once
through hls.js and once with hls.js blocked (the MP4 fallback), watching for --seconds: time to first frame
(requestVideoFrameCallback after play()), stalls ('waiting' until 'playing' again) and the
rendition playing. Goal: HLS first frame <= 2 s and no stall after the first 5 s.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
CLIP = OUT / "clip-60s-1080p-5mbps-grain.mp4"
DURATION = 60
CHROMIUM = "/usr/bin/chromium"

WATCH = """async (seconds) => {
    const v = document.querySelector('video[data-hls]');
    const stalls = [];
    let first = null, waitingSince = null;
    v.addEventListener('waiting', () => { if (first !== null) waitingSince = performance.now(); });
    const stall = () => stalls.push([(waitingSince - t0) / 1000, (performance.now() - waitingSince) / 1000]);
    v.addEventListener('playing', () => { if (waitingSince !== null) { stall(); waitingSince = null; } });
    v.muted = true;
    const t0 = performance.now();
    const frame = new Promise(ok => v.requestVideoFrameCallback(() => ok(performance.now())));
    v.play().catch(() => {});
    first = await Promise.race([frame, new Promise(ok => setTimeout(() => ok(null), seconds * 1000))]);
    const left = seconds * 1000 - (performance.now() - t0);
    if (left > 0) { await new Promise(ok => setTimeout(ok, left)); }
    if (waitingSince !== null) { stall(); }
    const hls = v._hls;
    return {first_frame: first === null ? null : (first - t0) / 1000, stalls: stalls,
            position: v.currentTime, streaming: v.dataset.streaming,
            height: v.videoHeight, width: v.videoWidth,
            levels: hls ? hls.levels.map(l => l.height) : null};
}"""


def make_clip():
    """60 s 1080p30 at 5 Mbit/s with film grain and a tone, generated once into bench/out/."""
    if CLIP.exists():
        return CLIP
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"generating {CLIP.name} (once)…", flush=True)
    tmp = CLIP.with_suffix(".tmp.mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size=1920x1080:rate=30:duration={DURATION}", "-f", "lavfi", "-i",
                    f"sine=frequency=440:duration={DURATION}", "-vf", "noise=alls=12:allf=t",
                    "-c:v", "libx264", "-preset", "veryfast", "-b:v", "5M", "-maxrate", "6M", "-bufsize", "10M",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart",
                    "-shortest", str(tmp)], check=True, stdin=subprocess.DEVNULL)
    tmp.replace(CLIP)
    return CLIP


def child_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _environment(scratch):
    os.environ.update({"DATABASE_URL": f"sqlite:///{scratch}/bench.db", "UPLOAD_ROOT": str(scratch / "uploads"),
                       "HUEY_SQLITE_PATH": str(scratch / "queue.db"), "RATELIMIT_ENABLED": "false",
                       "LOG_LEVEL": "WARNING"})


def reuse(scratch):
    """The site a previous run with the same --work seeded."""
    _environment(scratch)
    from contest import create_app
    from contest.demo.gallery import SLUG

    return create_app(), f"/c/{SLUG}/karya/1", json.loads((scratch / "cost.json").read_text())


def seed(scratch, clip):
    """The demo's published edition with winner no. 1 replaced by the clip; returns (app, url path, report)."""
    os.environ.update({"DATABASE_URL": f"sqlite:///{scratch}/bench.db", "UPLOAD_ROOT": str(scratch / "uploads"),
                       "HUEY_SQLITE_PATH": str(scratch / "queue.db"), "RATELIMIT_ENABLED": "false",
                       "LOG_LEVEL": "WARNING"})
    from contest import create_app
    from contest.core.extensions import db
    from contest.demo.contests import seed_current_edition
    from contest.demo.gallery import SLUG, seed_past_edition
    from contest.entries.models import Entry
    from contest.media import pipeline, storage
    from contest.media.hls import build as ladder
    from contest.media.hls import services as rows
    from contest.media.hls.models import HlsLadder
    from contest.media.models import Video, VideoState

    app = create_app()
    with app.app_context():
        db.create_all()
        seed_current_edition()
        seed_past_edition()
        db.session.commit()
        entry = db.session.query(Entry).filter_by(number=1).join(Entry.contest).filter_by(slug=SLUG).one()
        video = Video(entry=entry, state=VideoState.UPLOADING.value, original_filename="pemenang.mp4",
                      original_size=clip.stat().st_size)
        db.session.add(video)
        db.session.flush()
        storage.original_path(video).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(clip, storage.original_path(video))
        video.state = VideoState.QUEUED.value
        db.session.commit()
        assert pipeline.process_video(video.id) == "remux"
        web_bytes = storage.web_path(db.session.get(Video, video.id)).stat().st_size
        rows.request_ladders([video.id])
        db.session.commit()
        cpu, started = child_cpu(), time.perf_counter()
        assert ladder.build_ladder(video.id) == "ready", "the ladder did not build"
        wall, cpu = time.perf_counter() - started, child_cpu() - cpu
        row = db.session.get(HlsLadder, video.id)
        report = {"wall": wall, "cpu": cpu, "encode": row.encode_seconds, "ladder_bytes": row.size_bytes,
                  "web_bytes": web_bytes, "variants": row.variants}
        return app, f"/c/{SLUG}/karya/1", report


def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def watch(browser, url, *, hls, seconds, mbps, rtt_ms):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    if not hls:
        page.route("**/hls.light.min.js", lambda route: route.abort())
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": rtt_ms, "downloadThroughput": mbps * 1e6 / 8,
        "uploadThroughput": 0.75e6 / 8})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(3000)  # the visitor reads the page (hls.js is prefetched meanwhile) …
    page.mouse.wheel(0, 100)  # … and scrolls to the video
    want = "hls.js" if hls else "mp4"
    page.wait_for_function(f"() => document.querySelector('video[data-hls]').dataset.streaming === '{want}'",
                           timeout=60000)
    page.wait_for_timeout(1000)  # … and finds the play button a second later
    result = page.evaluate(WATCH, seconds)
    context.close()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=45, help="watching time per run")
    parser.add_argument("--mbps", type=float, default=1.5)
    parser.add_argument("--rtt", type=float, default=150, help="added latency per request, ms")
    parser.add_argument("--work", type=Path, help="keep the seeded site here and reuse it next time "
                                                  "(the ladder takes minutes on a busy machine)")
    args = parser.parse_args()
    clip = make_clip()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-streaming-") as folder:
        scratch = (args.work or Path(folder)).resolve()
        scratch.mkdir(parents=True, exist_ok=True)
        saved = scratch / "cost.json"
        if saved.exists():
            app, path, cost = reuse(scratch)
        else:
            app, path, cost = seed(scratch, clip)
            saved.write_text(json.dumps(cost))
        minutes = DURATION / 60
        print(f"\nladder of a {DURATION} s 1080p30 clip ({cost['web_bytes'] * 8 / DURATION / 1e6:.1f} Mbit/s web MP4), "
              f"{os.cpu_count()} CPUs (shared):")
        for v in cost["variants"]:
            print(f"  {v['name']:>6} {v['width']}x{v['height']}  BANDWIDTH {v['bandwidth'] / 1e3:6.0f} kbit/s  "
                  f"AVERAGE {v['average_bandwidth'] / 1e3:6.0f} kbit/s  {v['codecs']}")
        print(f"  encoding: {cost['encode'] / minutes:.1f} s wall, {cost['cpu'] / minutes:.1f} s CPU "
              "per minute of video")
        print(f"  disk: ladder {cost['ladder_bytes'] / minutes / 2**20:.1f} MiB per minute "
              f"(web MP4 {cost['web_bytes'] / minutes / 2**20:.1f} MiB per minute)")
        server, base = serve(app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                results = {}
                for name, hls in (("HLS (hls.js)", True), ("MP4", False)):
                    with app.app_context():
                        results[name] = watch(browser, base + path, hls=hls, seconds=args.seconds,
                                              mbps=args.mbps, rtt_ms=args.rtt)
                browser.close()
        finally:
            server.shutdown()
    print(f"\n{args.mbps} Mbit/s down, {args.rtt:.0f} ms latency, {args.seconds:.0f} s watched after pressing play:")
    print(f"  {'':14} {'first frame':>11} {'stalls':>6} {'stalled':>8} {'after 5 s':>9} {'reached':>8}  rendition")
    for name, r in results.items():
        late = [s for s in r["stalls"] if s[0] > 5]
        first = f"{r['first_frame']:.2f} s" if r["first_frame"] is not None else "none"
        print(f"  {name:14} {first:>11} {len(r['stalls']):>6} {sum(s[1] for s in r['stalls']):>7.1f}s "
              f"{len(late):>9} {r['position']:>7.1f}s  {r['width']}x{r['height']}"
              + (f" (ladder {r['levels']})" if r["levels"] else ""))
    print("\n" + json.dumps(results, indent=1) if os.environ.get("BENCH_VERBOSE") else "")


if __name__ == "__main__":
    main()
