"""Media tasks on the app-wide queue (contest/core/tasks.py): process a video, the minute sweep.

The queue only says "look at video N"; the database row is the truth (see pipeline.py). How
often a failing video is retried comes from the app config (MEDIA_MAX_ATTEMPTS,
MEDIA_RETRY_DELAY_S), given to each task when it is enqueued. The web process only enqueues;
ffmpeg runs in workers.
"""
import logging

from huey import crontab

from ..core.extensions import db
from ..core.tasks import app_context, huey, on_worker_stop
from . import pipeline, services
from .quality.tasks import enqueue_followup, sweep_followups

log = logging.getLogger(__name__)


@huey.task(name="media.process_video")
def process_video_task(video_id):
    """Process one video (pipeline.process_video): safe to run twice or after a crash."""
    with app_context():
        outcome = pipeline.process_video(video_id)
        if outcome in ("remux", "transcode"):  # ready: the quality report and hashes follow
            enqueue_followup(video_id)
        return outcome


@huey.periodic_task(crontab(minute="*"), name="media.sweep")
def sweep_task():
    """Every minute: re-enqueue lost work and clean up (see sweep())."""
    with app_context():
        return sweep()


def enqueue_video(video_id):
    """Ask a worker to look at video_id, with the retries the app's config allows."""
    process_video_task(video_id, retries=services.setting("MEDIA_MAX_ATTEMPTS") - 1,
                       retry_delay=services.setting("MEDIA_RETRY_DELAY_S"))


def waiting_in_queue():
    """Ids of videos that already have a process task pending or scheduled (retry delay)."""
    ids = set()
    for task in list(huey.pending()) + list(huey.scheduled()):
        if task.name == process_video_task.name and task.args:
            ids.add(task.args[0])
    return ids


def sweep(now=None):
    """Recover what crashed workers or a down queue left behind; returns a small report.

    Stuck in-flight videos (no heartbeat for MEDIA_STUCK_AFTER_S) go back to `queued`; every
    queued video, and every failed one due for a retry, gets a task unless one is waiting.
    Then housekeeping: files of superseded videos, stale scratch folders, expired tus uploads.
    """
    report = pipeline.recover(now=now)
    db.session.commit()
    waiting = waiting_in_queue()
    enqueued = []
    for video_id in services.waiting_ids(now=now):
        if video_id not in waiting:
            enqueue_video(video_id)
            enqueued.append(video_id)
    report["enqueued"] = enqueued
    report["followups"] = sweep_followups(now=now)
    report.update(pipeline.housekeeping())
    db.session.commit()
    if enqueued or report["released"]:
        log.info("sweep: %s", report)
    return report


@on_worker_stop
def hand_back_claims(app):
    """Re-queue the videos this process was still processing (their encoders die with it)."""
    with app.app_context():
        ids = services.release_claims(set(pipeline.ACTIVE_CLAIMS))
        db.session.commit()
        for video_id in ids:
            enqueue_video(video_id)
    return ids
