"""Data-subject requests under UU PDP: recorded with a 3 × 24-hour deadline, resolved, reminded. Functions flush.

Self-service paths (Data Saya's export, correction, erasure, withdrawing publication) record a
request too, closed as soon as the platform carried it out; requests the committee must act on
(restriction, anything received by letter or email) stay open until a person resolves them.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...accounts.models import User, UserRole
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ...notifications.services import queue_mail
from ...records import access_log
from .models import DEADLINE, DataSubjectRequest, DutyState, Incident, RequestKind

KIND_LABELS = {
    RequestKind.ACCESS.value: _l("Akses dan salinan data"),
    RequestKind.CORRECTION.value: _l("Pembetulan data"),
    RequestKind.ERASURE.value: _l("Penghapusan data"),
    RequestKind.WITHDRAWAL.value: _l("Penarikan persetujuan"),
    RequestKind.RESTRICTION.value: _l("Pembatasan pemrosesan"),
}
CHANNEL_LABELS = {"web": _l("Formulir Data Saya"), "self_service": _l("Layanan mandiri"),
                  "letter": _l("Surat"), "email": _l("Email"), "in_person": _l("Datang langsung")}
REMIND_WITHIN = DEADLINE / 3  # remind once a deadline is less than 24 hours away (or passed)
REMIND_EVERY = DEADLINE / 6  # at most every 12 hours per item
LIST_LIMIT = 200


def record_request(*, kind, subject_label, user=None, contact="", detail="", channel="web", received_at=None,
                   reference="", done=False, actor=None, now=None):
    """One request with its deadline (received + 72 h); `done` for what the platform carried out at once.

    `actor`: the committee member who recorded a request received by letter or email (logged)."""
    if kind not in KIND_LABELS:
        raise DomainError(_("Jenis permintaan tidak dikenal."), field="kind")
    now = now or utcnow()
    received = received_at or now
    if received > now:
        raise DomainError(_("Waktu diterima tidak boleh di masa depan."), field="received_at")
    request = DataSubjectRequest(
        user_id=user.id if user is not None else None, subject_label=subject_label.strip()[:200],
        contact=(contact or "").strip()[:320], kind=kind, channel=channel, detail=(detail or "").strip(),
        received_at=received, due_at=received + DEADLINE, reference=reference,
        state=DutyState.DONE.value if done else DutyState.OPEN.value, resolved_at=now if done else None,
        resolution=_("Dilaksanakan otomatis oleh platform.") if done else "")
    db.session.add(request)
    db.session.flush()
    if actor is not None:
        access_log.log_access(actor=actor, action="request.record", subject_user_id=request.user_id,
                              detail=f"{KIND_LABELS[kind]} #{request.id}"[:300])
    return request


def record_self_service(*, kind, user, reference="", done=True, detail="", now=None):
    """What Data Saya did for the person, on the register (closed unless the worker still has to)."""
    return record_request(kind=kind, subject_label=user.full_name, user=user, channel="self_service",
                          reference=reference, done=done, detail=detail, now=now)


def complete_reference(reference, *, now=None):
    """The worker finished what a self-service request asked (the export is built, the data erased)."""
    for request in db.session.scalars(select(DataSubjectRequest).where(
            DataSubjectRequest.reference == reference, DataSubjectRequest.state == DutyState.OPEN.value)):
        request.state, request.resolved_at = DutyState.DONE.value, now or utcnow()
        request.resolution = _("Dilaksanakan otomatis oleh platform.")
    db.session.flush()


def forget_subject(*, user_id, label):
    """Erasure: the register keeps the request (proof of compliance) but no longer names the person."""
    for request in db.session.scalars(select(DataSubjectRequest).where(DataSubjectRequest.user_id == user_id)):
        request.subject_label, request.contact = label, ""
    db.session.flush()


def resolve_request(*, request, state, resolution, actor, now=None):
    """The committee answers: done, or refused with the reason the person is told."""
    if not request.is_open:
        raise DomainError(_("Permintaan ini sudah diselesaikan."))
    resolution = (resolution or "").strip()
    if state not in (DutyState.DONE.value, DutyState.REFUSED.value):
        raise DomainError(_("Pilih hasil penyelesaian."), field="state")
    if len(resolution) < 10:
        raise DomainError(_("Tuliskan apa yang dilakukan atau alasan penolakan (minimal 10 karakter)."),
                          field="resolution")
    request.state, request.resolution = state, resolution
    request.resolved_at, request.resolved_by_id = now or utcnow(), actor.id
    access_log.log_access(actor=actor, action=f"request.{state}", subject_user_id=request.user_id,
                          detail=f"{KIND_LABELS[request.kind]} #{request.id}"[:300])
    db.session.flush()
    return request


def requests_list(*, open_only=False, limit=LIST_LIMIT):
    query = select(DataSubjectRequest)
    if open_only:
        query = query.where(DataSubjectRequest.state == DutyState.OPEN.value)
    return db.session.scalars(query.order_by(DataSubjectRequest.state == DutyState.OPEN.value,
                                             DataSubjectRequest.due_at.desc()).limit(limit)).all()


def open_requests_of(user):
    return db.session.scalars(select(DataSubjectRequest).where(
        DataSubjectRequest.user_id == user.id).order_by(DataSubjectRequest.id.desc()).limit(20)).all()


@dataclass(frozen=True)
class Deadlines:
    open_requests: int
    overdue_requests: int
    open_incidents: int
    overdue_incidents: int

    @property
    def overdue(self):
        return self.overdue_requests + self.overdue_incidents


def deadlines(*, now=None):
    """Counts for the dashboard badge: open and overdue requests and incidents (two queries)."""
    now = now or utcnow()
    open_state = DataSubjectRequest.state == DutyState.OPEN.value
    requests = db.session.execute(select(func.count(), func.count().filter(DataSubjectRequest.due_at < now))
                                  .where(open_state)).one()
    pending = (Incident.closed_at.is_(None)
               & (Incident.subjects_notified_at.is_(None) | Incident.ministry_notified_at.is_(None)))
    incidents = db.session.execute(select(func.count(), func.count().filter(Incident.due_at < now))
                                   .where(pending)).one()
    return Deadlines(requests[0], requests[1], incidents[0], incidents[1])


def time_left(due_at, *, now=None):
    """(hours left, negative when overdue) and words: "2 hari 3 jam lagi" / "lewat 5 jam"."""
    seconds = int((due_at - (now or utcnow())).total_seconds())
    hours = abs(seconds) // 3600
    days, rest = divmod(hours, 24)
    span = (_("%(d)s hari %(h)s jam", d=days, h=rest) if days else
            _("%(h)s jam %(m)s menit", h=rest, m=abs(seconds) % 3600 // 60))
    return (_("%(span)s lagi", span=span) if seconds >= 0 else _("lewat %(span)s", span=span)), seconds < 0


def _due_soon(model, now):
    return db.session.scalars(select(model).where(
        model.due_at < now + REMIND_WITHIN,
        (model.reminded_at.is_(None)) | (model.reminded_at < now - REMIND_EVERY))
        .order_by(model.due_at)).all()


def committee_addresses():
    return db.session.scalars(select(User.email).join(UserRole, UserRole.user_id == User.id)
                              .where(UserRole.name == "admin", User.active.is_(True))).all()


def send_reminders(*, base_url, now=None):
    """One email to every admin listing requests and incidents due within 24 h or overdue; returns how many items."""
    now = now or utcnow()
    requests = [r for r in _due_soon(DataSubjectRequest, now) if r.is_open]
    incidents = [i for i in _due_soon(Incident, now) if i.is_open]
    if not requests and not incidents:
        return 0
    lines = [_("Kewajiban UU PDP (batas 3 × 24 jam) yang perlu ditindaklanjuti:"), ""]
    for r in requests:
        words, _late = time_left(r.due_at, now=now)
        lines.append(f"- {KIND_LABELS[r.kind]} #{r.id} ({r.subject_label}): {words}")
    for i in incidents:
        words, _late = time_left(i.due_at, now=now)
        lines.append(f"- {_('Insiden')} #{i.id} {i.title}: {words}")
    lines += ["", _("Buka halaman Privasi panitia: %(url)s", url=f"{base_url.rstrip('/')}/admin/privasi/kewajiban")]
    overdue = any(item.due_at < now for item in [*requests, *incidents])
    subject = (_("TERLAMBAT: kewajiban UU PDP melewati batas 3 × 24 jam") if overdue
               else _("Pengingat: kewajiban UU PDP jatuh tempo dalam 24 jam"))
    for address in committee_addresses():
        queue_mail(to=address, subject=subject, body="\n".join(lines), kind="pdp_reminder", now=now)
    for item in [*requests, *incidents]:
        item.reminded_at = now
    db.session.flush()
    return len(requests) + len(incidents)
