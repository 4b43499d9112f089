"""The public pages: winners in prize order, entry pages with preview tags, JSON, crawlers' files."""
import re

import pytest

from contest.core.extensions import db
from contest.gallery import services
from contest.gallery.models import WinnerNote
from contest.media import storage
from tests.conftest import login, text_of
from tests.gallery.helpers import build_edition, fresh_gallery_cache  # noqa: F401


def _meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match and match.group(1)


def test_winners_in_prize_order_with_poster_player_name_agency_and_note(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=3, titles=["Alfa", "Bravo", "Charlie"])
    db.session.add(WinnerNote(entry_id=edition.entries[1].id, note="Pesan kuat, gambar rapi."))
    db.session.commit()
    response = client.get(f"/c/{edition.contest.slug}/pemenang")
    html, body = response.get_data(as_text=True), text_of(response)
    assert response.status_code == 200
    assert body.index("Juara I ") < body.index("Alfa") < body.index("Juara II") < body.index("Bravo") \
        < body.index("Juara III") < body.index("Charlie")
    for entry, video in zip(edition.entries, edition.videos, strict=False):
        assert entry.user.full_name in body and entry.user.profile.agency in body
        assert f'src="/media/v/{video.uuid}/web.mp4"' in html
        assert f'poster="/media/v/{video.uuid}/frame-1-{storage.CARD_WIDTH}.webp"' in html  # lighter
        assert f'data-hls="/media/v/{video.uuid}/hls/master.m3u8"' in html  # adaptive when built
    assert "Pesan kuat, gambar rapi." in body
    assert "ASN wajib bebas dari pengaruh dan intervensi" in body  # the neutrality message
    entry_url = f"http://localhost/c/{edition.contest.slug}/karya/{edition.entries[0].number}"
    assert f'data-share-url="{entry_url}"' in html
    assert "https://wa.me/?text=Alfa%20%E2%80%94%20Juara%20I%20http%3A//localhost/c/" in html


def test_entry_page_has_a_preview_card(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=2)
    entry, video = edition.entries[0], edition.videos[0]
    html = client.get(f"/c/{edition.contest.slug}/karya/{entry.number}").get_data(as_text=True)
    assert _meta(html, "og:title") == f"{entry.title} — Juara I"
    assert _meta(html, "og:description") == entry.synopsis
    poster = f"http://localhost/media/v/{video.uuid}/frame-1-{storage.PLAYER_WIDTH}.jpg"
    assert _meta(html, "og:image") == poster
    assert _meta(html, "og:url") == f"http://localhost/c/{edition.contest.slug}/karya/{entry.number}"
    assert _meta(html, "og:type") == "video.other"
    assert _meta(html, "twitter:card") == "summary_large_image"
    assert _meta(html, "twitter:image") == _meta(html, "og:image")
    canonical = f"http://localhost/c/{edition.contest.slug}/karya/{entry.number}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'src="/media/v/{video.uuid}/web.mp4"' in html
    assert edition.entries[1].title in text_of(client.get(f"/c/{edition.contest.slug}/karya/{entry.number}"))


def test_public_url_is_the_canonical_base(app, client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=1)
    app.config["PUBLIC_URL"] = "https://sayembara.kaltimprov.go.id/"
    try:
        html = client.get(f"/c/{edition.contest.slug}/karya/1?utm_source=wa").get_data(as_text=True)
        robots = client.get("/robots.txt").get_data(as_text=True)
        sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    finally:
        app.config["PUBLIC_URL"] = ""
    url = f"https://sayembara.kaltimprov.go.id/c/{edition.contest.slug}/karya/1"
    assert f'<link rel="canonical" href="{url}">' in html and _meta(html, "og:url") == url
    assert _meta(html, "og:image").startswith("https://sayembara.kaltimprov.go.id/media/v/")
    assert "Sitemap: https://sayembara.kaltimprov.go.id/sitemap.xml" in robots
    assert f"<loc>{url}</loc>" in sitemap


def test_pages_without_a_poster_get_the_site_preview(client, make_contest):
    contest = make_contest()
    html = client.get("/").get_data(as_text=True)
    assert _meta(html, "og:title") == contest.title
    assert _meta(html, "og:description") == contest.theme
    assert _meta(html, "og:image") == "http://localhost/static/img/og-default.png"
    assert client.get("/static/img/og-default.png").status_code == 200


