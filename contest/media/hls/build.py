"""Building one published video's HLS ladder (a worker runs build_ladder; hls/tasks.py wraps it).

Like pipeline.process_video: reload the row, claim it, re-check that the video is ready and
public, encode into a scratch folder, then move the whole folder into renditions/<uuid>/hls/
before the row says `ready` — so running it twice, or after a crash, is harmless. The input is
the web rendition (metadata stripped, the pipeline's audio), never the entrant's original.
"""
import logging
import os
import shutil
import time
import uuid

from ...core.extensions import db
from ...core.logs import video_context
from ...core.timeutil import utcnow
from .. import ffmpeg, storage
from ..access import is_published
from ..models import Video
from ..pipeline import Heartbeat
from ..services import setting
from . import encode as hls_encode
from . import ladder as hls
from . import services as rows
from .models import LadderState

log = logging.getLogger(__name__)

HLS_DIR = "hls"
ACTIVE_CLAIMS = set()  # tokens this process holds (handed back when the worker stops)


class ClaimLost(Exception):
    """The sweep gave our build to another worker."""


def ladder_dir(video):
    """renditions/<uuid>/hls: one folder per rendition name, each with its playlist."""
    return storage.rendition_dir(video) / HLS_DIR


def build_ladder(video_id):
    """Build the ladder of one video; returns what happened (for logs and tests)."""
    with video_context(video_id):
        token = rows.claim(video_id)
        db.session.commit()
        if token is None:
            return "skipped"
        ACTIVE_CLAIMS.add(token)
        try:
            return _claimed(video_id, token)
        finally:
            ACTIVE_CLAIMS.discard(token)


def _claimed(video_id, token):
    video = db.session.get(Video, video_id)
    if video is None or not video.is_ready or not is_published(video) \
            or not storage.web_path(video).exists():
        rows.withdraw(video_id, token)  # asked for again by the sweep if it becomes public
        db.session.commit()
        return "not-public"
    work = storage.new_work_dir(video)
    try:
        with Heartbeat(video_id, token, setting("MEDIA_HEARTBEAT_S"), beat=rows.beat):
            values = _encode(video, work / HLS_DIR)
        _place(work / HLS_DIR, ladder_dir(video))
        if not rows.transition(video_id, token, to=LadderState.READY.value, ready_at=utcnow(),
                               **values):
            raise ClaimLost()
        db.session.commit()
        log.info("video %s: HLS ladder of %d renditions in %.1f s", video_id,
                 len(values["variants"]), values["encode_seconds"])
        return "ready"
    except ClaimLost:
        db.session.rollback()
        return "superseded"
    except Exception as exc:
        db.session.rollback()
        log.exception("video %s: HLS ladder failed", video_id)
        detail = getattr(exc, "stderr", "") or ""
        rows.transition(video_id, token, to=LadderState.FAILED.value,
                        error=f"{type(exc).__name__}: {exc}\n{detail[-2000:]}".strip())
        db.session.commit()
        if db.session.get(rows.HlsLadder, video_id).attempts < setting("MEDIA_MAX_ATTEMPTS"):
            raise  # Huey retries after its delay; the sweep does too if that retry is lost
        return "failed"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _encode(video, out):
    """Encode every rendition into `out`; the row's values (variants, size, cost)."""
    web = storage.web_path(video)
    info = ffmpeg.parse_probe(ffmpeg.probe(web))
    renditions = hls.ladder_for(info.width, info.height)
    fps = hls.output_fps(info.frame_rate)
    started = time.perf_counter()
    hls_encode.encode_ladder(web, out, renditions, fps=fps, duration=info.duration,
                             preset=setting("MEDIA_TRANSCODE_PRESET"),
                             has_audio=bool(info.audio_codec))
    seconds = time.perf_counter() - started
    return {"variants": describe(out, renditions, fps), "encode_seconds": round(seconds, 3),
            "size_bytes": folder_size(out)}


def describe(out, renditions, fps):
    """The master playlist's variants, measured from the files ffmpeg wrote into `out`."""
    encoder_master = out / hls.ENCODER_MASTER
    codecs = {uri.split("/")[0]: attrs.get("CODECS", "")
              for uri, attrs in hls.parse_master(encoder_master.read_text()).items()}
    encoder_master.unlink()
    variants = []
    for rendition in renditions:
        folder = out / rendition.name
        segments, _init = hls.parse_media_playlist((folder / hls.PLAYLIST_NAME).read_text())
        peak, average = hls.bit_rates([(d, (folder / name).stat().st_size) for d, name in segments])
        variants.append({"name": rendition.name, "uri": f"{rendition.name}/{hls.PLAYLIST_NAME}",
                         "width": rendition.width, "height": rendition.height, "bandwidth": peak,
                         "average_bandwidth": average, "codecs": codecs.get(rendition.name, ""),
                         "frame_rate": round(fps, 3)})
    return variants


def folder_size(path):
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _place(src, dst):
    """Move the finished folder into place; an older one (a retried build) is set aside first."""
    if dst.exists():
        old = dst.with_name(f".{dst.name}-old-{uuid.uuid4().hex[:8]}")
        os.replace(dst, old)
        shutil.rmtree(old, ignore_errors=True)
    dst.parent.mkdir(parents=True, exist_ok=True)
    os.replace(src, dst)
