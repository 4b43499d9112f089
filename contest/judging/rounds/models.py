"""The tables every part of judging builds on: rounds with their rubric and panel, finalists, the
per-edition judging options and the append-only audit log."""
from enum import Enum

from sqlalchemy import event

from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


class RoundKind(str, Enum):
    ADMIN_CHECK = "admin_check"  # Verifikasi Administrasi: pass / fail / needs fix
    SCORING = "scoring"
    FINAL = "final"  # the top N of a scoring round, scored again


class AssignmentMode(str, Enum):
    ALL = "all"  # every judge of the round scores every eligible entry
    BALANCED = "balanced"  # N judges per entry, a cap per judge


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


class RoundFinalist(db.Model):
    """A final round's entries, snapshotted from the source round's ranking."""

    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), primary_key=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    source_rank = db.Column(db.Integer, nullable=False)


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


class JudgingSettings(db.Model):
    """Per-edition judging options (1:1 with the contest, created on demand)."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    committee_reads_notes = db.Column(db.Boolean, nullable=False, default=False)
    feedback_enabled = db.Column(db.Boolean, nullable=False, default=False)  # released to entrants
    content_rules = db.Column(db.JSON)  # [label, …]; None: the defaults (DOMAIN.md)
    rule_fail_outcome = db.Column(db.String(10), nullable=False, default="needs_fix")  # or "fail"
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
