"""Tables of scoring: scorecards and their scores, judges' timestamped notes, calibration items."""
from enum import Enum

from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


class CardStatus(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECUSED = "recused"  # the judge declared a conflict after starting: never counted


class Scorecard(db.Model):
    """One judge's scores for one entry in one round."""

    __table_args__ = (db.UniqueConstraint("round_id", "entry_id", "judge_id"),)

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    status = db.Column(db.String(10), nullable=False, default=CardStatus.DRAFT.value)
    comment = db.Column(db.Text, nullable=False, default="")
    total = db.Column(db.Float)  # weighted 0–100 total once every counted criterion has a value
    watched = db.Column(db.Float, nullable=False, default=0.0)  # share of the video played, 0–1
    submitted_unwatched = db.Column(db.Boolean, nullable=False, default=False)
    # Optimistic concurrency: every UPDATE carries WHERE version = <the version read>; the
    # scorecards module raises it on each change (judging/scorecards.py).
    version = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    submitted_at = db.Column(UTCDateTime)
    # Order effects: the judge's n-th card opened in this round, and their n-th card submitted.
    opened_position = db.Column(db.Integer)
    submitted_position = db.Column(db.Integer)

    scores = db.relationship("Score", cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def is_submitted(self):
        return self.status == CardStatus.SUBMITTED.value

    def values(self):
        return {s.criterion_id: s.value for s in self.scores}


class Score(db.Model):
    scorecard_id = db.Column(db.ForeignKey("scorecard.id", ondelete="CASCADE"), primary_key=True)
    criterion_id = db.Column(db.ForeignKey("rubric_criterion.id", ondelete="CASCADE"), primary_key=True)
    value = db.Column(db.Float, nullable=False)


class JudgeNote(db.Model):
    """A judge's note pinned to a moment of the entry's video."""

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    seconds = db.Column(db.Float, nullable=False)
    body = db.Column(db.Text, nullable=False)
    for_entrant = db.Column(db.Boolean, nullable=False, default=False)
    hidden = db.Column(db.Boolean, nullable=False, default=False)  # committee hid it from the entrant
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class CalibrationItem(db.Model):
    """An entry every judge of the round meets first; the results show each judge's deviation on it."""

    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), primary_key=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    position = db.Column(db.Integer, nullable=False, default=1)
    added_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    added_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
