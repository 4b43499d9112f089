"""The processing of one uploaded video: validate, poster frames, web rendition, then ready.

process_video(video_id) is what a worker runs (media/tasks.py wraps it in a Huey task). It reloads
the row, claims it, and does nothing if the row moved on — so running it twice, or on a video a
newer upload superseded, is harmless. Every file lands in a scratch folder first and is renamed
into place before the row says `ready`.
"""
import logging
import shutil
import threading
import time
from datetime import timedelta

from flask import current_app
from PIL import Image

from ..core.extensions import db
from ..core.logs import video_context
from ..core.timeutil import utcnow
from . import ffmpeg, notices, services, storage
from .models import Video, VideoState
from .rules import ORIENTATIONS, VideoRules, check, classify_probe_failure, needs_transcode
from .uploads import store as tus_store
from .uploads.services import finish_interrupted

log = logging.getLogger(__name__)

FRAME_POSITIONS = (0.1, 0.5, 0.9)  # poster candidates, as shares of the duration
DEFAULT_FRAME = 1  # the middle one
MAX_WEB_HEIGHT = 1080
HEAD_BYTES = 64
WORK_DIR_MAX_AGE_S = 6 * 60 * 60  # scratch folders of attempts a killed worker left


# Claim tokens this process holds right now (the worker hands them back when it stops).
ACTIVE_CLAIMS = set()


class ClaimLost(Exception):
    """Our claim on the row was taken away (superseded upload, or the sweep gave up on us)."""


def rules_for(contest):
    """The contest's technical rules as a rules.VideoRules."""
    return VideoRules(
        min_duration=contest.min_duration_s, max_duration=contest.max_duration_s,
        min_short_side=contest.min_short_side_px,
        orientations=contest.orientation_set or frozenset(ORIENTATIONS),
        max_size_bytes=contest.max_size_bytes, audio_required=contest.audio_required,
        max_long_side=contest.max_long_side_px, max_frame_rate=contest.max_frame_rate)


def choose_rendition(info, *, max_bitrate):
    """'remux' when the source plays in browsers as it is (and is not too heavy), else 'transcode'."""
    if needs_transcode(info, max_short_side=MAX_WEB_HEIGHT):
        return "transcode"
    if info.bit_rate and info.bit_rate > max_bitrate:
        return "transcode"
    return "remux"


class Heartbeat:
    """A thread that keeps the claim's heartbeat fresh while a long ffmpeg step runs.

    beat(video_id, token, connection=…) stamps the claim: the pipeline's by default, the HLS
    ladder's (media/hls/build.py) for its own claims."""

    def __init__(self, video_id, token, every, *, beat=None):
        self.video_id, self.token, self.every = video_id, token, every
        self.beat = beat or services.beat
        self.engine = db.engine
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{video_id}", daemon=True)

    def _run(self):
        while not self.stop.wait(self.every):
            try:
                with self.engine.begin() as connection:
                    self.beat(self.video_id, self.token, connection=connection)
            except Exception:  # a missed beat is not fatal; the next one may succeed
                log.warning("heartbeat for video %s failed", self.video_id, exc_info=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=self.every + 5)


def process_video(video_id):
    """Run the whole pipeline for one video; returns what happened (for logs and tests)."""
    with video_context(video_id):  # every log line of this video says video=<id>
        return _claim_and_process(video_id)


def _claim_and_process(video_id):
    token = services.claim(video_id)
    db.session.commit()
    if token is None:
        return "skipped"
    ACTIVE_CLAIMS.add(token)
    video = db.session.get(Video, video_id)
    work = storage.new_work_dir(video)
    try:
        with Heartbeat(video_id, token, services.setting("MEDIA_HEARTBEAT_S")):
            return _process(video, token, work)
    except ClaimLost:
        db.session.rollback()
        log.info("video %s: claim lost, result discarded", video_id)
        return "superseded"
    except Exception as exc:
        db.session.rollback()
        log.exception("video %s: processing failed", video_id)
        detail = getattr(exc, "stderr", "") or ""
        services.transition(video_id, token, to=VideoState.FAILED.value, progress=0,
                            error=f"{type(exc).__name__}: {exc}\n{detail[-2000:]}".strip())
        db.session.commit()
        attempts = db.session.get(Video, video_id).attempts
        if attempts < services.setting("MEDIA_MAX_ATTEMPTS"):
            raise  # Huey retries after its delay; the sweep does too if that retry is lost
        return "failed"
    finally:
        ACTIVE_CLAIMS.discard(token)
        shutil.rmtree(work, ignore_errors=True)


