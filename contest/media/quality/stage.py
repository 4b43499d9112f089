"""The follow-up of a ready video: quality report, even loudness, fingerprints and matches.

run_followup(video_id) is what the worker runs after `ready` (quality/tasks.py): it never
delays "ready". One ffmpeg decode of the server-named original gives the quality report and
the one-a-second frames for the perceptual hash; the report's loudness measurement is the first
pass of loudnorm, whose second pass re-encodes only the web rendition's sound (picture copied).
The row (VideoQuality) is inserted as the claim, so running it twice is harmless.
"""
import hashlib
import logging
import shutil
from datetime import timedelta

import vpdq
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ...core.extensions import db
from ...core.timeutil import utcnow
from .. import ffmpeg, notices, storage
from ..models import Video, VideoState
from ..rules import Problem
from . import analysis as quality
from . import fingerprints
from .duplicates import find_matches
from .models import QualitySettings, VideoFingerprint, VideoMatch, VideoQuality

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STALE_AFTER = timedelta(minutes=30)  # a claim older than this (worker died) may be taken again
ANALYSIS_STDERR_BYTES = 1024 * 1024
FRAMES_NAME = "hash-frames.mkv"


def rules_for(contest_id):
    """The edition's QualityRules (defaults when it never set any)."""
    settings = db.session.get(QualitySettings, contest_id)
    return quality.rules_from(settings.rules if settings else None)


def claim(video_id, *, now=None):
    """Take the follow-up of a ready video; True when this call owns it (commits the claim)."""
    now = now or utcnow()
    video = db.session.get(Video, video_id)
    if video is None or video.state != VideoState.READY.value:
        return False
    row = db.session.get(VideoQuality, video_id)
    if row is None:
        db.session.add(VideoQuality(video_id=video_id, claimed_at=now))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return False
        return True
    if row.analysed_at is not None or row.attempts >= MAX_ATTEMPTS:
        return False
    result = db.session.execute(
        update(VideoQuality)
        .where(VideoQuality.video_id == video_id, VideoQuality.claimed_at == row.claimed_at,
               VideoQuality.claimed_at < now - STALE_AFTER)
        .values(claimed_at=now, attempts=VideoQuality.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def due_ids(*, now=None):
    """Ready videos whose follow-up never started, or whose claim went stale with attempts left."""
    now = now or utcnow()
    never = select(Video.id).outerjoin(VideoQuality, VideoQuality.video_id == Video.id).where(
        Video.state == VideoState.READY.value, VideoQuality.video_id.is_(None),
        Video.ready_at < now - timedelta(minutes=1))
    stale = select(VideoQuality.video_id).join(Video, Video.id == VideoQuality.video_id).where(
        Video.state == VideoState.READY.value, VideoQuality.analysed_at.is_(None),
        VideoQuality.attempts < MAX_ATTEMPTS, VideoQuality.claimed_at < now - STALE_AFTER)
    return sorted(set(db.session.scalars(never)) | set(db.session.scalars(stale)))


def run_followup(video_id):
    """Claim and run the follow-up of one video; returns what happened (logs and tests)."""
    if not claim(video_id):
        return "skipped"
    video = db.session.get(Video, video_id)
    work = storage.new_work_dir(video)
    try:
        return _run(video, work)
    except Exception as exc:
        db.session.rollback()
        log.exception("video %s: quality pass failed", video_id)
        row = db.session.get(VideoQuality, video_id)
        row.error = f"{type(exc).__name__}: {exc}"[:2000]
        db.session.commit()
        return "failed"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(video, work):
    rules = rules_for(video.entry.contest_id)
    original = storage.original_path(video)
    frames = work / FRAMES_NAME
    has_audio = bool(video.audio_codec)
    result = ffmpeg.run(quality.analysis_argv(original, frames, rules=rules, has_audio=has_audio),
                        timeout=120 + 3 * (video.duration or 60),
                        max_file_bytes=512 * ffmpeg.MiB, stderr_bytes=ANALYSIS_STDERR_BYTES)
    report = quality.parse_report(result.stderr, duration=video.duration)
    warnings = quality.warnings_for(report, rules=rules)
    normalized = has_audio and quality.needs_loudnorm(report) and _normalize(video, work, report)
    _fingerprint(video, original, frames)
    row = db.session.get(VideoQuality, video.id)
    row.report, row.warnings, row.analysed_at = report, warnings, utcnow()
    row.loudness_normalized, row.error = bool(normalized), None
    outcome = "analysed"
    if quality.rejecting(warnings, rules) and _reject(video, quality.rejecting(warnings, rules)):
        outcome = "rejected"
    db.session.commit()
    return outcome


def _normalize(video, work, report):
    """Replace the web rendition by one whose sound is at −16 LUFS / −1.5 dBTP (picture copied)."""
    web = storage.web_path(video)
    if not web.exists():
        return False
    out = work / "web-loudnorm.mp4"
    ffmpeg.run(quality.loudnorm_argv(web, out, loudness=report["loudness"]),
               timeout=120 + 2 * (video.duration or 60),
               max_file_bytes=2 * web.stat().st_size + 64 * ffmpeg.MiB)
    db.session.refresh(video)
    if video.state != VideoState.READY.value:  # superseded meanwhile: its files go in the sweep
        return False
    storage.place_file(out, web)
    video.rendition_size = web.stat().st_size
    return True


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def frame_hashes(frames_path):
    """vPDQ hashes of our own 1-fps frames file (never the upload), flat frames left out.

    Black borders are cut first, so a letterboxed copy hashes like its source.
    """
    found = ffmpeg.run(quality.cropdetect_argv(frames_path), timeout=60, max_file_bytes=0)
    crop = quality.parse_crop(found.stderr)
    if crop is not None:
        cropped = frames_path.with_name("hash-frames-cropped.mkv")
        ffmpeg.run(quality.crop_argv(frames_path, cropped, crop), timeout=60,
                   max_file_bytes=256 * ffmpeg.MiB)
        frames_path = cropped
    features = vpdq.computeHash(str(frames_path), seconds_per_hash=0, downsample_width=0,
                                downsample_height=0, thread_count=1)
    return fingerprints.pack(f.hex for f in features if f.quality >= fingerprints.MIN_QUALITY)


def _fingerprint(video, original, frames):
    """Store the video's hashes and its matches among every other edition's ready videos."""
    blob = frame_hashes(frames) if frames.exists() else b""
    digest = sha256_of(original)
    if db.session.get(VideoFingerprint, video.id) is None:
        db.session.add(VideoFingerprint(video_id=video.id, sha256=digest, hashes=blob,
                                        frame_count=len(blob) // fingerprints.HASH_BYTES))
        db.session.flush()
    for other_id, query_share, other_share, exact in find_matches(video=video, sha256=digest,
                                                                 blob=blob):
        db.session.add(VideoMatch(video_id=video.id, other_video_id=other_id, exact=exact,
                                  query_share=query_share, other_share=other_share))
    db.session.flush()


def _reject(video, found):
    """The edition rejects videos with these warnings: the ready video becomes rejected."""
    problems = [Problem(w["code"], {"start": w["start"], "end": w["end"], **w["params"]})
                for w in found]
    done = db.session.execute(
        update(Video).where(Video.id == video.id, Video.state == VideoState.READY.value)
        .values(state=VideoState.REJECTED.value, state_changed_at=utcnow(),
                problems=[{"code": p.code, "params": p.params} for p in problems])
        .execution_options(synchronize_session=False)).rowcount == 1
    if done:
        notices.video_rejected(video=video, problems=problems)
    return done
