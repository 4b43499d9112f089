"""What judging tells people: the check result (with note and fix deadline), a judge's invitation."""
from datetime import UTC, datetime

from sqlalchemy import select

from contest.core.extensions import db
from contest.notifications.models import OutboxMessage
from contest.notifications.notify import save_template, settings_for
from tests.conftest import login, post


def messages(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


def test_the_check_result_reaches_the_entrant_once_per_new_result(
        client, make_staff, make_contest, make_entry, make_round):
    contest = make_contest()
    settings_for(contest).fix_deadline = datetime(2024, 10, 20, 15, 59, tzinfo=UTC)
    db.session.commit()
    check_round = make_round(contest, [], kind="admin_check")
    entry = make_entry(contest, email="pemilik@example.go.id", title="Netral Itu Keren")
    login(client, make_staff("admin"))
    url = f"/admin/judging/rounds/{check_round.id}/checks/{entry.id}"
    post(client, url, {"outcome": "needs_fix", "reason": "Surat pernyataan belum ditandatangani."})
    post(client, url, {"outcome": "needs_fix", "reason": "Surat pernyataan belum ditandatangani."})  # saved again
    [message] = messages("admin_check_result")
    assert (message.to_address, message.user_id, message.contest_id) == ("pemilik@example.go.id", entry.user_id,
                                                                         contest.id)
    assert entry.code in message.subject
    assert "Perlu Perbaikan" in message.subject and "Surat pernyataan belum ditandatangani." in message.body
    assert "Minggu, 20 Oktober 2024 pukul 23.59 WITA" in message.body and "Netral Itu Keren" in message.body

    post(client, url, {"outcome": "pass", "reason": ""})
    accepted = messages("admin_check_result")[-1]
    assert len(messages("admin_check_result")) == 2 and ": Diterima." in accepted.body


def test_a_refused_check_sends_nothing(client, make_staff, make_contest, make_entry, make_round):
    contest = make_contest()
    check_round = make_round(contest, [], kind="admin_check")
    entry = make_entry(contest)
    login(client, make_staff("admin"))
    post(client, f"/admin/judging/rounds/{check_round.id}/checks/{entry.id}", {"outcome": "fail", "reason": ""})
    assert messages("admin_check_result") == []


def test_the_invitation_uses_the_editions_own_wording(app, client, make_staff, make_contest):
    contest = make_contest(title="Sayembara 2025")
    admin = make_staff("admin")
    save_template(contest=contest, kind="judge_invite", subject="Undangan juri {edisi}",
                  body="Yth. {nama}, silakan buka {tautan} (akun {email}).", actor=admin)
    db.session.commit()
    login(client, admin)
    response = post(client, "/admin/judging/judges", {
        "full_name": "Dr. Ratna Sari", "email": "ratna@unmul.ac.id", "agency": "Unmul", "affiliation": "Akademisi"})
    assert response.status_code == 302
    [message] = messages("judge_invite")
    assert message.subject == "Undangan juri Sayembara 2025"
    assert message.body.startswith("Yth. Dr. Ratna Sari, silakan buka http://localhost/judging/invite/")
    assert message.body.endswith("(akun ratna@unmul.ac.id).")
