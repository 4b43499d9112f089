"""The vote's list pages (public candidates, admin overview, candidates, votes, anomalies, log)
cost the same number of queries for 5 rows as for 50."""
from datetime import timedelta

import pytest

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.checks.models import AdminCheck
from contest.judging.rounds.models import JudgingRound, RoundKind
from contest.voting.models import Vote, VoteCandidate, VoteLog, VotingSettings
from tests import bulk
from tests.conftest import login, query_count
from tests.voting.helpers import voting_window

SIZES = (5, 50)


def vote_edition(make_contest, n, *, votes_per_entry=2):
    """n candidates that passed the check, each with votes from two networks; a void logged."""
    contest = make_contest(current=False, **voting_window(opened=timedelta(hours=3)))
    entries = bulk.entries(contest, n)
    check = JudgingRound(contest=contest, kind=RoundKind.ADMIN_CHECK.value, name="Verifikasi", position=1)
    db.session.add(check)
    db.session.flush()
    db.session.add(VotingSettings(contest_id=contest.id, counts_public=True))
    now = utcnow()
    votes = []
    for i, entry in enumerate(entries):
        db.session.add(AdminCheck(round_id=check.id, entry_id=entry.id, outcome="pass" if i % 5 else "needs_fix"))
        db.session.add(VoteCandidate(contest_id=contest.id, entry_id=entry.id))
        for k in range(votes_per_entry):
            votes.append(Vote(contest_id=contest.id, entry_id=entry.id, voter_hash=f"v{entry.id}-{k}",
                              email_domain="kaltimprov.go.id" if k % 2 else "gmail.com",
                              email_masked="a***@gmail.com", ip_hash=f"ip{i % 7}", ip_prefix_hash=f"net{i % 3}",
                              user_agent="Mozilla/5.0", created_at=now - timedelta(minutes=5 * i + k)))
    db.session.add_all(votes)
    db.session.flush()
    for vote in votes[::3]:
        db.session.add(VoteLog(contest_id=contest.id, vote_id=vote.id, action="void", reason="Uji.",
                               data={"votes": [vote.id]}))
    db.session.flush()
    return contest


@pytest.fixture
def admin_client(client, make_staff):
    login(client, make_staff("admin"))
    return client


@pytest.mark.parametrize("page", ["", "/candidates", "/votes", "/anomalies", "/log"])
def test_voting_admin_pages(admin_client, make_contest, page):
    contests = [vote_edition(make_contest, n) for n in SIZES]
    db.session.commit()
    few, many = [query_count(admin_client, url) for url in [f"/admin/voting/{c.id}{page}" for c in contests]]
    assert few == many, (page, few, many)


def test_public_candidates_page(client, make_contest):
    contests = [vote_edition(make_contest, n) for n in SIZES]
    db.session.commit()
    few, many = [query_count(client, url) for url in [f"/c/{c.slug}/video-terfavorit" for c in contests]]
    assert few == many, (few, many)
