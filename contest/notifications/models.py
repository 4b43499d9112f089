"""The outbox: one row per email, written with the change it announces, sent later by a worker."""
from enum import Enum

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


class OutboxState(str, Enum):
    PENDING = "pending"  # waiting for a worker (next_attempt_at says from when)
    SENDING = "sending"  # claimed by one worker (claimed_at says since when)
    SENT = "sent"
    FAILED = "failed"  # gave up after MAIL_MAX_ATTEMPTS, or the server refused it for good


class OutboxMessage(db.Model):
    """One plain-text email; `kind` names its template (password_reset, judge_invite, vote_code, …)."""

    __table_args__ = (db.Index("ix_outbox_message_state_next_attempt_at", "state", "next_attempt_at"),)

    id = db.Column(db.Integer, primary_key=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    to_address = db.Column(db.String(320), nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    kind = db.Column(db.String(40), nullable=False, index=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="SET NULL"), index=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    state = db.Column(db.String(10), nullable=False, default=OutboxState.PENDING.value)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    last_error = db.Column(db.Text, nullable=False, default="")
    next_attempt_at = db.Column(UTCDateTime)  # None once sent or failed
    claimed_at = db.Column(UTCDateTime)  # when a worker took it; a stale claim is recovered
    sent_at = db.Column(UTCDateTime)

    def __repr__(self):
        return f"<OutboxMessage {self.id} {self.kind} {self.state}>"
