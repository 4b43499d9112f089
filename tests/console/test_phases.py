"""One-click phase actions on the dashboard: preview with who it reaches, a reason, logged, done now."""
from datetime import timedelta

from sqlalchemy import select

from contest.contests.timeline_models import TimelineChange
from contest.core.extensions import db
from contest.core.tasks import huey
from contest.core.timeutil import utcnow
from contest.judging.results.models import PrizeAward
from contest.judging.rounds.models import JudgingRound, RoundKind
from contest.judging.rounds.windows import round_state
from contest.notifications.models import OutboxMessage
from tests import bulk
from tests.conftest import login, post, text_of


def url(contest, action):
    return f"/admin/console/{contest.id}/phase/{action}"


def test_close_submissions_now_previews_who_it_reaches_and_logs_the_reason(client, edition):
    contest = edition["contest"]
    login(client, edition["admin"])
    dashboard = client.get(f"/admin/console/{contest.id}").get_data(as_text=True)
    assert 'data-phase-action="close_submissions"' in dashboard and "Tutup pengumpulan sekarang" in dashboard
    assert 'data-phase-action="announce"' not in dashboard  # no final results yet
    preview = text_of(client.get(url(contest, "close_submissions")))
    assert "Batas akhir pengumpulan karya" in preview and "Alasan" in preview
    assert "2 draf belum dikirim" in preview  # who the moved deadline reaches
    assert client.get(url(contest, "nothing")).status_code == 404
    before = utcnow()
    response = post(client, url(contest, "close_submissions"), {"reason": "Sudah cukup karya masuk."})
    assert response.location.endswith(f"/admin/console/{contest.id}")
    db.session.expire_all()
    assert before <= contest.submissions_close_at <= utcnow()
    (change,) = db.session.scalars(select(TimelineChange).where(TimelineChange.contest_id == contest.id)).all()
    assert change.field == "submissions_close_at" and change.reason == "Sudah cukup karya masuk."
    assert change.changed_by_id == edition["admin"].id
    assert 'data-phase-action="close_submissions"' not in client.get(f"/admin/console/{contest.id}").get_data(
        as_text=True)


def test_open_judging_now_closes_submissions_first_and_opens_the_round(client, edition):
    contest, scoring = edition["contest"], edition["scoring"]
    login(client, edition["admin"])
    assert round_state(scoring) == "upcoming"
    post(client, url(contest, "open_judging"), {"reason": ""})
    db.session.expire_all()
    now = utcnow()
    assert contest.submissions_close_at < contest.judging_opens_at <= now
    assert round_state(db.session.get(JudgingRound, scoring.id)) == "open"
    fields = set(db.session.scalars(select(TimelineChange.field).where(TimelineChange.contest_id == contest.id)))
    assert fields == {"submissions_close_at", "judging_opens_at"}


def test_announcing_waits_for_final_results(client, edition):
    contest = edition["contest"]
    login(client, edition["admin"])
    response = client.get(url(contest, "announce"))
    assert response.status_code == 409
    assert "Hasil penjurian belum ditetapkan final" in text_of(response)
    post(client, url(contest, "announce"))
    db.session.expire_all()
    assert contest.announcement_at > utcnow()


def judged_edition(make_contest, make_staff):
    now = utcnow()
    days = timedelta(days=1)
    contest = make_contest(registration_opens_at=now - 20 * days, submissions_close_at=now - 10 * days,
                           judging_opens_at=now - 5 * days, judging_closes_at=now + 2 * days,
                           voting_opens_at=None, voting_closes_at=None, announcement_at=now + 9 * days)
    entries = bulk.entries(contest, 2)
    rnd = JudgingRound(contest=contest, kind=RoundKind.SCORING.value, name="Penilaian", position=2,
                       locked_at=now, results_final_at=now)
    db.session.add(rnd)
    db.session.flush()
    db.session.add(PrizeAward(round_id=rnd.id, prize_id=contest.prizes[0].id, entry_id=entries[0].id, rank=1))
    db.session.commit()
    return contest, make_staff("admin")


def test_announce_now_publishes_and_queues_the_winners_email_at_once(client, make_contest, make_staff):
    huey.flush()  # the suite's scratch queue may hold an earlier test's task for a reused edition id
    contest, admin = judged_edition(make_contest, make_staff)
    login(client, admin)
    preview = text_of(client.get(url(contest, "announce")))
    assert "Pengumuman pemenang" in preview and "Penjurian selesai" in preview
    assert "2 peserta dengan karya terkirim menerima email pengumuman dalam satu menit" in preview
    assert not text_of(client.get(f"/c/{contest.slug}/pemenang")).count("Karya Massal 1")
    post(client, url(contest, "announce"), {"reason": "Rapat pleno dimajukan."})
    db.session.expire_all()
    assert contest.announcement_at <= utcnow() and contest.judging_closes_at <= contest.announcement_at
    # The email does not wait for the 10-minute periodic job: the action queued it after its commit.
    (task,) = [t for t in huey.pending() if t.name.endswith("announce_edition") and t.args == (contest.id,)]
    huey.result = None
    huey.execute(task)
    sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "winners_announced")).all()
    assert len(sent) == 2
    assert "Karya Massal 1" in text_of(client.get(f"/c/{contest.slug}/pemenang"))


def test_phase_actions_are_for_admins_and_post_only_changes(client, edition, make_staff):
    contest = edition["contest"]
    login(client, make_staff("judge"))
    assert client.get(url(contest, "close_submissions")).status_code in (302, 403)
    assert post(client, url(contest, "close_submissions")).status_code in (302, 403)
    db.session.expire_all()
    assert contest.submissions_close_at > utcnow()
