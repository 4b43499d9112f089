"""One-click phase moves: close submissions, open judging or announce the winners *now*.

Each action is a set of timeline moves computed from the edition and the instant (`moves`), kept
consistent with the rest of the timeline (closing judging before an announcement, closing
submissions before judging opens); `apply` records them in the timeline log with the reason,
exactly as an edit of the dates would. Functions flush, never commit.
"""
from datetime import timedelta

from flask_babel import gettext as _

from ..core.errors import DomainError
from ..core.timeutil import utcnow
from . import timeline
from .phases import timeline_errors
from .services import TIMELINE_FIELDS

ACTIONS = ("close_submissions", "open_judging", "announce")
JUST_BEFORE = timedelta(seconds=1)  # a window's end is exclusive: the earlier step closes a second before


def moves(contest, action, *, now):
    """The new timeline {field: instant} for `action` at `now`; a DomainError says why it cannot run."""
    if action not in ACTIONS:
        raise DomainError(_("Tindakan tidak dikenal."))
    values = {field: getattr(contest, field) for field in TIMELINE_FIELDS}
    if action == "close_submissions":
        if now < contest.registration_opens_at:
            raise DomainError(_("Pengumpulan karya belum dibuka, jadi belum bisa ditutup."))
        if contest.submissions_close_at <= now:
            raise DomainError(_("Pengumpulan karya sudah ditutup."))
        values["submissions_close_at"] = now
    elif action == "open_judging":
        if contest.judging_opens_at <= now:
            raise DomainError(_("Penjurian sudah dibuka."))
        if contest.judging_closes_at <= now:
            raise DomainError(_("Penjurian sudah selesai menurut jadwal."))
        values["judging_opens_at"] = now
        values["submissions_close_at"] = min(contest.submissions_close_at, now - JUST_BEFORE)
        if values["submissions_close_at"] <= contest.registration_opens_at:
            raise DomainError(_("Pengumpulan karya belum pernah dibuka: ubah jadwalnya dulu."))
    else:
        if contest.announcement_at <= now:
            raise DomainError(_("Pemenang sudah diumumkan."))
        if contest.voting_opens_at is not None and contest.voting_opens_at > now:
            raise DomainError(_("Pemilihan Video Terfavorit belum berlangsung: ubah atau kosongkan jadwalnya dulu."))
        values["announcement_at"] = now
        values["judging_closes_at"] = min(contest.judging_closes_at, now)
        if contest.voting_closes_at is not None:
            values["voting_closes_at"] = min(contest.voting_closes_at, now)
        if values["judging_closes_at"] <= contest.judging_opens_at:
            raise DomainError(_("Penjurian belum dibuka: buka penjurian lebih dulu."))
    if timeline_errors(values):
        raise DomainError(_("Jadwal edisi ini tidak mengizinkan tindakan ini: ubah jadwalnya di halaman edisi."))
    return values


def preview(contest, action, labels, *, now=None):
    """What the confirmation shows: timeline.impact rows of the moves (who each reaches)."""
    values = moves(contest, action, now=now or utcnow())
    return timeline.impact(contest, values, TIMELINE_FIELDS, labels)


def apply(*, contest, action, labels, actor, reason, tell, now=None):
    """Move the dates for `action`, log each move with the reason (and tell those affected); flushes."""
    now = now or utcnow()
    values = moves(contest, action, now=now)
    moved = timeline.changes(contest, values, TIMELINE_FIELDS)
    timeline.record(contest=contest, moved=moved, labels=labels, actor=actor, reason=reason, tell=tell, now=now)
    for field, _old, new in moved:
        setattr(contest, field, new)
    return moved
