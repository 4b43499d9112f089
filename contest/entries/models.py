"""An entrant's entry (karya) in one contest edition."""
from enum import Enum

from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow


class EntryStatus(str, Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class Entry(db.Model):
    __table_args__ = (db.UniqueConstraint("contest_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)  # per contest, for the blind entry code
    title = db.Column(db.String(200), nullable=False)
    synopsis = db.Column(db.Text, nullable=False)
    social_url = db.Column(db.String(500))
    originality_accepted_at = db.Column(UTCDateTime, nullable=False)
    status = db.Column(db.String(12), nullable=False, default=EntryStatus.DRAFT.value)
    submitted_at = db.Column(UTCDateTime)
    withdrawn_at = db.Column(UTCDateTime)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    contest = db.relationship("Contest")
    user = db.relationship("User")

    @property
    def code(self):
        """The blind code judges see, e.g. NTR-2024-0042."""
        return f"{self.contest.code_prefix}-{self.number:04d}"

    @property
    def is_draft(self):
        return self.status == EntryStatus.DRAFT.value

    @property
    def is_submitted(self):
        return self.status == EntryStatus.SUBMITTED.value

    @property
    def is_withdrawn(self):
        return self.status == EntryStatus.WITHDRAWN.value
