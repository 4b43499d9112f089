"""Registering and submitting tell the entrant, in the transaction that made the change."""
from sqlalchemy import select

from contest.core.extensions import db
from contest.entries.services import create_entry
from contest.notifications.models import OutboxMessage
from tests.accounts.test_views import registration
from tests.conftest import login, post
from tests.entries.helpers import make_submittable


def messages(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()


def test_registration_is_confirmed_by_mail(client, make_contest):
    contest = make_contest(title="Sayembara Netralitas 2025")
    assert post(client, "/register", registration()).status_code == 302
    [message] = messages("registration_confirmed")
    assert message.to_address == "andi.pratama@example.go.id" and message.contest_id == contest.id
    assert message.subject == "Pendaftaran berhasil — Sayembara Netralitas 2025"
    assert "Halo Andi Pratama, S.Kom.," in message.body and "http://localhost/entries/" in message.body


def test_a_refused_registration_sends_nothing(client, make_contest):
    make_contest()
    post(client, "/register", registration(password_confirm="lain-lagi"))
    assert messages("registration_confirmed") == []


def test_a_submitted_entry_is_confirmed_with_its_code(client, make_contest, make_entrant):
    contest = make_contest()
    user = make_entrant(full_name="Siti Rahmawati")
    entry = make_submittable(create_entry(contest=contest, user=user, title="Netral Itu Keren",
                                          synopsis="Sinopsis.", social_url=None))
    db.session.commit()
    login(client, user)
    assert post(client, f"/entries/{entry.id}/submit").status_code == 302
    [message] = messages("entry_submitted")
    assert message.user_id == user.id and message.subject == f"Karya {entry.code} diterima"
    assert f"dengan kode {entry.code}" in message.body and "Netral Itu Keren" in message.body
    post(client, f"/entries/{entry.id}/submit")  # refused: already submitted
    assert len(messages("entry_submitted")) == 1
