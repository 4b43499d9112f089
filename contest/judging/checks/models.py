"""Tables of the administrative check: one outcome per entry and round, and the content checklist."""
from enum import Enum

from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


class CheckOutcome(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_FIX = "needs_fix"


class AdminCheck(db.Model):
    """The latest outcome of the administrative check of one entry (history: the audit log)."""

    __table_args__ = (db.UniqueConstraint("round_id", "entry_id"),)

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    outcome = db.Column(db.String(10), nullable=False)
    reason = db.Column(db.Text, nullable=False, default="")
    checked_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    checked_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    round = db.relationship("JudgingRound")
    entry = db.relationship("Entry")


class ContentCheck(db.Model):
    """The content checklist ticked for one entry in an administrative check round."""

    __table_args__ = (db.UniqueConstraint("round_id", "entry_id"),)

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    failures = db.Column(db.JSON, nullable=False, default=list)  # [{"rule": label, "reason": text}]
    checked_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
