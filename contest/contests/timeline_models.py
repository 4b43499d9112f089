"""The log of an edition's moved deadlines (contests/timeline.py writes it)."""
from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow


class TimelineChange(db.Model):
    """One deadline moved: which, from when to when, by whom, why, and how many were told."""

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    field = db.Column(db.String(40), nullable=False)
    old_value = db.Column(UTCDateTime)
    new_value = db.Column(UTCDateTime)
    reason = db.Column(db.Text, nullable=False, default="")
    affected = db.Column(db.Integer, nullable=False, default=0)
    notified = db.Column(db.Integer, nullable=False, default=0)
    changed_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    changed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    changed_by = db.relationship("User")
