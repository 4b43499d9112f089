"""The committee's notification pages: wording with preview and checks, broadcasts, a person's mail log."""
import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.entries.models import EntryStatus
from contest.notifications.models import Broadcast, NotificationSettings, NotificationTemplate, OutboxMessage
from contest.notifications.notify import notify
from tests import bulk
from tests.conftest import login, post, query_count, text_of


@pytest.fixture
def admin(app, make_staff):
    client = app.test_client()
    user = make_staff("admin")
    login(client, user)
    client.user = user
    return client


def outbox(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()


def test_the_list_shows_every_kind_and_getting_it_writes_nothing(admin, make_contest):
    contest = make_contest()
    text = text_of(admin.get(f"/admin/contests/{contest.id}/notifications/"))
    assert "Karya terkirim (dengan kodenya)" in text and "Pengingat penilaian untuk juri" in text
    assert "Teks bawaan" in text and 'value="3,1"' in admin.get(f"/admin/contests/{contest.id}/notifications/").text
    assert db.session.get(NotificationSettings, contest.id) is None


def test_preview_renders_sample_values_and_saves_nothing(admin, make_contest):
    contest = make_contest()
    url = f"/admin/contests/{contest.id}/notifications/templates/entry_submitted"
    page = admin.get(url)
    assert page.status_code == 200 and "NTR-2024-0042" in text_of(page)  # the default, with sample values
    response = post(admin, url, {"subject": "Kode {kode_karya}", "body": "Halo {nama}!", "action": "preview"})
    text = text_of(response)
    assert "Kode NTR-2024-0042" in text and "Halo Andi Pratama, S.Kom.!" in text
    assert db.session.scalar(select(func.count()).select_from(NotificationTemplate)) == 0


def test_an_unknown_placeholder_or_a_broken_brace_is_refused_by_name(admin, make_contest):
    contest = make_contest()
    url = f"/admin/contests/{contest.id}/notifications/templates/entry_submitted"
    response = post(admin, url, {"subject": "Kode {kode}", "body": "Halo {nama", "action": "save"})
    assert response.status_code == 422
    text = text_of(response)
    assert "Placeholder {kode} tidak dikenal." in text
    assert db.session.scalar(select(func.count()).select_from(NotificationTemplate)) == 0
    response = post(admin, url, {"subject": "Kode {kode_karya}", "body": "Halo {nama", "action": "save"})
    assert "Kurung kurawal tidak lengkap di “{nama”" in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(NotificationTemplate)) == 0


def test_a_saved_template_words_the_next_message_and_can_be_reset(admin, make_contest, make_entrant):
    contest = make_contest()
    url = f"/admin/contests/{contest.id}/notifications/templates/entry_submitted"
    assert post(admin, url, {"subject": "Diterima: {kode_karya}", "body": "{nama}, {{terima kasih}}!",
                             "action": "save"}).status_code == 302
    own = db.session.scalar(select(NotificationTemplate))
    assert (own.updated_by_id, own.kind) == (admin.user.id, "entry_submitted")
    user = make_entrant(full_name="Siti")
    message = notify(kind="entry_submitted", contest=contest, user=user, kode_karya="X-0001")
    assert (message.subject, message.body) == ("Diterima: X-0001", "Siti, {terima kasih}!")
    db.session.commit()
    assert "Teks sendiri" in text_of(admin.get(f"/admin/contests/{contest.id}/notifications/"))
    post(admin, url + "/reset")
    assert db.session.scalar(select(func.count()).select_from(NotificationTemplate)) == 0
    assert notify(kind="entry_submitted", contest=contest, user=user, kode_karya="X-0001").subject == \
        "Karya X-0001 diterima"


