"""Verifikasi Administrasi: pass, fail or needs fix (with a reason the entrant reads)."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...accounts.models import User
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ...entries.models import Entry, EntryStatus
from ..rounds.audit import log_event
from ..rounds.windows import admin_check_round
from .models import AdminCheck, CheckOutcome
from .notices import check_result


def record_check(*, rnd, entry, outcome, reason, actor, now=None):
    """Set the entry's outcome in this check round; a reason is required unless it passes."""
    if not rnd.is_admin_check:
        raise DomainError(_("Babak ini bukan verifikasi administrasi."))
    if rnd.locked_at is not None:
        raise DomainError(_("Verifikasi administrasi sudah dikunci."))
    if outcome not in {o.value for o in CheckOutcome}:
        raise DomainError(_("Pilih hasil verifikasi."), field="outcome")
    reason = (reason or "").strip()
    if outcome != CheckOutcome.PASS.value and not reason:
        raise DomainError(_("Tuliskan alasan agar peserta tahu apa yang harus diperbaiki."), field="reason")
    if entry.contest_id != rnd.contest_id or entry.status == EntryStatus.DRAFT.value:
        raise DomainError(_("Hanya karya terkirim yang diverifikasi."))
    now = now or utcnow()
    check = db.session.scalar(select(AdminCheck).where(AdminCheck.round_id == rnd.id,
                                                       AdminCheck.entry_id == entry.id))
    old = (check.outcome, check.reason) if check else (None, None)
    if check is None:
        check = AdminCheck(round_id=rnd.id, entry_id=entry.id)
        db.session.add(check)
    check.outcome, check.reason, check.checked_by_id, check.checked_at = outcome, reason, actor.id, now
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="admin_check",
              entry_id=entry.id, reason=reason, data={"outcome": [old[0], outcome]}, at=now)
    if old != (outcome, reason):  # the entrant hears of a new result, not of the same one saved twice
        check_result(entry=entry, outcome=outcome, reason=reason)
    return check


def checks_by_entry(rnd):
    return {c.entry_id: c for c in db.session.scalars(select(AdminCheck).where(AdminCheck.round_id == rnd.id))}


def check_list(rnd):
    """Submitted (and withdrawn) entries of the contest with their check, for the committee.

    Owners and their profiles come in the same query: the page shows both for every entry.
    """
    entries = db.session.scalars(
        select(Entry)
        .options(joinedload(Entry.user).joinedload(User.profile))
        .where(Entry.contest_id == rnd.contest_id, Entry.status != EntryStatus.DRAFT.value)
        .order_by(Entry.number)
    ).all()
    checks = checks_by_entry(rnd)
    return [(entry, checks.get(entry.id)) for entry in entries]


def notice_for(entry):
    """The entrant-facing outcome of the administrative check, or None."""
    rnd = admin_check_round(entry.contest_id)
    if rnd is None:
        return None
    check = db.session.scalar(select(AdminCheck).where(AdminCheck.round_id == rnd.id,
                                                       AdminCheck.entry_id == entry.id))
    if check is None:
        return None
    return {"outcome": check.outcome, "reason": check.reason, "checked_at": check.checked_at,
            "fixed": entry.updated_at is not None and entry.updated_at > check.checked_at}
