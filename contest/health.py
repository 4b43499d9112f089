"""Health checks for load balancers and monitoring: GET /healthz and GET /readyz (JSON).

/healthz says the process answers (liveness: no database, no queue). /readyz says this instance
can do its work: the database answers, the queue answers (with its backlog) and UPLOAD_ROOT is
writable. Each check has its own short timeouts (a stopped PostgreSQL or Redis, or one that
accepts connections but never answers, fails the check in about a second instead of hanging),
and the whole answer has a deadline on top. Not ready is a 503 naming the failed checks.
"""
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, wait

from flask import Blueprint, current_app, jsonify
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from .core import tasks
from .core.extensions import limiter
from .core.timeutil import utcnow

CHECK_TIMEOUT_S = 1  # connect and read timeout of each check
PG_CONNECT_TIMEOUT_S = 2  # libpq's (and psycopg's) smallest connect_timeout
DEADLINE_S = 1.5  # the whole /readyz answer: a slower check counts as failed

bp = Blueprint("health", __name__)
limiter.exempt(bp)
_executor = ThreadPoolExecutor(max_workers=6, thread_name_prefix="readyz")


@bp.get("/healthz")
def healthz():
    return _no_store(jsonify(status="ok"))


@bp.get("/readyz")
def readyz():
    app = current_app._get_current_object()
    checks = {"database": _check_database, "queue": _check_queue, "storage": _check_storage}
    futures = {name: _executor.submit(_timed, app, check) for name, check in checks.items()}
    wait(futures.values(), timeout=DEADLINE_S)
    results = {}
    for name, future in futures.items():
        if future.done():
            results[name] = future.result()
        else:
            results[name] = {"ok": False, "error": f"no answer within {DEADLINE_S} s"}
    failed = sorted(name for name, result in results.items() if not result["ok"])
    body = {"status": "not ready" if failed else "ready", "failed": failed, "checks": results,
            "queue_backlog": results["queue"].get("backlog"),
            "oldest_waiting_video_s": results["database"].get("oldest_waiting_video_s")}
    return _no_store(jsonify(body)), 503 if failed else 200


def _no_store(response):
    response.cache_control.no_store = True
    return response


def _timed(app, check):
    started = time.perf_counter()
    try:
        with app.app_context():
            result = {"ok": True, **check()}
    except Exception as exc:  # noqa: BLE001  (any failure is the answer: "failed, because ...")
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


# -- database ---------------------------------------------------------------------------------

def quick_engine(url):
    """An engine for health checks only: no pool, short connect and statement timeouts."""
    engines = current_app.extensions.setdefault("health_engines", {})
    if url not in engines:
        if url.startswith("postgresql"):
            connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT_S,
                            "options": f"-c statement_timeout={CHECK_TIMEOUT_S * 1000}"}
        elif url.startswith("sqlite"):
            connect_args = {"timeout": CHECK_TIMEOUT_S}
        else:
            connect_args = {}
        engines[url] = create_engine(url, poolclass=NullPool, connect_args=connect_args)
    return engines[url]


def _check_database():
    """SELECT the waiting videos: proves the database answers and measures the oldest wait."""
    from .media.models import Video, VideoState

    engine = quick_engine(current_app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as connection:
        count, oldest = connection.execute(
            select(func.count(Video.id), func.min(Video.state_changed_at))
            .where(Video.state == VideoState.QUEUED.value)).one()
    age = None
    if oldest is not None:
        age = round(max(0.0, (utcnow() - oldest).total_seconds()), 1)
    return {"waiting_videos": count, "oldest_waiting_video_s": age}


# -- queue ------------------------------------------------------------------------------------

def _check_queue():
    """The number of tasks waiting in the queue, read with short socket timeouts."""
    from huey.storage import RedisStorage

    storage = tasks.huey.storage
    if isinstance(storage, RedisStorage):
        import redis

        # A client of its own: the queue's connection has no timeouts and would hang.
        kwargs = dict(storage.conn.connection_pool.connection_kwargs)
        kwargs.update(socket_connect_timeout=CHECK_TIMEOUT_S, socket_timeout=CHECK_TIMEOUT_S,
                      retry_on_timeout=False)
        client = redis.Redis(connection_pool=redis.ConnectionPool(
            connection_class=storage.conn.connection_pool.connection_class, **kwargs))
        try:
            return {"backend": "redis", "backlog": client.llen(storage.queue_key)}
        finally:
            client.close()
    return {"backend": type(storage).__name__, "backlog": storage.queue_size()}


# -- storage ----------------------------------------------------------------------------------

def _check_storage():
    """UPLOAD_ROOT exists and a file can be created and removed there."""
    root = current_app.config["UPLOAD_ROOT"]
    os.makedirs(root, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-"):
        pass
    return {}
