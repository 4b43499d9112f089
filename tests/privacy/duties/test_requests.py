"""Data-subject requests under UU PDP: 3 × 24-hour deadlines in WITA, overdue badge, reminder email."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from contest.accounts.models import User
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.notifications.models import OutboxMessage
from contest.privacy import erasure, exports, inventory, profile
from contest.privacy.duties import incidents
from contest.privacy.duties import requests as duties
from contest.privacy.duties.models import DataSubjectRequest
from contest.records.models import PersonalDataAccessLog
from tests.conftest import login, post, query_count, text_of

DAY = timedelta(hours=24)


def only_request():
    return db.session.scalar(select(DataSubjectRequest).order_by(DataSubjectRequest.id.desc()))


def test_an_entrant_asks_to_restrict_processing_and_the_committee_sees_the_deadline_in_wita(
        client, make_entrant, make_staff):
    user = make_entrant(full_name="Rina Marlina")
    login(client, user)
    response = post(client, "/profil/data-saya/permintaan",
                    {"kind": "restriction", "detail": "Mohon batasi pemrosesan data saya untuk publikasi."})
    assert response.status_code == 302
    request = only_request()
    assert request.kind == "restriction" and request.is_open and request.user_id == user.id
    assert request.due_at - request.received_at == timedelta(hours=72)
    assert "Pembatasan pemrosesan" in text_of(client.get("/profil/data-saya"))

    post(client, "/logout")
    login(client, make_staff("admin"))
    page = text_of(client.get("/admin/privasi/kewajiban"))
    assert "Rina Marlina" in page and "Pembatasan pemrosesan" in page
    assert "WITA" in page and "Sisa waktu: 2 hari 23 jam lagi" in page


def test_an_empty_request_is_a_form_error(client, make_entrant):
    login(client, make_entrant())
    response = post(client, "/profil/data-saya/permintaan", {"kind": "restriction", "detail": ""})
    assert response.status_code == 400 and "Wajib diisi" in text_of(response)
    assert only_request() is None


def test_the_committee_records_a_letter_and_resolves_it_with_an_audited_answer(client, make_staff):
    admin = make_staff("admin")
    login(client, admin)
    received = datetime.now(UTC).astimezone(duties_zone()).replace(tzinfo=None) - timedelta(hours=80)
    response = post(client, "/admin/privasi/kewajiban", {
        "kind": "correction", "channel": "letter", "subject_label": "Budi Santoso", "contact": "budi@example.go.id",
        "received_at": received.strftime("%Y-%m-%dT%H:%M"), "detail": "Surat nomor 12: nama salah eja."})
    assert response.status_code == 302
    request = only_request()
    assert request.channel == "letter" and request.due_at < utcnow()  # received 80 hours ago: overdue
    page = text_of(client.get("/admin/privasi/kewajiban"))
    assert "TERLAMBAT: lewat 8 jam" in page

    bad = post(client, f"/admin/privasi/permintaan/{request.id}/selesai", {"state": "done", "resolution": "ok"})
    assert bad.status_code == 400 and only_request().is_open
    done = post(client, f"/admin/privasi/permintaan/{request.id}/selesai",
                {"state": "done", "resolution": "Nama dibetulkan sesuai SK."})
    assert done.status_code == 302
    db.session.expire_all()
    assert only_request().state == "done" and only_request().resolved_by_id == admin.id
    logged = set(db.session.scalars(select(PersonalDataAccessLog.action)))
    assert {"request.record", "request.done"} <= logged


def duties_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Makassar")


def test_self_service_paths_are_on_the_register(make_entrant):
    user = make_entrant()
    export = exports.request_export(user=user)
    assert only_request().kind == "access" and only_request().is_open
    exports.build_export(export.id)
    assert only_request().state == "done"
    assert inventory.gather(user)["data_subject_requests"][0]["kind"] == "access"  # the export lists it too
    profile.correct_profile(user=user, full_name="Nama Baru", email=user.email, position="Analis", rank="",
                            work_unit="Sekretariat", agency="Dinas Sosial", regency="Kota Samarinda",
                            phone="+6281234500000")
    assert only_request().kind == "correction" and only_request().state == "done"
    db.session.commit()


def test_erasure_keeps_the_request_on_the_register_without_the_name(make_entrant):
    user = make_entrant(full_name="Tono Prasetyo", password="rahasia-123")
    request = erasure.request_erasure(user=user, password="rahasia-123")
    db.session.commit()
    row = only_request()
    assert row.kind == "erasure" and row.is_open
    erasure.carry_out(request.id)
    db.session.commit()
    row = only_request()
    assert row.state == "done" and "Tono" not in row.subject_label and row.contact == ""


def test_overdue_duties_put_a_badge_on_the_dashboard(client, make_staff, make_contest, make_entrant):
    contest = make_contest()
    login(client, make_staff("admin"))
    assert "melewati batas 3 × 24 jam" not in text_of(client.get(f"/admin/console/{contest.id}"))
    duties.record_request(kind="access", subject_label="X", received_at=utcnow() - timedelta(hours=73))
    db.session.commit()
    page = text_of(client.get(f"/admin/console/{contest.id}"))
    assert "1 permintaan subjek data dan 0 insiden melewati batas 3 × 24 jam" in page


def test_the_reminder_emails_the_committee_once_per_twelve_hours(make_staff, make_entrant):
    admin = make_staff("admin")
    now = utcnow()
    duties.record_request(kind="erasure", subject_label="A", received_at=now - timedelta(hours=50), now=now)
    duties.record_request(kind="access", subject_label="B", received_at=now - timedelta(hours=1), now=now)
    assert duties.send_reminders(base_url="https://lomba.example.go.id", now=now) == 1  # only A is due within 24 h
    db.session.commit()
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "pdp_reminder")).all()
    assert mail.to_address == admin.email and "Penghapusan data" in mail.body
    assert "https://lomba.example.go.id/admin/privasi/kewajiban" in mail.body
    assert duties.send_reminders(base_url="", now=now + timedelta(hours=1)) == 0
    assert duties.send_reminders(base_url="", now=now + timedelta(hours=23)) == 1  # 12 h later, now overdue
    later = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert later.subject.startswith("TERLAMBAT")


def test_time_left_words():
    now = utcnow()
    assert duties.time_left(now + timedelta(hours=50, minutes=5), now=now) == ("2 hari 2 jam lagi", False)
    assert duties.time_left(now - timedelta(minutes=90), now=now) == ("lewat 1 jam 30 menit", True)


def test_the_duties_page_costs_the_same_queries_for_5_or_50_requests_and_incidents(client, make_staff):
    admin_id = make_staff("admin").id
    login(client, db.session.get(User, admin_id))
    counts = []
    for target in (5, 50):
        admin = db.session.get(User, admin_id)
        have = db.session.scalar(select(func.count()).select_from(DataSubjectRequest))
        for n in range(have, target):
            duties.record_request(kind="access", subject_label=f"P{n}", detail="x" * 10, user=admin)
            incidents.record_incident(title=f"I{n}", description="d", discovered_at=utcnow(), data_categories="email",
                                      affected_emails="a@example.go.id", actor=admin)
        db.session.commit()
        counts.append(query_count(client, "/admin/privasi/kewajiban"))
    assert counts[0] == counts[1]
