"""Reminders to judges before judging closes: once per judge, round and day-offset."""
from datetime import timedelta

from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.scoring.notices import due_offset
from contest.judging.scoring.scorecards import save_scorecard
from contest.judging.scoring.tasks import send_reminders
from contest.notifications.models import JudgeReminder, OutboxMessage
from contest.notifications.notify import settings_for
from tests.judging.conftest import make_entry, make_judge, make_round  # noqa: F401  (fixtures)

DAY = timedelta(days=1)


def full(rnd):
    return {c.id: "70" for c in rnd.criteria}


def messages(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


def test_due_offset_is_the_latest_threshold_passed():
    ends = utcnow() + timedelta(hours=30)
    assert due_offset([3, 1], ends=ends, now=utcnow()) == 3
    assert due_offset([3, 1], ends=ends, now=ends - timedelta(hours=2)) == 1
    assert due_offset([1], ends=ends, now=utcnow()) is None
    assert due_offset([3, 1], ends=ends, now=ends) is None  # closed: too late to remind
    assert due_offset([], ends=ends, now=utcnow()) is None


def test_judges_with_unfinished_cards_are_reminded_once_per_offset(make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    busy, done = make_judge(), make_judge()
    rnd = make_round(contest, [busy, done], closes_at=utcnow() + 2 * DAY + timedelta(hours=1))
    entries = [make_entry(contest, agency=f"Dinas {i}") for i in range(2)]
    for entry in entries:
        save_scorecard(rnd=rnd, entry_id=entry.id, judge=done, raw_values=full(rnd), watched=1.0, submit=True)
    save_scorecard(rnd=rnd, entry_id=entries[0].id, judge=busy, raw_values=full(rnd), watched=1.0, submit=True)
    db.session.commit()

    assert send_reminders() == 1
    assert send_reminders() == 0  # the same offset, the same day: nothing more
    [message] = messages("judge_reminder")
    assert (message.user_id, message.contest_id) == (busy.id, contest.id)
    assert "Masih ada 1 karya yang belum Anda nilai pada Penilaian" in message.body
    assert f"/judging/rounds/{rnd.id}" in message.body
    assert db.session.scalar(select(JudgeReminder.days_before)) == 3

    assert send_reminders(now=rnd.ends - timedelta(hours=12)) == 1  # the 1-day reminder
    assert send_reminders(now=rnd.ends - timedelta(hours=6)) == 0
    assert len(messages("judge_reminder")) == 2


def test_no_reminders_when_the_edition_turns_them_off_or_the_round_is_locked(
        make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge = make_judge()
    rnd = make_round(contest, [judge], closes_at=utcnow() + DAY)
    make_entry(contest)
    settings_for(contest).reminder_days = ""
    db.session.commit()
    assert send_reminders() == 0
    settings_for(contest).reminder_days = "2"
    rnd.locked_at = utcnow()
    db.session.commit()
    assert send_reminders() == 0 and messages("judge_reminder") == []