def _require(ok):
    if not ok:
        raise ClaimLost()


class Stopwatch:
    """Seconds spent per stage, logged when the video is done (and read by the benchmark)."""

    def __init__(self):
        self.times = {}
        self._name = None
        self._started = 0.0

    def stage(self, name):
        now = time.perf_counter()
        if self._name:
            self.times[self._name] = self.times.get(self._name, 0.0) + now - self._started
        self._name, self._started = name, now

    def done(self, video_id, outcome):
        self.stage(None)
        text = ", ".join(f"{k} {v:.2f}s" for k, v in self.times.items())
        log.info("video %s %s: %s", video_id, outcome, text, extra={"stage_times": self.times})


def _process(video, token, work):
    watch = Stopwatch()
    outcome = _run_stages(video, token, work, watch)
    watch.done(video.id, outcome)
    return outcome


def _run_stages(video, token, work, watch):
    original = storage.original_path(video)
    size = original.stat().st_size
    if size == 0:  # nothing to probe: ffprobe never sees an empty file
        info, failure = None, "empty"
    else:
        watch.stage("probe")
        info, failure = _probe(original)
    watch.stage("validate")
    problems = check(info, size_bytes=size, rules=rules_for(video.entry.contest), failure=failure)
    found = _media_columns(info)
    if problems:
        _require(services.transition(
            video.id, token, to=VideoState.REJECTED.value,
            problems=[{"code": p.code, "params": p.params} for p in problems], **found))
        notices.video_rejected(video=video, problems=problems)  # in the same commit as the rejection
        db.session.commit()
        return "rejected"
    _require(services.transition(video.id, token, to=VideoState.PROCESSING.value, problems=[],
                                 **found))
    db.session.commit()

    watch.stage("posters")
    frames = _make_frames(original, work, info.duration)
    kind = choose_rendition(info, max_bitrate=services.setting("MEDIA_MAX_REMUX_BITRATE"))
    web = work / storage.WEB_NAME
    if kind == "remux":
        watch.stage("remux")
        try:
            ffmpeg.remux(original, web, timeout=120 + info.duration)
        except ffmpeg.FFmpegError:
            log.warning("video %s: remux failed, transcoding instead", video.id, exc_info=True)
            kind = "transcode"
    if kind == "transcode":
        watch.stage("transcode")
        _transcode(video, token, original, web, info.duration)

    watch.stage("publish")
    for path in sorted(work.glob("frame-*.jpg")) + [web]:
        storage.place_file(path, storage.rendition_dir(video) / path.name)
    ready = services.transition(
        video.id, token, to=VideoState.READY.value, progress=100, rendition=kind,
        rendition_size=storage.web_path(video).stat().st_size, frame_count=frames,
        poster_choice=DEFAULT_FRAME if frames > DEFAULT_FRAME else 0, ready_at=utcnow())
    if not ready:
        # Another attempt may own these same file names now; superseded files go in the sweep.
        db.session.rollback()
        raise ClaimLost()
    services.supersede_older(video=video, states=(VideoState.READY.value,))
    db.session.commit()
    return kind


def _probe(path):
    """(MediaInfo, None) or (None, failure code) — one ffprobe, safe options."""
    try:
        return ffmpeg.parse_probe(ffmpeg.probe(path)), None
    except ffmpeg.FFmpegTimeout:
        raise
    except ffmpeg.FFmpegError:
        with open(path, "rb") as fh:
            return None, classify_probe_failure(fh.read(HEAD_BYTES))


def _media_columns(info):
    if info is None:
        return {}
    return dict(duration=info.duration, width=info.width, height=info.height,
                rotation=info.rotation, format_name=info.format_name[:100],
                video_codec=info.video_codec, audio_codec=info.audio_codec)


