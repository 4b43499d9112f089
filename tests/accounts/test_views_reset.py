"""Forgot password: an emailed, expiring, single-use link (read from the MAIL_OUTBOX folder)."""
import email
import email.policy
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from contest import create_app
from contest.accounts.services import RESET_SALT, find_user_by_email, make_reset_token
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.notifications.models import OutboxMessage
from contest.notifications.sending import send_due
from tests.conftest import QUEUE_CONFIG, login, post, text_of

GENERIC = "Jika email tersebut terdaftar, kami telah mengirim tautan"


@pytest.fixture
def outbox(app):
    """The messages the worker wrote to MAIL_OUTBOX during the test, oldest first."""
    folder = Path(app.config["MAIL_OUTBOX"])
    shutil.rmtree(folder, ignore_errors=True)

    def messages():
        send_due()  # what the worker does after the request's commit (no worker runs in tests)
        if not folder.exists():
            return []
        files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]

    return messages


def reset_link(message):
    body = message.get_content()
    match = re.search(r"https?://\S+/reset-password/\S+", body)
    assert match, body
    return match.group(0)


def request_reset(client, address):
    return post(client, "/forgot-password", {"email": address})


def test_forgot_password_mails_a_link_that_sets_a_new_password(client, make_entrant, outbox):
    user = make_entrant(email="rina@example.go.id")
    response = request_reset(client, "Rina@Example.go.id")
    assert response.status_code == 302 and response.location.endswith("/login")
    assert GENERIC in text_of(client.get("/login"))

    [message] = outbox()
    assert message["To"] == "rina@example.go.id"
    assert message["Subject"] == "Atur ulang kata sandi"
    assert "Yth. " + user.full_name in message.get_content()
    link = reset_link(message)
    assert link.startswith("http://localhost/reset-password/")

    path = urlsplit(link).path
    page = client.get(path)
    assert page.status_code == 200 and "Atur Ulang Kata Sandi" in text_of(page)
    done = post(client, path, {"password": "sandi-baru-456", "password_confirm": "sandi-baru-456"})
    assert done.status_code == 302 and done.location.endswith("/login")
    assert "Kata sandi berhasil diubah" in text_of(client.get("/login"))

    wrong = post(client, "/login", {"email": user.email, "password": "rahasia-123"})
    assert "Email atau kata sandi salah." in text_of(wrong)
    login(client, user, password="sandi-baru-456")


def test_reset_link_works_only_once(client, make_entrant, outbox):
    make_entrant(email="sekali@example.go.id")
    request_reset(client, "sekali@example.go.id")
    path = urlsplit(reset_link(outbox()[0])).path
    post(client, path, {"password": "sandi-baru-456", "password_confirm": "sandi-baru-456"})

    again = client.get(path)
    assert again.status_code == 302 and again.location.endswith("/forgot-password")
    assert "Tautan ini sudah dipakai" in text_of(client.get("/forgot-password"))
    reuse = post(client, path, {"password": "sandi-lain-789", "password_confirm": "sandi-lain-789"})
    assert reuse.status_code == 302
    assert find_user_by_email("sekali@example.go.id").check_password("sandi-baru-456")


