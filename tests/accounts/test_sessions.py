"""Ending sessions: a copied session or remember-me cookie dies with logout, a password reset,
a removed role, a deactivated account, or "Keluar dari semua perangkat"."""
import pytest

from contest.accounts.services import make_reset_token
from contest.core.extensions import db
from tests.conftest import csrf_token, login, post

PRIVATE = "/profil/data-saya"


def signed_in(client):
    """An entrant's profile answers 200, a staff member 403; only the signed-out go to /login."""
    return client.get(PRIVATE).status_code != 302


def copy_cookies(source, target, *names):
    """What a thief does with a cookie read off a shared computer: replay it from elsewhere."""
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        target.set_cookie(name, cookie.value, domain=cookie.domain)
    return target


@pytest.fixture
def thief(app):
    return app.test_client()


def test_logout_kills_a_copied_session_cookie(client, thief, make_entrant):
    login(client, make_entrant())
    copy_cookies(client, thief, "session")
    assert signed_in(thief)
    post(client, "/logout")
    assert not signed_in(client) and not signed_in(thief)


def test_logout_kills_a_copied_remember_me_cookie(client, thief, app, make_entrant):
    user = make_entrant()
    post(client, "/login", {"email": user.email, "password": "rahasia-123", "remember": "y"})
    assert signed_in(copy_cookies(client, app.test_client(), "remember_token"))  # the cookie alone will do
    copy_cookies(client, thief, "remember_token")
    post(client, "/logout")
    assert not signed_in(thief)


def test_password_reset_ends_every_session(client, thief, app, make_entrant):
    user = make_entrant()
    login(client, user)
    token = make_reset_token(user)
    stranger = app.test_client()
    post(stranger, f"/reset-password/{token}", {"password": "sandi-baru-123", "password_confirm": "sandi-baru-123"})
    assert not signed_in(client)
    login(client, user, password="sandi-baru-123")
    assert signed_in(client)


def test_removing_a_role_or_deactivating_ends_sessions(client, app, make_staff):
    judge = make_staff("judge", "admin")
    login(client, judge)
    assert signed_in(client)
    [admin_role] = [role for role in judge.roles if role.name == "admin"]
    judge.roles.remove(admin_role)
    db.session.commit()
    assert not signed_in(client)
    login(client, judge)
    assert signed_in(client)
    judge.active = False
    db.session.commit()
    assert not signed_in(client)
    judge.active = True  # reactivated: the old cookie stays dead, a new login works
    db.session.commit()
    assert not signed_in(client)
    login(client, judge)
    assert signed_in(client)


def test_keluar_dari_semua_perangkat_on_the_profile(client, app, make_entrant):
    user = make_entrant()
    laptop, phone = client, app.test_client()
    login(laptop, user)
    login(phone, user)
    page = laptop.get(PRIVATE).get_data(as_text=True)
    assert 'action="/logout/everywhere"' in page and "Keluar dari semua perangkat" in page
    assert phone.get("/logout/everywhere").status_code == 405  # a state change only on POST
    response = post(phone, "/logout/everywhere")
    assert response.status_code == 302 and response.location.endswith("/")  # home, as a plain logout
    assert not signed_in(laptop) and not signed_in(phone)
    assert laptop.post("/logout/everywhere", data={"csrf_token": csrf_token(laptop)}).status_code == 302
