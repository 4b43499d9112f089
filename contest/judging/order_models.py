"""Calibration items: up to three entries of a round that every judge scores first."""
from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


class CalibrationItem(db.Model):
    """An entry every judge of the round meets first; the results show each judge's deviation on it."""

    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), primary_key=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    position = db.Column(db.Integer, nullable=False, default=1)
    added_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    added_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
