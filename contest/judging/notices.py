"""What judging tells people: check results, invitations; who a moved close of judging reaches.

The reminders before judging closes are a periodic task (tasks.py) built on due_offset() and
unfinished_judges() here.
"""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..contests import timeline
from ..contests.services import current_contest
from ..contests.timefmt import format_deadline
from ..extensions import db
from ..notifications.notify import link, notify, settings_for
from .models import JudgingRound
from .services import judge_queue, progress

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