def test_reset_link_expires(client, app, make_entrant):
    user = make_entrant()
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]

    class SignedEarlier(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - max_age - 1

    # A token exactly like make_reset_token's, signed just over max_age seconds ago.
    fresh = URLSafeTimedSerializer(app.secret_key, salt=RESET_SALT)
    payload = fresh.loads(make_reset_token(user))
    old = URLSafeTimedSerializer(app.secret_key, salt=RESET_SALT, signer=SignedEarlier).dumps(payload)

    response = client.get(f"/reset-password/{old}")
    assert response.status_code == 302
    assert "sudah kedaluwarsa" in text_of(client.get("/forgot-password"))


def test_tampered_reset_link_is_refused(client, make_entrant):
    token = make_reset_token(make_entrant())
    response = client.get(f"/reset-password/{token[:-2]}xx")
    assert response.status_code == 302
    assert "Tautan atur ulang kata sandi tidak valid." in text_of(client.get("/forgot-password"))


def test_unknown_email_gets_the_same_answer_and_no_mail(client, outbox):
    response = request_reset(client, "tidak-ada@example.go.id")
    assert response.status_code == 302
    assert GENERIC in text_of(client.get("/login"))
    assert outbox() == []


def test_deactivated_account_gets_no_mail_and_old_links_die(client, make_entrant, outbox):
    user = make_entrant()
    token = make_reset_token(user)
    user.active = False
    db.session.commit()
    request_reset(client, user.email)
    assert outbox() == []
    assert client.get(f"/reset-password/{token}").status_code == 302


def test_public_url_is_used_for_the_link(client, app, make_entrant, outbox, monkeypatch):
    """A forged Host header must not decide where the emailed link points."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://sayembara.kaltimprov.go.id/")
    user = make_entrant()
    request_reset(client, user.email)
    assert reset_link(outbox()[0]).startswith("https://sayembara.kaltimprov.go.id/reset-password/")


@pytest.fixture(scope="module")
def deployed(app):
    """Clients of this app configured as deployed: no SERVER_NAME pins the host of links, so
    only PUBLIC_URL and the trusted hosts stand between a forged Host header and the mail."""
    shared = {key: app.config[key] for key in (
        "TESTING", "SQLALCHEMY_DATABASE_URI", "MAIL_OUTBOX", "UPLOAD_ROOT", "SECRET_KEY")}
    apps = {hops: create_app({**shared, **QUEUE_CONFIG, "PROXY_COUNT": hops}) for hops in (0, 1)}
    return lambda *, proxies=0: apps[proxies].test_client()


@pytest.mark.parametrize("headers", [{"Host": "evil.example"}, {"Host": "evil.example:5000"},
                                     {"X-Forwarded-Host": "evil.example"}])
def test_a_forged_host_never_reaches_the_emailed_link(deployed, make_entrant, outbox, headers):
    """Without PUBLIC_URL: a host the app does not serve is refused before anything is mailed,
    and X-Forwarded-Host counts for nothing unless PROXY_COUNT says a proxy sets it."""
    user = make_entrant()
    response = post(deployed(), "/forgot-password", {"email": user.email}, headers=headers)
    assert all("evil.example" not in message.get_content() for message in outbox())
    if "Host" in headers:
        assert response.status_code == 400 and outbox() == []
        assert "Alamat host ini tidak dilayani" in response.get_data(as_text=True)
    else:
        assert response.status_code == 302
        assert reset_link(outbox()[0]).startswith("http://localhost/reset-password/")


def test_behind_a_proxy_a_forwarded_host_must_be_trusted(deployed, make_entrant, outbox):
    client = deployed(proxies=1)
    user = make_entrant()
    forged = post(client, "/forgot-password", {"email": user.email}, headers={"X-Forwarded-Host": "evil.example"})
    assert forged.status_code == 400 and outbox() == []
    honest = post(client, "/forgot-password", {"email": user.email}, headers={"X-Forwarded-Host": "127.0.0.1:8443"})
    assert honest.status_code == 302
    assert reset_link(outbox()[0]).startswith("http://127.0.0.1:8443/reset-password/")


def test_reset_form_validates_the_new_password(client, make_entrant):
    path = f"/reset-password/{make_reset_token(make_entrant())}"
    response = post(client, path, {"password": "pendek", "password_confirm": "pendek"})
    assert response.status_code == 200
    assert "Kata sandi minimal 8 karakter." in text_of(response)


def test_forgot_password_is_rate_limited(client):
    for _ in range(5):
        assert request_reset(client, "x@example.go.id").status_code == 302
    assert request_reset(client, "x@example.go.id").status_code == 429


def test_mail_server_down_does_not_touch_the_request_the_worker_retries(client, app, make_entrant, monkeypatch):
    # Nothing listens on port 1 of this machine: a real connection refusal, met by the worker only.
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 1)
    user = make_entrant()
    response = request_reset(client, user.email)
    assert response.status_code == 302 and response.location.endswith("/login")
    [message] = db.session.scalars(select(OutboxMessage)).all()
    assert (message.kind, message.state, message.user_id) == ("password_reset", "pending", user.id)

    assert send_due() == {message.id: "pending"}
    assert message.attempts == 1 and "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at > utcnow()
