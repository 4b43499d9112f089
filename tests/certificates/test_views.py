"""Verification page, the entrant's download (owner only), the committee's pages."""
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from contest.certificates import services, tasks
from contest.certificates.models import Certificate
from contest.core import tasks as app_tasks
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from tests.certificates.conftest import pdf_text, qr_payloads
from tests.conftest import login, post, text_of


@pytest.fixture
def issued(results):
    tasks.generate_certificates(results["contest"].id, root="http://localhost")
    by = {}
    for cert in db.session.scalars(select(Certificate)):
        by[(cert.recipient_name.split()[0].lower(), cert.kind)] = cert
    return {**results, "certs": by}


def test_entrant_downloads_the_certificate_and_its_qr_opens_the_verification_page(client, issued):
    login(client, issued["users"]["rina"])
    mine = client.get("/entries/")
    cert = issued["certs"][("rina", "award")]
    assert f"/certificates/{cert.code}.pdf" in mine.get_data(as_text=True)
    assert "Sertifikat Saya" in text_of(mine)
    detail = client.get(f"/entries/{issued['entries']['rina'].id}")
    assert detail.get_data(as_text=True).count("/certificates/") == 2

    response = client.get(f"/certificates/{cert.code}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"Piagam-{cert.code}.pdf" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    data = response.get_data()
    assert "Rina Kartika, S.Sn." in pdf_text(data)
    [url] = qr_payloads(data)
    parts = urlsplit(url)
    assert parts.netloc == "localhost" and parts.path == f"/verify/{cert.code}"

    page = client.get(parts.path)
    assert page.status_code == 200
    text = text_of(page)
    assert "SAH" in text and "Rina Kartika, S.Sn." in text and "Juara I" in text
    assert issued["contest"].title in text and "Guru Netral, Murid Cerdas" in text
    assert issued["users"]["rina"].profile.nip not in page.get_data(as_text=True)


def test_only_the_owner_or_the_committee_may_download(client, issued, make_staff):
    cert = issued["certs"][("rina", "participation")]
    url = f"/certificates/{cert.code}.pdf"
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.location
    login(client, issued["users"]["budi"])
    assert client.get(url).status_code == 404
    assert client.get(f"/certificates/{issued['certs'][('budi', 'participation')].code}.pdf").status_code == 200
    post(client, "/logout")
    login(client, make_staff("judge"))
    assert client.get(url).status_code == 404
    post(client, "/logout")
    login(client, make_staff("admin"))
    assert client.get(url).status_code == 200


def test_a_piagam_waits_for_the_announcement(client, issued):
    contest = issued["contest"]
    contest.announcement_at = utcnow() + timedelta(days=1)
    db.session.commit()
    login(client, issued["users"]["rina"])
    award, participation = issued["certs"][("rina", "award")], issued["certs"][("rina", "participation")]
    assert client.get(f"/certificates/{award.code}.pdf").status_code == 404
    assert client.get(f"/certificates/{participation.code}.pdf").status_code == 200
    html = client.get("/entries/").get_data(as_text=True)
    assert participation.code in html and award.code not in html


def test_failed_entrant_has_no_certificate(client, issued):
    login(client, issued["users"]["tono"])
    assert "Sertifikat Saya" not in text_of(client.get("/entries/"))
    assert db.session.scalar(select(Certificate).where(Certificate.user_id == issued["users"]["tono"].id)) is None


def test_verification_reads_codes_as_people_type_them(client, issued):
    cert = issued["certs"][("budi", "participation")]
    typed = f"{cert.code[:5].lower()}-{cert.code[5:].lower()}"
    response = client.get(f"/verify/{typed}")
    assert response.status_code == 302 and response.location.endswith(f"/verify/{cert.code}")
    response = client.get("/verify", query_string={"code": f" {typed} "})
    assert response.location.endswith(f"/verify/{cert.code}")
    text = text_of(client.get(f"/verify/{cert.code}"))
    assert "E-Sertifikat Peserta" in text and "Budi Santoso" in text and "Penghargaan " not in text


def test_unknown_codes_say_so(client, issued):
    for code in ("ZZZZZZZZZZ", "bukan-kode"):
        response = client.get(f"/verify/{code}")
        assert response.status_code == 404
        assert "Kode tidak dikenal" in text_of(response) and "SAH" not in text_of(response)
    assert client.get("/verify").status_code == 200


def test_revoked_codes_say_so(client, issued, make_staff):
    cert = issued["certs"][("budi", "participation")]
    admin = make_staff("admin")
    login(client, admin)
    response = post(client, f"/admin/certificates/certificate/{cert.id}/revoke", {"reason": "singkat"})
    assert db.session.get(Certificate, cert.id).revoked_at is None
    response = post(client, f"/admin/certificates/certificate/{cert.id}/revoke",
                    {"reason": "Karya terbukti melanggar ketentuan hak cipta."})
    assert response.status_code == 302
    page = client.get(f"/verify/{cert.code}")
    assert page.status_code == 200
    text = text_of(page)
    assert "DICABUT" in text and "hak cipta" in text and "SAH:" not in text
    post(client, "/logout")
    login(client, issued["users"]["budi"])
    assert client.get(f"/certificates/{cert.code}.pdf").status_code == 404
    assert cert.code not in client.get("/entries/").get_data(as_text=True)


def test_committee_pages_refuse_others(client, results, make_staff):
    contest = results["contest"]
    urls = [
        f"/admin/certificates/{contest.id}",
        f"/admin/certificates/{contest.id}/preview.pdf",
        "/admin/certificates/",
    ]
    for url in urls:
        assert "/login" in client.get(url).location
    login(client, results["users"]["rina"])
    for url in urls:
        assert client.get(url).status_code == 403
    assert post(client, f"/admin/certificates/{contest.id}/generate").status_code == 403
    assert db.session.scalar(select(Certificate)) is None


def test_committee_edits_the_template_previews_and_generates(client, results, make_staff, tmp_path):
    contest = results["contest"]
    login(client, make_staff("admin"))
    page = client.get(f"/admin/certificates/{contest.id}")
    assert "0 dari 3 sertifikat dibuat" in text_of(page)
    response = post(client, f"/admin/certificates/{contest.id}", {
        "organizer": "PEMERINTAH PROVINSI KALIMANTAN TIMUR", "participation_title": "SERTIFIKAT",
        "participation_text": "atas partisipasinya sebagai peserta dalam", "award_title": "PIAGAM PENGHARGAAN",
        "award_text": "atas prestasinya sebagai", "place": "Samarinda", "issued_on": "2024-12-05",
        "signatory1_name": "Drs. H. Sufian Agus, M.Si.", "signatory1_position": "Kepala Badan",
        "signatory1_nip": "19680411 199303 1 009"})
    assert response.status_code == 302
    preview = client.get(f"/admin/certificates/{contest.id}/preview.pdf")
    assert preview.mimetype == "application/pdf"
    text = pdf_text(preview.get_data())
    assert "5 Desember 2024" in text and "NIP 196804111993031009" in text and "Samarinda" in text
    old = app_tasks.huey.storage
    app_tasks.use_sqlite(tmp_path / "queue.db")
    try:
        response = post(client, f"/admin/certificates/{contest.id}/generate")
        assert response.status_code == 302
        running = client.get(f"/admin/certificates/{contest.id}")
        assert 'http-equiv="refresh"' in running.get_data(as_text=True)
        app_tasks.huey.execute(app_tasks.huey.dequeue())
    finally:
        app_tasks.huey.storage = old
    page = client.get(f"/admin/certificates/{contest.id}")
    assert "3 dari 3 sertifikat dibuat" in text_of(page) and 'http-equiv="refresh"' not in page.get_data(as_text=True)
    assert len(services.certificates_in(contest)) == 3


def test_bad_nip_in_the_template_is_a_form_error(client, results, make_staff):
    contest = results["contest"]
    login(client, make_staff("admin"))
    response = post(client, f"/admin/certificates/{contest.id}", {
        "participation_title": "SERTIFIKAT", "participation_text": "x", "award_title": "PIAGAM",
        "award_text": "y", "signatory1_nip": "12345"})
    assert response.status_code == 200 and "NIP terdiri dari 18 angka" in text_of(response)
