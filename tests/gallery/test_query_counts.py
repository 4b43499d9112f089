"""The gallery's committee page and an edition's home cost the same number of queries for 5
winners as for 50.

(The public winners and entries pages have theirs in test_entries_gallery.py.)
"""
from contest.contests.models import Contest
from contest.core.extensions import db
from tests.conftest import login, query_count, text_of
from tests.gallery.helpers import build_edition


def prizes(n):
    return [(f"Hadiah {i + 1}", 1_000_000, "Piagam") for i in range(n)]


def test_gallery_admin_page(client, make_staff, make_contest, make_entrant):
    login(client, make_staff("admin"))
    editions = [build_edition(make_contest, make_entrant, n=n, quick=True, current=False, prizes=prizes(n))
                for n in (5, 50)]
    urls = [f"/admin/gallery/contests/{edition.contest.id}" for edition in editions]
    db.session.commit()
    few, many = [query_count(client, url) for url in urls]
    assert few == many, (few, many)


def test_edition_home_with_a_past_edition(app, make_contest, make_entrant):
    """The home page lists a past edition's winners; their number does not change the cost.

    (Each further past edition costs its own two queries, up to the ten the page shows.)
    """
    counts = []
    for n in (5, 50):
        db.session.query(Contest).update({"is_current": False})
        past = build_edition(make_contest, make_entrant, n=n, quick=True, current=False, prizes=prizes(n))
        current = build_edition(make_contest, make_entrant, n=n, quick=True, announced=False).contest
        db.session.commit()
        url = f"/c/{current.slug}"
        client = app.test_client()
        counts.append(query_count(client, url))
        assert f"Hadiah {n}:" in text_of(client.get(url))  # the past edition's last winner is listed
        db.session.delete(past.contest)
        db.session.commit()
    assert counts[0] == counts[1], counts
