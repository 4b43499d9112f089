"""Outbox tasks on the app-wide queue (contest/core/tasks.py): send one message, the minute sweep.

The queue only says "send message N"; the row is the truth (sending.py claims it). Messages are
enqueued when the transaction that wrote them commits — never before, never after a rollback.
"""
import logging

from huey import crontab
from sqlalchemy import event

from ..core.extensions import db
from ..core.tasks import app_context, huey
from . import sending
from .services import SEND_AFTER_COMMIT

log = logging.getLogger(__name__)


@huey.task(name="notifications.send_outbox")
def send_outbox_task(message_id):
    """Send one outbox message (safe to run twice: only one claim wins)."""
    with app_context():
        return sending.send_message(message_id)


@huey.periodic_task(crontab(minute="*"), name="notifications.sweep")
def sweep_task():
    """Every minute: recover stale claims, hand due messages (retries, lost enqueues) to workers."""
    with app_context():
        return sweep()


def sweep(now=None):
    report = sending.recover_stuck(now=now)
    waiting = waiting_in_queue()
    enqueued = [message_id for message_id in sending.due_ids(now=now) if message_id not in waiting]
    for message_id in enqueued:
        send_outbox_task(message_id)
    report["enqueued"] = enqueued
    if enqueued or report["released"] or report["failed"]:
        log.info("outbox sweep: %s", report)
    return report


def waiting_in_queue():
    """Ids of messages that already have a send task waiting in the queue."""
    return {task.args[0] for task in huey.pending()
            if task.name == send_outbox_task.name and task.args}


@event.listens_for(db.session, "after_commit")
def _enqueue_committed(session):
    """The transaction that wrote these messages is committed: ask a worker to send them."""
    for message_id in session.info.pop(SEND_AFTER_COMMIT, ()):
        try:
            send_outbox_task(message_id)
        except Exception:
            log.exception("could not enqueue outbox message %s; the sweep will send it", message_id)


@event.listens_for(db.session, "after_rollback")
def _forget_rolled_back(session):
    session.info.pop(SEND_AFTER_COMMIT, None)
