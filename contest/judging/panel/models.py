"""Tables of the panel: judges' profiles, assignments, conflicts, declared crew and affiliations."""
from enum import Enum

from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


class AssignmentSource(str, Enum):
    AUTO = "auto"
    MANUAL = "manual"  # pinned by an admin
    REMOVED = "removed"  # an admin took this judge off this entry; never re-assigned automatically


# The assignment sources that put an entry in a judge's queue (a recusal does not).
ASSIGNED = (AssignmentSource.AUTO.value, AssignmentSource.MANUAL.value)


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
