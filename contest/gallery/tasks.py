"""The winners' announcement by mail: once per edition, when its winners become public.

Runs on the shared queue's clock (every 10 minutes) and, when the committee announces with the
one-click action, at once for that edition (`announce_edition_task`, enqueued after the commit);
NotificationSettings.winners_notified_at records that it went out, committed with the messages, so
the two never both send.
"""
from datetime import timedelta

from huey import crontab
from sqlalchemy import select

from ..accounts.models import User
from ..contests.models import Contest
from ..core.extensions import db
from ..core.tasks import app_context, huey
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..notifications.notify import link, notify, settings_for
from .publication import publication

GRACE = timedelta(days=7)  # an edition announced longer ago than this is never mailed late


def announce_winners(*, now=None, contest_id=None):
    """Tell every entrant of each edition (or just `contest_id`) whose winners just became public;
    returns editions announced."""
    now = now or utcnow()
    query = select(Contest).where(Contest.announcement_at <= now, Contest.announcement_at > now - GRACE)
    if contest_id is not None:
        query = query.where(Contest.id == contest_id)
    contests = db.session.scalars(query.with_for_update()).all()
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


@huey.periodic_task(crontab(minute="*/10"), name="notifications.announcements")
def announcements_task():
    with app_context():
        return announce_winners()


@huey.task(name="notifications.announce_edition")
def announce_edition_task(contest_id):
    """The winners' email of one edition, right after the committee announced it."""
    with app_context():
        return announce_winners(contest_id=contest_id)
