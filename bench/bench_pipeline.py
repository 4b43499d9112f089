"""Per-stage time of the video pipeline beside the bare ffprobe/ffmpeg commands, same run.

    .venv/bin/python bench/bench_pipeline.py [--repeat 3] [--preset veryfast] [--only h264|hevc]

Two 60 s 1080p30 clips are generated with lavfi into bench/out/ (cached between runs): an
H.264/AAC MP4 that is remuxed and an HEVC MP4 that is transcoded. Each goes through the real
pipeline (pipeline.process_video on a scratch SQLite database and UPLOAD_ROOT) and through the
equivalent plain commands: one ffprobe, three input-seeking poster frames, then the remux or the
transcode. Targets: the compatible clip ready in <= 1.5x the bare commands; the transcoded clip
ready in less than its own duration.
"""
from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
DURATION = 60
FFMPEG = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
CLIPS = {
    "h264": ("clip-60s-1080p-h264.mp4",
             ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"]),
    "hevc": ("clip-60s-1080p-hevc.mp4",
             ["-c:v", "libx265", "-preset", "ultrafast", "-crf", "28", "-pix_fmt", "yuv420p",
              "-tag:v", "hvc1", "-x265-params", "log-level=error"]),
}


def make_clip(kind):
    """A 60 s 1080p30 clip with a tone, generated once into bench/out/."""
    name, codec = CLIPS[kind]
    path = OUT / name
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"generating {name} (once)…", flush=True)
        tmp = path.with_suffix(".tmp.mp4")
        subprocess.run([*FFMPEG, "-f", "lavfi", "-i",
                        f"testsrc2=size=1920x1080:rate=30:duration={DURATION}",
                        "-f", "lavfi", "-i", f"sine=frequency=440:duration={DURATION}",
                        *codec, "-c:a", "aac", "-b:a", "128k", "-shortest", str(tmp)],
                       check=True, stdin=subprocess.DEVNULL)
        tmp.replace(path)
    return path


def child_cpu():
    """CPU seconds (user + system) of this process's finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv):
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def bare(src, scratch, kind, preset):
    """The same work as plain shell commands, timed stage by stage."""
    cpu = child_cpu()
    times = {"probe": timed(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                             "-show_streams", str(src)])}
    times["posters"] = sum(
        timed([*FFMPEG, "-skip_frame", "nokey", "-ss", f"{DURATION * share:.3f}", "-i", str(src),
               "-frames:v", "1", "-vf", "scale=w=trunc(min(iw\\,1280)/2)*2:h=-2", "-q:v", "3",
               str(scratch / f"bare-{i}.jpg")])
        for i, share in enumerate((0.1, 0.5, 0.9)))
    out = str(scratch / "bare.mp4")
    if kind == "remux":
        times["remux"] = timed([*FFMPEG, "-i", str(src), "-map", "0:V:0", "-map", "0:a:0?",
                                "-c", "copy", "-map_metadata", "-1", "-movflags", "+faststart",
                                out])
    else:
        times["transcode"] = timed([*FFMPEG, "-i", str(src), "-map", "0:V:0", "-map", "0:a:0?",
                                    "-vf", "scale=w=-2:h=trunc(min(ih\\,1080)/2)*2,format=yuv420p",
                                    "-c:v", "libx264", "-preset", preset, "-crf", "23",
                                    "-c:a", "aac", "-b:a", "128k", "-ac", "2",
                                    "-map_metadata", "-1", "-movflags", "+faststart", out])
    times["total"] = sum(times.values())
    times["cpu"] = child_cpu() - cpu
    # For comparison only (not in the total): exact-frame seeks decode from the previous keyframe.
    times["exact posters"] = sum(
        timed([*FFMPEG, "-ss", f"{DURATION * share:.3f}", "-i", str(src), "-frames:v", "1",
               "-vf", "scale=w=trunc(min(iw\\,1280)/2)*2:h=-2", "-q:v", "3",
               str(scratch / f"exact-{i}.jpg")])
        for i, share in enumerate((0.1, 0.5, 0.9)))
    return times


class StageTimes(logging.Handler):
    """Collects the stage times the pipeline logs for each video."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.last = None

    def emit(self, record):
        if hasattr(record, "stage_times"):
            self.last = dict(record.stage_times)


def build_app(scratch, preset):
    from contest import create_app
    from contest.core.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch / 'bench.db'}",
                      "HUEY_SQLITE_PATH": str(scratch / "queue.db"), "REDIS_URL": "",
                      "UPLOAD_ROOT": str(scratch / "uploads"), "RATELIMIT_ENABLED": False,
                      "MEDIA_TRANSCODE_PRESET": preset, "MAIL_OUTBOX": str(scratch / "mail")})
    with app.app_context():
        db.create_all()
    return app


_made = {}


