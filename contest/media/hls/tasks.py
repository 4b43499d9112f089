"""HLS ladder tasks on the app-wide queue: build one ladder, and the minute sweep that asks for them.

Publication is a moment in time (the announcement passes with sealed results), not a request,
so the sweep notices it: every minute it asks for a ladder for every public video without one
(services.public_video_ids), hands back builds whose worker died, and enqueues what
waits. The web process never encodes.
"""
import logging

from huey import crontab

from ...core.extensions import db
from ...core.tasks import app_context, huey, on_worker_stop
from ..services import setting
from . import build as ladder
from . import services as rows

log = logging.getLogger(__name__)


@huey.task(name="media.build_ladder")
def build_ladder_task(video_id):
    """Build one video's ladder (ladder.build_ladder): safe to run twice or after a crash."""
    with app_context():
        return ladder.build_ladder(video_id)


@huey.periodic_task(crontab(minute="*"), name="media.ladder_sweep")
def ladder_sweep_task():
    with app_context():
        return sweep()


def enqueue_ladder(video_id):
    """Ask a worker to build video_id's ladder, with the retries the media settings allow."""
    build_ladder_task(video_id, retries=setting("MEDIA_MAX_ATTEMPTS") - 1,
                      retry_delay=setting("MEDIA_RETRY_DELAY_S"))


def _waiting_in_queue():
    return {task.args[0] for task in list(huey.pending()) + list(huey.scheduled())
            if task.name == build_ladder_task.name and task.args}


def sweep(now=None):
    """Ask for the ladders publication calls for, recover dead builds, enqueue what waits."""
    requested = rows.request_ladders(rows.public_video_ids(now=now), now=now)
    released = rows.release_stuck(now=now)
    db.session.commit()
    waiting = _waiting_in_queue()
    enqueued = [video_id for video_id in rows.waiting_ids(now=now) if video_id not in waiting]
    for video_id in enqueued:
        enqueue_ladder(video_id)
    if requested or released or enqueued:
        log.info("ladder sweep: requested %s, released %s, enqueued %s", requested, released, enqueued)
    return {"requested": requested, "released": released, "enqueued": enqueued}


@on_worker_stop
def hand_back_ladders(app):
    """Re-queue the builds this process still held (their encoders die with it)."""
    with app.app_context():
        ids = rows.release_claims(set(ladder.ACTIVE_CLAIMS))
        db.session.commit()
        for video_id in ids:
            enqueue_ladder(video_id)
    return ids
