"""Writing to the outbox and the committee's view of it. Services flush, never commit.

queue_mail() only adds a row to the caller's transaction: it is sent when that transaction
commits (notifications/tasks.py enqueues it then) and never exists if it rolls back.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from .models import OutboxMessage, OutboxState

# Ids to hand to the worker once the session's transaction commits (see tasks.py).
SEND_AFTER_COMMIT = "notifications.send_after_commit"

# Kinds whose body carries a secret (a code, a one-time link): the body is erased once sent,
# and for vote codes the address too (the vote keeps no email addresses; see voting/services.py).
SECRET_BODY_KINDS = frozenset({"password_reset", "judge_invite", "vote_code"})
MASKED_ADDRESS_KINDS = frozenset({"vote_code"})

LIST_LIMIT = 200


def queue_mail(*, to, subject, body, kind, contest=None, user=None, now=None):
    """Add one email to the outbox in the current transaction; the worker sends it after the commit."""
    now = now or utcnow()
    message = OutboxMessage(to_address=to.strip(), subject=subject, body=body, kind=kind,
                            contest_id=contest.id if contest is not None else None,
                            user_id=user.id if user is not None else None,
                            state=OutboxState.PENDING.value, created_at=now, next_attempt_at=now)
    db.session.add(message)
    db.session.flush()
    _send_after_commit(message.id)
    return message


def retry_message(*, message, now=None):
    """A failed message goes back to the queue with a fresh set of attempts."""
    if message.state != OutboxState.FAILED.value:
        raise DomainError(_("Hanya email yang gagal terkirim yang dapat dikirim ulang."))
    if not message.body:
        raise DomainError(_("Isi email ini sudah dihapus; email tidak dapat dikirim ulang."))
    message.state = OutboxState.PENDING.value
    message.attempts = 0
    message.next_attempt_at = now or utcnow()
    message.claimed_at = None
    db.session.flush()
    _send_after_commit(message.id)
    return message


def _send_after_commit(message_id):
    db.session.info.setdefault(SEND_AFTER_COMMIT, []).append(message_id)


def messages(*, state=None, limit=LIST_LIMIT):
    """The newest messages (all, or in one state), for the committee's page: one query."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if state:
        query = query.where(OutboxMessage.state == state)
    return db.session.scalars(query).all()


def state_counts():
    """{state: number of messages} for every state (zeros included): one query."""
    counts = dict.fromkeys((s.value for s in OutboxState), 0)
    rows = db.session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state))
    counts.update({state: n for state, n in rows})
    return counts
