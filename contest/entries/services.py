"""An entrant's entries: create, edit, submit, withdraw — the contest's rules enforced here."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..contests.phases import Phase, is_open
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from .hooks import submission_blockers
from .models import Entry, EntryStatus
from .notices import entry_submitted


def entries_of(user, contest=None):
    query = select(Entry).where(Entry.user_id == user.id).order_by(Entry.created_at.desc())
    if contest is not None:
        query = query.where(Entry.contest_id == contest.id)
    return db.session.scalars(query).all()


def _active_count(user, contest):
    return db.session.scalar(
        select(func.count(Entry.id)).where(
            Entry.user_id == user.id,
            Entry.contest_id == contest.id,
            Entry.status != EntryStatus.WITHDRAWN.value,
        )
    )


def _require_open(contest, now):
    if not is_open(contest, Phase.SUBMISSION, now=now):
        raise DomainError(_("Pengumpulan karya sedang tidak dibuka."))


def create_entry(*, contest, user, title, synopsis, social_url, now=None):
    """A new draft; the entrant accepted the originality statement in the form."""
    now = now or utcnow()
    _require_open(contest, now)
    if user.profile is None:
        raise DomainError(_("Hanya peserta ASN terdaftar yang dapat mengirim karya."))
    if _active_count(user, contest) >= contest.max_entries_per_entrant:
        raise DomainError(
            _("Anda sudah mencapai batas %(n)s karya untuk sayembara ini.", n=contest.max_entries_per_entrant)
        )
    number = (
        db.session.scalar(select(func.max(Entry.number)).where(Entry.contest_id == contest.id)) or 0
    ) + 1
    entry = Entry(
        contest=contest,
        user=user,
        number=number,
        title=title.strip(),
        synopsis=synopsis.strip(),
        social_url=social_url or None,
        originality_accepted_at=now,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def update_entry(*, entry, title, synopsis, social_url, now=None):
    now = now or utcnow()
    _require_open(entry.contest, now)
    if entry.is_withdrawn:
        raise DomainError(_("Karya yang sudah ditarik tidak dapat diubah."))
    entry.title = title.strip()
    entry.synopsis = synopsis.strip()
    entry.social_url = social_url or None
    entry.originality_accepted_at = now
    db.session.flush()
    return entry


def submit_entry(*, entry, now=None):
    now = now or utcnow()
    _require_open(entry.contest, now)
    if not entry.is_draft:
        raise DomainError(_("Hanya draf yang dapat dikirim."))
    blockers = submission_blockers(entry)
    if blockers:
        raise DomainError(" ".join(str(b) for b in blockers))
    entry.status = EntryStatus.SUBMITTED.value
    entry.submitted_at = now
    db.session.flush()
    entry_submitted(entry=entry)
    return entry


def withdraw_entry(*, entry, now=None):
    now = now or utcnow()
    _require_open(entry.contest, now)
    if entry.is_withdrawn:
        raise DomainError(_("Karya ini sudah ditarik."))
    entry.status = EntryStatus.WITHDRAWN.value
    entry.withdrawn_at = now
    db.session.flush()
    return entry
