"""Kotak Keluar Email: the committee sees every message's state and sends failed ones again."""

import pytest

from contest.core.extensions import db
from contest.notifications.models import OutboxMessage
from contest.notifications.services import queue_mail
from tests.conftest import counted_queries, csrf_token, login, post, text_of
from tests.notifications.conftest import queued_message_ids

URL = "/admin/outbox/"


@pytest.fixture
def admin(app, make_staff):
    client = app.test_client()
    login(client, make_staff("admin"))
    return client


def add_messages(n, *, state="sent", kind="vote_code"):
    messages = []
    for i in range(n):
        message = queue_mail(to=f"orang{i}@example.go.id", subject=f"Subjek {i}", body="Isi", kind=kind)
        message.state = state
        messages.append(message)
    db.session.commit()
    return messages


def failed_message(error="ConnectionRefusedError: [Errno 111] Connection refused"):
    [message] = add_messages(1, state="failed", kind="judge_invite")
    message.attempts, message.last_error, message.next_attempt_at = 5, error, None
    db.session.commit()
    return message


def test_the_page_lists_messages_with_state_error_and_a_retry_button(admin):
    add_messages(2)
    failed = failed_message()
    page = admin.get(URL)
    assert page.status_code == 200
    text = text_of(page)
    assert "Kotak Keluar Email" in text and "Subjek 1" in text and "Undangan juri" in text
    assert "ConnectionRefusedError" in text and "Gagal" in text
    html = page.get_data(as_text=True)
    assert f"/admin/outbox/{failed.id}/retry" in html and html.count("/retry") == 1  # only failed ones
    assert 'data-confirm="Kirim ulang email ini ke orang0@example.go.id?"' in html
    assert '<span class="badge bg-danger" id="count-failed">1</span>' in html


def test_the_page_filters_by_state(admin):
    add_messages(2)
    failed_message()
    text = text_of(admin.get(URL + "?state=failed"))
    assert "Subjek 0" in text and "orang1@example.go.id" not in text
    assert admin.get(URL + "?state=nonsense").status_code == 404


def test_retry_puts_the_failed_message_back_and_enqueues_it(admin, empty_queue):
    message = failed_message()
    empty_queue.flush()  # its first send task, long gone in real life
    response = post(admin, f"/admin/outbox/{message.id}/retry", {"state": "failed"})
    assert response.status_code == 302 and response.location.endswith("/admin/outbox/?state=failed")
    db.session.expire_all()
    assert (message.state, message.attempts) == ("pending", 0)
    assert queued_message_ids(empty_queue) == [message.id]
    assert "dimasukkan kembali ke antrean" in text_of(admin.get(URL))


def test_retrying_a_message_that_is_not_failed_is_refused_plainly(admin, empty_queue):
    [message] = add_messages(1, state="sent")
    empty_queue.flush()
    post(admin, f"/admin/outbox/{message.id}/retry")
    db.session.expire_all()
    assert message.state == "sent" and queued_message_ids(empty_queue) == []
    assert "Hanya email yang gagal" in text_of(admin.get(URL))


def test_retry_needs_csrf_and_post(admin):
    message = failed_message()
    assert admin.post(f"/admin/outbox/{message.id}/retry").status_code == 400
    assert admin.get(f"/admin/outbox/{message.id}/retry").status_code == 405
    db.session.expire_all()
    assert message.state == "failed"


def test_only_the_committee_sees_the_outbox(app, client, make_entrant, make_staff):
    message = failed_message()
    assert client.get(URL).status_code == 302  # to the login page
    for user in (make_entrant(), make_staff("judge")):
        other = app.test_client()
        login(other, user)
        assert other.get(URL).status_code == 403
        assert other.post(f"/admin/outbox/{message.id}/retry",
                          data={"csrf_token": csrf_token(other)}).status_code == 403
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).state == "failed"


def test_the_admin_menu_links_to_the_outbox(admin):
    assert 'href="/admin/outbox/"' in admin.get("/admin/contests").get_data(as_text=True)




def test_query_count_does_not_grow_with_messages(admin, make_contest, make_entrant):
    contest, user = make_contest(), make_entrant()
    counts = []
    for n in (5, 50):
        db.session.query(OutboxMessage).delete()
        db.session.commit()
        for message in add_messages(n // 2, state="failed") + add_messages(n - n // 2, state="sent"):
            message.contest_id, message.user_id = contest.id, user.id
        db.session.commit()
        with counted_queries() as statements:
            page = admin.get(URL)
        assert page.status_code == 200 and text_of(page).count("orang") == n
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