def test_sitemap_lists_public_pages_only(client, make_contest, make_entrant):
    shown = build_edition(make_contest, make_entrant, n=2)
    hidden = build_edition(make_contest, make_entrant, n=1, announced=False, current=False)
    response = client.get("/sitemap.xml")
    xml = response.get_data(as_text=True)
    assert response.mimetype == "application/xml"
    assert f"<loc>http://localhost/c/{shown.contest.slug}/pemenang</loc>" in xml
    assert f"<loc>http://localhost/c/{shown.contest.slug}/karya/1</loc>" in xml
    assert f"<loc>http://localhost/c/{hidden.contest.slug}</loc>" in xml
    assert f"{hidden.contest.slug}/pemenang" not in xml and f"{hidden.contest.slug}/karya" not in xml


def test_robots_keeps_crawlers_out_of_private_areas(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    for path in ("/admin/", "/entries/", "/judging/", "/tus/"):
        assert f"Disallow: {path}" in text


def test_winners_json(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=2)
    data = client.get(f"/c/{edition.contest.slug}/pemenang.json").get_json()
    assert [w["prize"] for w in data["winners"]] == ["Juara I", "Juara II"]
    first = data["winners"][0]
    assert first["title"] == edition.entries[0].title
    assert first["video_url"] == f"http://localhost/media/v/{edition.videos[0].uuid}/web.mp4"
    assert "nip" not in str(data).lower() and edition.entries[0].user.email not in str(data)


def test_nav_link_goes_to_the_newest_published_winners(client, make_contest, make_entrant):
    past = build_edition(make_contest, make_entrant, n=1, current=False)
    make_contest()  # the current edition, still open for submissions
    assert client.get("/pemenang").headers["Location"].endswith(f"/c/{past.contest.slug}/pemenang")
    assert 'href="/pemenang"' in client.get("/").get_data(as_text=True)


def test_nav_link_without_any_published_edition_shows_the_current_one(client, make_contest):
    contest = make_contest()
    response = client.get("/pemenang", follow_redirects=True)
    assert response.status_code == 200
    assert "Pemenang belum diumumkan" in text_of(response) and contest.title in text_of(response)


def test_home_lists_past_editions_with_their_winners(client, make_contest, make_entrant):
    past = build_edition(make_contest, make_entrant, n=2, current=False,
                         titles=["Netral Itu Keren", "Jaga Jari"])
    make_contest()
    body = text_of(client.get("/"))
    assert "Edisi sebelumnya" in body and past.contest.title in body
    assert "Juara I: Netral Itu Keren" in body and "Juara II: Jaga Jari" in body


def test_edition_page_and_its_winners_banner(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=1, current=False)
    response = client.get(f"/c/{edition.contest.slug}")
    body = text_of(response)
    assert response.status_code == 200
    assert edition.contest.theme in body and "Cara mengikuti" in body and "Hadiah" in body
    assert "Lihat Pemenang" in body
    assert client.get("/c/tidak-ada").status_code == 404


def test_timeline_marks_now(client, make_contest):
    make_contest()  # submissions open: now lies between the first two steps
    html = client.get("/").get_data(as_text=True)
    steps = re.findall(r'<li class="(done|upcoming|now)"', html)
    assert steps[:3] == ["done", "now", "upcoming"] and steps.count("now") == 1


def test_friendly_404(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=1)
    assert client.get(f"/c/{edition.contest.slug}/karya/{10**30}").status_code == 404
    response = client.get("/c/tidak-ada/karya/1")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in text_of(response) and "Kembali ke Beranda" in text_of(response)


def test_winner_page_cache_follows_changes(client, make_contest, make_entrant, make_staff):
    edition = build_edition(make_contest, make_entrant, n=2)
    url = f"/c/{edition.contest.slug}/pemenang"
    assert "Catatan baru juri" not in text_of(client.get(url))
    services.save_winner_note(entry=edition.entries[0], note="Catatan baru juri", actor=make_staff("admin"))
    db.session.commit()
    assert "Catatan baru juri" in text_of(client.get(url))
    edition.entries[1].title = "Judul Diperbaiki"
    db.session.commit()
    assert "Judul Diperbaiki" in text_of(client.get(url))


@pytest.mark.parametrize("announced", [True, False])
def test_my_entries_shows_the_award_once_the_winners_are_announced(client, make_contest, make_entrant, announced):
    edition = build_edition(make_contest, make_entrant, n=2, winners=1, announced=announced)
    winner = edition.entries[0]
    login(client, winner.user)
    page = text_of(client.get("/entries/"))
    prize = winner.contest.prizes[0].name
    assert (f"🏆 {prize}" in page) is announced
    assert ("Terkirim" in page) is not announced
