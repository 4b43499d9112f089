"""GET /healthz and /readyz: ready on the test database, and a dead or silent PostgreSQL or
Redis reported as not ready by the check's own timeouts instead of a hang."""
import socket
import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest

from contest import create_app
from contest.core import tasks
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.services import create_entry
from contest.health import DEADLINE_S, PG_CONNECT_TIMEOUT_S, quick_engine
from contest.media import tasks as media_tasks
from contest.media.models import Video, VideoState
from tests.servers import free_port


def test_healthz_is_ok_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_reports_the_backlog_and_the_oldest_waiting_video(client, make_contest, make_entrant):
    contest, user = make_contest(), make_entrant()
    entry = create_entry(contest=contest, user=user, title="Netral", synopsis="S.", social_url=None)
    db.session.flush()
    db.session.add(Video(entry_id=entry.id, state=VideoState.QUEUED.value,
                         state_changed_at=utcnow() - timedelta(seconds=90)))
    db.session.add(Video(entry_id=entry.id, state=VideoState.READY.value,
                         state_changed_at=utcnow() - timedelta(hours=3)))
    db.session.commit()
    tasks.huey.storage.flush_queue()
    media_tasks.enqueue_video(12345)

    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "ready" and body["failed"] == []
    assert set(body["checks"]) == {"database", "queue", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["queue_backlog"] == 1
    assert body["checks"]["database"]["waiting_videos"] == 1
    assert 89 <= body["oldest_waiting_video_s"] < 150
    tasks.huey.storage.flush_queue()


def unused_port():
    return free_port()  # bound and closed again: connections are refused at once


@contextmanager
def silent_server():
    """A loopback server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", free_port()))
    server.listen(16)
    accepted, stop = [], threading.Event()

    def serve():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join(2)
        for conn in accepted:
            conn.close()
        server.close()


@pytest.fixture
def other_app(app, tmp_path):
    """Factory: an app on another database URL (the test app's queue and storage otherwise)."""

    def make(database_url):
        return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                           "UPLOAD_ROOT": str(tmp_path / "uploads"),
                           "SECRET_KEY": "x", "RATELIMIT_ENABLED": False})

    return make


@contextmanager
def queue_on_redis(url):
    previous = tasks.huey.storage
    tasks.use_redis(url)
    try:
        yield
    finally:
        tasks.huey.storage = previous


def readyz(app):
    with app.test_client() as client:
        response = client.get("/readyz")
    return response.status_code, response.get_json()


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_a_down_or_silent_postgresql_makes_readyz_503(app, other_app, kind):
    if kind == "refused":
        status, body = readyz(other_app(f"postgresql+psycopg://u@127.0.0.1:{unused_port()}/x"))
    else:
        with silent_server() as (port, accepted):
            status, body = readyz(other_app(f"postgresql+psycopg://u@127.0.0.1:{port}/x"))
        assert accepted  # the check really reached the silent server
    assert status == 503
    assert body["status"] == "not ready" and body["failed"] == ["database"]
    error = body["checks"]["database"]["error"]
    if kind == "refused":
        assert "OperationalError" in error  # refused at once, well inside the deadline
    else:
        assert error == f"no answer within {DEADLINE_S} s"


def test_the_health_check_connection_to_a_silent_postgresql_gives_up_by_itself(app, other_app):
    """The connect timeout ends the check's thread too (the deadline alone would leave it hanging)."""
    from sqlalchemy.exc import OperationalError

    outcome = {}
    with silent_server() as (port, accepted):
        probe = other_app(f"postgresql+psycopg://u@127.0.0.1:{port}/x")

        def connect():
            with probe.app_context():
                try:
                    quick_engine(probe.config["SQLALCHEMY_DATABASE_URI"]).connect()
                except OperationalError as exc:
                    outcome["error"] = str(exc)

        thread = threading.Thread(target=connect, daemon=True)
        thread.start()
        thread.join(PG_CONNECT_TIMEOUT_S + 5)
    assert not thread.is_alive(), "the connection attempt hangs: no connect timeout"
    assert accepted and "timeout" in outcome["error"].lower()


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_a_down_or_silent_redis_makes_readyz_503_by_its_own_timeout(app, kind):
    if kind == "refused":
        with queue_on_redis(f"redis://127.0.0.1:{unused_port()}/0"):
            status, body = readyz(app)
        accepted = None
    else:
        with silent_server() as (port, accepted), queue_on_redis(f"redis://127.0.0.1:{port}/0"):
            status, body = readyz(app)
    assert status == 503
    assert body["failed"] == ["queue"]
    assert body["queue_backlog"] is None
    error = body["checks"]["queue"]["error"]
    assert error.startswith(("ConnectionError", "TimeoutError")), error
    if accepted is not None:
        assert accepted and error.startswith("TimeoutError")


def test_an_unwritable_upload_root_makes_readyz_503(app, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where UPLOAD_ROOT should be")
    broken = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "UPLOAD_ROOT": str(blocker), "SECRET_KEY": "x"})
    status, body = readyz(broken)
    assert status == 503 and body["failed"] == ["storage"]
