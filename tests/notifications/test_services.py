"""queue_mail writes a row in the caller's transaction; the worker hears of it only after the commit."""
import pytest
from sqlalchemy import select

from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.notifications.models import OutboxMessage
from contest.notifications.services import queue_mail, retry_message, state_counts
from tests.notifications.conftest import queued_message_ids


def rows():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_queue_mail_adds_a_pending_row_and_enqueues_only_after_the_commit(empty_queue, make_entrant, make_contest):
    user, contest = make_entrant(), make_contest()
    message = queue_mail(to=" rina@example.go.id ", subject="Halo", body="Isi", kind="entry_submitted",
                         contest=contest, user=user)
    assert message.id is not None and message.state == "pending" and message.attempts == 0
    assert (message.to_address, message.contest_id, message.user_id) == ("rina@example.go.id", contest.id, user.id)
    assert message.next_attempt_at is not None
    assert queued_message_ids(empty_queue) == []  # not before the commit

    db.session.commit()
    assert queued_message_ids(empty_queue) == [message.id]


def test_a_rollback_leaves_no_row_and_no_task(empty_queue):
    queue_mail(to="a@example.go.id", subject="Halo", body="Isi", kind="vote_code")
    db.session.rollback()
    db.session.commit()  # a later commit in the same session does not resurrect the forgotten id
    assert rows() == [] and queued_message_ids(empty_queue) == []


def test_contest_and_user_are_optional():
    message = queue_mail(to="a@example.go.id", subject="S", body="B", kind="broadcast")
    db.session.commit()
    assert (message.contest_id, message.user_id) == (None, None)


def test_retry_puts_a_failed_message_back_with_fresh_attempts(empty_queue):
    message = queue_mail(to="a@example.go.id", subject="S", body="B", kind="judge_invite")
    message.state, message.attempts, message.next_attempt_at, message.last_error = "failed", 5, None, "boom"
    db.session.commit()
    empty_queue.flush()

    retry_message(message=message)
    db.session.commit()
    assert (message.state, message.attempts) == ("pending", 0) and message.next_attempt_at is not None
    assert queued_message_ids(empty_queue) == [message.id]


@pytest.mark.parametrize("state", ["pending", "sending", "sent"])
def test_only_failed_messages_can_be_retried(state):
    message = queue_mail(to="a@example.go.id", subject="S", body="B", kind="judge_invite")
    message.state = state
    db.session.commit()
    with pytest.raises(DomainError):
        retry_message(message=message)


def test_state_counts_include_zeros():
    for state in ("pending", "failed", "failed"):
        queue_mail(to="a@example.go.id", subject="S", body="B", kind="k").state = state
    db.session.commit()
    assert state_counts() == {"pending": 1, "sending": 0, "sent": 0, "failed": 2}
