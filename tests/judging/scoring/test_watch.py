"""Which judge may watch which entry (judge_may_watch): only what sits in one of their queues.

Everything else answers exactly as a missing entry does (404, same body), so a judge learns
nothing of entries outside their panel, before the administrative check, or with a conflict.
"""
from datetime import timedelta

import pytest

from contest.core.extensions import db
from contest.judging.checks.models import AdminCheck
from contest.judging.pairwise.models import PairwiseEntry, PairwiseFinal
from contest.judging.panel.models import Assignment, Conflict
from contest.judging.rounds.editing import create_round
from contest.judging.rounds.models import RoundFinalist, RoundKind
from contest.judging.scoring.models import CardStatus, Scorecard
from contest.media.models import Video
from tests.conftest import login, utcnow

MISSING = 999_999


def status_of(client, entry_id):
    return client.get(f"/entries/{entry_id}/video.json")


def assert_hidden(client, entry):
    """A 404 indistinguishable from the one for an entry that does not exist."""
    hidden, missing = status_of(client, entry.id), status_of(client, MISSING)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_data() == missing.get_data()


def assert_watchable(client, entry):
    response = status_of(client, entry.id)
    assert response.status_code == 200, response.status_code
    uuid = db.session.scalar(db.select(Video.uuid).where(Video.entry_id == entry.id))
    assert response.get_json()["id"] == uuid


@pytest.fixture
def scene(make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge = make_judge()
    entry = make_entry(contest)
    return contest, judge, entry


def test_judge_on_the_panel_watches_the_entry_in_their_queue(client, scene, make_round):
    contest, judge, entry = scene
    make_round(contest, [judge])
    login(client, judge)
    assert_watchable(client, entry)


def test_judge_without_a_round_sees_nothing(client, scene, make_round, make_judge):
    contest, judge, entry = scene
    make_round(contest, [make_judge()])  # someone else's panel
    login(client, judge)
    assert_hidden(client, entry)


def test_a_panel_of_another_edition_does_not_open_this_one(client, scene, make_round, make_contest):
    contest, judge, entry = scene
    make_round(make_contest(current=False), [judge])
    login(client, judge)
    assert_hidden(client, entry)


@pytest.mark.parametrize("outcome, visible", [(None, False), ("needs_fix", False), ("fail", False),
                                              ("pass", True)])
def test_the_administrative_check_comes_first(client, scene, make_round, make_staff, outcome, visible):
    contest, judge, entry = scene
    admin = make_staff("admin")
    check = make_round(contest, [], kind=RoundKind.ADMIN_CHECK.value, actor=admin)
    make_round(contest, [judge])
    if outcome:
        db.session.add(AdminCheck(round_id=check.id, entry_id=entry.id, outcome=outcome, checked_by_id=admin.id))
        db.session.commit()
    login(client, judge)
    if visible:
        assert_watchable(client, entry)
    else:
        assert_hidden(client, entry)


def test_balanced_rounds_show_only_the_assigned_entries(client, scene, make_round, make_entry):
    contest, judge, entry = scene
    other = make_entry(contest)
    rnd = make_round(contest, [judge], mode="balanced", per_entry=1, cap=1)
    db.session.add(Assignment(round_id=rnd.id, entry_id=other.id, judge_id=judge.id, source="auto"))
    db.session.commit()
    login(client, judge)
    assert_watchable(client, other)
    assert_hidden(client, entry)


def test_agency_conflict_hides_the_entry(client, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge = make_judge(agency="Dinas Pendidikan")
    entry = make_entry(contest, agency="Dinas Pendidikan")
    make_round(contest, [judge])
    login(client, judge)
    assert_hidden(client, entry)


def test_declared_conflict_and_recused_card_hide_the_entry(client, scene, make_round, make_entry):
    contest, judge, entry = scene
    recused = make_entry(contest)
    rnd = make_round(contest, [judge])
    db.session.add(Conflict(contest_id=contest.id, judge_id=judge.id, entry_id=entry.id, reason="Kerabat"))
    db.session.add(Scorecard(round_id=rnd.id, entry_id=recused.id, judge_id=judge.id,
                             status=CardStatus.RECUSED.value))
    db.session.commit()
    login(client, judge)
    assert_hidden(client, entry)
    assert_hidden(client, recused)


def test_a_final_round_shows_its_finalists_only(client, scene, make_round, make_entry, make_judge):
    contest, judge, entry = scene
    finalist = make_entry(contest)
    source = make_round(contest, [make_judge()])
    now = utcnow()
    final = create_round(contest=contest, kind=RoundKind.FINAL.value, actor=judge, values={
        "name": "Final", "opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=1),
        "top_n": 1, "source_round_id": source.id})
    final.judges = [judge]
    db.session.add(RoundFinalist(round_id=final.id, entry_id=finalist.id, source_rank=1))
    db.session.commit()
    login(client, judge)
    assert_watchable(client, finalist)
    assert_hidden(client, entry)


def test_a_pairwise_final_the_judge_decides_opens_its_entries(client, scene, make_round, make_entry):
    contest, judge, entry = scene
    other = make_entry(contest)
    rnd = make_round(contest, [judge], mode="balanced", per_entry=1, cap=1)  # nothing assigned to them
    login(client, judge)
    assert_hidden(client, entry)
    final = PairwiseFinal(contest_id=contest.id, source_round_id=rnd.id, created_by_id=judge.id, name="Final")
    final.entries = [PairwiseEntry(entry_id=entry.id, position=1), PairwiseEntry(entry_id=other.id, position=2)]
    db.session.add(final)
    db.session.commit()
    assert_watchable(client, entry)