def make_entry():
    """A fresh draft entry (one contest and one entrant for the whole run)."""
    from contest.accounts.nip import parse_nip
    from contest.accounts.services import register_entrant
    from contest.contests.services import make_current, save_contest
    from contest.core.extensions import db
    from contest.demo.contests import PRIZES, demo_contest_values
    from contest.entries.services import create_entry

    if not _made:
        values = {**demo_contest_values(), "slug": "bench", "min_duration_s": 30,
                  "max_duration_s": 120, "max_size_mb": 2000, "max_entries_per_entrant": 100}
        contest = save_contest(values=values, prizes=PRIZES)
        make_current(contest=contest)
        user = register_entrant(full_name="Peserta Bench", email="bench@example.go.id",
                                password="rahasia-123", parsed_nip=parse_nip("198609262015051001"),
                                position="Analis", rank=None, work_unit="Sekretariat",
                                agency="Dinas", regency="Kota Samarinda", phone="+6281234500000")
        db.session.commit()
        _made.update(contest_id=contest.id, user_id=user.id)
    from contest.accounts.models import User
    from contest.contests.models import Contest

    entry = create_entry(contest=db.session.get(Contest, _made["contest_id"]),
                         user=db.session.get(User, _made["user_id"]), title="Bench",
                         synopsis="-", social_url=None)
    db.session.commit()
    return entry


def through_pipeline(app, clip, handler):
    """Upload (untimed), then time process_video — what a worker runs."""
    from contest.core.extensions import db
    from contest.media import pipeline
    from contest.media.models import Video
    from contest.media.uploads.tus import hand_over

    with app.app_context():
        entry = make_entry()
        part = Path(app.config["UPLOAD_ROOT"]) / "tus" / f"{time.time_ns():032x}.part"
        part.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(clip, part)
        video = hand_over(entry_id=entry.id, path=part, filename=clip.name, size=part.stat().st_size)
        cpu = child_cpu()
        started = time.perf_counter()
        outcome = pipeline.process_video(video.id)
        total = time.perf_counter() - started
        cpu = child_cpu() - cpu
        row = db.session.get(Video, video.id)
        assert row.state == "ready", (row.state, row.error, row.problems)
    times = dict(handler.last)
    times["total"] = total
    times["cpu"] = cpu
    return outcome, times


def median_times(runs):
    keys = list(dict.fromkeys(k for run in runs for k in run))
    return {k: statistics.median(run[k] for run in runs if k in run) for k in keys}


def report(title, ours, plain, target):
    print(f"\n{title}")
    print(f"  {'stage':<10} {'pipeline':>9} {'bare':>8}")
    for key in [k for k in ours if k not in ("total", "cpu")] + ["total"]:
        bare_value = f"{plain[key]:8.2f}" if key in plain else f"{'-':>8}"
        print(f"  {key:<10} {ours[key]:9.2f} {bare_value}")
    print(f"  {'cpu (ffmpeg user+sys)':<22} {ours['cpu']:6.2f} {plain['cpu']:8.2f}"
          f"   -> on {os.cpu_count()} idle CPU(s) at best {ours['cpu'] / os.cpu_count():.1f} s")
    print(f"  (bare exact-frame posters, not counted: {plain['exact posters']:.2f} s)")
    ratio = ours["total"] / plain["total"]
    verdict = target(ours, ratio)
    print(f"  ratio pipeline/bare: {ratio:.2f}   {verdict}")
    return ratio


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the remux case (median)")
    parser.add_argument("--repeat-transcode", type=int, default=1)
    parser.add_argument("--preset", default="veryfast", help="x264 preset for the transcode")
    parser.add_argument("--only", choices=sorted(CLIPS))
    args = parser.parse_args()

    handler = StageTimes()
    logging.getLogger("contest.media.pipeline").addHandler(handler)
    logging.getLogger("contest.media.pipeline").setLevel(logging.INFO)
    print(f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}, "
          f"preset {args.preset}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        scratch = Path(tmp)
        app = build_app(scratch, args.preset)
        cases = [("h264", "remux", args.repeat), ("hevc", "transcode", args.repeat_transcode)]
        for kind, rendition, repeat in cases:
            if args.only and args.only != kind:
                continue
            clip = make_clip(kind)
            ours, plain = [], []
            for _ in range(repeat):  # interleaved, so both see the same machine load
                outcome, times = through_pipeline(app, clip, handler)
                assert outcome == rendition, outcome
                ours.append(times)
                plain.append(bare(clip, scratch, rendition, args.preset))
            size = clip.stat().st_size / 1024 / 1024
            title = (f"{clip.name} ({size:.0f} MB, {DURATION} s 1080p30) -> {rendition}, "
                     f"median of {repeat}")
            if rendition == "remux":
                report(title, median_times(ours), median_times(plain),
                       lambda o, r: "PASS (<= 1.5x bare)" if r <= 1.5 else "FAIL (> 1.5x bare)")
            else:
                report(title, median_times(ours), median_times(plain),
                       lambda o, r: (f"ready in {o['total']:.1f} s: "
                                     + ("PASS" if o["total"] < DURATION else "FAIL")
                                     + f" (< {DURATION} s)"))
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
