"""The personal-data breach register (UU PDP Pasal 46): record, notify the people and the ministry
within 3 × 24 hours, close; every step written to the incident's append-only log. Functions flush.
"""
import re
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ...accounts.models import User
from ...contests.timefmt import format_deadline
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ...entries.models import Entry
from ...notifications.services import queue_mail
from .models import DEADLINE, Incident, IncidentEvent

ZONE = "Asia/Makassar"
MINISTRY = "Kementerian Komunikasi dan Digital (Komdigi)"
LIST_LIMIT = 200


def log_step(incident, *, action, actor, detail="", now=None):
    db.session.add(IncidentEvent(incident_id=incident.id, action=action, actor_id=actor.id if actor else None,
                                 detail=detail, at=now or utcnow()))


def _emails(text):
    """Valid, distinct addresses from a pasted list (lines, commas or semicolons); DomainError names a bad one."""
    found = []
    for raw in re.split(r"[\s,;]+", text or ""):
        if not raw:
            continue
        try:
            address = validate_email(raw, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            raise DomainError(_("Alamat email tidak valid: %(a)s", a=raw[:80]), field="affected_emails") from None
        if address not in found:
            found.append(address)
    return found


def record_incident(*, title, description, discovered_at, data_categories, actor, occurred_at=None, contest=None,
                    affected_emails="", measures="", now=None):
    """A new incident; the 3 × 24-hour clock runs from the moment it was discovered."""
    now = now or utcnow()
    if discovered_at > now + timedelta(minutes=5):
        raise DomainError(_("Waktu diketahui tidak boleh di masa depan."), field="discovered_at")
    if occurred_at is not None and occurred_at > discovered_at:
        raise DomainError(_("Waktu kejadian tidak boleh setelah waktu diketahui."), field="occurred_at")
    emails = _emails(affected_emails)
    if contest is None and not emails:
        raise DomainError(_("Sebutkan siapa yang terdampak: pilih edisi atau tuliskan alamat email."),
                          field="affected_emails")
    incident = Incident(title=title.strip(), description=description.strip(), discovered_at=discovered_at,
                        occurred_at=occurred_at, due_at=discovered_at + DEADLINE,
                        data_categories=data_categories.strip(), contest_id=contest.id if contest else None,
                        affected_emails="\n".join(emails), measures=(measures or "").strip(),
                        created_by_id=actor.id, created_at=now)
    db.session.add(incident)
    db.session.flush()
    log_step(incident, action="recorded", actor=actor, now=now, detail=_("Insiden dicatat."))
    db.session.flush()
    return incident


def affected_people(incident):
    """[(address, name, user or None)] of everyone to notify, each address once (one query per source)."""
    people = {}
    if incident.contest_id is not None:
        rows = db.session.execute(select(User).join(Entry, Entry.user_id == User.id)
                                  .where(Entry.contest_id == incident.contest_id).distinct()).scalars()
        for user in rows:
            people.setdefault(user.email.lower(), (user.email, user.full_name, user))
    listed = [e for e in incident.affected_emails.splitlines() if e.strip()]
    known = {u.email.lower(): u for u in db.session.scalars(select(User).where(User.email.in_(listed)))}
    for address in listed:
        user = known.get(address)
        people.setdefault(address, (address, user.full_name if user else "", user))
    return list(people.values())


def _when(instant):
    return format_deadline(instant, ZONE, "id") if instant else "-"


def notification_draft(incident):
    """(subject, body) of the email to the affected people, in Indonesian, for the committee to edit."""
    with force_locale("id"):
        subject = _("Pemberitahuan kegagalan pelindungan data pribadi: %(t)s", t=incident.title)
        body = "\n".join([
            _("Yth. Bapak/Ibu,"), "",
            _("Panitia memberitahukan bahwa telah terjadi kegagalan pelindungan data pribadi yang mungkin "
              "mengenai data Anda."), "",
            _("Apa yang terjadi: %(d)s", d=incident.description),
            _("Diketahui pada: %(w)s", w=_when(incident.discovered_at)),
            _("Data pribadi yang terungkap: %(c)s", c=incident.data_categories),
            _("Langkah yang telah kami ambil: %(m)s", m=incident.measures or _("sedang ditangani")), "",
            _("Demi keamanan, waspadai pesan yang mengatasnamakan panitia dan jangan berikan kata sandi atau "
              "kode apa pun. Bila ada pertanyaan, balas email ini."), "",
            _("Hormat kami,"), _("Panitia Sayembara"),
        ])
    return subject, body


def ministry_letter(incident, *, organizer="", now=None):
    """The text of the notification letter to the ministry (UU PDP Pasal 46), ready to print and sign."""
    count = len(affected_people(incident))
    with force_locale("id"):
        return "\n".join([
            _("Kepada Yth."), MINISTRY, _("di Jakarta"), "",
            _("Perihal: Pemberitahuan Kegagalan Pelindungan Data Pribadi"), "",
            _("Sesuai Pasal 46 Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi, kami "
              "%(org)s sebagai pengendali data pribadi menyampaikan pemberitahuan berikut:",
              org=organizer or _("panitia sayembara")), "",
            _("1. Uraian kejadian: %(d)s", d=incident.description),
            _("2. Waktu kejadian: %(w)s", w=_when(incident.occurred_at)),
            _("3. Waktu diketahui: %(w)s", w=_when(incident.discovered_at)),
            _("4. Data pribadi yang terungkap: %(c)s", c=incident.data_categories),
            _("5. Jumlah subjek data terdampak: %(n)s orang", n=count),
            _("6. Upaya penanganan dan pemulihan: %(m)s", m=incident.measures or _("sedang ditangani")),
            _("7. Pemberitahuan kepada subjek data: %(w)s", w=_when(incident.subjects_notified_at)), "",
            _("Demikian pemberitahuan ini kami sampaikan."), "",
            _when(now or utcnow()),
        ])


def notify_subjects(*, incident, subject, body, actor, now=None):
    """Queue the (edited) email to every affected person through the outbox; returns how many."""
    if incident.subjects_notified_at is not None:
        raise DomainError(_("Pemberitahuan kepada subjek data sudah dikirim."))
    if len(subject.strip()) < 5 or len(body.strip()) < 20:
        raise DomainError(_("Subjek dan isi pemberitahuan wajib diisi."), field="body")
    now = now or utcnow()
    people = affected_people(incident)
    for address, _name, user in people:
        queue_mail(to=address, subject=subject.strip(), body=body.strip(), kind="pdp_breach", user=user, now=now)
    incident.subjects_notified_at, incident.subjects_notified_count = now, len(people)
    log_step(incident, action="subjects_notified", actor=actor, now=now,
             detail=_("Pemberitahuan dikirim ke %(n)s orang melalui kotak keluar.", n=len(people)))
    db.session.flush()
    return len(people)


def mark_ministry_notified(*, incident, actor, note, now=None):
    if incident.ministry_notified_at is not None:
        raise DomainError(_("Pemberitahuan kepada kementerian sudah dicatat."))
    if len((note or "").strip()) < 5:
        raise DomainError(_("Tuliskan nomor surat atau cara penyampaian."), field="note")
    incident.ministry_notified_at = now or utcnow()
    log_step(incident, action="ministry_notified", actor=actor, now=incident.ministry_notified_at, detail=note.strip())
    db.session.flush()


def close_incident(*, incident, actor, note, now=None):
    if incident.closed_at is not None:
        raise DomainError(_("Insiden ini sudah ditutup."))
    if len((note or "").strip()) < 10:
        raise DomainError(_("Tuliskan ringkasan penyelesaian (minimal 10 karakter)."), field="note")
    incident.closed_at = now or utcnow()
    log_step(incident, action="closed", actor=actor, now=incident.closed_at, detail=note.strip())
    db.session.flush()


def incidents_list(limit=LIST_LIMIT):
    return db.session.scalars(select(Incident).order_by(Incident.discovered_at.desc()).limit(limit)).all()


def events_of(incident):
    return db.session.scalars(select(IncidentEvent).where(IncidentEvent.incident_id == incident.id)
                              .order_by(IncidentEvent.at, IncidentEvent.id)).all()
