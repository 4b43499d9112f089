"""A judge's queue: the rounds they sit on, the entries each round shows them (assigned, no conflict,
not recused), their own order and progress, and which videos they may watch."""
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select

from ...core.extensions import db
from ...entries.models import Entry
from ...media.access import viewer_policy
from ..checks.eligibility import eligible_conditions
from ..pairwise.models import PairwiseEntry, PairwiseFinal
from ..panel.conflicts import conflict_map, conflicted
from ..panel.members import on_panel
from ..panel.models import ASSIGNED, Assignment
from ..rounds.models import JudgingRound, RoundKind, round_judge
from . import sequence
from .models import CardStatus, Scorecard


@viewer_policy
def judge_may_watch(user, entry):
    """Media access policy: 'judge' while the entry sits in one of this judge's queues (see
    judge_sees_entry); None otherwise, so the media views answer 404 as for a missing entry."""
    if not user.has_role("judge") or not entry.is_submitted:
        return None
    return "judge" if judge_sees_entry(user.id, entry) else None


def queue_conditions(rnd, judge_id):
    """SQL conditions on Entry for this judge's queue in a scored round (conflicts aside)."""
    conditions = eligible_conditions(rnd)
    if rnd.is_balanced:
        conditions.append(exists(select(Assignment.entry_id).where(
            Assignment.entry_id == Entry.id, Assignment.round_id == rnd.id, Assignment.judge_id == judge_id,
            Assignment.source.in_(ASSIGNED))))
    conditions.append(~exists(select(Scorecard.id).where(
        Scorecard.entry_id == Entry.id, Scorecard.round_id == rnd.id, Scorecard.judge_id == judge_id,
        Scorecard.status == CardStatus.RECUSED.value)))
    return conditions


def judge_sees_entry(judge_id, entry):
    """True while the entry is in one of this judge's queues: a scored round on their panel that
    judges it (checked, ready, a finalist, assigned to them, not recused), or a pairwise final of
    such a panel holding it; never with a conflict of interest."""
    if conflicted(judge_id, entry.id, entry.contest_id):
        return False
    rounds = db.session.scalars(
        select(JudgingRound).join(round_judge, round_judge.c.round_id == JudgingRound.id)
        .where(round_judge.c.user_id == judge_id, JudgingRound.contest_id == entry.contest_id,
               JudgingRound.kind.in_([RoundKind.SCORING.value, RoundKind.FINAL.value]))).all()
    for rnd in rounds:
        if db.session.scalar(select(Entry.id).where(Entry.id == entry.id, *queue_conditions(rnd, judge_id))):
            return True
    round_ids = [rnd.id for rnd in rounds]
    return bool(round_ids) and db.session.scalar(
        select(func.count()).select_from(PairwiseEntry).join(PairwiseFinal, PairwiseFinal.id == PairwiseEntry.final_id)
        .where(PairwiseEntry.entry_id == entry.id, PairwiseFinal.source_round_id.in_(round_ids))) > 0


def judge_rounds(judge):
    """Scored rounds this judge sits on, newest contest first."""
    return db.session.scalars(
        select(JudgingRound).join(round_judge, round_judge.c.round_id == JudgingRound.id)
        .where(round_judge.c.user_id == judge.id,
               JudgingRound.kind.in_([RoundKind.SCORING.value, RoundKind.FINAL.value]))
        .order_by(JudgingRound.contest_id.desc(), JudgingRound.position)
    ).all()


@dataclass
class QueueItem:
    """One entry in a judge's queue: only blind fields."""

    entry_id: int
    code: str
    title: str
    status: str | None  # None (not started), draft, submitted
    total: float | None  # this judge's own total: nothing of other judges' cards reaches a judge


def judge_queue(rnd, judge):
    """The entries this judge scores in this round, in the judge's own order (sequence.py), in a
    constant number of queries."""
    if not on_panel(rnd, judge.id):
        return []
    calibration = sequence.calibration_ids(rnd)
    query = select(Entry.id, Entry.number, Entry.title).where(*eligible_conditions(rnd))
    if rnd.is_balanced:  # the judge's assigned entries, and the calibration items every judge scores
        query = query.where(or_(Entry.id.in_(calibration), exists(select(Assignment.entry_id).where(
            Assignment.entry_id == Entry.id, Assignment.round_id == rnd.id, Assignment.judge_id == judge.id,
            Assignment.source.in_(ASSIGNED)))))
    found = {row.id: row for row in db.session.execute(query)}
    rows = [found[i] for i in sequence.ordered(rnd, judge.id, found, calibration=calibration)]
    conflicts = conflict_map(rnd.contest_id, judge_ids=[judge.id])
    mine = {card.entry_id: card for card in db.session.scalars(
        select(Scorecard).where(Scorecard.round_id == rnd.id, Scorecard.judge_id == judge.id))}
    prefix = rnd.contest.code_prefix
    items = []
    for entry_id, number, title in rows:
        if (judge.id, entry_id) in conflicts:
            continue
        card = mine.get(entry_id)
        if card is not None and card.status == CardStatus.RECUSED.value:
            continue
        items.append(QueueItem(entry_id, f"{prefix}-{number:04d}", title,
                               card.status if card else None, card.total if card else None))
    return items


def progress(queue):
    """(submitted, total) of a queue: "12 dari 45 dinilai"."""
    return sum(1 for item in queue if item.status == CardStatus.SUBMITTED.value), len(queue)


def next_item(queue, *, after=None):
    """The first entry of the judge's own order still to submit (other than the one just left)."""
    return next((item for item in queue if item.status != CardStatus.SUBMITTED.value and item.entry_id != after),
                None)


def entry_for_judge(rnd, judge, entry_id):
    """The entry if this judge may see it in this round; None otherwise (views answer 404)."""
    item = next((i for i in judge_queue(rnd, judge) if i.entry_id == entry_id), None)
    return db.session.get(Entry, entry_id) if item else None
