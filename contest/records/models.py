"""Records every feature writes, below them all: consents with the notice version, publication
withdrawals and the append-only personal-data access log (UU PDP 27/2022)."""
from enum import Enum

from sqlalchemy import event

from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow


class ConsentKind(str, Enum):
    TERMS = "terms"  # Syarat dan Ketentuan, at registration
    DATA = "data"  # processing of personal data, at registration
    NOTICE = "notice"  # a newer privacy notice accepted later


class ConsentRecord(db.Model):
    """One consent a person gave, naming the privacy-notice version they were shown."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = db.Column(db.String(10), nullable=False)
    notice_version = db.Column(db.String(20), nullable=False)
    given_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    withdrawn_at = db.Column(UTCDateTime)


class PublicationWithdrawal(db.Model):
    """The entrant withdrew consent to publication: the public gallery hides the entry, prize or not."""

    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    withdrawn_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class PersonalDataAccessLog(db.Model):
    """Append-only: who saw or exported whose personal data, when, and what."""

    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    actor_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    action = db.Column(db.String(30), nullable=False)  # export.registrants, export.results, reveal.nip, …
    subject_user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="SET NULL"))
    detail = db.Column(db.String(300), nullable=False, default="")

    actor = db.relationship("User", foreign_keys=[actor_id])


class AccessLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(PersonalDataAccessLog, "before_update")
@event.listens_for(PersonalDataAccessLog, "before_delete")
def _refuse_log_change(mapper, connection, target):
    raise AccessLogIsAppendOnly("personal-data access log rows are never changed or deleted")
