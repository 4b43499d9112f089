"""Judging core: round windows, which entries a round judges, conflicts, a judge's queue."""
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import ASNProfile, User
from ..entries.models import Entry, EntryStatus
from ..errors import DomainError
from ..extensions import db
from ..media.access import viewer_policy
from ..media.models import Video, VideoState
from ..timeutil import utcnow
from . import sequence
from .analysis_models import PairwiseEntry, PairwiseFinal
from .models import (
    AdminCheck,
    Assignment,
    AssignmentSource,
    CardStatus,
    CheckOutcome,
    Conflict,
    JudgeProfile,
    JudgingRound,
    RoundFinalist,
    RoundKind,
    Scorecard,
    round_judge,
)
from .rubric import agency_key

ASSIGNED = (AssignmentSource.AUTO.value, AssignmentSource.MANUAL.value)


# -- rounds and their windows -------------------------------------------------------------

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


# -- which entries a round judges ---------------------------------------------------------

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


# -- conflicts of interest -----------------------------------------------------------------

@dataclass(frozen=True)
class ConflictInfo:
    source: str  # "agency" (detected) or "declared" (recusal)
    reason: str


def conflict_map(contest_id, *, judge_ids=None):
    """{(judge_id, entry_id): ConflictInfo} for the contest, in three queries.

    Detected: the judge's agency equals the entrant's. Declared: a judge's recusal.
    """
    declared = select(Conflict.judge_id, Conflict.entry_id, Conflict.reason).where(
        Conflict.contest_id == contest_id)
    judges = select(JudgeProfile.user_id, JudgeProfile.agency)
    if judge_ids is not None:
        declared = declared.where(Conflict.judge_id.in_(judge_ids))
        judges = judges.where(JudgeProfile.user_id.in_(judge_ids))
    out = {}
    judge_keys = defaultdict(list)
    for judge_id, agency in db.session.execute(judges):
        key = agency_key(agency)
        if key:
            judge_keys[key].append(judge_id)
    if judge_keys:
        rows = db.session.execute(
            select(Entry.id, ASNProfile.agency).join(ASNProfile, ASNProfile.user_id == Entry.user_id)
            .where(Entry.contest_id == contest_id, Entry.status != EntryStatus.DRAFT.value))
        for entry_id, agency in rows:
            for judge_id in judge_keys.get(agency_key(agency), ()):
                out[(judge_id, entry_id)] = ConflictInfo("agency", _("Instansi juri sama dengan instansi peserta."))
    for judge_id, entry_id, reason in db.session.execute(declared):
        out[(judge_id, entry_id)] = ConflictInfo("declared", reason)
    return out


def conflicted(judge_id, entry_id, contest_id):
    return (judge_id, entry_id) in conflict_map(contest_id, judge_ids=[judge_id])


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


# -- the panel and a judge's queue ---------------------------------------------------------

def judge_rounds(judge):
    """Scored rounds this judge sits on, newest contest first."""
    return db.session.scalars(
        select(JudgingRound).join(round_judge, round_judge.c.round_id == JudgingRound.id)
        .where(round_judge.c.user_id == judge.id,
               JudgingRound.kind.in_([RoundKind.SCORING.value, RoundKind.FINAL.value]))
        .order_by(JudgingRound.contest_id.desc(), JudgingRound.position)
    ).all()


def on_panel(rnd, judge_id):
    return db.session.scalar(select(func.count()).select_from(round_judge).where(
        round_judge.c.round_id == rnd.id, round_judge.c.user_id == judge_id)) > 0


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


def judges_with_profiles(judge_ids=None):
    """Judges by name, their profiles loaded in one more query (lists show both)."""
    query = (
        select(User)
        .options(selectinload(User.judge_profile))
        .where(User.roles.any(name="judge"))
        .order_by(User.full_name)
    )
    if judge_ids is not None:
        query = query.where(User.id.in_(judge_ids))
    return db.session.scalars(query).all()
