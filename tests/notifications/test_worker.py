"""End to end: a request's commit hands the message to a real `flask contest worker` process,
which sends it to a real SMTP server (on the SQLite queue and, with TEST_REDIS_URL, on Redis)."""
import time

import pytest

from contest.core import tasks
from contest.core.extensions import db
from contest.notifications.models import OutboxMessage
from tests.conftest import post
from tests.media.test_queue import backend, worker, worker_env  # noqa: F401  (fixtures and helpers)
from tests.notifications.conftest import SMTP_PORT


@pytest.fixture(autouse=True)
def _queue_back_afterwards():
    previous = tasks.huey.storage
    yield
    tasks.huey.storage = previous


def test_a_reset_request_is_sent_by_the_worker_after_the_commit(app, client, make_entrant, smtp_server,
                                                                backend, tmp_path):
    user = make_entrant()
    assert post(client, "/forgot-password", {"email": user.email}).status_code == 302
    assert smtp_server.messages == []  # the request sent nothing

    env = worker_env(app, backend, SMTP_HOST="127.0.0.1", SMTP_PORT=SMTP_PORT, SMTP_TLS="false")
    log_path = tmp_path / "worker.log"
    with worker(env, log_path):
        deadline = time.monotonic() + 60
        while not smtp_server.messages and time.monotonic() < deadline:
            time.sleep(0.1)
    assert len(smtp_server.messages) == 1, log_path.read_text()[-3000:]
    [(recipients, raw)] = smtp_server.messages
    assert recipients == [user.email] and "/reset-password/" in raw
    db.session.rollback()
    message = db.session.query(OutboxMessage).one()
    assert (message.state, message.attempts) == ("sent", 1)
