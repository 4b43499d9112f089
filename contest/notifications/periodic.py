"""Notifications no request triggers: judges' reminders before judging closes, the winners' announcement.

Both run on the shared queue's clock (every 10 minutes) and are idempotent: a reminder is recorded
per judge, round and day-offset (JudgeReminder), the announcement per edition
(NotificationSettings.winners_notified_at), each committed with the messages it queued.
"""
import logging
from datetime import timedelta

from huey import crontab
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..contests.models import Contest
from ..contests.timefmt import format_deadline
from ..entries.models import Entry, EntryStatus
from ..extensions import db
from ..tasks import app_context, huey
from ..timeutil import utcnow
from .models import JudgeReminder
from .notify import link, notify, settings_for

log = logging.getLogger(__name__)

ANNOUNCEMENT_GRACE = timedelta(days=7)  # an edition announced longer ago than this is never mailed late


def due_offset(offsets, *, ends, now):
    """The smallest configured day-offset whose moment has come before `ends`, or None."""
    if now >= ends:
        return None
    due = [d for d in offsets if now >= ends - timedelta(days=d)]
    return min(due) if due else None


def unfinished_judges(rnd):
    """[(judge, entries left to submit)] of a scored round's panel."""
    from ..judging.services import judge_queue, progress  # (judging imports notifications)

    rows = []
    for judge in rnd.judges:
        submitted, total = progress(judge_queue(rnd, judge))
        if submitted < total:
            rows.append((judge, total - submitted))
    return rows


def send_reminders(*, now=None):
    """Remind judges with unfinished scorecards in every open scored round; returns how many were sent."""
    from ..judging.models import JudgingRound, RoundKind
    from ..judging.services import round_state

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


def announce_winners(*, now=None):
    """Tell every entrant of each edition whose winners just became public; returns editions announced."""
    from ..gallery.publication import publication  # (gallery imports judging)

    now = now or utcnow()
    contests = db.session.scalars(select(Contest).where(
        Contest.announcement_at <= now, Contest.announcement_at > now - ANNOUNCEMENT_GRACE)).all()
    announced = []
    for contest in contests:
        settings = settings_for(contest)
        if settings.winners_notified_at is not None or not publication(contest, now=now).winners_public:
            db.session.commit()
            continue
        entrants = db.session.scalars(select(User).where(User.id.in_(select(Entry.user_id).where(
            Entry.contest_id == contest.id, Entry.status == EntryStatus.SUBMITTED.value))).order_by(User.id))
        for user in entrants:
            notify(kind="winners_announced", contest=contest, user=user,
                   tautan=link("gallery.winners", slug=contest.slug))
        settings.winners_notified_at = now
        db.session.commit()
        announced.append(contest.id)
    return announced


@huey.periodic_task(crontab(minute="*/10"), name="notifications.reminders")
def reminders_task():
    with app_context():
        return send_reminders()


@huey.periodic_task(crontab(minute="*/10"), name="notifications.announcements")
def announcements_task():
    with app_context():
        return announce_winners()
