"""Conflicts of interest (detected and declared) and the balanced assignment of a round."""
import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.judging.panel import services as panel
from contest.judging.panel.models import Assignment, Conflict
from contest.judging.results.services import round_results
from contest.judging.rounds.models import AuditEvent
from contest.judging.scoring.models import CardStatus, Scorecard
from contest.judging.scoring.queue import judge_queue
from contest.judging.scoring.scorecards import save_scorecard
from tests.conftest import login, post, text_of
from tests.judging.conftest import scores_for


def queue_ids(rnd, judge):
    return {item.entry_id for item in judge_queue(rnd, judge)}


def test_same_agency_is_a_conflict_detected_automatically(client, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    kesbangpol = make_judge(agency="Badan Kesatuan Bangsa dan Politik")
    other = make_judge(agency="Bawaslu Provinsi Kalimantan Timur")
    own = make_entry(contest, agency="badan kesatuan bangsa  & politik")  # spelled differently
    unrelated = make_entry(contest, agency="Dinas Kesehatan")
    rnd = make_round(contest, [kesbangpol, other])
    assert queue_ids(rnd, kesbangpol) == {unrelated.id}
    assert queue_ids(rnd, other) == {own.id, unrelated.id}
    login(client, kesbangpol)
    assert own.code not in text_of(client.get(f"/judging/rounds/{rnd.id}"))
    assert client.get(f"/judging/rounds/{rnd.id}/entries/{own.id}").status_code == 404
    response = post(
        client, f"/judging/rounds/{rnd.id}/entries/{own.id}", scores_for(rnd, [90] * 4) | {"action": "submit"}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(Scorecard)) is None


def test_a_judge_declares_a_conflict_and_it_is_logged(client, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge, other = make_judge(), make_judge()
    entries = [make_entry(contest) for _ in range(3)]
    rnd = make_round(contest, [judge, other])
    login(client, judge)
    url = f"/judging/rounds/{rnd.id}/entries/{entries[0].id}"
    post(client, url + "/autosave", scores_for(rnd, [70, 70]))  # a draft already started
    assert post(client, url + "/conflict", {"reason": ""}).status_code == 200  # reason required
    assert db.session.scalar(select(Conflict)) is None
    response = post(client, url + "/conflict", {"reason": "Peserta adalah adik ipar saya."})
    assert response.status_code == 302
    conflict = db.session.scalar(select(Conflict))
    assert (conflict.judge_id, conflict.entry_id, conflict.reason) == (judge.id, entries[0].id,
                                                                       "Peserta adalah adik ipar saya.")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "conflict.declare"))
    assert event.reason == "Peserta adalah adik ipar saya." and event.data["voided_cards"][0]["status"] == "draft"
    card = db.session.scalar(select(Scorecard).where(Scorecard.judge_id == judge.id))
    assert card.status == CardStatus.RECUSED.value
    assert entries[0].id not in queue_ids(rnd, judge)
    assert client.get(url).status_code == 404
    assert entries[0].code not in text_of(client.get(f"/judging/rounds/{rnd.id}"))


