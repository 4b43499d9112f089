"""The gallery's committee page costs the same number of queries for 5 winners as for 50.

(The public winners and entries pages have theirs in test_entries_gallery.py.)
"""
from contest.extensions import db
from tests.conftest import login, query_count
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
