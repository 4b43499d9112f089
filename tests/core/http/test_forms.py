"""contest/core/http/forms.py: every form cleans text the same way — NFC everywhere, and single-line fields
(names, titles, agency, crew, prize and judge names) refuse bidi and zero-width characters."""
import pytest
from sqlalchemy import select

from contest.accounts.models import User
from contest.core.extensions import db
from contest.entries.models import Entry
from tests.accounts.test_views import registration
from tests.conftest import login, post, text_of

HIDDEN = "karakter tersembunyi"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Rina\u202eodnaW" shows as "RinaWando" reversed


@pytest.mark.parametrize("field", ["full_name", "agency", "work_unit", "position"])
def test_registration_refuses_a_bidi_override_in_a_name(client, field):
    response = post(client, "/register", registration(**{field: "Dinas " + RLO + "ofnimoK"}))
    assert response.status_code == 200
    assert HIDDEN in text_of(response) and "U+202E" in text_of(response)
    assert db.session.scalar(select(User)) is None


def test_registration_stores_names_in_nfc_and_leaves_passwords_alone(client, app):
    password = "sandi-Andre\u0301-123"  # a password is compared exactly as typed
    response = post(client, "/register", registration(full_name="Andre\u0301 Pratama", password=password,
                                                     password_confirm=password))
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.full_name == "André Pratama" and user.check_password(password)
    assert not user.check_password("sandi-André-123")


def test_entry_title_refuses_a_zero_width_space_but_the_synopsis_is_only_normalized(client, make_contest,
                                                                                       make_entrant):
    make_contest()
    login(client, make_entrant())
    form = {"synopsis": "Cafe\u0301 ramah ASN 👩\u200d💻", "social_url": "", "originality": "y"}
    refused = post(client, "/entries/new", {**form, "title": "Netral\u200bItu Pilihan"})
    assert refused.status_code == 200 and "U+200B" in text_of(refused)
    assert db.session.scalar(select(Entry)) is None
    assert post(client, "/entries/new", {**form, "title": "Netral Itu Pilihan"}).status_code == 302
    entry = db.session.scalar(select(Entry))
    assert entry.synopsis == "Café ramah ASN 👩\u200d💻"  # multi-line text keeps the emoji's joiner


def test_prize_names_refuse_isolates(client, make_staff):
    from tests.contests.test_admin_views import contest_form

    login(client, make_staff("admin"))
    response = post(client, "/admin/contests/new", contest_form(**{"prizes-0-name": "Juara \u2066I\u2069"}))
    assert response.status_code == 200 and "U+2066, U+2069" in text_of(response)


def test_judge_names_refuse_a_byte_order_mark(client, make_staff, make_contest):
    make_contest()
    login(client, make_staff("admin"))
    response = post(client, "/admin/judging/judges", {
        "full_name": "\ufeffDr. Ratna Sari", "email": "ratna@unmul.ac.id", "agency": "Universitas Mulawarman"})
    assert response.status_code == 200 and "U+FEFF" in text_of(response)
    assert db.session.scalar(select(User).where(User.email == "ratna@unmul.ac.id")) is None
