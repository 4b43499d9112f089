"""Withdrawing consent and erasure (UU PDP 27/2022): the request, then the worker's deed.

Before judging has started in an edition the entry is withdrawn and deleted (rows and files).
After it has started, the person is anonymized instead: scores, rankings and the judging audit
stay exactly as they were so the results remain verifiable; non-winners' videos are deleted;
winners' public pages are hidden because the publication consent is withdrawn.
"""
from datetime import date

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import delete, select

from ..accounts.models import User
from ..certificates.models import Certificate
from ..certificates.services import absolute as certificate_path
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..gallery import cache as gallery_cache
from ..gallery.models import PublicConsent
from ..judging.panel.conflicts import conflict_map
from ..judging.panel.models import Conflict
from ..media.models import Video
from ..media.storage import delete_video_files
from ..notifications.models import OutboxMessage, OutboxState
from ..notifications.services import queue_mail
from ..records.access_log import log_access
from ..records.models import ConsentRecord, PublicationWithdrawal
from .duties import requests as duties
from .duties.models import RequestKind
from .exports import absolute as export_path
from .inventory import judging_started, winning_entry_ids
from .masking import placeholder_nip
from .models import DataExport, ErasureRequest, RequestState
from .purge import delete_with_dependents

REMOVED = "Dihapus"


def anonymous_name(user_id):
    return f"Peserta dihapus #{user_id}"


def pending_request(user):
    return db.session.scalar(select(ErasureRequest).where(
        ErasureRequest.user_id == user.id, ErasureRequest.state == RequestState.PENDING.value))


def withdraw_publication(*, entry, now=None, record=True):
    """Hide the entry from every public page (winner or not) and drop the gallery consent."""
    now = now or utcnow()
    if db.session.get(PublicationWithdrawal, entry.id) is None:
        db.session.add(PublicationWithdrawal(entry_id=entry.id, withdrawn_at=now))
        if record:  # on the request register, done at once (UU PDP: withdrawal of consent)
            duties.record_self_service(kind=RequestKind.WITHDRAWAL.value, user=entry.user, now=now,
                                       detail=_("Persetujuan publikasi karya %(code)s dicabut.", code=entry.code))
    consent = db.session.get(PublicConsent, entry.id)
    if consent is not None:
        db.session.delete(consent)
    db.session.flush()
    gallery_cache.clear()


def request_erasure(*, user, password, now=None):
    """Record the request (password re-entered); consents are withdrawn at once, the rest by the worker."""
    now = now or utcnow()
    if not user.has_role("entrant") or user.has_role("admin", "judge"):
        raise DomainError(_("Penghapusan data di sini hanya untuk akun peserta. Hubungi panitia."))
    if not user.check_password(password or ""):
        raise DomainError(_("Kata sandi salah."), field="password")
    if pending_request(user) is not None:
        raise DomainError(_("Permintaan penghapusan Anda sudah tercatat dan sedang diproses."))
    request = ErasureRequest(user_id=user.id, subject_label=f"Peserta #{user.id}", notify_address=user.email,
                             requested_at=now, state=RequestState.PENDING.value)
    db.session.add(request)
    for record in db.session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id,
                                                                 ConsentRecord.withdrawn_at.is_(None))):
        record.withdrawn_at = now
    for entry in db.session.scalars(select(Entry).where(Entry.user_id == user.id)):
        withdraw_publication(entry=entry, now=now, record=False)  # part of the erasure request
    db.session.flush()
    log_access(actor=user, action="erasure.request", subject_user_id=user.id,
               detail=_("Permintaan penghapusan #%(id)s", id=request.id), now=now)
    duties.record_self_service(kind=RequestKind.ERASURE.value, user=user, reference=f"erasure:{request.id}",
                               done=False, now=now)
    return request


def erase_video_files(videos, *, now):
    """Delete originals and renditions; files_deleted_at records it. The processing state stays
    (`ready`), since the judging rules read it: results must not change when files go."""
    for video in videos:
        delete_video_files(video)
        video.files_deleted_at = now
        video.original_filename = ""
        video.upload_ref = None


def _freeze_agency_conflicts(user, *, now):
    """Conflicts of interest are detected from the entrant's agency; before it is replaced, each one
    is written down as a recorded conflict, so the same scores stay excluded and results unchanged."""
    entries = db.session.execute(select(Entry.id, Entry.contest_id).where(Entry.user_id == user.id)).all()
    mine = {row.id for row in entries}
    for contest_id in {row.contest_id for row in entries}:
        for (judge_id, entry_id), info in conflict_map(contest_id).items():
            if entry_id in mine and info.source == "agency":
                db.session.add(Conflict(contest_id=contest_id, judge_id=judge_id, entry_id=entry_id, declared_at=now,
                                        reason=_("Instansi juri sama dengan instansi peserta (dicatat saat data "
                                                 "peserta dianonimkan).")))


