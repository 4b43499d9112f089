"""Video rows: which one an entry uses, state changes guarded by a claim token, poster choice.

The row is the truth about a video. A worker claims it (a compare-and-set UPDATE that stores a
fresh claim token), and every later write is conditional on that token: a worker the sweep gave
up on, or a video superseded by a newer upload, cannot overwrite what happened since.
"""
import uuid
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.hooks import submission_check
from .models import IN_FLIGHT, Video, VideoState


def setting(name):
    """A media setting (MEDIA_*), as contest/core/config.py parsed it from the environment."""
    return current_app.config[name]


def latest_video(entry):
    """The entry's newest upload that is not superseded (the one whose progress we show)."""
    return db.session.scalar(
        select(Video)
        .where(Video.entry_id == entry.id, Video.state != VideoState.SUPERSEDED.value)
        .order_by(Video.id.desc())
        .limit(1)
    )


def current_video(entry):
    """The ready video the entry uses (judges and the gallery see this one), or None."""
    return db.session.scalar(
        select(Video)
        .where(Video.entry_id == entry.id, Video.state == VideoState.READY.value)
        .order_by(Video.id.desc())
        .limit(1)
    )


def current_videos(entries):
    """current_video() of many entries in one query: {entry_id: Video} (entries without one left out)."""
    ids = [entry.id for entry in entries]
    if not ids:
        return {}
    videos = {}
    for video in db.session.scalars(select(Video).where(Video.entry_id.in_(ids), Video.state == VideoState.READY.value)
                                    .order_by(Video.id)):
        videos[video.entry_id] = video  # the newest ready one wins, as in current_video()
    return videos


@submission_check
def video_blocker(entry):
    """Why the entry's video stops submission, translated; None when a ready video exists."""
    if current_video(entry) is not None:
        return None
    latest = latest_video(entry)
    if latest is None:
        return _("Unggah video karya terlebih dahulu.")
    if latest.is_pending:
        return _("Video masih diproses; tunggu hingga selesai sebelum mengirim karya.")
    if latest.state == VideoState.REJECTED.value:
        return _("Video ditolak; unggah ulang video yang memenuhi ketentuan.")
    return _("Video gagal diproses; unggah ulang video Anda.")


def supersede_older(*, video, states):
    """Mark the entry's older videos in `states` superseded (their files go in the sweep)."""
    now = utcnow()
    db.session.execute(
        update(Video)
        .where(Video.entry_id == video.entry_id, Video.id < video.id, Video.state.in_(states))
        .values(state=VideoState.SUPERSEDED.value, claim_token=None, state_changed_at=now)
        .execution_options(synchronize_session=False)
    )


def claim(video_id, *, now=None):
    """Take the job for a queued (or retryable failed) video; the claim token, else None."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    result = db.session.execute(
        update(Video)
        .where(
            Video.id == video_id,
            (Video.state == VideoState.QUEUED.value)
            | ((Video.state == VideoState.FAILED.value)
               & (Video.attempts < setting("MEDIA_MAX_ATTEMPTS"))),
        )
        .values(state=VideoState.VALIDATING.value, claim_token=token, attempts=Video.attempts + 1,
                heartbeat_at=now, state_changed_at=now, progress=0, error=None)
        .execution_options(synchronize_session=False)
    )
    return token if result.rowcount == 1 else None


def transition(video_id, token, *, to, **values):
    """Move a claimed video to state `to` (with column values); False if the claim was lost."""
    now = utcnow()
    if to in (VideoState.READY.value, VideoState.REJECTED.value, VideoState.FAILED.value):
        values.setdefault("claim_token", None)
    result = db.session.execute(
        update(Video)
        .where(Video.id == video_id, Video.claim_token == token)
        .values(state=to, state_changed_at=now, heartbeat_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def beat(video_id, token, *, progress=None, connection=None):
    """Record that the claim's holder is alive (and its progress); False if the claim was lost."""
    values = {"heartbeat_at": utcnow()}
    if progress is not None:
        values["progress"] = int(progress)
    statement = (update(Video).where(Video.id == video_id, Video.claim_token == token)
                 .values(**values).execution_options(synchronize_session=False))
    result = (connection or db.session).execute(statement)
    return result.rowcount == 1


def release_stuck(*, now=None):
    """Hand back in-flight videos whose worker stopped beating; returns their ids.

    Those with attempts left go back to `queued`; the others become `failed` (a file that kills
    the worker every time must not loop forever).
    """
    now = now or utcnow()
    cutoff = now - timedelta(seconds=setting("MEDIA_STUCK_AFTER_S"))
    stuck = db.session.scalars(
        select(Video).where(Video.state.in_(IN_FLIGHT), Video.heartbeat_at < cutoff)
    ).all()
    released = []
    for video in stuck:
        retry = video.attempts < setting("MEDIA_MAX_ATTEMPTS")
        to = VideoState.QUEUED.value if retry else VideoState.FAILED.value
        result = db.session.execute(
            update(Video)
            .where(Video.id == video.id, Video.claim_token == video.claim_token,
                   Video.state.in_(IN_FLIGHT), Video.heartbeat_at < cutoff)
            .values(state=to, claim_token=None, progress=0, state_changed_at=now,
                    error=None if retry else "worker stopped during processing")
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1 and retry:
            released.append(video.id)
    return released


def release_claims(tokens):
    """A stopping worker hands back the videos it holds: queued again, the attempt not counted."""
    tokens = list(tokens)
    if not tokens:
        return []
    held = (Video.claim_token.in_(tokens), Video.state.in_(IN_FLIGHT))
    ids = list(db.session.scalars(select(Video.id).where(*held)))
    db.session.execute(
        update(Video).where(*held)
        .values(state=VideoState.QUEUED.value, claim_token=None, progress=0,
                attempts=Video.attempts - 1, state_changed_at=utcnow())
        .execution_options(synchronize_session=False))
    return ids


def waiting_ids(*, now=None):
    """Videos a worker should pick up now: queued ones, and failed ones due for a retry."""
    now = now or utcnow()
    due = now - timedelta(seconds=setting("MEDIA_RETRY_DELAY_S"))
    return list(db.session.scalars(
        select(Video.id).where(
            (Video.state == VideoState.QUEUED.value)
            | ((Video.state == VideoState.FAILED.value)
               & (Video.attempts < setting("MEDIA_MAX_ATTEMPTS"))
               & (Video.state_changed_at < due)))
        .order_by(Video.id)
    ))


def superseded_with_files():
    """Superseded videos whose files are still on disk."""
    return db.session.scalars(
        select(Video).where(Video.state == VideoState.SUPERSEDED.value,
                            Video.files_deleted_at.is_(None))
    ).all()


def choose_poster(*, video, index):
    """The entrant picks one of the poster candidates."""

    if not video.is_ready or not 0 <= index < video.frame_count:
        raise DomainError(_("Pilihan sampul tidak tersedia."))
    video.poster_choice = index
    db.session.flush()


def retry_failed(*, video):
    """The committee puts a failed video back in the queue with a fresh attempt budget."""

    if video.state != VideoState.FAILED.value:
        raise DomainError(_("Hanya video yang gagal diproses yang dapat diulang."))
    video.state = VideoState.QUEUED.value
    video.attempts = 0
    video.error = None
    video.state_changed_at = utcnow()
    db.session.flush()
