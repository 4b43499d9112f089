"""Judging's periodic work: remind judges with unfinished scorecards N days before judging closes.

Runs on the shared queue's clock (every 10 minutes) and is idempotent: one reminder per judge,
round and day-offset (JudgeReminder), committed with the message it queued.
"""
from huey import crontab
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...contests.timefmt import format_deadline
from ...core.extensions import db
from ...core.tasks import app_context, huey
from ...core.timeutil import utcnow
from ...notifications.models import JudgeReminder
from ...notifications.notify import link, notify, settings_for
from ..rounds.models import JudgingRound, RoundKind
from ..rounds.windows import round_state
from .notices import due_offset, unfinished_judges


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
