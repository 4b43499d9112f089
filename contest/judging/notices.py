"""What judging tells people: check results, invitations, reminders before judging closes.

Reminders run on the shared queue's clock (every 10 minutes) and are idempotent: one per judge,
round and day-offset (JudgeReminder), committed with the message it queued.
"""
import logging
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from huey import crontab
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..contests import timeline
from ..contests.services import current_contest
from ..contests.timefmt import format_deadline
from ..extensions import db
from ..notifications.models import JudgeReminder
from ..notifications.notify import link, notify, settings_for
from ..tasks import app_context, huey
from ..timeutil import utcnow
from .models import JudgingRound, RoundKind
from .services import judge_queue, progress, round_state

log = logging.getLogger(__name__)

CHECK_OUTCOME_WORDS = {"pass": "Diterima", "fail": "Ditolak", "needs_fix": "Perlu Perbaikan"}


def check_result(*, entry, outcome, reason):
    """The administrative check's outcome for the entrant, with the note and the deadline to fix."""
    contest = entry.contest
    deadline = settings_for(contest).fix_deadline or contest.submissions_close_at
    return notify(kind="admin_check_result", contest=contest, user=entry.user, kode_karya=entry.code,
                  judul=entry.title, hasil=CHECK_OUTCOME_WORDS.get(outcome, outcome), alasan=reason or "-",
                  batas_perbaikan=format_deadline(deadline, contest.timezone) if outcome == "needs_fix" else "-",
                  tautan=link("entries.detail", entry_id=entry.id))


def judge_invite(*, user, invite_link):
    return notify(kind="judge_invite", contest=current_contest(), user=user, tautan=invite_link)


def due_offset(offsets, *, ends, now):
    """The smallest configured day-offset whose moment has come before `ends`, or None."""
    if now >= ends:
        return None
    due = [d for d in offsets if now >= ends - timedelta(days=d)]
    return min(due) if due else None


def unfinished_judges(rnd):
    """[(judge, entries left to submit)] of a scored round's panel."""
    rows = []
    for judge in rnd.judges:
        submitted, total = progress(judge_queue(rnd, judge))
        if submitted < total:
            rows.append((judge, total - submitted))
    return rows


@timeline.affected_by("judging_closes_at")
def judges_still_scoring(contest):
    """Judges with cards left in unlocked scored rounds that close with the edition's judging window."""
    rounds = db.session.scalars(select(JudgingRound).where(
        JudgingRound.contest_id == contest.id, JudgingRound.closes_at.is_(None),
        JudgingRound.locked_at.is_(None))).all()
    judges = {}
    for rnd in rounds:
        if rnd.is_scored:
            for judge, _left in unfinished_judges(rnd):
                judges.setdefault(judge.id, judge)
    people = list(judges.values())
    return _l("%(n)s juri belum menyelesaikan penilaian", n=len(people)), people, "judging.dashboard"


def send_reminders(*, now=None):
    """Remind judges with unfinished scorecards in every open scored round; returns how many were sent."""
    now = now or utcnow()
    rounds = db.session.scalars(select(JudgingRound).where(
        JudgingRound.kind.in_([RoundKind.SCORING.value, RoundKind.FINAL.value]),
        JudgingRound.locked_at.is_(None))).all()
    sent = 0
    for rnd in rounds:
        if round_state(rnd, now=now) != "open":
            continue
        offset = due_offset(settings_for(rnd.contest).reminder_offsets, ends=rnd.ends, now=now)
        db.session.commit()  # the settings row, if it was just made
        if offset is None:
            continue
        done = set(db.session.scalars(select(JudgeReminder.judge_id).where(
            JudgeReminder.round_id == rnd.id, JudgeReminder.days_before == offset)))
        for judge, left in unfinished_judges(rnd):
            if judge.id in done:
                continue
            try:
                db.session.add(JudgeReminder(round_id=rnd.id, judge_id=judge.id, days_before=offset, sent_at=now))
                notify(kind="judge_reminder", contest=rnd.contest, user=judge, babak=rnd.name, jumlah=left,
                       batas_penilaian=format_deadline(rnd.ends, rnd.contest.timezone),
                       tautan=link("judging.queue", round_id=rnd.id))
                db.session.commit()
                sent += 1
            except IntegrityError:  # another worker recorded this reminder first
                db.session.rollback()
    return sent


@huey.periodic_task(crontab(minute="*/10"), name="notifications.reminders")
def reminders_task():
    with app_context():
        return send_reminders()