def _make_frames(original, work, duration):
    """Poster candidates at FRAME_POSITIONS, each as a player-size and a card-size JPEG."""
    made = 0
    for position in FRAME_POSITIONS:
        big = work / storage.frame_name(made, storage.PLAYER_WIDTH)
        if _extract(original, big, duration * position):
            _shrink(big, work / storage.frame_name(made, storage.CARD_WIDTH), storage.CARD_WIDTH)
            made += 1
    if not made:  # e.g. the last keyframe is early: a seek past it yields nothing
        big = work / storage.frame_name(0, storage.PLAYER_WIDTH)
        if not _extract(original, big, 0.0):
            raise ffmpeg.FFmpegError("no poster frame could be extracted")
        _shrink(big, work / storage.frame_name(0, storage.CARD_WIDTH), storage.CARD_WIDTH)
        made = 1
    return made


def _extract(original, dst, at):
    """One frame near `at` seconds into dst; False when ffmpeg produced nothing.

    The first keyframe after `at` is cheap (no decoding from the previous keyframe) and as good
    a candidate; only when there is none (one long GOP) is the exact frame decoded.
    """
    for keyframes_only in (True, False):
        try:
            ffmpeg.extract_poster(original, dst, at_seconds=at, width=storage.PLAYER_WIDTH,
                                  keyframes_only=keyframes_only)
        except ffmpeg.FFmpegTimeout:
            raise
        except ffmpeg.FFmpegError:
            continue
        if dst.exists() and dst.stat().st_size > 0:
            return True
    log.warning("no poster frame at %.2fs", at)
    return False


def _shrink(src, dst, width):
    """A narrower copy of our own JPEG (no metadata is carried over)."""
    with Image.open(src) as image:
        image.draft("RGB", (width, width * 4))
        image = image.convert("RGB")
        if image.width > width:
            image = image.resize((width, max(2, round(image.height * width / image.width))),
                                 Image.Resampling.LANCZOS)
        image.save(dst, "JPEG", quality=82, optimize=True, progressive=True)


def _transcode(video, token, original, web, duration):
    """Re-encode with progress written to the row (at most twice a second)."""
    last = {"at": 0.0, "pct": -1}

    def on_progress(seconds):
        pct = min(99, int(seconds * 100 / duration)) if duration else 0
        now = time.monotonic()
        if pct != last["pct"] and now - last["at"] >= 0.5:
            last.update(at=now, pct=pct)
            ok = services.beat(video.id, token, progress=pct)
            db.session.commit()
            if not ok:
                raise ClaimLost()  # ffmpeg.run kills the encoder when the callback raises

    ffmpeg.transcode(original, web, max_height=MAX_WEB_HEIGHT, timeout=300 + 10 * duration,
                     progress_cb=on_progress, preset=services.setting("MEDIA_TRANSCODE_PRESET"))


# ---------------------------------------------------------------- recovery and housekeeping


def recover(*, now=None):
    """Hand back work a dead worker held, and finish hand-overs cut short (flushes)."""
    now = now or utcnow()
    released = services.release_stuck(now=now)
    cutoff = now - timedelta(seconds=services.setting("MEDIA_STUCK_AFTER_S"))
    return {"released": released, "uploads_finished": finish_interrupted(older_than=cutoff)}


def housekeeping():
    """Delete superseded videos' files, stale scratch folders and expired tus uploads."""
    deleted = []
    for video in services.superseded_with_files():
        storage.delete_video_files(video)
        video.files_deleted_at = utcnow()
        deleted.append(video.id)
    db.session.flush()
    work = storage.clean_work_dirs(older_than_s=WORK_DIR_MAX_AGE_S)
    return {"files_deleted": deleted, "work_dirs_removed": work, "tus_swept": _sweep_tus()}


def _sweep_tus():
    """Delete tus uploads idle longer than TUS_EXPIRY_SECONDS; their count (None if it failed)."""
    try:
        return tus_store.sweep_expired(storage.upload_root(), time.time(),
                                       ttl=current_app.config["TUS_EXPIRY_SECONDS"])
    except Exception:
        log.exception("tus sweep failed")
        return None
