"""The verify page shows the signing certificate and checks an uploaded PDF: unchanged, changed, unknown."""
import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from sqlalchemy import select

from contest.certificates import checking, services, signing_demo, tasks
from contest.certificates.models import Certificate
from contest.core.extensions import db
from tests.certificates.test_signing import make_ca_and_signer
from tests.conftest import login, post, text_of


@pytest.fixture(scope="module")
def province_key():
    return make_ca_and_signer()


@pytest.fixture
def issued(results, province_key, tmp_path, app, monkeypatch):
    path = tmp_path / "provinsi.p12"
    path.write_bytes(province_key[2])
    monkeypatch.setitem(app.config, "SIGNING_P12", str(path))
    monkeypatch.setitem(app.config, "SIGNING_P12_PASSWORD", "rahasia-uji")
    tasks.generate_certificates(results["contest"].id, root="http://localhost")
    cert = db.session.scalar(select(Certificate).where(Certificate.kind == "award"))
    return {**results, "cert": cert, "pdf": services.absolute(cert.pdf_path).read_bytes()}


def upload(client, cert, data, name="sertifikat.pdf"):
    return post(client, f"/verify/check?code={cert.code}", {"document": (io.BytesIO(data), name)},
                content_type="multipart/form-data")


def test_the_verify_page_shows_signer_issuer_validity_and_fingerprint(client, issued):
    cert = issued["cert"]
    text = text_of(client.get(f"/verify/{cert.code}"))
    assert "Tanda tangan elektronik" in text
    assert "Kepala Kesbangpol Uji" in text and "CA Uji" in text
    assert cert.signature["fingerprint"] in text
    assert "DEMO" not in text and "Masa berlaku" in text


def test_the_issued_file_is_reported_unchanged(client, issued):
    response = upload(client, issued["cert"], issued["pdf"])
    assert response.status_code == 200
    assert "ASLI DAN UTUH" in text_of(response) and "Tanda tangan elektroniknya utuh" in text_of(response)


def test_a_one_byte_change_is_reported_as_changed(client, issued):
    data = bytearray(issued["pdf"])
    data[len(data) // 3] ^= 0x01
    text = text_of(upload(client, issued["cert"], bytes(data)))
    assert "DIUBAH" in text and "ASLI" not in text


def test_content_appended_after_signing_is_reported_as_changed(client, issued):
    writer = IncrementalPdfFileWriter(io.BytesIO(issued["pdf"]), strict=False)
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")  # any edit saved as an incremental update
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(issued["pdf"])
    report = checking.inspect_untrusted(out.getvalue())
    assert report["signatures"][0]["intact"] and report["signatures"][0]["coverage"] != "ENTIRE_FILE"
    text = text_of(upload(client, issued["cert"], out.getvalue()))
    assert "DIUBAH" in text


def test_a_pdf_the_platform_never_issued_is_unknown(client, issued):
    other = services.preview_pdf(contest=issued["contest"], root="http://localhost")
    text = text_of(upload(client, issued["cert"], other))
    assert "TIDAK DIKENAL" in text


def test_garbage_is_unreadable_and_too_large_is_refused(client, issued):
    assert "tidak dapat dibaca" in text_of(upload(client, issued["cert"], b"%PDF-1.7\n" + b"\x00" * 500))
    big = upload(client, issued["cert"], b"%PDF-1.7\n" + b"0" * (checking.MAX_UPLOAD_BYTES + 1))
    assert big.status_code == 413 and "lebih dari 5 MB" in text_of(big)


def test_a_parse_that_runs_too_long_is_stopped(issued):
    assert checking.inspect_untrusted(issued["pdf"], timeout=0.001) is None


def test_the_check_is_rate_limited(client, issued):
    statuses = [upload(client, issued["cert"], b"bukan pdf").status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_a_revoked_certificate_says_so_with_date_and_reason_and_offers_no_check(client, issued, make_staff):
    cert = issued["cert"]
    services.revoke(cert=cert, reason="Karya terbukti plagiat hasil verifikasi ulang.", actor=make_staff())
    db.session.commit()
    text = text_of(client.get(f"/verify/{cert.code}"))
    assert "DICABUT" in text and "Karya terbukti plagiat" in text
    assert "Periksa berkas PDF" not in text


def test_a_demo_key_is_announced_as_demo(client, results, app, monkeypatch, tmp_path):
    path, password = signing_demo.ensure_demo_p12(tmp_path)
    monkeypatch.setitem(app.config, "SIGNING_P12", str(path))
    monkeypatch.setitem(app.config, "SIGNING_P12_PASSWORD", password)
    tasks.generate_certificates(results["contest"].id, root="http://localhost")
    cert = db.session.scalar(select(Certificate).where(Certificate.kind == "award"))
    text = text_of(client.get(f"/verify/{cert.code}"))
    assert "sertifikat DEMO" in text and "tidak memiliki kekuatan hukum" in text


def test_committee_login_not_needed_to_check(client, issued, make_staff):
    login(client, make_staff())
    assert upload(client, issued["cert"], issued["pdf"]).status_code == 200


def test_the_committee_page_says_which_key_signs_or_that_none_does(client, results, make_staff, app, monkeypatch,
                                                                  tmp_path):
    login(client, make_staff("admin"))
    url = f"/admin/certificates/{results['contest'].id}"
    assert "Belum ada kunci tanda tangan elektronik" in text_of(client.get(url))
    path, password = signing_demo.ensure_demo_p12(tmp_path)
    monkeypatch.setitem(app.config, "SIGNING_P12", str(path))
    monkeypatch.setitem(app.config, "SIGNING_P12_PASSWORD", "salah")
    assert "tidak dapat dibuka" in text_of(client.get(url))
    monkeypatch.setitem(app.config, "SIGNING_P12_PASSWORD", password)
    text = text_of(client.get(url))
    assert signing_demo.DEMO_NAME in text and "DEMO, tidak sah" in text


def test_a_pdf_can_be_checked_without_typing_a_code(client, issued):
    assert "Periksa berkas PDF yang Anda terima" in text_of(client.get("/verify"))
    response = post(client, "/verify/check", {"document": (io.BytesIO(issued["pdf"]), "s.pdf")},
                    content_type="multipart/form-data")
    text = text_of(response)
    assert "ASLI DAN UTUH" in text and "Rina Kartika" in text  # the certificate it is, found by its hash


def test_a_body_far_over_the_limit_is_refused_unread(client, issued):
    huge = b"%PDF-1.7\n" + b"0" * (checking.MAX_UPLOAD_BYTES + 200_000)
    assert upload(client, issued["cert"], huge).status_code == 413


def test_an_unchanged_copy_of_a_revoked_certificate_is_not_called_valid(client, issued, make_staff):
    services.revoke(cert=issued["cert"], reason="Karya terbukti melanggar ketentuan.", actor=make_staff())
    db.session.commit()
    text = text_of(post(client, "/verify/check", {"document": (io.BytesIO(issued["pdf"]), "s.pdf")},
                        content_type="multipart/form-data"))
    assert "sertifikatnya sudah DICABUT" in text and "ASLI DAN UTUH" not in text
    assert "melanggar ketentuan" in text
