"""The entrant's consent on their entry page; the committee's switch and jury notes."""
import pytest

from contest.core.extensions import db
from contest.gallery.models import GallerySettings, PublicConsent, WinnerNote
from contest.judging.rounds.models import AuditEvent
from tests.conftest import login, post, text_of
from tests.gallery.helpers import add_entry, build_edition, fresh_gallery_cache  # noqa: F401


@pytest.fixture
def own_entry(make_contest, make_entrant):
    contest = make_contest()
    user = make_entrant()
    entry, _ = add_entry(contest, user, 1)
    db.session.commit()
    return user, entry


def test_entrant_gives_and_withdraws_consent_on_the_entry_page(client, own_entry):
    user, entry = own_entry
    login(client, user)
    page = client.get(f"/entries/{entry.id}")
    assert "Saya setuju karya saya ditampilkan di galeri publik" in text_of(page)
    response = post(client, f"/entries/{entry.id}/public-consent", {"consent": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/entries/{entry.id}")
    assert db.session.get(PublicConsent, entry.id) is not None
    assert 'name="consent" value="y" checked' in client.get(f"/entries/{entry.id}").get_data(as_text=True)
    post(client, f"/entries/{entry.id}/public-consent", {})
    assert db.session.get(PublicConsent, entry.id) is None


def test_consent_needs_csrf_and_the_owner(client, own_entry, make_entrant):
    user, entry = own_entry
    other = make_entrant()
    login(client, other)
    assert post(client, f"/entries/{entry.id}/public-consent", {"consent": "y"}).status_code == 404
    post(client, "/logout")
    login(client, user)
    assert client.post(f"/entries/{entry.id}/public-consent", data={"consent": "y"}).status_code == 400
    assert db.session.get(PublicConsent, entry.id) is None


def test_consent_refuses_the_anonymous(client, own_entry):
    _, entry = own_entry
    response = post(client, f"/entries/{entry.id}/public-consent", {"consent": "y"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("method,path", [
    ("get", "/admin/gallery/contests/{cid}"),
    ("post", "/admin/gallery/contests/{cid}/settings"),
    ("post", "/admin/gallery/contests/{cid}/notes/{eid}"),
])
def test_committee_pages_refuse_others(client, make_contest, make_entrant, make_staff, method, path):
    edition = build_edition(make_contest, make_entrant, n=1)
    url = path.format(cid=edition.contest.id, eid=edition.entries[0].id)
    send = (lambda: client.get(url)) if method == "get" else (lambda: post(client, url, {"note": "x"}))
    assert send().status_code == 302  # anonymous: to the login page
    login(client, make_staff("judge"))
    assert send().status_code == 403


def test_admin_switches_the_all_entries_gallery(client, make_contest, make_entrant, make_staff):
    edition = build_edition(make_contest, make_entrant, n=1)
    login(client, make_staff("admin"))
    url = f"/admin/gallery/contests/{edition.contest.id}"
    assert "Galeri seluruh karya" in text_of(client.get(url))
    post(client, f"{url}/settings", {"show_all_entries": "y"})
    assert db.session.get(GallerySettings, edition.contest.id).show_all_entries is True
    assert client.get(f"/c/{edition.contest.slug}/karya").status_code == 200
    post(client, f"{url}/settings", {})
    assert db.session.get(GallerySettings, edition.contest.id).show_all_entries is False
    assert db.session.query(AuditEvent).filter_by(action="gallery.show_all").count() == 2


def test_admin_writes_the_jury_note(client, make_contest, make_entrant, make_staff):
    edition = build_edition(make_contest, make_entrant, n=2)
    entry = edition.entries[1]
    login(client, make_staff("admin"))
    page = text_of(client.get(f"/admin/gallery/contests/{edition.contest.id}"))
    assert "Juara I" in page and entry.title in page
    url = f"/admin/gallery/contests/{edition.contest.id}/notes/{entry.id}"
    post(client, url, {f"n{entry.id}-note": "  Sinematografi yang jujur dan pesan yang jernih.  "})
    assert db.session.get(WinnerNote, entry.id).note == "Sinematografi yang jujur dan pesan yang jernih."
    assert "Sinematografi yang jujur" in text_of(client.get(f"/c/{edition.contest.slug}/pemenang"))
    post(client, url, {f"n{entry.id}-note": "x" * 1001})
    assert db.session.get(WinnerNote, entry.id).note.startswith("Sinematografi")
    post(client, url, {f"n{entry.id}-note": ""})
    assert db.session.get(WinnerNote, entry.id) is None


def test_note_for_an_entry_of_another_edition_is_refused(client, make_contest, make_entrant, make_staff):
    one = build_edition(make_contest, make_entrant, n=1)
    two = build_edition(make_contest, make_entrant, n=1, current=False)
    login(client, make_staff("admin"))
    url = f"/admin/gallery/contests/{one.contest.id}/notes/{two.entries[0].id}"
    assert post(client, url, {f"n{two.entries[0].id}-note": "x"}).status_code == 404


def test_the_neutrality_banner_comes_from_the_edition_and_the_committee_edits_it(client, make_contest, make_staff):
    contest = make_contest()
    page = text_of(client.get(f"/c/{contest.slug}/pemenang"))
    assert "ASN Netral, Pemilu dan Pilkada Damai" in page  # the default wording until the committee writes its own
    login(client, make_staff("admin"))
    assert "Pesan netralitas di halaman publik" in text_of(client.get(f"/admin/gallery/contests/{contest.id}"))
    post(client, f"/admin/gallery/contests/{contest.id}/settings",
         {"banner_title": "Netral Itu Keren", "banner_text": "Pesan dari Kesbangpol untuk Pemilu 2029."})
    settings = db.session.get(GallerySettings, contest.id)
    assert settings.banner_title == "Netral Itu Keren"
    assert settings.banner_text == "Pesan dari Kesbangpol untuk Pemilu 2029."
    page = text_of(client.get(f"/c/{contest.slug}/pemenang"))
    assert "Netral Itu Keren" in page and "Pesan dari Kesbangpol untuk Pemilu 2029." in page
    assert "ASN Netral, Pemilu dan Pilkada Damai" not in page
    assert db.session.query(AuditEvent).filter_by(action="gallery.banner").count() == 1
