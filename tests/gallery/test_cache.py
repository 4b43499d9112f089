"""The page cache: anonymous visitors share a render (with their own CSRF token), changes show up."""
import re

import pytest

from contest.core.extensions import db
from contest.gallery import cache, services
from contest.gallery.cache import TTLCache
from contest.judging.checks.models import AdminCheck
from tests.conftest import counted_queries, login, text_of
from tests.gallery.helpers import build_edition, fresh_gallery_cache  # noqa: F401


@pytest.fixture
def revalidate(app):
    """Re-check an edition's data every 60 s (the default is 2 s), with a clock the test moves."""
    app.config["GALLERY_CACHE_REVALIDATE_S"] = 60
    now = [1000.0]
    cache.states.clock = lambda: now[0]
    yield now
    cache.states.clock = cache.TTLCache().clock


def _token(response):
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_anonymous_visitors_share_one_render_but_not_the_csrf_token(app, make_contest, make_entrant,
                                                                    revalidate):
    edition = build_edition(make_contest, make_entrant, n=3)
    url = f"/c/{edition.contest.slug}/pemenang"
    one, two = app.test_client(), app.test_client()
    first = one.get(url)
    with counted_queries() as statements:
        second = two.get(url)
    assert statements == []  # served from memory
    assert text_of(first) == text_of(second)
    assert _token(first) != _token(second)
    # The token put into the cached page is the visitor's own: the language switch accepts it.
    response = two.post("/lang", data={"lang": "en", "next": url, "csrf_token": _token(second)})
    assert response.status_code == 302
    assert '<html lang="en">' in two.get(url).get_data(as_text=True)  # a page of its own per language
    assert '<html lang="id">' in one.get(url).get_data(as_text=True)


def test_logged_in_visitors_get_their_own_page(client, app, make_contest, make_entrant, make_staff,
                                               revalidate):
    edition = build_edition(make_contest, make_entrant, n=1)
    url = f"/c/{edition.contest.slug}/pemenang"
    app.test_client().get(url)  # an anonymous render is now cached
    admin = make_staff("admin")
    login(client, admin)
    page = text_of(client.get(url))
    assert "Kelola galeri & catatan juri" in page and admin.full_name in page
    assert "Kelola galeri" not in text_of(app.test_client().get(url))


def test_own_changes_show_at_once_other_changes_within_the_window(app, make_contest, make_entrant, make_staff,
                                                                  revalidate):
    edition = build_edition(make_contest, make_entrant, n=2)
    url = f"/c/{edition.contest.slug}/pemenang"
    visitor = app.test_client()
    assert edition.entries[1].title in text_of(visitor.get(url))
    services.save_winner_note(entry=edition.entries[0], note="Catatan segar", actor=make_staff("admin"))
    db.session.commit()
    assert "Catatan segar" in text_of(visitor.get(url))  # the service cleared this process's cache
    check = db.session.query(AdminCheck).filter_by(entry_id=edition.entries[1].id).one()
    check.outcome = "fail"  # disqualified by the judging console (another package)
    db.session.commit()
    assert edition.entries[1].title in text_of(visitor.get(url))  # still within the 60 s window
    revalidate[0] += 61
    assert edition.entries[1].title not in text_of(visitor.get(url))


def test_nothing_is_cached_before_publication(app, make_contest, make_entrant, revalidate):
    edition = build_edition(make_contest, make_entrant, n=1, announced=False)
    app.test_client().get(f"/c/{edition.contest.slug}/pemenang")
    assert cache.states.get(edition.contest.slug) is None and cache.pages.get(("x",)) is None
    assert len(cache.pages._items) == 0


def test_ttl_cache_expires_and_evicts():
    now = [0.0]
    store = TTLCache(max_items=2, ttl_s=10, clock=lambda: now[0])
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1
    store.put("c", 3)  # "b" was used least recently
    assert store.get("b") is None and store.get("a") == 1 and store.get("c") == 3
    now[0] = 10.0
    assert store.get("a") is None
    assert store.get_or_compute("a", lambda: 5) == 5 and store.get("a") == 5