def anonymize_user(user, *, now):
    """Replace every identifying field; the account can no longer log in. NIP stays unique."""
    _freeze_agency_conflicts(user, now=now)
    user.full_name = anonymous_name(user.id)
    user.email = f"dihapus-{user.id}@peserta.invalid"
    user.password_hash = "!"
    user.active = False
    profile = user.profile
    if profile is not None:
        profile.nip = placeholder_nip(user.id)
        profile.birth_date = date(1900, 1, 1)
        profile.position = profile.work_unit = profile.agency = REMOVED
        profile.rank = None
        profile.regency = "-"
        profile.phone = "-"
    for cert in db.session.scalars(select(Certificate).where(Certificate.user_id == user.id)):
        cert.recipient_name, cert.recipient_agency = user.full_name, ""
        if cert.pdf_path:
            certificate_path(cert.pdf_path).unlink(missing_ok=True)
            cert.pdf_path, cert.pdf_generated_at = None, None


def _forget_messages_and_exports(user, address):
    """Sent or failed mail to the person (it carries their name and address), and their ZIPs."""
    done = (OutboxState.SENT.value, OutboxState.FAILED.value)
    db.session.execute(delete(OutboxMessage).where(
        (OutboxMessage.user_id == user.id) | (OutboxMessage.to_address == address),
        OutboxMessage.state.in_(done)))
    for export in db.session.scalars(select(DataExport).where(DataExport.user_id == user.id)):
        if export.path:
            export_path(export).unlink(missing_ok=True)
        db.session.delete(export)


def carry_out(request_id, *, now=None):
    """The worker's part (a task: takes the id, re-checks state, safe to run twice)."""
    now = now or utcnow()
    request = db.session.get(ErasureRequest, request_id)
    if request is None or request.state != RequestState.PENDING.value:
        return None
    user = db.session.get(User, request.user_id) if request.user_id else None
    address = request.notify_address
    summary = {"entries_deleted": 0, "entries_kept": 0, "videos_erased": 0}
    if user is not None:
        duties.forget_subject(user_id=user.id, label=anonymous_name(user.id))
        entries = db.session.scalars(select(Entry).where(Entry.user_id == user.id)).all()
        winners = winning_entry_ids({e.contest_id for e in entries})
        contests = {e.contest_id: e.contest for e in entries}
        started = {cid: judging_started(contest, now=now) for cid, contest in contests.items()}
        videos = db.session.scalars(select(Video).where(Video.entry_id.in_([e.id for e in entries]))).all()
        gone, kept = [], []
        for entry in entries:
            (kept if started[entry.contest_id] else gone).append(entry)
        to_erase = [v for v in videos if v.entry_id not in winners and v.files_deleted_at is None
                    and any(v.entry_id == e.id for e in kept)]
        erase_video_files(to_erase, now=now)
        for video in videos:
            if any(video.entry_id == e.id for e in gone):
                delete_video_files(video)
        for entry in kept:
            entry.social_url = None
            if entry.status == EntryStatus.DRAFT.value:
                entry.status, entry.withdrawn_at = EntryStatus.WITHDRAWN.value, now
        _forget_messages_and_exports(user, address)
        db.session.flush()
        summary.update(entries_deleted=len(gone), entries_kept=len(kept), videos_erased=len(to_erase))
        delete_with_dependents(Entry.__table__, [e.id for e in gone])
        if kept:
            anonymize_user(user, now=now)
            request.outcome = "anonymized"
        else:
            db.session.flush()
            delete_with_dependents(User.__table__, [user.id])
            request.outcome = "deleted"
        db.session.flush()
        db.session.expire_all()
        request = db.session.get(ErasureRequest, request_id)
    gallery_cache.clear()
    if address:
        queue_mail(to=address, kind="privacy_erasure", subject=_("Permintaan penghapusan data Anda selesai"),
                   body=render_template("privacy/erasure_email.txt", request=request, summary=summary))
    request.state, request.finished_at = RequestState.DONE.value, now
    request.summary, request.notify_address = summary, ""
    duties.complete_reference(f"erasure:{request.id}", now=now)
    log_access(actor=None, action="erasure.done", detail=_("Permintaan penghapusan #%(id)s selesai: %(outcome)s",
                                                             id=request.id, outcome=request.outcome or "-"), now=now)
    db.session.flush()
    return request
