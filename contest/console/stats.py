"""The edition dashboard's numbers, each from one GROUP BY query (never a query per row)."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from ..accounts.models import ASNProfile, User
from ..certificates.models import Certificate, CertificateTemplate
from ..core.extensions import db
from ..entries.models import Entry, EntryStatus
from ..judging.checks.eligibility import eligible_conditions
from ..judging.checks.models import AdminCheck
from ..judging.panel.conflicts import conflict_map
from ..judging.panel.models import ASSIGNED, Assignment
from ..judging.rounds.models import JudgingRound, round_judge
from ..judging.scoring.models import CalibrationItem, CardStatus, Scorecard
from ..media.models import PENDING
from ..voting.models import Vote
from .queries import ACTIVE, check_round_id, day_text, latest_videos, local_day, registrant_condition


def per_day(contest, column, *conditions, join=None):
    """[(iso day, count)] in the edition's zone, gaps filled with zeros, oldest first."""
    day = local_day(column, contest.timezone).label("day")
    query = select(day, func.count()).where(*conditions).group_by(day).order_by(day)
    if join is not None:
        query = query.select_from(join)
    counts = {day_text(d): n for d, n in db.session.execute(query)}
    if not counts:
        return []
    first, last = (date.fromisoformat(d) for d in (min(counts), max(counts)))
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    return [(d, counts.get(d, 0)) for d in days]


def registrations(contest):
    return per_day(contest, User.created_at, registrant_condition(contest))


def entry_counts(contest):
    """Entries by status, by the newest upload's state (active entries) and by check outcome."""
    by_status = Counter(dict(db.session.execute(
        select(Entry.status, func.count()).where(Entry.contest_id == contest.id).group_by(Entry.status)).all()))
    video = latest_videos()
    by_video = Counter()
    for state, n in db.session.execute(
            select(video.c.state, func.count()).select_from(Entry).outerjoin(video, video.c.entry_id == Entry.id)
            .where(Entry.contest_id == contest.id, Entry.status.in_(ACTIVE)).group_by(video.c.state)):
        by_video[state or "none"] += n
    by_video["pending"] = sum(by_video[s] for s in PENDING)
    check_round = check_round_id(contest.id)
    by_check = Counter()
    if check_round is not None:
        by_check.update(dict(db.session.execute(
            select(AdminCheck.outcome, func.count()).join(Entry, Entry.id == AdminCheck.entry_id)
            .where(AdminCheck.round_id == check_round, Entry.status == EntryStatus.SUBMITTED.value)
            .group_by(AdminCheck.outcome)).all()))
        by_check["none"] = by_status[EntryStatus.SUBMITTED.value] - sum(by_check.values())
    by_status["active"] = sum(by_status[s] for s in ACTIVE)
    return {"status": by_status, "video": by_video, "check": by_check, "check_round": check_round}


def by_profile(contest, column):
    """[(value, active entries, submitted entries)] by a profile column, largest first."""
    submitted = func.sum(case((Entry.status == EntryStatus.SUBMITTED.value, 1), else_=0))
    rows = db.session.execute(
        select(column, func.count(), submitted).select_from(Entry)
        .join(ASNProfile, ASNProfile.user_id == Entry.user_id)
        .where(Entry.contest_id == contest.id, Entry.status.in_(ACTIVE)).group_by(column)).all()
    return sorted(((v, n, int(s or 0)) for v, n, s in rows), key=lambda r: (-r[1], r[0]))


def votes(contest):
    return per_day(contest, Vote.created_at, Vote.contest_id == contest.id, Vote.voided_at.is_(None))


def certificates(contest):
    """Issued (not revoked) certificates by kind, plus whether a template was ever set up."""
    counts = Counter(dict(db.session.execute(
        select(Certificate.kind, func.count()).where(Certificate.contest_id == contest.id,
                                                     Certificate.revoked_at.is_(None))
        .group_by(Certificate.kind)).all()))
    counts["total"] = sum(counts.values())
    has_template = db.session.scalar(select(func.count()).select_from(CertificateTemplate)
                                     .where(CertificateTemplate.contest_id == contest.id)) > 0
    return counts, has_template


# -- the jury's progress -------------------------------------------------------------------

