"""Tables of the pairwise final: per-edition switch, the final, its shortlist and the judges' duels."""
from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


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
