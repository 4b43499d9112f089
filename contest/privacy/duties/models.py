"""UU PDP 27/2022 duties the committee is audited on: data-subject requests and the breach register.

Both carry a 3 × 24-hour deadline (`due_at`); the committee's privacy pages show the time left
in WITA, the console dashboard a badge when one is overdue, and a periodic task emails a reminder.
"""
from datetime import timedelta
from enum import Enum

from sqlalchemy import event

from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow

DEADLINE = timedelta(hours=72)  # 3 × 24 jam


class RequestKind(str, Enum):
    ACCESS = "access"  # akses dan salinan data (ekspor)
    CORRECTION = "correction"  # pembetulan
    ERASURE = "erasure"  # penghapusan
    WITHDRAWAL = "withdrawal"  # penarikan persetujuan
    RESTRICTION = "restriction"  # penundaan atau pembatasan pemrosesan


class DutyState(str, Enum):
    OPEN = "open"
    DONE = "done"
    REFUSED = "refused"


class DataSubjectRequest(db.Model):
    """One request from a data subject, self-service or received by the committee (letter, email)."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    subject_label = db.Column(db.String(200), nullable=False)  # name as received; "Peserta #12" after erasure
    contact = db.Column(db.String(320), nullable=False, default="")  # where to answer, when not an account
    kind = db.Column(db.String(12), nullable=False)
    channel = db.Column(db.String(12), nullable=False, default="web")  # web | self_service | letter | email
    detail = db.Column(db.Text, nullable=False, default="")
    received_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    due_at = db.Column(UTCDateTime, nullable=False, index=True)
    state = db.Column(db.String(8), nullable=False, default=DutyState.OPEN.value, index=True)
    reference = db.Column(db.String(30), nullable=False, default="")  # "export:12", "erasure:5"
    resolved_at = db.Column(UTCDateTime)
    resolved_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    resolution = db.Column(db.Text, nullable=False, default="")
    reminded_at = db.Column(UTCDateTime)

    user = db.relationship("User", foreign_keys=[user_id])

    @property
    def is_open(self):
        return self.state == DutyState.OPEN.value


class Incident(db.Model):
    """A personal-data breach: what, when discovered, which data, whose; notifications due in 3 × 24 h."""

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False)
    occurred_at = db.Column(UTCDateTime)
    discovered_at = db.Column(UTCDateTime, nullable=False)
    due_at = db.Column(UTCDateTime, nullable=False, index=True)
    data_categories = db.Column(db.Text, nullable=False, default="")  # which data, in words
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="SET NULL"))  # whose: this edition's entrants
    affected_emails = db.Column(db.Text, nullable=False, default="")  # whose: one address a line
    measures = db.Column(db.Text, nullable=False, default="")  # what was done to contain it
    subjects_notified_at = db.Column(UTCDateTime)
    subjects_notified_count = db.Column(db.Integer, nullable=False, default=0)
    ministry_notified_at = db.Column(UTCDateTime)
    closed_at = db.Column(UTCDateTime)
    reminded_at = db.Column(UTCDateTime)
    created_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    contest = db.relationship("Contest")

    @property
    def is_open(self):
        """Still owes a notification (to the people or the ministry)."""
        return self.closed_at is None and (self.subjects_notified_at is None or self.ministry_notified_at is None)


class IncidentEvent(db.Model):
    """Append-only: every step taken on an incident, by whom and when."""

    id = db.Column(db.Integer, primary_key=True)
    incident_id = db.Column(db.ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    actor_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
    action = db.Column(db.String(30), nullable=False)
    detail = db.Column(db.Text, nullable=False, default="")

    actor = db.relationship("User")


class IncidentLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(IncidentEvent, "before_update")
@event.listens_for(IncidentEvent, "before_delete")
def _refuse_event_change(mapper, connection, target):
    raise IncidentLogIsAppendOnly("incident events are never changed or deleted")
