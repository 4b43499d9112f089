"""Which entries a round judges: submitted, a ready video, passed the administrative check
(where the edition has one) and, in a final round, chosen as a finalist."""
from sqlalchemy import exists, or_, select

from ...core.extensions import db
from ...entries.models import Entry, EntryStatus
from ...media.models import Video, VideoState
from ..rounds.models import JudgingRound, RoundFinalist, RoundKind
from .models import AdminCheck, CheckOutcome


def media_ready_condition():
    """Only entries with a ready video are judged (inside the same statement)."""
    return exists(select(Video.id).where(Video.entry_id == Entry.id,
                                         Video.state == VideoState.READY.value))


def eligible_conditions(rnd):
    """SQL conditions on Entry for the entries this round judges."""
    conditions = [Entry.contest_id == rnd.contest_id, Entry.status == EntryStatus.SUBMITTED.value]
    if rnd.is_admin_check:
        return conditions
    # Inside the same statement (no extra query): when the contest has an administrative check
    # round, only entries that passed its check are judged.
    check_rounds = select(JudgingRound.id).where(JudgingRound.contest_id == rnd.contest_id,
                                                 JudgingRound.kind == RoundKind.ADMIN_CHECK.value)
    first_check = check_rounds.order_by(JudgingRound.position, JudgingRound.id).limit(1).scalar_subquery()
    conditions.append(or_(~exists(check_rounds), Entry.id.in_(
        select(AdminCheck.entry_id).where(AdminCheck.round_id == first_check,
                                          AdminCheck.outcome == CheckOutcome.PASS.value))))
    if rnd.kind == RoundKind.FINAL.value:
        conditions.append(Entry.id.in_(
            select(RoundFinalist.entry_id).where(RoundFinalist.round_id == rnd.id)))
    conditions.append(media_ready_condition())
    return conditions


def eligible_entries(rnd):
    """The entries of a round in number order (blind fields only are ever shown to judges)."""
    return db.session.scalars(select(Entry).where(*eligible_conditions(rnd)).order_by(Entry.number)).all()
