"""Judging extras (issue #10): per-edition judging settings, timestamped notes, declared crew,
judges' affiliations and their matches, the content checklist and hidden feedback."""
from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


class JudgingSettings(db.Model):
    """Per-edition judging options (1:1 with the contest, created on demand)."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    committee_reads_notes = db.Column(db.Boolean, nullable=False, default=False)
    feedback_enabled = db.Column(db.Boolean, nullable=False, default=False)  # released to entrants
    content_rules = db.Column(db.JSON)  # [label, …]; None: the defaults (DOMAIN.md)
    rule_fail_outcome = db.Column(db.String(10), nullable=False, default="needs_fix")  # or "fail"
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


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


class CrewMember(db.Model):
    """Someone the entrant declares as crew of the entry (never shown to judges)."""

    id = db.Column(db.Integer, primary_key=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    position = db.Column(db.Integer, nullable=False, default=1)
    name = db.Column(db.String(120), nullable=False)
    role = db.Column(db.String(40), nullable=False)


class JudgeAffiliation(db.Model):
    """An organisation or person a judge declares being related to."""

    id = db.Column(db.Integer, primary_key=True)
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(8), nullable=False)  # "org" or "person"
    name = db.Column(db.String(200), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class AffiliationDecision(db.Model):
    """The committee's decision on a detected match (confirmed: a Conflict row exists too)."""

    __table_args__ = (db.UniqueConstraint("judge_id", "entry_id", "match_key"),)

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    judge_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    match_key = db.Column(db.String(200), nullable=False)
    decision = db.Column(db.String(10), nullable=False)  # "confirmed" or "dismissed"
    decided_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    decided_by = db.relationship("User", foreign_keys=[decided_by_id])


class ContentCheck(db.Model):
    """The content checklist ticked for one entry in an administrative check round."""

    __table_args__ = (db.UniqueConstraint("round_id", "entry_id"),)

    id = db.Column(db.Integer, primary_key=True)
    round_id = db.Column(db.ForeignKey("judging_round.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    failures = db.Column(db.JSON, nullable=False, default=list)  # [{"rule": label, "reason": text}]
    checked_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class HiddenComment(db.Model):
    """A scorecard comment the committee keeps out of the entrant's feedback."""

    scorecard_id = db.Column(db.ForeignKey("scorecard.id", ondelete="CASCADE"), primary_key=True)
    hidden_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    hidden_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
