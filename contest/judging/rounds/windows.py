"""A round's window: the edition's rounds, the administrative check round, open / closed / locked."""
from flask_babel import gettext as _
from sqlalchemy import select

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from .models import JudgingRound, RoundKind


def rounds_of(contest):
    return db.session.scalars(
        select(JudgingRound).where(JudgingRound.contest_id == contest.id)
        .order_by(JudgingRound.position, JudgingRound.id)
    ).all()


def admin_check_round(contest_id):
    return db.session.scalar(
        select(JudgingRound).where(JudgingRound.contest_id == contest_id,
                                   JudgingRound.kind == RoundKind.ADMIN_CHECK.value)
        .order_by(JudgingRound.position).limit(1)
    )


def round_state(rnd, *, now=None):
    """'locked', 'upcoming', 'open' or 'closed': the round's own dates are the authority."""
    now = now or utcnow()
    if rnd.locked_at is not None:
        return "locked"
    if now < rnd.starts:
        return "upcoming"
    return "open" if now < rnd.ends else "closed"


def round_is_open(rnd, *, now=None):
    return round_state(rnd, now=now) == "open"


def require_open(rnd, *, now=None):
    state = round_state(rnd, now=now)
    if state == "locked":
        raise DomainError(_("Babak ini sudah dikunci panitia; nilai tidak dapat diubah lagi."))
    if state == "upcoming":
        raise DomainError(_("Babak penilaian ini belum dibuka."))
    if state == "closed":
        raise DomainError(_("Babak penilaian ini sudah ditutup; nilai tidak dapat diubah lagi."))
