"""Judging's list pages cost the same number of queries for 5 rows as for 50.

(The results page has its own test in test_results.py.)
"""
from datetime import timedelta

import pytest

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.checks.models import AdminCheck
from contest.judging.panel.models import Conflict
from contest.judging.panel.services import generate_assignment
from contest.judging.rounds.audit import log_event
from contest.judging.rounds.models import RoundKind
from tests import bulk
from tests.conftest import login, query_count

SIZES = (5, 50)


@pytest.fixture
def admin(client, make_staff):
    user = make_staff("admin")
    login(client, user)
    return user


def _counts(build, client):
    """Query counts of the page `build(n)` returns the URL of, for each size."""
    urls = [build(n) for n in SIZES]
    db.session.commit()
    return [query_count(client, url) for url in urls]


def test_check_page(client, admin, make_contest, make_round):
    def build(n):
        contest = make_contest(current=False)
        rnd = make_round(contest, [], kind=RoundKind.ADMIN_CHECK.value, actor=admin)
        entries = bulk.entries(contest, n)
        outcomes = ("pass", "needs_fix", "fail", None)
        for i, entry in enumerate(entries):
            if outcomes[i % 4]:
                db.session.add(AdminCheck(round_id=rnd.id, entry_id=entry.id, outcome=outcomes[i % 4],
                                          reason="" if i % 4 == 0 else "Durasi kurang.", checked_by_id=admin.id,
                                          checked_at=utcnow() - timedelta(hours=1)))
        return f"/admin/judging/rounds/{rnd.id}/checks"

    few, many = _counts(build, client)
    assert few == many, (few, many)


@pytest.mark.parametrize("mode", ["all", "balanced"])
def test_assignment_page(client, admin, make_contest, make_round, mode):
    def build(n):
        contest = make_contest(current=False)
        judges = bulk.judges(4)
        rnd = make_round(contest, judges, mode=mode, per_entry=2 if mode == "balanced" else None, actor=admin)
        entries = bulk.entries(contest, n)
        db.session.add(Conflict(contest_id=contest.id, judge_id=judges[0].id, entry_id=entries[0].id,
                                reason="Satu instansi."))
        if mode == "balanced":
            generate_assignment(rnd=rnd, actor=admin)
        return f"/admin/judging/rounds/{rnd.id}"

    few, many = _counts(build, client)
    assert few == many, (few, many)


def test_judges_list(client, admin):
    def build(n):
        db.session.execute(db.text("DELETE FROM judge_profile"))
        db.session.execute(db.text("DELETE FROM user_role WHERE name = 'judge'"))
        bulk.judges(n // 2, accepted=True)
        bulk.judges(n - n // 2, accepted=False)
        return "/admin/judging/judges"

    few = _counts(lambda n: build(5), client)[0]
    many = _counts(lambda n: build(50), client)[0]
    assert few == many, (few, many)


@pytest.mark.parametrize("page", ["queue", "dashboard"])
def test_judge_queue_and_dashboard(app, make_contest, make_judge, make_round, page):
    counts = []
    for n in SIZES:
        judge = make_judge(agency="Bawaslu")
        contest = make_contest(current=False)
        rnd = make_round(contest, [judge, *bulk.judges(2)])
        bulk.entries(contest, n)
        db.session.commit()
        client = app.test_client()
        login(client, judge)
        counts.append(query_count(client, f"/judging/rounds/{rnd.id}" if page == "queue" else "/judging/"))
    assert counts[0] == counts[1], counts


def test_audit_page(client, admin, make_contest):
    def build(n):
        contest = make_contest(current=False)
        entries = bulk.entries(contest, 3)
        judge = bulk.judges(1)[0]
        for i in range(n):
            log_event(contest_id=contest.id, action="admin_check", actor=admin if i % 2 else None,
                      entry_id=entries[i % 3].id, judge_id=judge.id if i % 3 else None,
                      reason="Alasan.", data={"outcome": [None, "pass"]})
        return f"/admin/judging/contests/{contest.id}/audit"

    few, many = _counts(build, client)
    assert few == many, (few, many)


def test_contest_rounds_page(client, admin, make_contest, make_round):
    def build(n):
        contest = make_contest(current=False)
        for _ in range(n // 5):
            make_round(contest, bulk.judges(1), actor=admin)
        return f"/admin/judging/contests/{contest.id}"

    few, many = _counts(build, client)
    assert few == many, (few, many)
