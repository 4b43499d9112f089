"""The breach register: record, notify the people through the outbox, draft the ministry letter, close; audited."""
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.notifications.models import OutboxMessage
from contest.privacy.duties import incidents
from contest.privacy.duties.models import Incident, IncidentEvent, IncidentLogIsAppendOnly
from tests.certificates.conftest import submitted
from tests.conftest import login, post, text_of


@pytest.fixture
def admin(client, make_staff):
    user = make_staff("admin")
    login(client, user)
    return user


def test_recording_an_incident_starts_the_clock_and_drafts_both_notices(client, admin, make_contest, make_entrant):
    contest = make_contest()
    rina, budi = make_entrant(full_name="Rina"), make_entrant(full_name="Budi")
    submitted(contest, rina, "Satu")
    submitted(contest, budi, "Dua")
    db.session.commit()
    discovered = (utcnow() - timedelta(hours=2)).astimezone(incidents_zone()).strftime("%Y-%m-%dT%H:%M")
    response = post(client, "/admin/privasi/insiden/baru", {
        "title": "Ekspor pendaftar terkirim ke alamat salah", "description": "Berkas XLSX terkirim ke pihak luar.",
        "discovered_at": discovered, "occurred_at": "", "data_categories": "nama, email, NIP",
        "contest_id": str(contest.id), "affected_emails": "tamu@example.com", "measures": "Diminta dihapus."})
    assert response.status_code == 302
    incident = db.session.scalar(select(Incident))
    assert incident.due_at - incident.discovered_at == timedelta(hours=72)
    page = text_of(client.get(response.location))
    assert "Batas pemberitahuan" in page and "WITA" in page and "Sisa waktu: 2 hari 21 jam lagi" in page
    assert "3 orang" in page  # two entrants of the edition and one listed address
    assert "Pasal 46" in page and "Komdigi" in page and "nama, email, NIP" in page

    sent = post(client, f"/admin/privasi/insiden/{incident.id}/beritahu",
                {"subject": "Pemberitahuan insiden data", "body": "Yth. Bapak/Ibu, data Anda mungkin terungkap. " * 2})
    assert sent.status_code == 302
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "pdp_breach")).all()
    assert sorted(m.to_address for m in mails) == sorted([rina.email, budi.email, "tamu@example.com"])
    again = post(client, f"/admin/privasi/insiden/{incident.id}/beritahu", {"subject": "Lagi", "body": "x" * 30})
    assert again.status_code == 400 and len(db.session.scalars(select(OutboxMessage)).all()) == 3

    letter = post(client, f"/admin/privasi/insiden/{incident.id}/surat.txt")
    assert letter.mimetype == "text/plain" and "Jumlah subjek data terdampak: 3 orang" in letter.get_data(as_text=True)
    assert post(client, f"/admin/privasi/insiden/{incident.id}/kementerian",
                {"note": "Surat 045/123/Kesbangpol via email"}).status_code == 302
    assert post(client, f"/admin/privasi/insiden/{incident.id}/tutup", {"note": "Selesai"}).status_code == 400
    assert post(client, f"/admin/privasi/insiden/{incident.id}/tutup",
                {"note": "Penerima mengonfirmasi penghapusan berkas."}).status_code == 302

    db.session.expire_all()
    steps = [e.action for e in db.session.scalars(select(IncidentEvent).order_by(IncidentEvent.id))]
    assert steps == ["recorded", "subjects_notified", "letter_drafted", "ministry_notified", "closed"]
    assert all(e.actor_id == admin.id for e in db.session.scalars(select(IncidentEvent)))
    assert "Ditutup" in text_of(client.get(f"/admin/privasi/insiden/{incident.id}"))


def incidents_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Makassar")


def test_an_incident_needs_someone_affected_and_a_past_discovery(admin):
    with pytest.raises(Exception, match="terdampak"):
        incidents.record_incident(title="t", description="d", discovered_at=utcnow(), data_categories="email",
                                  actor=admin)
    with pytest.raises(Exception, match="masa depan"):
        incidents.record_incident(title="t", description="d", discovered_at=utcnow() + timedelta(days=1),
                                  data_categories="email", affected_emails="a@example.go.id", actor=admin)
    with pytest.raises(Exception, match="tidak valid"):
        incidents.record_incident(title="t", description="d", discovered_at=utcnow(), data_categories="email",
                                  affected_emails="bukan-email", actor=admin)


def test_the_incident_log_is_append_only(admin):
    incident = incidents.record_incident(title="t", description="d", discovered_at=utcnow(), data_categories="email",
                                         affected_emails="a@example.go.id", actor=admin)
    db.session.commit()
    event = db.session.scalar(select(IncidentEvent).where(IncidentEvent.incident_id == incident.id))
    event.detail = "diubah"
    with pytest.raises(IncidentLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_the_record_of_processing_downloads_as_pdf_and_xlsx(client, admin):
    page = text_of(client.get("/admin/privasi/catatan-pemrosesan"))
    assert "Catatan Kegiatan Pemrosesan Data Pribadi" in page and "Pemungutan suara Video Terfavorit" in page
    pdf = client.get("/admin/privasi/catatan-pemrosesan.pdf")
    assert pdf.mimetype == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_data())).pages).split())
    assert "Dasar hukum" in text and "Pendaftaran dan akun peserta ASN" in text
    xlsx = client.get("/admin/privasi/catatan-pemrosesan.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.get_data())).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "Masa simpan" in values and "asn_profile.nip" in " ".join(str(v) for v in values)


@pytest.mark.parametrize("url", ["/admin/privasi/kewajiban", "/admin/privasi/catatan-pemrosesan",
                                 "/admin/privasi/catatan-pemrosesan.pdf", "/admin/privasi/insiden/baru"])
def test_the_duty_pages_are_for_the_committee_only(client, make_staff, url):
    assert client.get(url).status_code == 302
    login(client, make_staff("judge"))
    assert client.get(url).status_code == 403
