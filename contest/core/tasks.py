"""The app-wide task queue: one Huey instance, on Redis when REDIS_URL is set, else a SQLite file.

Features register their tasks on `huey` (media/tasks.py, certificates/tasks.py); create_app()
imports those modules and calls init_app(), which points the queue at the backend the app's
config names (REDIS_URL, else HUEY_SQLITE_PATH) — so the web process and
`flask --app wsgi contest worker` always agree. Tests re-point it with use_sqlite() or
use_redis(). The queue only carries ids; the database row is the truth.
"""
import logging
import threading
import time
from contextlib import nullcontext
from pathlib import Path

from flask import has_app_context
from huey import Huey
from huey.storage import BlackHoleStorage, RedisStorage, SqliteStorage

log = logging.getLogger(__name__)

QUEUE_NAME = "contest-media"


class _NoBackend(BlackHoleStorage):
    """Until init_app() runs, enqueueing is an error rather than a silently lost task."""

    def enqueue(self, data, priority=None):
        raise RuntimeError("the task queue has no backend: create_app() sets it from the config")


huey = Huey(QUEUE_NAME, results=False, storage_class=_NoBackend)


def make_storage(config):
    """RedisStorage when config has REDIS_URL, else SqliteStorage on HUEY_SQLITE_PATH."""
    if config.get("REDIS_URL"):
        return RedisStorage(QUEUE_NAME, url=config["REDIS_URL"])
    path = Path(config["HUEY_SQLITE_PATH"])
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(QUEUE_NAME, filename=str(path))


def init_app(app):
    """Point the queue at the backend the app's config names."""
    huey.storage = make_storage(app.config)


def use_sqlite(path):
    """Point the queue at another SQLite file (tests, tools)."""
    huey.storage = make_storage({"HUEY_SQLITE_PATH": path})


def use_redis(url):
    """Point the queue at a Redis database (tests, tools)."""
    huey.storage = make_storage({"REDIS_URL": url})


# ---------------------------------------------------------------- app context in workers

_app = None
_app_lock = threading.Lock()
_on_worker_stop = []


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


def on_worker_stop(fn):
    """Register fn(app) to run once when this process's worker stops (a feature hands work back)."""
    _on_worker_stop.append(fn)
    return fn


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
        handed_back = [item for fn in _on_worker_stop for item in fn(app)]
        log.info("worker stopped after %.0f s; handed back %s", time.monotonic() - started,
                 handed_back or "nothing")
