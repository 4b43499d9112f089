"""What the privacy pages store: retention settings, erasure requests and data exports."""
from enum import Enum

from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow

DEFAULT_RETENTION_DAYS = 365


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
