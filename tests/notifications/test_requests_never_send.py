"""No request talks to a mail server: each writes an outbox row with its change, the worker sends it.

SMTP_HOST points at a loopback server that accepts connections and never answers (a hung mail
server): a request that tried SMTP would hang for the 30 s timeout and the server would count it.
"""
from sqlalchemy import select

from contest.accounts.services import find_user_by_email
from contest.core.extensions import db
from contest.notifications.models import OutboxMessage
from contest.voting.models import VoteChallenge
from tests.conftest import login, post
from tests.notifications.conftest import queued_message_ids
from tests.voting.helpers import make_candidates, submitted_entry, voting_window


def outbox_rows():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_password_reset_request_only_writes_the_outbox(client, make_entrant, silent_smtp, empty_queue):
    user = make_entrant()
    response = post(client, "/forgot-password", {"email": user.email})
    assert response.status_code == 302
    assert silent_smtp.connections == 0
    [message] = outbox_rows()
    assert (message.kind, message.state, message.user_id, message.to_address) == (
        "password_reset", "pending", user.id, user.email)
    assert "/reset-password/" in message.body
    assert queued_message_ids(empty_queue) == [message.id]  # enqueued after the commit


def test_vote_code_request_writes_the_code_mail_with_the_challenge(app, make_contest, make_entrant,
                                                                   silent_smtp, empty_queue):
    contest = make_contest(**voting_window())
    entry = submitted_entry(contest, make_entrant(), "Netral Itu Pilihan")
    make_candidates(contest, entry)
    response = post(app.test_client(), f"/vote/{entry.id}/start", {"email": "rina@example.go.id"})
    assert response.status_code == 302
    assert silent_smtp.connections == 0
    [message] = outbox_rows()
    assert (message.kind, message.state, message.contest_id) == ("vote_code", "pending", contest.id)
    assert db.session.scalar(select(VoteChallenge.id)) is not None
    assert queued_message_ids(empty_queue) == [message.id]


def test_a_refused_vote_request_leaves_no_mail(app, make_contest, make_entrant, silent_smtp, empty_queue):
    contest = make_contest(**voting_window())
    entry = submitted_entry(contest, make_entrant())
    make_candidates(contest, entry, domains="kaltimprov.go.id")
    response = post(app.test_client(), f"/vote/{entry.id}/start", {"email": "rina@gmail.com"})
    assert response.status_code == 400  # DomainError: the address's domain is not allowed
    assert outbox_rows() == [] and queued_message_ids(empty_queue) == []
    assert silent_smtp.connections == 0


def test_judge_invitation_writes_the_invitation_mail(app, make_staff, make_contest, silent_smtp, empty_queue):
    make_contest()
    admin = app.test_client()
    login(admin, make_staff("admin"))
    response = post(admin, "/admin/judging/judges", {"full_name": "Dr. Ratna Sari", "email": "ratna@unmul.ac.id",
                                                     "agency": "Universitas Mulawarman", "affiliation": "Akademisi"})
    assert response.status_code == 302
    assert silent_smtp.connections == 0
    [message] = outbox_rows()
    judge = find_user_by_email("ratna@unmul.ac.id")
    assert (message.kind, message.user_id, message.state) == ("judge_invite", judge.id, "pending")
    assert "/judging/invite/" in message.body

    resent = post(admin, f"/admin/judging/judges/{judge.id}/resend")
    assert resent.status_code == 302 and silent_smtp.connections == 0
    assert [m.kind for m in outbox_rows()] == ["judge_invite", "judge_invite"]
    assert len(queued_message_ids(empty_queue)) == 2


def test_a_refused_invitation_leaves_no_mail(app, make_staff, make_entrant, silent_smtp, empty_queue):
    admin = app.test_client()
    login(admin, make_staff("admin"))
    entrant = make_entrant()
    response = post(admin, "/admin/judging/judges", {"full_name": "Peserta", "email": entrant.email,
                                                     "agency": "Dinas", "affiliation": "Akademisi"})
    assert response.status_code == 200  # DomainError: an entrant cannot be a judge
    assert outbox_rows() == [] and queued_message_ids(empty_queue) == []


def test_the_silent_server_does_count_a_connection(silent_smtp):
    """The zero counts above mean something: a real SMTP attempt is seen (and times out)."""
    import smtplib

    import pytest

    with pytest.raises((TimeoutError, smtplib.SMTPServerDisconnected)):
        smtplib.SMTP("127.0.0.1", silent_smtp.sock.getsockname()[1], timeout=0.5)
    assert silent_smtp.connections == 1
