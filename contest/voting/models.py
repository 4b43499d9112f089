"""Video Terfavorit: per-contest vote settings, candidates, email challenges, votes and their log."""
from sqlalchemy import event

from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow


class VotingSettings(db.Model):
    """How one contest's public vote runs (the window itself is on the contest's timeline)."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    allowed_domains = db.Column(db.Text, nullable=False, default="")  # one domain a line; empty: any
    counts_public = db.Column(db.Boolean, nullable=False, default=False)
    favourite_entry_id = db.Column(db.ForeignKey("entry.id", ondelete="SET NULL"))
    favourite_set_at = db.Column(UTCDateTime)
    favourite_set_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    contest = db.relationship("Contest")
    favourite_entry = db.relationship("Entry")

    @property
    def domain_list(self):
        return [d for d in (self.allowed_domains or "").split() if d]


class VoteCandidate(db.Model):
    """An entry the committee put into the public vote."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    added_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    entry = db.relationship("Entry")


class VoteChallenge(db.Model):
    """A one-time code mailed to a would-be voter; the browser holds `token` in its session."""

    id = db.Column(db.Integer, primary_key=True)
    token = db.Column(db.String(64), nullable=False, unique=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False)
    voter_hash = db.Column(db.String(64), nullable=False, index=True)
    email_domain = db.Column(db.String(253), nullable=False)
    email_masked = db.Column(db.String(260), nullable=False)
    code_hash = db.Column(db.String(64), nullable=False)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = db.Column(UTCDateTime, nullable=False)
    closed_at = db.Column(UTCDateTime)  # used, replaced by a newer code, or out of attempts

    entry = db.relationship("Entry")


class Vote(db.Model):
    """One verified voter's vote in one contest: the email itself is kept only as a hash."""

    __table_args__ = (db.UniqueConstraint("contest_id", "voter_hash"),)

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    voter_hash = db.Column(db.String(64), nullable=False)
    email_domain = db.Column(db.String(253), nullable=False)
    email_masked = db.Column(db.String(260), nullable=False)
    ip_hash = db.Column(db.String(64), nullable=False)
    ip_prefix_hash = db.Column(db.String(64), nullable=False, index=True)
    user_agent = db.Column(db.String(300), nullable=False, default="")
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    voided_at = db.Column(UTCDateTime)
    voided_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    void_reason = db.Column(db.Text, nullable=False, default="")

    entry = db.relationship("Entry")

    @property
    def counts(self):
        return self.voided_at is None


class VoteLog(db.Model):
    """Append-only: every committee action on the vote (void, restore, settings, favourite)."""

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    vote_id = db.Column(db.ForeignKey("vote.id", ondelete="SET NULL"))
    actor_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    action = db.Column(db.String(20), nullable=False)
    reason = db.Column(db.Text, nullable=False, default="")
    data = db.Column(db.JSON, nullable=False, default=dict)

    actor = db.relationship("User")


class VoteLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(VoteLog, "before_update")
@event.listens_for(VoteLog, "before_delete")
def _refuse_log_change(mapper, connection, target):
    raise VoteLogIsAppendOnly("vote log rows are never changed or deleted")
