"""The worker's side of the outbox: claim a message, deliver it, record the outcome.

A message is claimed by a compare-and-set (pending → sending) committed before any byte goes
to the mail server, so two workers never send the same row. A failure is retried with backoff
up to MAIL_MAX_ATTEMPTS, then the row is `failed` with the error for the committee to see. A
claim older than STUCK_AFTER_S (the worker died mid-send) goes back to pending.
"""
import logging
import smtplib
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..core.extensions import db
from ..core.mail import build_message, deliver
from ..core.timeutil import utcnow
from .models import OutboxMessage, OutboxState
from .services import MASKED_ADDRESS_KINDS, SECRET_BODY_KINDS

log = logging.getLogger(__name__)

BACKOFF_S = (60, 5 * 60, 15 * 60, 60 * 60)  # after the 1st, 2nd, 3rd, 4th and later failures
STUCK_AFTER_S = 5 * 60
DUE_BATCH = 500
PENDING, SENDING = OutboxState.PENDING.value, OutboxState.SENDING.value
SENT, FAILED = OutboxState.SENT.value, OutboxState.FAILED.value


def max_attempts():
    return current_app.config["MAIL_MAX_ATTEMPTS"]


def retry_delay(attempts):
    """Seconds to wait after the `attempts`-th failed attempt."""
    return BACKOFF_S[min(attempts, len(BACKOFF_S)) - 1]


def claim(message_id, *, now):
    """pending → sending for this message if it is due; True only for the one caller that won."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.state == PENDING,
               OutboxMessage.next_attempt_at <= now)
        .values(state=SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def send_message(message_id, *, now=None):
    """Send one outbox message if it is still pending and due; returns the state it ends in."""
    now = now or utcnow()
    if not claim(message_id, now=now):
        return None
    message = db.session.get(OutboxMessage, message_id)
    email = build_message(to=message.to_address, subject=message.subject, body=message.body,
                          message_id=f"outbox-{message.id}.{int(message.created_at.timestamp())}")
    try:
        deliver(email)
    except Exception as error:  # noqa: BLE001  (any failure is recorded on the row and retried)
        _record_failure(message, error, now=now)  # the backoff counts from the attempt's start
    else:
        _record_sent(message, now=utcnow())
    db.session.commit()
    return message.state


def _record_sent(message, *, now):
    message.state, message.sent_at, message.last_error = SENT, now, ""
    message.next_attempt_at = message.claimed_at = None
    if message.kind in SECRET_BODY_KINDS:
        message.body = ""  # the code or one-time link is the recipient's alone now
    if message.kind in MASKED_ADDRESS_KINDS:
        message.to_address = _masked(message.to_address)


def _record_failure(message, error, *, now):
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.claimed_at = None
    if _permanent(error) or message.attempts >= max_attempts():
        message.state, message.next_attempt_at = FAILED, None
        log.warning("mail %s (%s) failed for good after %s attempt(s): %s", message.id, message.kind,
                    message.attempts, message.last_error)
    else:
        message.state = PENDING
        message.next_attempt_at = now + timedelta(seconds=retry_delay(message.attempts))
        log.info("mail %s (%s) attempt %s failed, retry at %s: %s", message.id, message.kind,
                 message.attempts, message.next_attempt_at, message.last_error)


def _permanent(error):
    """The server answered 5xx: sending the same thing again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _masked(address):
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def recover_stuck(*, now=None):
    """Claims older than STUCK_AFTER_S go back to pending (or to failed when out of attempts)."""
    now = now or utcnow()
    stale = (OutboxMessage.state == SENDING) & (OutboxMessage.claimed_at < now - timedelta(seconds=STUCK_AFTER_S))
    given_up = db.session.execute(
        update(OutboxMessage).where(stale, OutboxMessage.attempts >= max_attempts())
        .values(state=FAILED, claimed_at=None, next_attempt_at=None,
                last_error="Pengirim berhenti saat mengirim; batas percobaan habis.")
        .execution_options(synchronize_session=False)).rowcount
    released = db.session.execute(
        update(OutboxMessage).where(stale)
        .values(state=PENDING, claimed_at=None, next_attempt_at=now)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return {"released": released, "failed": given_up}


def due_ids(*, now=None, limit=DUE_BATCH):
    """Pending messages whose time has come, oldest first."""
    now = now or utcnow()
    return db.session.scalars(
        select(OutboxMessage.id).where(OutboxMessage.state == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)).all()


def send_due(*, now=None):
    """Send every due message in this process, one after the other (tools and tests; the
    periodic sweep spreads them over the workers instead). Returns {id: state}."""
    recover_stuck(now=now)
    return {message_id: send_message(message_id, now=now) for message_id in due_ids(now=now)}