def test_settings_are_checked_and_saved(admin, make_contest):
    contest = make_contest()
    url = f"/admin/contests/{contest.id}/notifications/settings"
    post(admin, url, {"reminder_days": "tiga", "fix_deadline": ""})
    assert db.session.get(NotificationSettings, contest.id) is None
    post(admin, url, {"reminder_days": "5, 2,1", "fix_deadline": "2024-10-20T23:59"})
    settings = db.session.get(NotificationSettings, contest.id)
    assert settings.reminder_offsets == [5, 2, 1] and settings.fix_deadline.hour == 15  # 23.59 WITA


def test_a_broadcast_asks_for_confirmation_with_the_count_then_queues_one_row_each(admin, make_contest):
    contest = make_contest()
    owners = bulk.entrants(4)
    bulk.entries(contest, 3, owners=owners[:3], video=False)
    bulk.entries(contest, 1, owners=owners[3:], video=False, status=EntryStatus.WITHDRAWN.value)
    db.session.commit()
    url = f"/admin/contests/{contest.id}/notifications/broadcast"
    assert "saat ini 3 orang" in text_of(admin.get(url))
    confirm = post(admin, url, {"subject": "Jadwal workshop", "body": "Workshop Senin pukul 09.00 WITA."})
    assert "Kirim pesan ini ke 3 peserta?" in text_of(confirm) and outbox("broadcast") == []
    message = {"subject": "Jadwal workshop", "body": "Workshop Senin pukul 09.00 WITA."}
    sent = post(admin, url, {**message, "confirmed": "1"})
    assert sent.status_code == 302
    rows = outbox("broadcast")
    assert sorted(r.user_id for r in rows) == sorted(u.id for u in owners[:3])
    assert all(r.body == "Workshop Senin pukul 09.00 WITA." and r.contest_id == contest.id for r in rows)
    record = db.session.scalar(select(Broadcast))
    assert (record.recipients, record.sent_by_id) == (3, admin.user.id)
    assert "3 penerima" in text_of(admin.get(url))


def test_a_broadcast_without_entrants_sends_nothing(admin, make_contest):
    contest = make_contest()
    url = f"/admin/contests/{contest.id}/notifications/broadcast"
    assert "Belum ada peserta" in text_of(admin.get(url))
    post(admin, url, {"subject": "S", "body": "B", "confirmed": "1"})
    assert outbox("broadcast") == [] and db.session.scalar(select(Broadcast)) is None


def test_a_persons_log_lists_what_was_sent_to_them(admin, make_contest, make_entrant):
    contest = make_contest()
    user, other = make_entrant(full_name="Siti"), make_entrant(full_name="Budi")
    notify(kind="registration_confirmed", contest=contest, user=user)
    notify(kind="registration_confirmed", contest=contest, user=other)
    db.session.commit()
    text = text_of(admin.get(f"/admin/outbox/users/{user.id}"))
    assert "Email untuk Siti" in text and "Pendaftaran berhasil" in text and text.count("Pendaftaran berhasil —") == 1
    assert f"/admin/outbox/users/{user.id}" in admin.get("/admin/outbox/").text
    assert admin.get("/admin/outbox/users/999999").status_code == 404


def test_list_pages_cost_the_same_for_5_and_50_rows(admin, make_contest):
    contest_id = make_contest().id
    [person] = bulk.entrants(1)
    db.session.commit()
    person_id = person.id

    def grow(n):
        from contest.accounts.models import User
        from contest.contests.models import Contest

        contest, person = db.session.get(Contest, contest_id), db.session.get(User, person_id)
        owners = bulk.entrants(n)
        bulk.entries(contest, n, owners=owners, video=False)
        for _ in range(n):
            notify(kind="registration_confirmed", contest=contest, user=person)
        db.session.commit()
        post(admin, f"/admin/contests/{contest_id}/notifications/broadcast",
             {"subject": f"S{n}", "body": "B", "confirmed": "1"})

    urls = [f"/admin/outbox/users/{person_id}", f"/admin/contests/{contest_id}/notifications/broadcast",
            f"/admin/contests/{contest_id}/notifications/"]
    grow(5)
    small = [query_count(admin, url) for url in urls]
    grow(45)
    assert [query_count(admin, url) for url in urls] == small
