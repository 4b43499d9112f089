"""The dashboard's one-click phase actions: what each would change, and doing it. Functions flush."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..contests import phase_actions
from ..contests.admin_forms import TIMELINE_LABELS
from ..core.aftercommit import after_commit
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..gallery.tasks import announce_edition_task
from ..judging.rounds.models import JudgingRound, RoundKind

TITLES = {
    "close_submissions": _l("Tutup pengumpulan sekarang"),
    "open_judging": _l("Buka penjurian sekarang"),
    "announce": _l("Umumkan pemenang sekarang"),
}
SCORED = (RoundKind.SCORING.value, RoundKind.FINAL.value)


def _scored_rounds(contest):
    return db.session.scalars(select(JudgingRound).where(
        JudgingRound.contest_id == contest.id, JudgingRound.kind.in_(SCORED)).order_by(JudgingRound.position)).all()


def _entrants(contest):
    return db.session.scalar(select(func.count(func.distinct(Entry.user_id))).where(
        Entry.contest_id == contest.id, Entry.status == EntryStatus.SUBMITTED.value)) or 0


def available(contest, *, now=None):
    """{action: None when it can run now, else the reason it cannot} for the dashboard's buttons."""
    now = now or utcnow()
    out = {}
    for action in phase_actions.ACTIONS:
        try:
            _check(contest, action, now=now)
            out[action] = None
        except DomainError as error:
            out[action] = error.message
    return out


def _check(contest, action, *, now):
    if action == "announce" and not any(r.results_final_at for r in _scored_rounds(contest)):
        raise DomainError(_("Hasil penjurian belum ditetapkan final: tetapkan hasil dulu, lalu umumkan."))
    phase_actions.moves(contest, action, now=now)


def preview(contest, action, *, now=None):
    """(timeline rows with who each move reaches, extra consequences) for the confirmation page."""
    now = now or utcnow()
    _check(contest, action, now=now)
    rows = phase_actions.preview(contest, action, TIMELINE_LABELS, now=now)
    extra = []
    if action == "open_judging":
        late = [r for r in _scored_rounds(contest)[:1] if r.opens_at is not None and r.opens_at > now]
        extra += [_("Babak “%(name)s” ikut dibuka sekarang.", name=r.name) for r in late]
    if action == "announce":
        extra.append(_("Pemenang langsung tampil di galeri publik."))
        extra.append(_("%(n)s peserta dengan karya terkirim menerima email pengumuman dalam satu menit.",
                       n=_entrants(contest)))
    return rows, extra


def run(*, contest, action, actor, reason, tell, now=None):
    """Do `action` now: move the dates (logged with the reason), open the round, queue the winners' email."""
    now = now or utcnow()
    _check(contest, action, now=now)
    moved = phase_actions.apply(contest=contest, action=action, labels=TIMELINE_LABELS, actor=actor,
                                reason=reason, tell=tell, now=now)
    if action == "open_judging":
        for rnd in _scored_rounds(contest)[:1]:
            if rnd.opens_at is not None and rnd.opens_at > now:
                rnd.opens_at = now
    if action == "announce":
        after_commit(announce_edition_task, contest.id)  # within the minute, not at the next 10-minute tick
    db.session.flush()
    return moved
