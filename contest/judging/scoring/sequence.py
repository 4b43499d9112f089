"""Each judge's own order through a round, the positions stamped on their cards, calibration items.

The order itself is pure (order.py); this module feeds it the round's panel and calibration
entries and records, on the card, where the judge first opened it and where they submitted it.
"""
from sqlalchemy import func, select

from ...core.extensions import db
from . import order
from .models import CalibrationItem, CardStatus, Scorecard


def calibration_ids(rnd):
    """The round's calibration entries in the committee's order (one query)."""
    return list(db.session.scalars(select(CalibrationItem.entry_id).where(CalibrationItem.round_id == rnd.id)
                                   .order_by(CalibrationItem.position, CalibrationItem.entry_id)))


def judge_slot(rnd, judge_id):
    """The judge's row of the round's design: their place among the panel by account id.

    Judges added later get higher ids, so adding a judge leaves everyone else's order as it was.
    """
    ids = sorted(j.id for j in rnd.judges)
    return ids.index(judge_id) if judge_id in ids else len(ids)


def ordered(rnd, judge_id, entry_ids, *, calibration=None):
    """`entry_ids` in the judge's order for this round (calibration entries first)."""
    first = calibration_ids(rnd) if calibration is None else calibration
    return order.judge_order(entry_ids, seed=order.round_seed(rnd.id), slot=judge_slot(rnd, judge_id),
                             panel=len(rnd.judges), first=first)


def _next_position(card, column, *condition):
    taken = db.session.scalar(select(func.count()).select_from(Scorecard).where(
        Scorecard.round_id == card.round_id, Scorecard.judge_id == card.judge_id, Scorecard.id != card.id,
        column.is_not(None), *condition))
    return taken + 1


def mark_opened(card):
    """Stamp the card with the judge's count of cards opened so far in the round, once."""
    if card.opened_position is None:
        card.opened_position = _next_position(card, Scorecard.opened_position)


def mark_submitted(card):
    """Stamp the card with the judge's count of submitted cards so far in the round, once."""
    mark_opened(card)
    if card.submitted_position is None:
        card.submitted_position = _next_position(card, Scorecard.submitted_position,
                                                  Scorecard.status == CardStatus.SUBMITTED.value)
