"""Karya Saya through the browser: draft, edit, submit, withdraw, and the phase rules."""
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from contest.contests.timefmt import format_deadline
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import Entry
from tests.conftest import login, post, text_of
from tests.entries.helpers import make_submittable

WITA = ZoneInfo("Asia/Makassar")
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
ENTRY = {"title": "Netral Itu Pilihan Kami", "synopsis": "Pegawai menolak atribut kampanye.",
         "social_url": "", "originality": "y"}


@pytest.fixture
def entrant(client, make_entrant):
    user = make_entrant()
    login(client, user)
    return user


def create(client, **overrides):
    response = post(client, "/entries/new", {**ENTRY, **overrides})
    return response


def only_entry():
    return db.session.scalar(select(Entry))


def closed_a_second_ago():
    now = utcnow()
    return dict(registration_opens_at=now - timedelta(days=20), submissions_close_at=now - timedelta(seconds=1))


def opens_in_a_minute():
    now = utcnow()
    return dict(registration_opens_at=now + timedelta(minutes=1), submissions_close_at=now + timedelta(days=20))


# --- the happy path -----------------------------------------------------------------------------

def test_empty_state_invites_the_first_entry(client, make_contest, entrant):
    make_contest()
    page = text_of(client.get("/entries/"))
    assert "Anda belum membuat karya" in page and "Buat karya pertama" in page


def test_draft_edit_submit_withdraw(client, make_contest, entrant):
    make_contest()
    response = create(client)
    entry = only_entry()
    assert response.status_code == 302 and response.location.endswith(f"/entries/{entry.id}")
    detail = text_of(client.get(response.location))
    assert "Draf karya tersimpan" in detail and entry.code in detail and "Draf" in detail

    edited = post(client, f"/entries/{entry.id}/edit", {**ENTRY, "title": "Judul Baru"})
    assert edited.status_code == 302
    db.session.expire_all()
    assert only_entry().title == "Judul Baru"

    make_submittable(only_entry())
    db.session.commit()
    submitted = post(client, f"/entries/{entry.id}/submit")
    assert submitted.status_code == 302
    page = text_of(client.get(submitted.location))
    assert "Karya berhasil dikirim" in page and "Terkirim" in page
    db.session.expire_all()
    assert only_entry().is_submitted and only_entry().submitted_at is not None

    withdrawn = post(client, f"/entries/{entry.id}/withdraw")
    page = text_of(client.get(withdrawn.location))
    assert "Karya telah ditarik" in page and "Karya ini sudah ditarik" in page
    assert "Kirim karya" not in page
    db.session.expire_all()
    assert only_entry().is_withdrawn
    listing = text_of(client.get("/entries/"))
    assert "Judul Baru" in listing and "Ditarik" in listing


def test_edit_form_is_prefilled(client, make_contest, entrant):
    make_contest()
    create(client)
    page = client.get(f"/entries/{only_entry().id}/edit").get_data(as_text=True)
    assert 'value="Netral Itu Pilihan Kami"' in page and "Pegawai menolak atribut kampanye." in page


def test_originality_statement_is_required(client, make_contest, entrant):
    make_contest()
    response = create(client, originality=None)
    assert response.status_code == 200
    assert "Anda harus menyetujui pernyataan keaslian karya." in text_of(response)
    assert only_entry() is None


@pytest.mark.parametrize("url", ["javascript://example.com/%0aalert(1)", "ftp://example.com/v.mp4"])
def test_social_link_must_be_a_web_link(client, make_contest, entrant, url):
    make_contest()
    response = create(client, social_url=url)
    assert response.status_code == 200
    assert only_entry() is None


def test_social_link_is_kept(client, make_contest, entrant):
    make_contest()
    create(client, social_url=" https://www.instagram.com/p/abc/ ")
    assert only_entry().social_url == "https://www.instagram.com/p/abc/"


def test_second_entry_over_the_limit_gets_a_message(client, make_contest, entrant):
    make_contest()
    create(client)
    page = text_of(client.get("/entries/"))
    assert "Buat karya baru" not in page and "Anda sudah mencapai batas 1 karya" in page
    response = create(client, title="Karya kedua")
    assert "Anda sudah mencapai batas 1 karya untuk sayembara ini." in text_of(response)
    assert db.session.query(Entry).count() == 1


