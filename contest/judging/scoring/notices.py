"""Reminders before judging closes: which judges still have cards to finish, and when to remind them.

The reminders are a periodic task (tasks.py) built on due_offset() and unfinished_judges() here."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...contests import timeline
from ...core.extensions import db
from ..rounds.models import JudgingRound
from .queue import judge_queue, progress


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
