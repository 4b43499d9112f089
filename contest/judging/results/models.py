"""Tables of the results: prizes awarded, the round's chosen aggregate, tie decisions, hidden comments."""
from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


class PrizeAward(db.Model):
    """A jury prize given to an entry from a round's ranking (an override carries its reason)."""

    # Column order gives distinct names under the naming convention (uq_<table>_<first column>).
    __table_args__ = (db.UniqueConstraint("round_id", "prize_id"), db.UniqueConstraint("entry_id", "round_id"))

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False)
    prize_id = db.Column(db.ForeignKey("prize.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False)
    rank = db.Column(db.Integer)  # the entry's place when the prize was given
    overridden = db.Column(db.Boolean, nullable=False, default=False)
    reason = db.Column(db.Text, nullable=False, default="")
    awarded_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    awarded_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    prize = db.relationship("Prize")
    entry = db.relationship("Entry")


class HiddenComment(db.Model):
    """A scorecard comment the committee keeps out of the entrant's feedback."""

    scorecard_id = db.Column(db.ForeignKey("scorecard.id", ondelete="CASCADE"), primary_key=True)
    hidden_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    hidden_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class RoundMethod(db.Model):
    """How a scoring round turns judges' totals into one score (1:1 with the round, on demand).

    final_method is copied from method when the results are marked final: the record of which
    aggregate the published ranking used.
    """

    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), primary_key=True)
    method = db.Column(db.String(12), nullable=False, default="normalized")
    final_method = db.Column(db.String(12))
    changed_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    changed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class TieDecision(db.Model):
    """The committee's decision on a statistical tie at a prize boundary."""

    __table_args__ = (db.UniqueConstraint("round_id", "key"),)

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False)
    key = db.Column(db.String(300), nullable=False)  # robust.tie_key: boundary and the sorted entries
    boundary = db.Column(db.Integer, nullable=False)
    entry_ids = db.Column(db.JSON, nullable=False, default=list)
    decision = db.Column(db.String(10), nullable=False)  # "keep" (the ranking stands) or "pairwise"
    reason = db.Column(db.Text, nullable=False, default="")
    pairwise_id = db.Column(db.ForeignKey("pairwise_final.id", ondelete="SET NULL"))
    decided_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
