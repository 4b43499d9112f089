"""Duplicate search over every edition's videos: exact (SHA-256) and perceptual (vPDQ index).

The band index (fingerprints.FrameIndex) lives in the worker process and grows with each new
fingerprint; it is rebuilt when rows it holds disappear or change (another database, erasure).
Only ready videos of other entries count as matches.
"""
import threading

from sqlalchemy import select

from ...core.extensions import db
from ..models import Video, VideoState
from .fingerprints import FrameIndex
from .models import VideoFingerprint

_lock = threading.Lock()
_state = {"index": FrameIndex(), "stamps": {}}
CHUNK = 500


def _current_index():
    """The process's index, brought up to date with the fingerprint table."""
    stamps = dict(db.session.execute(select(VideoFingerprint.video_id,
                                            VideoFingerprint.created_at)).all())
    known = _state["stamps"]
    if any(stamps.get(video_id) != stamp for video_id, stamp in known.items()):
        _state["index"], known = FrameIndex(), {}
        _state["stamps"] = known
    missing = [video_id for video_id in stamps if video_id not in known]
    for start in range(0, len(missing), CHUNK):
        rows = db.session.execute(select(VideoFingerprint.video_id, VideoFingerprint.hashes)
                                  .where(VideoFingerprint.video_id.in_(missing[start:start + CHUNK])))
        for video_id, blob in rows:
            _state["index"].add(video_id, blob)
            known[video_id] = stamps[video_id]
    return _state["index"]


def find_matches(*, video, sha256, blob):
    """[(other video id, query share, other share, exact)] for ready videos of other entries."""
    exact = set(db.session.scalars(select(VideoFingerprint.video_id).where(
        VideoFingerprint.sha256 == sha256, VideoFingerprint.video_id != video.id)))
    with _lock:
        similar = {m.video_id: m for m in _current_index().search(blob, exclude={video.id})}
    candidates = exact | set(similar)
    if not candidates:
        return []
    valid = set(db.session.scalars(select(Video.id).where(
        Video.id.in_(candidates), Video.state == VideoState.READY.value,
        Video.entry_id != video.entry_id)))
    found = []
    for other_id in sorted(valid):
        if other_id in exact:
            found.append((other_id, 1.0, 1.0, True))
        else:
            match = similar[other_id]
            found.append((other_id, round(match.query_share, 3), round(match.other_share, 3), False))
    return found
