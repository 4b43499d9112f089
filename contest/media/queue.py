"""The task queue: Huey on a SQLite file by default, on Redis when REDIS_URL is set.

The queue only says "look at video N"; the database row is the truth (see pipeline.py). The
backend is chosen from environment variables when this module is imported — REDIS_URL, else
HUEY_SQLITE_PATH (default instance/queue.db) — the same variables config.py reads, so the web
process and `flask --app wsgi contest worker` always agree. Tests re-point it with use_sqlite()
or use_redis(). The web process only enqueues; ffmpeg runs in workers.
"""
import logging
import os
import threading
import time
from contextlib import nullcontext
from pathlib import Path

from flask import has_app_context
from huey import RedisHuey, SqliteHuey, crontab
from huey.storage import RedisStorage, SqliteStorage

from ..extensions import db
from . import pipeline, services

log = logging.getLogger(__name__)

QUEUE_NAME = "contest-media"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
TASK_RETRIES = services.DEFAULTS["MEDIA_MAX_ATTEMPTS"] - 1


def make_huey(environ=os.environ):
    """RedisHuey when REDIS_URL is set, else SqliteHuey on HUEY_SQLITE_PATH."""
    if environ.get("REDIS_URL"):
        return RedisHuey(QUEUE_NAME, url=environ["REDIS_URL"], results=False)
    path = Path(environ.get("HUEY_SQLITE_PATH") or PROJECT_ROOT / "instance" / "queue.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(path), results=False)


huey = make_huey()


def use_sqlite(path):
    """Point the queue at another SQLite file (tests, tools)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    huey.storage = SqliteStorage(QUEUE_NAME, filename=str(path))


def use_redis(url):
    """Point the queue at a Redis database (tests, tools)."""
    huey.storage = RedisStorage(QUEUE_NAME, url=url)


# ---------------------------------------------------------------- app context in workers

_app = None
_app_lock = threading.Lock()


def bind_app(app):
    """Tasks in this process run inside `app` (the worker command binds the app it made)."""
    global _app
    _app = app


def app_context():
    """The current app context if there is one, else one of this process's app (made once)."""
    global _app
    if has_app_context():
        return nullcontext()
    with _app_lock:
        if _app is None:
            from contest import create_app

            _app = create_app()
    return _app.app_context()


# ---------------------------------------------------------------- tasks


@huey.task(retries=TASK_RETRIES, retry_delay=services.DEFAULTS["MEDIA_RETRY_DELAY_S"],
           name="media.process_video")
def process_video_task(video_id):
    """Process one video (pipeline.process_video): safe to run twice or after a crash."""
    with app_context():
        return pipeline.process_video(video_id)


@huey.periodic_task(crontab(minute="*"), name="media.sweep")
def sweep_task():
    """Every minute: re-enqueue lost work and clean up (see sweep())."""
    with app_context():
        return sweep()


def enqueue_video(video_id):
    """Ask a worker to look at video_id."""
    process_video_task(video_id)


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
    report.update(pipeline.housekeeping())
    db.session.commit()
    if enqueued or report["released"]:
        log.info("sweep: %s", report)
    return report


# ---------------------------------------------------------------- the worker


def run_worker(app, *, workers=1, periodic=True):
    """Run a Huey consumer in this process until SIGINT (graceful) or SIGTERM."""
    bind_app(app)
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic,
                                    initial_delay=0.1, backoff=1.15, max_delay=1.0)
    started = time.monotonic()
    log.info("worker: %s thread(s), queue %s", workers, type(huey.storage).__name__)
    try:
        consumer.run()
    finally:
        handed_back = _hand_back_claims(app)
        log.info("worker stopped after %.0f s; handed back %s", time.monotonic() - started,
                 handed_back or "nothing")


def _hand_back_claims(app):
    """Re-queue the videos this process was still processing (their encoders die with it)."""
    with app.app_context():
        ids = services.release_claims(set(pipeline.ACTIVE_CLAIMS))
        db.session.commit()
        for video_id in ids:
            enqueue_video(video_id)
    return ids
