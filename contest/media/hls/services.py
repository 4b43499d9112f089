"""HLS ladder rows: asked for at publication, claimed by one worker, swept like the pipeline.

Features above media say which videos are public (ladder_source, like access.public_policy);
the sweep asks for a ladder for each of them. A row is claimed with a compare-and-set UPDATE
storing a fresh token; every later write names that token, so a worker the sweep gave up on
cannot overwrite a newer attempt. They flush; the caller commits.
"""
import uuid
from datetime import timedelta

from sqlalchemy import delete, select, update

from ...core.extensions import db
from ...core.timeutil import utcnow
from ..models import Video, VideoState
from ..services import setting
from .models import HlsLadder, LadderState

_sources = {}


def ladder_source(fn):
    """Register fn(now) -> iterable of video ids that are public now (so get a ladder)."""
    _sources[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def registered_sources():
    return set(_sources)


def public_video_ids(*, now=None):
    """Every video some feature makes public now (winners, the all-entries gallery)."""
    now = now or utcnow()
    ids = set()
    for source in _sources.values():
        ids.update(source(now))
    return ids


def request_ladders(video_ids, *, now=None):
    """Queue a ladder for each ready video in video_ids that has none yet; returns the new ids."""
    ids = set(video_ids)
    if not ids:
        return []
    known = set(db.session.scalars(select(HlsLadder.video_id).where(HlsLadder.video_id.in_(ids))))
    ready = set(db.session.scalars(select(Video.id).where(
        Video.id.in_(ids - known), Video.state == VideoState.READY.value)))
    now = now or utcnow()
    for video_id in sorted(ready):
        db.session.add(HlsLadder(video_id=video_id, state=LadderState.QUEUED.value,
                                 requested_at=now, state_changed_at=now, variants=[]))
    db.session.flush()
    return sorted(ready)


def ready_ladder(video):
    """The video's ladder row when it is built, else None."""
    row = db.session.get(HlsLadder, video.id)
    return row if row is not None and row.is_ready else None


def claim(video_id, *, now=None):
    """Take the build of a queued (or retryable failed) ladder; the claim token, else None."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    result = db.session.execute(
        update(HlsLadder)
        .where(HlsLadder.video_id == video_id,
               (HlsLadder.state == LadderState.QUEUED.value)
               | ((HlsLadder.state == LadderState.FAILED.value)
                  & (HlsLadder.attempts < setting("MEDIA_MAX_ATTEMPTS"))))
        .values(state=LadderState.BUILDING.value, claim_token=token, attempts=HlsLadder.attempts + 1,
                heartbeat_at=now, state_changed_at=now, error=None)
        .execution_options(synchronize_session=False))
    return token if result.rowcount == 1 else None


def transition(video_id, token, *, to, **values):
    """Move a claimed ladder to state `to`; False if the claim was lost."""
    now = utcnow()
    result = db.session.execute(
        update(HlsLadder).where(HlsLadder.video_id == video_id, HlsLadder.claim_token == token)
        .values(state=to, state_changed_at=now, heartbeat_at=now, claim_token=None, **values)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def withdraw(video_id, token):
    """Forget a request whose video is no longer public (asked for again if it becomes so)."""
    db.session.execute(delete(HlsLadder).where(HlsLadder.video_id == video_id,
                                               HlsLadder.claim_token == token))


def beat(video_id, token, *, connection=None):
    """The builder is alive; False if its claim was lost."""
    statement = (update(HlsLadder).where(HlsLadder.video_id == video_id, HlsLadder.claim_token == token)
                 .values(heartbeat_at=utcnow()).execution_options(synchronize_session=False))
    return (connection or db.session).execute(statement).rowcount == 1


def release_stuck(*, now=None):
    """Builds whose worker stopped beating go back to `queued` (or `failed` when out of attempts)."""
    now = now or utcnow()
    cutoff = now - timedelta(seconds=setting("MEDIA_STUCK_AFTER_S"))
    stuck = db.session.scalars(select(HlsLadder).where(
        HlsLadder.state == LadderState.BUILDING.value, HlsLadder.heartbeat_at < cutoff)).all()
    released = []
    for row in stuck:
        retry = row.attempts < setting("MEDIA_MAX_ATTEMPTS")
        result = db.session.execute(
            update(HlsLadder)
            .where(HlsLadder.video_id == row.video_id, HlsLadder.claim_token == row.claim_token,
                   HlsLadder.state == LadderState.BUILDING.value, HlsLadder.heartbeat_at < cutoff)
            .values(state=LadderState.QUEUED.value if retry else LadderState.FAILED.value,
                    claim_token=None, state_changed_at=now,
                    error=None if retry else "worker stopped during the build")
            .execution_options(synchronize_session=False))
        if result.rowcount == 1 and retry:
            released.append(row.video_id)
    return released


def release_claims(tokens):
    """A stopping worker hands its builds back: queued again, the attempt not counted."""
    tokens = list(tokens)
    if not tokens:
        return []
    held = (HlsLadder.claim_token.in_(tokens), HlsLadder.state == LadderState.BUILDING.value)
    ids = list(db.session.scalars(select(HlsLadder.video_id).where(*held)))
    db.session.execute(update(HlsLadder).where(*held).values(
        state=LadderState.QUEUED.value, claim_token=None, attempts=HlsLadder.attempts - 1,
        state_changed_at=utcnow()).execution_options(synchronize_session=False))
    return ids


def waiting_ids(*, now=None):
    """Ladders a worker should build now: queued ones, and failed ones due for a retry."""
    now = now or utcnow()
    due = now - timedelta(seconds=setting("MEDIA_RETRY_DELAY_S"))
    return list(db.session.scalars(select(HlsLadder.video_id).where(
        (HlsLadder.state == LadderState.QUEUED.value)
        | ((HlsLadder.state == LadderState.FAILED.value)
           & (HlsLadder.attempts < setting("MEDIA_MAX_ATTEMPTS"))
           & (HlsLadder.state_changed_at < due))).order_by(HlsLadder.video_id)))
