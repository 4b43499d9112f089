"""The winners' announcement by mail: once per edition, only when the winners are public."""
from datetime import timedelta

from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.gallery.tasks import announce_winners
from contest.judging.results.models import PrizeAward
from contest.judging.rounds.models import JudgingRound, RoundKind
from contest.notifications.models import OutboxMessage
from tests.judging.conftest import make_entry  # noqa: F401  (fixtures)


def messages(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


def test_winners_are_announced_once_when_the_time_has_come_and_results_are_final(make_contest, make_entry):
    now = utcnow()
    contest = make_contest(announcement_at=now + timedelta(hours=1))
    first = make_entry(contest, agency="Dinas A", email="a@example.go.id")
    make_entry(contest, agency="Dinas B", email="b@example.go.id")
    rnd = JudgingRound(contest=contest, kind=RoundKind.SCORING.value, name="Penilaian", position=2,
                       locked_at=now)
    db.session.add(rnd)
    db.session.commit()
    assert announce_winners() == []  # not yet announced
    later = now + timedelta(hours=2)
    assert announce_winners(now=later) == []  # results not final yet
    rnd.results_final_at = now
    db.session.add(PrizeAward(round_id=rnd.id, prize_id=contest.prizes[0].id, entry_id=first.id, rank=1))
    db.session.commit()
    assert announce_winners(now=later) == [contest.id]
    assert announce_winners(now=later + timedelta(minutes=10)) == []
    sent = messages("winners_announced")
    assert sorted(m.to_address for m in sent) == ["a@example.go.id", "b@example.go.id"]
    assert f"/c/{contest.slug}/pemenang" in sent[0].body and contest.title in sent[0].subject


def test_an_edition_announced_long_ago_is_never_mailed(make_contest, make_entry):
    now = utcnow()
    contest = make_contest(announcement_at=now - timedelta(days=30))
    entry = make_entry(contest)
    rnd = JudgingRound(contest=contest, kind=RoundKind.SCORING.value, name="Penilaian", locked_at=now,
                       results_final_at=now)
    db.session.add(rnd)
    db.session.flush()
    db.session.add(PrizeAward(round_id=rnd.id, prize_id=contest.prizes[0].id, entry_id=entry.id, rank=1))
    db.session.commit()
    assert announce_winners() == [] and messages("winners_announced") == []