@dataclass
class JudgeProgress:
    judge_id: int
    name: str
    assigned: int = 0
    scored: int = 0
    last_active: object = None

    @property
    def left(self):
        return self.assigned - self.scored


@dataclass
class RoundProgress:
    round: JudgingRound
    eligible: int
    judges: list = field(default_factory=list)

    @property
    def assigned(self):
        return sum(j.assigned for j in self.judges)

    @property
    def scored(self):
        return sum(j.scored for j in self.judges)


def judge_progress(contest, rounds):
    """Per scored round: each panel judge's scored / assigned cards and last activity.

    Mirrors judging.scoring.queue.judge_queue (eligible entries, balanced assignment, conflicts,
    recusals) with a fixed number of queries for the whole edition.
    """
    scored_rounds = [r for r in rounds if r.is_scored]
    if not scored_rounds:
        return []
    ids = [r.id for r in scored_rounds]
    panel = defaultdict(list)
    for round_id, user_id, name in db.session.execute(
            select(round_judge.c.round_id, User.id, User.full_name).join(User, User.id == round_judge.c.user_id)
            .where(round_judge.c.round_id.in_(ids)).order_by(User.full_name)):
        panel[round_id].append((user_id, name))
    eligible = {r.id: set(db.session.scalars(select(Entry.id).where(*eligible_conditions(r)))) for r in scored_rounds}
    conflicts = set(conflict_map(contest.id))
    assigned = defaultdict(set)
    for round_id, judge_id, entry_id in db.session.execute(
            select(Assignment.round_id, Assignment.judge_id, Assignment.entry_id)
            .where(Assignment.round_id.in_(ids), Assignment.source.in_(ASSIGNED))):
        assigned[(round_id, judge_id)].add(entry_id)
    calibration = defaultdict(set)  # every judge of a balanced round also scores its calibration entries
    for round_id, entry_id in db.session.execute(
            select(CalibrationItem.round_id, CalibrationItem.entry_id).where(CalibrationItem.round_id.in_(ids))):
        calibration[round_id].add(entry_id)
    cards = defaultdict(dict)
    last = {}
    for round_id, judge_id, entry_id, status, updated in db.session.execute(
            select(Scorecard.round_id, Scorecard.judge_id, Scorecard.entry_id, Scorecard.status, Scorecard.updated_at)
            .where(Scorecard.round_id.in_(ids))):
        cards[(round_id, judge_id)][entry_id] = status
        if last.get((round_id, judge_id)) is None or updated > last[(round_id, judge_id)]:
            last[(round_id, judge_id)] = updated
    out = []
    for rnd in scored_rounds:
        progress = RoundProgress(rnd, len(eligible[rnd.id]))
        for judge_id, name in panel[rnd.id]:
            key = (rnd.id, judge_id)
            mine = cards[key]
            queue = (eligible[rnd.id] & (assigned[key] | calibration[rnd.id]) if rnd.is_balanced
                     else set(eligible[rnd.id]))
            queue = {e for e in queue if (judge_id, e) not in conflicts
                     and mine.get(e) != CardStatus.RECUSED.value}
            scored = sum(1 for e in queue if mine.get(e) == CardStatus.SUBMITTED.value)
            progress.judges.append(JudgeProgress(judge_id, name, len(queue), scored, last.get(key)))
        out.append(progress)
    return out


def rounds_of(contest):
    return db.session.scalars(select(JudgingRound).where(JudgingRound.contest_id == contest.id)
                              .order_by(JudgingRound.position, JudgingRound.id)).all()


def judge_accounts():
    return db.session.scalar(select(func.count()).select_from(User).where(User.roles.any(name="judge")))


def dashboard(contest):
    """Every number of the dashboard (the checklist's facts are built from the same data)."""
    rounds = rounds_of(contest)
    registered = registrations(contest)
    counts, has_template = certificates(contest)
    return {
        "registrations": registered,
        "registrants": sum(n for _d, n in registered),
        "entries": entry_counts(contest),
        "agencies": by_profile(contest, ASNProfile.agency),
        "regencies": by_profile(contest, ASNProfile.regency),
        "votes": votes(contest),
        "certificates": counts,
        "certificate_template": has_template,
        "rounds": rounds,
        "progress": judge_progress(contest, rounds),
        "judge_accounts": judge_accounts(),
    }
