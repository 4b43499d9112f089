"""Judging: rounds with their rubric, the panel, assignments, conflicts, scorecards, awards."""
from enum import Enum

from sqlalchemy import event

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


class RoundKind(str, Enum):
    ADMIN_CHECK = "admin_check"  # Verifikasi Administrasi: pass / fail / needs fix
    SCORING = "scoring"
    FINAL = "final"  # the top N of a scoring round, scored again


class AssignmentMode(str, Enum):
    ALL = "all"  # every judge of the round scores every eligible entry
    BALANCED = "balanced"  # N judges per entry, a cap per judge


class CheckOutcome(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_FIX = "needs_fix"


class CardStatus(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECUSED = "recused"  # the judge declared a conflict after starting: never counted


class AssignmentSource(str, Enum):
    AUTO = "auto"
    MANUAL = "manual"  # pinned by an admin
    REMOVED = "removed"  # an admin took this judge off this entry; never re-assigned automatically


round_judge = db.Table(
    "round_judge",
    db.Column("round_id", db.ForeignKey("judging_round.id", ondelete="CASCADE"), primary_key=True),
    db.Column("user_id", db.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class JudgingRound(db.Model):
    """One stage of judging with its own dates; scoring rounds carry the rubric (criteria)."""

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(12), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    position = db.Column(db.Integer, nullable=False, default=1)
    opens_at = db.Column(UTCDateTime)  # None: the contest's judging window
    closes_at = db.Column(UTCDateTime)
    assignment_mode = db.Column(db.String(10), nullable=False, default=AssignmentMode.ALL.value)
    judges_per_entry = db.Column(db.Integer)
    max_per_judge = db.Column(db.Integer)
    top_n = db.Column(db.Integer)  # final rounds: how many finalists
    source_round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="SET NULL"))
    locked_at = db.Column(UTCDateTime)
    locked_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    results_final_at = db.Column(UTCDateTime)
    results_final_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    contest = db.relationship("Contest")
    source_round = db.relationship("JudgingRound", remote_side=[id])  # noqa: A003  (the column, as SQLAlchemy wants it)
    criteria = db.relationship(
        "RubricCriterion", cascade="all, delete-orphan", order_by="RubricCriterion.position",
        back_populates="round", lazy="selectin",
    )
    judges = db.relationship("User", secondary=round_judge, order_by="User.full_name", lazy="selectin")

    @property
    def is_admin_check(self):
        return self.kind == RoundKind.ADMIN_CHECK.value

    @property
    def is_scored(self):
        return self.kind in (RoundKind.SCORING.value, RoundKind.FINAL.value)

    @property
    def is_balanced(self):
        return self.assignment_mode == AssignmentMode.BALANCED.value

    @property
    def starts(self):
        return self.opens_at or self.contest.judging_opens_at

    @property
    def ends(self):
        return self.closes_at or self.contest.judging_closes_at


class RubricCriterion(db.Model):
    """A criterion: weight in percent of the total, a scale, and descriptors per level band."""

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(120), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    weight = db.Column(db.Float, nullable=False)
    scale_min = db.Column(db.Float, nullable=False, default=1)
    scale_max = db.Column(db.Float, nullable=False, default=100)
    counted = db.Column(db.Boolean, nullable=False, default=True)  # False: comments only
    levels = db.Column(db.JSON, nullable=False, default=list)  # [{min, max, label, description}]

    round = db.relationship("JudgingRound", back_populates="criteria")


class JudgeProfile(db.Model):
    """What the committee knows of a judge: the agency (for conflicts) and the invitation."""

    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    agency = db.Column(db.String(200), nullable=False, default="")
    affiliation = db.Column(db.String(200), nullable=False, default="")  # shown in the minutes
    invited_at = db.Column(UTCDateTime)
    invited_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    accepted_at = db.Column(UTCDateTime)

    user = db.relationship("User", foreign_keys=[user_id], backref=db.backref("judge_profile", uselist=False))


class Assignment(db.Model):
    """Balanced rounds only: which judge scores which entry (or is kept off it by an admin)."""

    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), primary_key=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    source = db.Column(db.String(8), nullable=False, default=AssignmentSource.AUTO.value)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class Conflict(db.Model):
    """A judge's declared conflict of interest with an entry (agency matches are computed live)."""

    __table_args__ = (db.UniqueConstraint("judge_id", "entry_id"),)

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    reason = db.Column(db.Text, nullable=False)
    declared_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


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


class RoundFinalist(db.Model):
    """A final round's entries, snapshotted from the source round's ranking."""

    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), primary_key=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    source_rank = db.Column(db.Integer, nullable=False)


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


class AuditEvent(db.Model):
    """Append-only: who did what to judging, when, old → new, and why."""

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), index=True)  # None: no edition yet
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="SET NULL"), index=True)
    actor_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    action = db.Column(db.String(40), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="SET NULL"))
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    reason = db.Column(db.Text, nullable=False, default="")
    data = db.Column(db.JSON, nullable=False, default=dict)

    actor = db.relationship("User", foreign_keys=[actor_id])
    judge = db.relationship("User", foreign_keys=[judge_id])
    entry = db.relationship("Entry")


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_audit_change(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit events are never changed or deleted")