def test_user_input_is_escaped(client, make_contest, entrant):
    make_contest()
    create(client, title="<script>alert(1)</script>", synopsis="<img src=x onerror=alert(1)>")
    html = client.get(f"/entries/{only_entry().id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html


# --- deadlines on the page ----------------------------------------------------------------------

def test_deadline_in_indonesian_with_the_contests_timezone_and_a_countdown(client, make_contest, entrant):
    day = (datetime.now(WITA) + timedelta(days=10)).date()
    closes = datetime.combine(day, time(23, 59), tzinfo=WITA)
    contest = make_contest(submissions_close_at=closes)
    expected = f"{DAYS_ID[day.weekday()]}, {day.day} "
    create(client)
    for url in ("/entries/", f"/entries/{only_entry().id}", "/"):
        html = client.get(url).get_data(as_text=True)
        shown = format_deadline(contest.submissions_close_at, "Asia/Makassar")
        assert shown.startswith(expected) and shown.endswith(f"{day.year} pukul 23.59 WITA")
        assert shown in text_of(client.get(url)), url
        countdown = re.search(r'data-countdown="([^"]+)"', html)
        assert countdown, url
        assert datetime.fromisoformat(countdown.group(1)) == closes


# --- phase rules on the server ------------------------------------------------------------------

def test_window_closed_a_second_ago_refuses_every_change(client, make_contest, entrant):
    contest = make_contest()
    create(client)
    entry = make_submittable(only_entry())
    db.session.commit()
    for key, value in closed_a_second_ago().items():
        setattr(contest, key, value)
    db.session.commit()

    new = client.get("/entries/new")
    assert new.status_code == 403
    assert "Tahap ini sedang tidak dibuka" in text_of(new)
    assert format_deadline(contest.submissions_close_at, contest.timezone) in text_of(new)
    for path in ("/edit", "/submit", "/withdraw"):
        assert post(client, f"/entries/{entry.id}{path}", {**ENTRY, "title": "Telat"}).status_code == 403, path
    assert create(client).status_code == 403
    db.session.expire_all()
    assert only_entry().is_draft and only_entry().title == ENTRY["title"]
    assert db.session.query(Entry).count() == 1

    detail = text_of(client.get(f"/entries/{entry.id}"))
    assert "Pengumpulan karya sudah ditutup" in detail
    assert "Kirim karya" not in detail and "Tarik karya" not in detail
    assert "sudah ditutup" in text_of(client.get("/entries/"))


def test_window_opening_in_a_minute_refuses_entries_yet(client, make_contest, entrant):
    contest = make_contest(**opens_in_a_minute())
    response = client.get("/entries/new")
    assert response.status_code == 403
    assert format_deadline(contest.registration_opens_at, contest.timezone) in text_of(response)
    assert create(client).status_code == 403
    assert only_entry() is None
    page = text_of(client.get("/entries/"))
    assert "Pengumpulan karya dibuka" in page and "Buat karya" not in page


def test_window_open_until_a_minute_from_now_accepts_entries(client, make_contest, entrant):
    now = utcnow()
    make_contest(registration_opens_at=now - timedelta(seconds=1), submissions_close_at=now + timedelta(minutes=1))
    assert create(client).status_code == 302


def test_no_contest_at_all(client, entrant):
    assert client.get("/entries/").status_code == 200
    assert client.get("/entries/new").status_code == 404


def test_past_entries_stay_visible_but_frozen(client, make_contest, entrant):
    old = make_contest()
    create(client)
    entry = only_entry()
    for key, value in closed_a_second_ago().items():
        setattr(old, key, value)
    db.session.commit()
    make_contest()  # a newer edition becomes current
    listing = text_of(client.get("/entries/"))
    assert ENTRY["title"] in listing and "Buat karya pertama" not in listing
    assert post(client, f"/entries/{entry.id}/withdraw").status_code == 403
