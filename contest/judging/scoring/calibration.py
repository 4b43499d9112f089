"""Calibration items: the committee marks up to three entries of a round that every judge scores first."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...core.errors import DomainError
from ...core.extensions import db
from ...entries.models import Entry
from ..checks.eligibility import eligible_conditions
from ..rounds.audit import log_event
from .models import CalibrationItem, CardStatus, Scorecard
from .sequence import calibration_ids

MAX_CALIBRATION = 3


def set_calibration(*, rnd, entry_ids, actor):
    """Mark up to three of the round's entries as calibration items (every judge scores them first)."""
    wanted = list(dict.fromkeys(int(e) for e in entry_ids))
    if len(wanted) > MAX_CALIBRATION:
        raise DomainError(_("Pilih paling banyak %(n)s karya kalibrasi.", n=MAX_CALIBRATION), field="entry_ids")
    if rnd.locked_at is not None:
        raise DomainError(_("Babak ini sudah dikunci; karya kalibrasi tidak dapat diubah."))
    if scoring_started(rnd):  # they must come first for every judge: a judge who began can't go back
        raise DomainError(_("Karya kalibrasi tidak dapat diubah setelah juri mulai mengirim nilai."))
    eligible = set(db.session.scalars(select(Entry.id).where(*eligible_conditions(rnd), Entry.id.in_(wanted))))
    if set(wanted) - eligible:
        raise DomainError(_("Karya kalibrasi harus karya yang dinilai pada babak ini."), field="entry_ids")
    before = calibration_ids(rnd)
    if before == wanted:
        return wanted
    for row in db.session.scalars(select(CalibrationItem).where(CalibrationItem.round_id == rnd.id)):
        db.session.delete(row)
    db.session.flush()
    for i, entry_id in enumerate(wanted, start=1):
        db.session.add(CalibrationItem(round_id=rnd.id, entry_id=entry_id, position=i, added_by_id=actor.id))
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="calibration.set",
              data={"before": before, "after": wanted})
    return wanted


def scoring_started(rnd):
    return db.session.scalar(select(func.count()).select_from(Scorecard).where(
        Scorecard.round_id == rnd.id, Scorecard.status == CardStatus.SUBMITTED.value)) > 0


def choices(rnd):
    """(entries of the round as (id, code, title), the calibration ids, whether scoring started) for the
    round page's form."""
    prefix = rnd.contest.code_prefix
    rows = db.session.execute(select(Entry.id, Entry.number, Entry.title).where(*eligible_conditions(rnd))
                              .order_by(Entry.number)).all()
    return [(i, f"{prefix}-{n:04d}", t) for i, n, t in rows], calibration_ids(rnd), scoring_started(rnd)
