"""Public pages, the language switch, sanitised Markdown, and every page for every role."""
from datetime import timedelta

import pytest

from contest.contests.timefmt import format_deadline
from contest.core.extensions import db
from contest.core.http.rendering import render_markdown
from contest.core.timeutil import utcnow
from contest.entries.services import create_entry
from tests.conftest import csrf_token, login, post, text_of


def test_home_without_any_contest(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada sayembara yang dibuka" in text_of(response)


def test_home_during_submissions_shows_deadline_countdown_prizes_and_timeline(client, make_contest):
    contest = make_contest()
    response = client.get("/")
    html, page = response.get_data(as_text=True), text_of(response)
    assert contest.title in page and contest.theme in page
    assert format_deadline(contest.submissions_close_at, "Asia/Makassar") in page
    assert "pukul 23.59 WITA" in page
    assert 'data-countdown="' in html
    assert "Daftar sekarang" in page
    assert "Juara I" in page and "Rp 7.500.000" in page
    assert "Pengumuman pemenang" in page
    assert "60–180 detik" in page and "720 piksel" in page


def test_home_before_opening_and_after_closing(client, make_contest):
    now = utcnow()
    contest = make_contest(registration_opens_at=now + timedelta(minutes=1))
    page = text_of(client.get("/"))
    assert "Pendaftaran dibuka " + format_deadline(contest.registration_opens_at, "Asia/Makassar") in page
    contest.registration_opens_at = now - timedelta(days=20)
    contest.submissions_close_at = now - timedelta(seconds=1)
    db.session.commit()
    page = text_of(client.get("/"))
    assert "Pengumpulan karya telah ditutup" in page and "Daftar sekarang" not in page


def test_terms_page(client, make_contest):
    make_contest()
    page = text_of(client.get("/terms"))
    assert "Syarat dan Ketentuan" in page and "UU Nomor 27 Tahun 2022" in page
    assert "Kami tidak meminta NIK atau KTP" in page
    assert client.get("/terms").status_code == 200


def test_language_switch_to_english_and_back(client, make_contest):
    contest = make_contest()
    response = post(client, "/lang", {"lang": "en", "next": "/terms"})
    assert response.status_code == 302 and response.location.endswith("/terms")
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert format_deadline(contest.submissions_close_at, "Asia/Makassar", "en") in text_of(client.get("/"))
    assert "Bahasa Indonesia" in html  # the button that switches back
    post(client, "/lang", {"lang": "id", "next": "/"})
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("lang,next_url", [("fr", "/"), ("en", "//evil.example/"), ("en", "https://evil.example/"),
                                           ("en", "/\\evil.example")])
def test_language_switch_ignores_unknown_languages_and_foreign_targets(client, lang, next_url):
    response = post(client, "/lang", {"lang": lang, "next": next_url})
    assert response.status_code == 302
    assert response.location in ("/", "http://localhost/")
    if lang == "fr":
        assert '<html lang="id">' in client.get("/").get_data(as_text=True)


def test_markdown_from_the_committee_cannot_carry_scripts(client, make_contest):
    make_contest(
        description="Halo <script>alert('x')</script> **tebal**\n\n[klik](javascript:alert(1)) "
                    '<img src=x onerror="alert(1)"> <a href="https://kaltimprov.go.id" onclick="x()">situs</a>',
        rules="<iframe src='https://evil.example'></iframe>\n\n1. Aturan",
    )
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert" not in html and "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html and "<iframe" not in html and "<img" not in html
    assert "<strong>tebal</strong>" in html
    assert 'href="https://kaltimprov.go.id"' in html and 'rel="nofollow"' in html


def test_render_markdown_directly():
    html = str(render_markdown("<script>alert(1)</script>\n\n## Judul\n\n- satu"))
    assert "<script>" not in html and "<h2>Judul</h2>" in html and "<li>satu</li>" in html
    assert str(render_markdown(None)) == ""


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in text_of(response)


def test_wrong_method_is_a_friendly_405(client):
    response = client.get("/lang")
    assert response.status_code == 405
    assert "Metode tidak diizinkan" in text_of(response)


@pytest.fixture
def pages_world(make_contest, make_entrant, make_staff):
    contest = make_contest()
    entrant = make_entrant()
    entry = create_entry(contest=contest, user=entrant, title="Karya Uji", synopsis="Isi", social_url=None)
    db.session.commit()
    return {"contest": contest, "entry": entry, "entrant": entrant,
            "judge": make_staff("judge"), "admin": make_staff("admin")}


@pytest.mark.parametrize("role,urls", [
    ("entrant", ["/", "/terms", "/entries/", "/entries/new", "/entries/{entry}", "/entries/{entry}/edit"]),
    ("judge", ["/", "/terms"]),
    ("admin", ["/", "/terms", "/admin/contests", "/admin/contests/new", "/admin/contests/{contest}/edit"]),
])
def test_pages_render_for_each_role(client, pages_world, role, urls):
    login(client, pages_world[role])
    for url in urls:
        url = url.format(entry=pages_world["entry"].id, contest=pages_world["contest"].id)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert 'name="viewport"' in html  # mobile-friendly layout
        assert pages_world[role].full_name in html  # logged in, with the logout button
        assert "Keluar" in html


def test_navigation_matches_the_role(client, pages_world):
    login(client, pages_world["admin"])
    html = client.get("/").get_data(as_text=True)
    assert 'href="/admin/console/"' in html and 'href="/entries/"' not in html
    assert "Daftar sekarang" not in html
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, pages_world["entrant"])
    html = client.get("/").get_data(as_text=True)
    assert 'href="/entries/"' in html and 'href="/admin/console/"' not in html


def test_another_entrants_detail_page_is_404(client, pages_world, make_entrant):
    login(client, make_entrant())
    response = client.get(f"/entries/{pages_world['entry'].id}")
    assert response.status_code == 404
    assert "Karya Uji" not in response.get_data(as_text=True)
