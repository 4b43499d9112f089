"""The gallery of all entries: pagination, search by title, filter by agency and regency; few queries."""
import pytest

from contest.core.extensions import db
from contest.gallery import cache, publication, services
from contest.gallery.models import PublicConsent
from tests.conftest import counted_queries, text_of
from tests.gallery.helpers import AGENCIES, REGENCIES, build_edition, fresh_gallery_cache  # noqa: F401


@pytest.fixture
def gallery(make_contest, make_entrant, make_staff):
    def factory(n, **kwargs):
        titles = [f"Karya {i:02d} {'Netral' if i % 2 else 'Damai'}" for i in range(1, n + 1)]
        edition = build_edition(make_contest, make_entrant, n=n, winners=kwargs.pop("winners", 3),
                                titles=titles, quick=True, **kwargs)
        services.set_show_all_entries(contest=edition.contest, show=True, actor=make_staff("admin"))
        for entry in edition.entries:
            db.session.add(PublicConsent(entry_id=entry.id))
        db.session.commit()
        return edition

    return factory


def test_pagination(client, gallery):
    edition = gallery(30)
    url = f"/c/{edition.contest.slug}/karya"
    first, second = client.get(url), client.get(url + "?page=2")
    assert "30 karya" in text_of(first)
    assert "Karya 01 Netral" in text_of(first) and "Karya 24 Damai" in text_of(first)
    assert "Karya 25 Netral" not in text_of(first)
    assert "Karya 25 Netral" in text_of(second) and "Karya 30 Damai" in text_of(second)
    assert "Karya 01 Netral" not in text_of(second)
    assert 'aria-current="page">2<' in second.get_data(as_text=True)
    assert "Karya 25 Netral" in text_of(client.get(url + "?page=99"))  # past the end: the last page


def test_search_by_title_and_filters(client, gallery):
    edition = gallery(9)
    url = f"/c/{edition.contest.slug}/karya"
    body = text_of(client.get(url, query_string={"q": "netral"}))
    assert "5 karya" in body and "Karya 01 Netral" in body and "Karya 02 Damai" not in body
    body = text_of(client.get(url, query_string={"instansi": AGENCIES[1]}))
    assert "3 karya" in body and "Karya 02 Damai" in body and "Karya 01 Netral" not in body
    body = text_of(client.get(url, query_string={"wilayah": REGENCIES[2], "q": "damai"}))
    assert "1 karya" in body and "Karya 06 Damai" in body
    assert "0 karya" in text_of(client.get(url, query_string={"q": "%"}))  # LIKE wildcards are literal
    html = client.get(url).get_data(as_text=True)
    for agency in AGENCIES:
        assert f"<option>{agency}</option>" in html


def test_filter_choices_come_from_public_entries_only(app, gallery, make_entrant):
    edition = gallery(2)
    hidden = edition.entries[1]
    db.session.delete(db.session.get(PublicConsent, hidden.id))
    hidden.user.profile.agency = "Badan Rahasia"
    db.session.commit()
    agencies, _ = publication.filter_choices(publication.publication(edition.contest))
    assert "Badan Rahasia" not in agencies


@pytest.mark.parametrize("path", ["pemenang", "karya", "karya/2"])
def test_query_count_does_not_grow_with_entries(client, gallery, path):
    counts = []
    for n in (4, 40):
        edition = gallery(n, winners=min(n, 6), current=n == 4)
        cache.clear()
        with counted_queries() as statements:
            assert client.get(f"/c/{edition.contest.slug}/{path}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] and counts[0] <= 14, counts


def test_cached_winners_page_costs_a_handful_of_queries(client, gallery):
    edition = gallery(6, winners=6)
    url = f"/c/{edition.contest.slug}/pemenang"
    client.get(url)
    with counted_queries() as statements:
        client.get(url)
    assert len(statements) <= 3, statements  # edition, publication state, data fingerprint
