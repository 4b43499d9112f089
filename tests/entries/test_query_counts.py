"""Karya Saya costs the same number of queries for 5 entries as for 50."""
from contest.core.extensions import db
from tests import bulk
from tests.conftest import login, query_count

SIZES = (5, 50)


def test_my_entries_page(app, make_contest, make_entrant):
    counts = []
    for n in SIZES:
        entrant = make_entrant()
        past, current = make_contest(current=False), make_contest()
        bulk.entries(past, n // 2, owners=[entrant])
        bulk.entries(current, n - n // 2, owners=[entrant], video=False)
        db.session.commit()
        client = app.test_client()
        login(client, entrant)
        counts.append(query_count(client, "/entries/"))
    assert counts[0] == counts[1], counts