def test_recused_and_conflicted_scores_are_not_counted(make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge, other = make_judge(agency="Dinas Sosial"), make_judge()
    entries = [make_entry(contest) for _ in range(2)]
    rnd = make_round(contest, [judge, other])
    for j in (judge, other):
        for e in entries:
            save_scorecard(rnd=rnd, entry_id=e.id, judge=j, raw_values={c.id: "60" for c in rnd.criteria},
                           submit=True, require_watch=False)
    panel.declare_conflict(rnd=rnd, entry_id=entries[0].id, judge=judge, reason="Rekan satu tim.")
    # The judge's agency is corrected later and now matches the second entry's entrant.
    judge.judge_profile.agency = "Dinas Pendidikan"
    db.session.commit()
    res = round_results(rnd)
    counted = {(e, j) for (e, j) in res.results.totals}
    assert counted == {(entries[0].id, other.id), (entries[1].id, other.id)}
    assert res.excluded_conflicts == 1  # the agency match; the recusal already voided its card


def balanced_round(make_contest, make_judge, make_entry, make_round, *, n_entries=9, per_entry=2, cap=None):
    contest = make_contest()
    judges = [make_judge(agency=a) for a in ("Dinas Kesehatan", "Bawaslu", "Diskominfo", "")]
    entries = [make_entry(contest, agency="Dinas Kesehatan" if i % 3 == 0 else "Dinas Sosial")
               for i in range(n_entries)]
    rnd = make_round(contest, judges, mode="balanced", per_entry=per_entry, cap=cap)
    return contest, rnd, judges, entries


def assigned_pairs(rnd):
    return {(a.entry_id, a.judge_id) for a in db.session.scalars(select(Assignment).where(
        Assignment.round_id == rnd.id, Assignment.source.in_(["auto", "manual"])))}


def test_balanced_assignment_respects_n_cap_and_conflicts(make_contest, make_judge, make_entry, make_round):
    _, rnd, judges, entries = balanced_round(make_contest, make_judge, make_entry, make_round, cap=5)
    plan = panel.generate_assignment(rnd=rnd, actor=judges[0])
    db.session.commit()
    pairs = assigned_pairs(rnd)
    assert not plan.shortfall
    for entry in entries:
        mine = {j for e, j in pairs if e == entry.id}
        assert len(mine) == 2
        if entry.user.profile.agency == "Dinas Kesehatan":
            assert judges[0].id not in mine  # conflicted pair never assigned
    loads = [sum(1 for _, j in pairs if j == judge.id) for judge in judges]
    assert max(loads) <= 5
    assert queue_ids(rnd, judges[1]) == {e for e, j in pairs if j == judges[1].id}


def test_recusal_rebalances_the_round(make_contest, make_judge, make_entry, make_round):
    _, rnd, judges, entries = balanced_round(make_contest, make_judge, make_entry, make_round, cap=6)
    panel.generate_assignment(rnd=rnd, actor=judges[0])
    db.session.commit()
    target = entries[1]
    holder = next(j for j in judges if (target.id, j.id) in assigned_pairs(rnd))
    panel.declare_conflict(rnd=rnd, entry_id=target.id, judge=holder, reason="Kenal dekat dengan peserta.")
    db.session.commit()
    pairs = assigned_pairs(rnd)
    mine = {j for e, j in pairs if e == target.id}
    assert holder.id not in mine and len(mine) == 2
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment.generate")
                              .order_by(AuditEvent.id.desc()).limit(1))
    assert event.actor_id == holder.id and "konflik" in event.reason
    assert len(event.data["added"]) == 1 and event.data["added"][0][0] == target.id


def test_manual_overrides_survive_regeneration(make_contest, make_judge, make_entry, make_round):
    _, rnd, judges, entries = balanced_round(make_contest, make_judge, make_entry, make_round, n_entries=6)
    entry = entries[1]
    panel.override_assignment(rnd=rnd, entry_id=entry.id, judge_id=judges[3].id, assign=True, actor=judges[0])
    panel.override_assignment(rnd=rnd, entry_id=entry.id, judge_id=judges[1].id, assign=False, actor=judges[0],
                              reason="Permintaan panitia")
    panel.generate_assignment(rnd=rnd, actor=judges[0], reset=True)
    db.session.commit()
    mine = {j for e, j in assigned_pairs(rnd) if e == entry.id}
    assert judges[3].id in mine and judges[1].id not in mine and len(mine) == 2
    with pytest.raises(Exception, match="konflik"):
        panel.override_assignment(rnd=rnd, entry_id=entries[0].id, judge_id=judges[0].id, assign=True,
                                  actor=judges[0])


def test_admin_round_page_shows_the_matrix(client, make_contest, make_judge, make_entry, make_round, make_staff):
    _, rnd, judges, entries = balanced_round(make_contest, make_judge, make_entry, make_round)
    admin = make_staff("admin")
    login(client, admin)
    response = post(client, f"/admin/judging/rounds/{rnd.id}/assign", {})
    assert response.status_code == 302
    page = text_of(client.get(f"/admin/judging/rounds/{rnd.id}"))
    assert all(e.code in page for e in entries)
    assert "konflik kepentingan" in page.lower() and "terdeteksi otomatis" in page
    assert len(assigned_pairs(rnd)) == 2 * len(entries)


def test_no_recusal_once_the_round_is_locked(make_contest, make_judge, make_entry, make_round):
    from contest.core.errors import DomainError
    from contest.judging.rounds.editing import lock_round

    contest = make_contest()
    judge = make_judge()
    entry = make_entry(contest)
    rnd = make_round(contest, [judge])
    lock_round(rnd=rnd, actor=judge)
    with pytest.raises(DomainError, match="dikunci"):
        panel.declare_conflict(rnd=rnd, entry_id=entry.id, judge=judge, reason="Terlambat menyadari.")
