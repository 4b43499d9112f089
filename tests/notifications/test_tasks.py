"""The minute sweep: recover stale claims and hand due messages to the workers, once each."""
from datetime import datetime, timedelta

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.notifications import tasks
from contest.notifications.services import queue_mail
from tests.notifications.conftest import queued_message_ids


def test_sweep_enqueues_due_messages_not_already_waiting(empty_queue):
    now = utcnow()
    due = queue_mail(to="a@example.go.id", subject="S", body="B", kind="k")
    later = queue_mail(to="b@example.go.id", subject="S", body="B", kind="k")
    lost = queue_mail(to="c@example.go.id", subject="S", body="B", kind="k")
    stuck = queue_mail(to="d@example.go.id", subject="S", body="B", kind="k")
    later.next_attempt_at = now + timedelta(minutes=5)
    stuck.state, stuck.claimed_at, stuck.attempts = "sending", now - timedelta(minutes=10), 1
    db.session.commit()  # enqueues all four
    empty_queue.flush()
    tasks.send_outbox_task(due.id)  # already waiting in the queue; `lost`'s task was lost

    now = utcnow()
    report = tasks.sweep(now=now)
    assert report["released"] == 1
    assert sorted(report["enqueued"]) == sorted([lost.id, stuck.id])
    assert sorted(queued_message_ids(empty_queue)) == sorted([due.id, lost.id, stuck.id])
    assert tasks.sweep(now=now)["enqueued"] == []  # a second sweep adds nothing


def test_the_sweep_runs_every_minute_on_the_app_queue():
    from contest.core.tasks import huey

    due = {task.name for task in huey.read_periodic(datetime(2026, 1, 1, 8, 17))}
    assert {"notifications.sweep", "media.sweep"} <= due


def test_the_send_task_runs_the_real_sending(app, empty_queue):
    message = queue_mail(to="a@example.go.id", subject="S", body="B", kind="k")
    db.session.commit()
    assert tasks.send_outbox_task.call_local(message.id) == "sent"
    assert tasks.send_outbox_task.call_local(message.id) is None  # a duplicate task does nothing
