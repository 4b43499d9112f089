"""Costs of the follow-up stages of a ready video (quality report, loudness, hashes), same run.

    .venv/bin/python bench/bench_quality.py [--repeat 2] [--entries 10000]

On the 60 s 1080p30 H.264/AAC clip of bench_pipeline.py (bench/out/, cached):
1. the quality pass (one decode: blackdetect, freezedetect, silencedetect, ebur128 with true
   peak, astats, and the 1 fps hash frames) beside the bare
   `ffmpeg -i clip -vf blackdetect,freezedetect -af silencedetect,ebur128,astats -f null -`
   (goal <= 1.15x);
2. the whole pipeline (today's remux path to "ready", then the follow-up: quality + loudnorm
   second pass + SHA-256 + vPDQ + match search) beside today's remux path alone; "ready" is not
   delayed, and the follow-up should end within 0.5x the clip's duration after it;
3. hashing time per minute of video (SHA-256 of the original, border crop and vPDQ of the frames);
4. the match search of one new upload against --entries stored entries (60 frames each).
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pipeline import (  # noqa: E402  (the bench folder is not a package)
    DURATION,
    StageTimes,
    build_app,
    make_clip,
    make_entry,
    timed,
)

BARE = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", "{clip}",
        "-vf", "blackdetect,freezedetect", "-af", "silencedetect,ebur128,astats", "-f", "null", "-"]


def quality_pass(clip, scratch):
    from contest.media import ffmpeg
    from contest.media.quality import analysis as quality

    argv = quality.analysis_argv(clip, scratch / "frames.mkv", rules=quality.rules_from(None),
                                 has_audio=True)
    started = time.perf_counter()
    result = ffmpeg.run(argv, timeout=600, stderr_bytes=1024 * 1024, max_file_bytes=512 * 1024 ** 2)
    elapsed = time.perf_counter() - started
    return elapsed, quality.parse_report(result.stderr, duration=DURATION)


def pipeline_run(app, clip):
    """(seconds to ready, seconds of the follow-up, its outcome) for one upload."""
    import shutil

    from contest.media import pipeline
    from contest.media.quality import stage as quality_stage
    from contest.media.uploads.tus import hand_over

    with app.app_context():
        entry = make_entry()
        part = Path(app.config["UPLOAD_ROOT"]) / "tus" / f"{time.time_ns():032x}.part"
        part.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(clip, part)
        video = hand_over(entry_id=entry.id, path=part, filename=clip.name, size=part.stat().st_size)
        started = time.perf_counter()
        outcome = pipeline.process_video(video.id)
        ready = time.perf_counter() - started
        assert outcome == "remux", outcome
        started = time.perf_counter()
        followup = quality_stage.run_followup(video.id)
        return ready, time.perf_counter() - started, followup, video.id


def hashing(app, clip, scratch, video_id):
    from contest.media import storage
    from contest.media.models import Video
    from contest.media.quality import stage as quality_stage

    frames = scratch / "frames.mkv"  # left by quality_pass()
    started = time.perf_counter()
    digest_blob = quality_stage.frame_hashes(frames)
    vpdq_s = time.perf_counter() - started
    started = time.perf_counter()
    with app.app_context():
        from contest.core.extensions import db
        quality_stage.sha256_of(storage.original_path(db.session.get(Video, video_id)))
    sha_s = time.perf_counter() - started
    return vpdq_s, sha_s, digest_blob


def search(blob, entries):
    import numpy as np

    from contest.media.quality.fingerprints import FrameIndex

    rng = np.random.default_rng(1)
    index = FrameIndex()
    started = time.perf_counter()
    index.add(0, blob)  # the stored original
    for video_id in range(1, entries):
        index.add(video_id, rng.integers(0, 256, (60, 32), dtype=np.uint8).tobytes())
    index._build()
    build_s = time.perf_counter() - started
    query = np.frombuffer(blob, dtype=np.uint8).reshape(-1, 32).copy()
    flips = rng.integers(0, 256, (len(query), 12))  # a re-encode: ~12 bits off per frame
    for row, bits in zip(query, flips, strict=True):
        for b in bits:
            row[b // 8] ^= 1 << (b % 8)
    times, found = [], None
    for _ in range(5):
        started = time.perf_counter()
        found = index.search(query.tobytes(), exclude={-1})
        times.append(time.perf_counter() - started)
    return build_s, statistics.median(times), found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    logging.getLogger("contest.media.pipeline").addHandler(StageTimes())
    print(f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}", flush=True)
    clip = make_clip("h264")
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        scratch = Path(tmp)
        ours, bare = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            seconds, report = quality_pass(clip, scratch)
            ours.append(seconds)
            bare.append(timed([a.replace("{clip}", str(clip)) for a in BARE]))
        q, b = statistics.median(ours), statistics.median(bare)
        print(f"\n1. quality pass {q:.2f} s, bare filters {b:.2f} s: ratio {q / b:.2f} "
              f"({'PASS' if q / b <= 1.15 else 'FAIL'} <= 1.15x); loudness {report['loudness']}")

        app = build_app(scratch, "veryfast")
        runs = [pipeline_run(app, clip) for _ in range(args.repeat)]
        ready = statistics.median(r[0] for r in runs)
        follow = statistics.median(r[1] for r in runs)
        print(f"\n2. today's remux path to ready {ready:.2f} s (unchanged: ready is not delayed); "
              f"follow-up (quality + loudnorm + hashes + search) {follow:.2f} s [{runs[-1][2]}]")
        print(f"   whole pipeline / remux path: {(ready + follow) / ready:.1f}x; report "
              f"{follow:.1f} s after ready = {follow / DURATION:.2f}x the clip "
              f"({'PASS' if follow <= 0.5 * DURATION else 'FAIL'} <= 0.5x)")

        vpdq_s, sha_s, blob = hashing(app, clip, scratch, runs[-1][3])
        print(f"\n3. hashing per minute of video: vPDQ of the 1 fps frames {vpdq_s:.2f} s, "
              f"SHA-256 of the original {sha_s:.2f} s ({clip.stat().st_size / 1024 ** 2:.0f} MB); "
              f"{len(blob) // 32} frame hashes")

        build_s, search_s, found = search(blob, args.entries)
        print(f"\n4. match search against {args.entries} entries ({args.entries * 60} frames): "
              f"{search_s * 1000:.0f} ms per upload (index built once per worker in "
              f"{build_s:.1f} s); found {[(m.video_id, round(m.share, 2)) for m in found]}")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
