"""The editions list costs the same number of queries for 5 editions as for 50."""
from contest.contests.models import Contest
from contest.core.extensions import db
from tests.conftest import login, query_count


def test_contests_list(client, make_staff, make_contest):
    login(client, make_staff("admin"))
    counts = []
    for n in (5, 50):
        while db.session.query(Contest).count() < n:
            make_contest(current=False)
        counts.append(query_count(client, "/admin/contests"))
    assert counts[0] == counts[1], counts
