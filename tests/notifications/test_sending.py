"""The worker's sending against real servers on loopback: delivered, retried with backoff, failed."""
import email
import email.policy
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.notifications import sending
from contest.notifications.models import OutboxMessage
from contest.notifications.services import queue_mail


def queued(kind="judge_invite", to="ratna@unmul.ac.id", body="Tautan: https://x/judging/invite/abc"):
    message = queue_mail(to=to, subject="Undangan Dewan Juri", body=body, kind=kind)
    db.session.commit()
    return message


def test_the_worker_sends_over_smtp_and_forgets_the_secret(smtp_server):
    message = queued()
    assert sending.send_message(message.id) == "sent"

    [(recipients, raw)] = smtp_server.messages
    parsed = email.message_from_string(raw, policy=email.policy.default)
    assert recipients == ["ratna@unmul.ac.id"] and parsed["Subject"] == "Undangan Dewan Juri"
    assert "https://x/judging/invite/abc" in parsed.get_content()
    db.session.expire_all()
    assert (message.state, message.attempts, message.last_error) == ("sent", 1, "")
    assert message.sent_at is not None and message.next_attempt_at is None
    assert message.body == ""  # the one-time link lived only as long as it had to


def test_a_vote_code_keeps_neither_code_nor_address_once_sent(smtp_server):
    message = queued(kind="vote_code", to="rina.sari@example.go.id", body="Kode Anda:\n  123456\n")
    sending.send_message(message.id)
    assert "123456" in smtp_server.messages[0][1]
    db.session.expire_all()
    assert (message.to_address, message.body) == ("r***@example.go.id", "")


def test_other_kinds_keep_their_body():
    message = queued(kind="entry_submitted", body="Karya NTR-2024-0001 terkirim.")
    assert sending.send_message(message.id) == "sent"
    assert message.body == "Karya NTR-2024-0001 terkirim."


def test_without_smtp_host_the_message_is_written_to_the_outbox_folder(app):
    folder = Path(app.config["MAIL_OUTBOX"])
    before = set(folder.glob("*.eml")) if folder.exists() else set()
    message = queued()
    assert sending.send_message(message.id) == "sent"
    [path] = set(folder.glob("*.eml")) - before
    assert email.message_from_bytes(path.read_bytes())["To"] == "ratna@unmul.ac.id"


def test_a_refused_connection_is_retried_with_backoff_then_failed(app, refused_smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 3)
    message = queued()
    now = utcnow()
    assert sending.send_message(message.id, now=now) == "pending"
    assert message.attempts == 1 and "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at >= now + timedelta(seconds=sending.BACKOFF_S[0])
    assert sending.send_message(message.id, now=now) is None  # not due yet: nobody claims it
    assert sending.due_ids(now=now) == []

    now = message.next_attempt_at
    assert sending.send_message(message.id, now=now) == "pending"
    assert message.next_attempt_at >= now + timedelta(seconds=sending.BACKOFF_S[1])

    assert sending.send_message(message.id, now=message.next_attempt_at) == "failed"
    db.session.expire_all()
    assert (message.state, message.attempts, message.next_attempt_at) == ("failed", 3, None)
    assert "ConnectionRefusedError" in message.last_error
    assert message.body  # kept, so the committee can send it again


def test_a_5xx_refusal_fails_at_once(smtp_server):
    smtp_server.refuse.add("nobody@example.go.id")
    message = queued(to="nobody@example.go.id")
    assert sending.send_message(message.id) == "failed"
    assert message.attempts == 1 and "550" in message.last_error and smtp_server.messages == []


def test_retry_delays_grow_and_stay_at_an_hour():
    assert [sending.retry_delay(n) for n in range(1, 7)] == [60, 300, 900, 3600, 3600, 3600]


def test_a_claim_left_by_a_dead_worker_goes_back_to_pending(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    alive, dead, exhausted = queued(), queued(), queued()
    now = utcnow()
    for message, claimed in ((alive, now - timedelta(minutes=1)), (dead, now - timedelta(minutes=6)),
                             (exhausted, now - timedelta(minutes=6))):
        message.state, message.claimed_at, message.attempts = "sending", claimed, 1
    exhausted.attempts = 2
    db.session.commit()

    assert sending.recover_stuck(now=now) == {"released": 1, "failed": 1}
    db.session.expire_all()
    assert [m.state for m in (alive, dead, exhausted)] == ["sending", "pending", "failed"]
    assert sending.due_ids(now=now) == [dead.id]


def test_two_workers_racing_for_one_message_send_it_once(app, smtp_server):
    message = queued()
    message_id = message.id
    start, results = threading.Barrier(4), []

    def worker():
        with app.app_context():
            start.wait()
            results.append(sending.send_message(message_id))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results, key=str) == [None, None, None, "sent"]
    assert len(smtp_server.messages) == 1
    db.session.expire_all()
    assert (message.state, message.attempts) == ("sent", 1)


@pytest.mark.parametrize("state", ["sending", "sent", "failed"])
def test_only_pending_messages_are_claimed(state):
    message = queued()
    message.state = state
    db.session.commit()
    assert sending.claim(message.id, now=utcnow()) is False
    assert db.session.get(OutboxMessage, message.id).attempts == 0
