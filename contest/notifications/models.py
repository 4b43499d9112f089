"""The outbox: one row per email, written with the change it announces, sent later by a worker."""
from enum import Enum

from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow


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


class NotificationTemplate(db.Model):
    """An edition's own wording of one kind of notification (absent: the default in wording.py)."""

    __table_args__ = (db.UniqueConstraint("contest_id", "kind"),)

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(db.String(40), nullable=False)
    subject = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    updated_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    updated_by = db.relationship("User")


class NotificationSettings(db.Model):
    """Per edition: when judges are reminded, the deadline to fix an entry, what was sent once."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    reminder_days = db.Column(db.String(40), nullable=False, default="3,1")  # days before judging closes
    fix_deadline = db.Column(UTCDateTime)  # None: the submission deadline
    winners_notified_at = db.Column(UTCDateTime)  # the announcement went out (once per edition)

    @property
    def reminder_offsets(self):
        return sorted({int(d) for d in self.reminder_days.split(",") if d.strip().isdigit()}, reverse=True)


class JudgeReminder(db.Model):
    """One reminder sent to one judge for one round at one offset: the task never repeats it."""

    __table_args__ = (db.UniqueConstraint("round_id", "judge_id", "days_before"),)

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False)
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    days_before = db.Column(db.Integer, nullable=False)
    sent_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class Broadcast(db.Model):
    """A message the committee sent to every entrant of an edition (one outbox row per recipient)."""

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    subject = db.Column(db.String(300), nullable=False)
    body = db.Column(db.Text, nullable=False)
    recipients = db.Column(db.Integer, nullable=False)
    sent_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    sent_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    sent_by = db.relationship("User")
