"""The video status document (`/entries/<id>/video.json`) and the upload panel's data.

Judges get the same shape without anything that names the entrant (no file name) and only the
video in use; URLs carry the video's random uuid, never a name or NIP.
"""
from flask import url_for
from flask_babel import gettext as _

from ..contests.phases import Phase, is_open
from . import services, storage
from .models import VideoState
from .problem_messages import message_for
from .quality.messages import quality_status
from .rules import ORIENTATIONS, Problem
from .uploads.services import ALLOWED_EXTENSIONS

POLL_STATES = ("uploading", "queued", "validating", "processing")


def state_label(state):
    """The state in the user's language."""
    labels = {
        "none": _("Belum ada video"),
        VideoState.UPLOADING.value: _("Menyimpan unggahan"),
        VideoState.QUEUED.value: _("Menunggu giliran diproses"),
        VideoState.VALIDATING.value: _("Memeriksa video"),
        VideoState.PROCESSING.value: _("Memproses video"),
        VideoState.READY.value: _("Video siap"),
        VideoState.REJECTED.value: _("Video ditolak"),
        VideoState.FAILED.value: _("Video gagal diproses"),
        VideoState.SUPERSEDED.value: _("Video sudah diganti"),
    }
    return labels.get(state, state)


def frame_url(video, index, width):
    return url_for("media.frame", uuid=video.uuid, index=index, width=width)


def poster_url(video, width=storage.PLAYER_WIDTH):
    """The chosen poster frame, or None before the video is ready."""
    if not video.is_ready or not video.frame_count:
        return None
    return frame_url(video, min(video.poster_choice, video.frame_count - 1), width)


def stream_url(video):
    return url_for("media.stream", uuid=video.uuid) if video.is_ready else None


def _retrying(video):
    return (video.state == VideoState.FAILED.value
            and video.attempts < services.setting("MEDIA_MAX_ATTEMPTS"))


def _message(video):
    """One sentence about the state beyond its label, or None."""
    if video.state == VideoState.FAILED.value:
        if _retrying(video):
            return _("Terjadi gangguan saat memproses video; sistem akan mencoba lagi otomatis.")
        return _("Video tidak dapat diproses. Unggah ulang video Anda atau hubungi panitia.")
    if video.state == VideoState.REJECTED.value:
        return _("Perbaiki hal berikut, lalu unggah ulang video Anda.")
    return None


def describe(video):
    """The fields every viewer may see about one video."""
    problems = [Problem(p["code"], p.get("params") or {}) for p in (video.problems or [])]
    return {
        "id": video.uuid,
        "state": video.state,
        "label": state_label(video.state),
        "message": _message(video),
        "problems": [{"code": p.code, "message": message_for(p)} for p in problems],
        "poster_url": poster_url(video),
        "video_url": stream_url(video),
        "duration": round(video.duration, 2) if video.duration is not None else None,
        "width": video.width,
        "height": video.height,
        "progress": 100 if video.is_ready else max(0, min(100, video.progress or 0)),
        "retrying": _retrying(video),
        "poll": video.state in POLL_STATES or _retrying(video),
    }


def _nothing():
    return {"id": None, "state": "none", "label": state_label("none"), "message": None,
            "problems": [], "poster_url": None, "video_url": None, "duration": None,
            "width": None, "height": None, "progress": 0, "retrying": False, "poll": False}


def status_document(entry, role):
    """video.json for a viewer with `role` ('owner', 'admin' or 'judge')."""
    current = services.current_video(entry)
    if role == "judge":
        return describe(current) if current is not None else _nothing()
    latest = services.latest_video(entry)
    if latest is None:
        return {**_nothing(), "quality": None, "warnings": []}
    document = describe(latest)
    document["filename"] = latest.original_filename
    document["candidates"] = candidates(latest)
    document["poster_choice"] = latest.poster_choice if latest.is_ready else None
    in_use = current if current is not None and current.id != latest.id else None
    document["in_use"] = describe(in_use) if in_use is not None else None
    document.update(_quality(latest))
    return document


def _quality(video):
    """The quality report of a ready video (the owner's and the committee's view only)."""
    if not video.is_ready:
        return {"quality": None, "warnings": []}
    return quality_status(video)


def candidates(video):
    """The poster candidates to choose from: index, card-size and player-size URLs."""
    if not video.is_ready:
        return []
    return [{"index": i, "url": frame_url(video, i, storage.CARD_WIDTH),
             "large_url": frame_url(video, i, storage.PLAYER_WIDTH)}
            for i in range(video.frame_count)]


def upload_panel(entry):
    """What templates/entries/_video.html needs for the owner's entry page."""
    contest = entry.contest
    latest = services.latest_video(entry)
    current = services.current_video(entry)
    can_upload = is_open(contest, Phase.SUBMISSION) and not entry.is_withdrawn
    names = {"landscape": _("lanskap"), "portrait": _("potret"), "square": _("persegi")}
    return {
        "latest": latest,
        "current": current,
        "status": status_document(entry, "owner"),
        "can_upload": can_upload,
        "can_choose_poster": can_upload and latest is not None and latest.is_ready
                             and latest.frame_count > 1,
        "max_bytes": contest.max_size_bytes,
        "max_mb": contest.max_size_mb,
        "orientations": [names[o] for o in ORIENTATIONS if o in contest.orientation_set],
        "extensions": ALLOWED_EXTENSIONS,
        "accept": ",".join(["video/*"] + [f".{e}" for e in ALLOWED_EXTENSIONS]),
        "status_url": url_for("media.status", entry_id=entry.id),
        "poster_form_url": url_for("media.choose_poster", entry_id=entry.id),
    }

