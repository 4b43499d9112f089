"""Tables of the results analysis: the round's chosen aggregate, tie decisions, the pairwise final."""
from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


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


class PairwiseSettings(db.Model):
    """Per edition: whether the committee may run a pairwise final (off unless switched on)."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    enabled = db.Column(db.Boolean, nullable=False, default=False)


class PairwiseFinal(db.Model):
    """A shortlist of a scoring round judged two entries at a time by that round's panel."""

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    source_round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    created_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    locked_at = db.Column(UTCDateTime)
    locked_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))

    source_round = db.relationship("JudgingRound")
    entries = db.relationship("PairwiseEntry", cascade="all, delete-orphan", order_by="PairwiseEntry.position",
                              lazy="selectin")

    @property
    def entry_ids(self):
        return [e.entry_id for e in self.entries]


class PairwiseEntry(db.Model):
    final_id = db.Column(db.ForeignKey("pairwise_final.id", ondelete="CASCADE"), primary_key=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    position = db.Column(db.Integer, nullable=False)  # the source ranking's order


class PairwiseVote(db.Model):
    """One judge's pick between two entries (first_id < second_id: one row per pair and judge)."""

    __table_args__ = (db.UniqueConstraint("final_id", "judge_id", "first_id", "second_id"),)

    id = db.Column(db.Integer, primary_key=True)
    final_id = db.Column(db.ForeignKey("pairwise_final.id", ondelete="CASCADE"), nullable=False)
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    first_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False)
    second_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False)
    winner_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False)
    voted_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
