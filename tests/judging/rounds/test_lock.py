"""Locking and re-opening a round, read-only scores, and the append-only audit log."""
import pytest
from sqlalchemy import select

from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.judging.rounds.editing import lock_round, reopen_round
from contest.judging.rounds.models import AuditEvent, AuditLogIsAppendOnly
from contest.judging.scoring.models import Scorecard
from tests.conftest import login, post, text_of
from tests.judging.conftest import scores_for


@pytest.fixture
def world(make_contest, make_judge, make_entry, make_round, make_staff):
    contest = make_contest()
    judge = make_judge()
    entry = make_entry(contest)
    rnd = make_round(contest, [judge])
    return rnd, judge, entry, make_staff("admin")


def events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_lock_makes_scores_read_only_and_reopen_needs_a_reason(client, world):
    rnd, judge, entry, admin = world
    judge_client = client.application.test_client()
    login(judge_client, judge)
    url = f"/judging/rounds/{rnd.id}/entries/{entry.id}"
    assert post(judge_client, url, {**scores_for(rnd, [60] * 4), "action": "submit"}).status_code == 302

    login(client, admin)
    assert post(client, f"/admin/judging/rounds/{rnd.id}/lock").status_code == 302
    db.session.expire_all()
    assert rnd.locked_at is not None and events("round.lock")[0].actor_id == admin.id

    refused = post(judge_client, url, {**scores_for(rnd, [90] * 4), "action": "submit"})
    assert refused.status_code == 422 and "dikunci" in text_of(refused)
    assert post(judge_client, url + "/autosave", scores_for(rnd, [91])).status_code == 422
    page = judge_client.get(url).get_data(as_text=True)
    assert 'data-readonly="1"' in page and "Kirim &amp; berikutnya" not in page
    assert db.session.scalar(select(Scorecard.total)) == pytest.approx(59.5959, abs=1e-3)

    post(client, f"/admin/judging/rounds/{rnd.id}/reopen", {"reason": "singkat"})
    db.session.expire_all()
    assert rnd.locked_at is not None and not events("round.reopen")
    post(client, f"/admin/judging/rounds/{rnd.id}/reopen",
         {"reason": "Juri 2 salah memasukkan nilai teknik; dibuka atas keputusan rapat panitia."})
    db.session.expire_all()
    assert rnd.locked_at is None
    reopen = events("round.reopen")[0]
    assert reopen.actor_id == admin.id and "rapat panitia" in reopen.reason

    version = str(db.session.scalar(select(Scorecard.version)))
    assert post(judge_client, url, {**scores_for(rnd, [60, 60, 60, 80]), "action": "change",
                                    "version": version}).status_code == 302
    change = events("score.change")[0]
    assert change.data["scores"] == {rnd.criteria[3].name: [60.0, 80.0]}
    assert change.actor_id == judge.id and change.at is not None


def test_reopen_can_extend_a_closed_round(world):
    from datetime import timedelta

    from contest.core.timeutil import utcnow

    rnd, judge, entry, admin = world
    rnd.closes_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(DomainError):
        reopen_round(rnd=rnd, actor=admin, reason="Tanpa tanggal baru tidak ada gunanya.")
    reopen_round(rnd=rnd, actor=admin, reason="Perpanjangan dua hari untuk juri yang sakit.",
                 closes_at=utcnow() + timedelta(days=2))
    assert rnd.closes_at > utcnow()
    assert events("round.reopen")[0].data["closes_at"][1] is not None


def test_audit_events_cannot_be_changed_or_deleted(world):
    rnd, _, _, admin = world
    lock_round(rnd=rnd, actor=admin)
    db.session.commit()
    event = events("round.lock")[0]
    event.reason = "disembunyikan"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(events("round.lock")[0])
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert len(events("round.lock")) == 1


def test_audit_page_lists_who_changed_what(client, world):
    rnd, judge, entry, admin = world
    judge_client = client.application.test_client()
    login(judge_client, judge)
    post(judge_client, f"/judging/rounds/{rnd.id}/entries/{entry.id}/autosave", scores_for(rnd, [42]))
    login(client, admin)
    page = text_of(client.get(f"/admin/judging/contests/{rnd.contest_id}/audit?round={rnd.id}"))
    assert "Draf nilai" in page and judge.full_name in page and entry.code in page
    assert f"{rnd.criteria[0].name}: — → 42.0" in page
