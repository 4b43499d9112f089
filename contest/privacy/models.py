"""What the privacy feature stores: consents with the notice version, requests, exports, access log."""
from enum import Enum

from sqlalchemy import event

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

DEFAULT_RETENTION_DAYS = 365


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


class PrivacySettings(db.Model):
    """Per edition: how many days after the announcement non-winners' data is kept."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    retention_days = db.Column(db.Integer, nullable=False, default=DEFAULT_RETENTION_DAYS)
    last_purge_at = db.Column(UTCDateTime)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class RequestState(str, Enum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class ErasureRequest(db.Model):
    """An entrant withdrew consent and asked for erasure; the worker carries it out."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    subject_label = db.Column(db.String(60), nullable=False)  # "Peserta #12": survives the user row
    notify_address = db.Column(db.String(320), nullable=False, default="")  # cleared once mailed
    requested_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    state = db.Column(db.String(10), nullable=False, default=RequestState.PENDING.value, index=True)
    outcome = db.Column(db.String(12), nullable=False, default="")  # "deleted" | "anonymized"
    summary = db.Column(db.JSON, nullable=False, default=dict)  # what was done, counts only
    error = db.Column(db.Text, nullable=False, default="")
    finished_at = db.Column(UTCDateTime)


class DataExport(db.Model):
    """A ZIP of everything held about one entrant, built by the worker."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    requested_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    state = db.Column(db.String(10), nullable=False, default=RequestState.PENDING.value)
    path = db.Column(db.String(300))  # relative to UPLOAD_ROOT once built
    size = db.Column(db.BigInteger)
    error = db.Column(db.Text, nullable=False, default="")
    finished_at = db.Column(UTCDateTime)


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
