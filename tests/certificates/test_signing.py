"""PAdES signatures on certificates: a test CA made here signs, pyHanko's validator checks."""
import hashlib
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, Encoding, pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from contest.certificates import services, signing, tasks
from contest.certificates.models import Certificate
from contest.core.extensions import db
from tests.certificates.validation import validate_signature


def _name(common_name):
    return x509.Name([x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "ID"),
                      x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "Pemprov Uji"),
                      x509.NameAttribute(x509.NameOID.COMMON_NAME, common_name)])


def make_ca_and_signer(password="rahasia-uji"):
    """A root CA and a signing certificate it issued, as (CA certificate, PKCS#12 of the signer)."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("CA Uji")).issuer_name(_name("CA Uji"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(_name("Kepala Kesbangpol Uji")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=10))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    p12 = pkcs12.serialize_key_and_certificates(b"signer", key, leaf, [ca],
                                                BestAvailableEncryption(password.encode()))
    return ca, leaf, p12


@pytest.fixture(scope="module")
def test_ca():
    return make_ca_and_signer()


@pytest.fixture
def signing_key(app, test_ca, tmp_path, monkeypatch):
    """The province's key installed through configuration, as an operator would."""
    ca, leaf, p12 = test_ca
    path = tmp_path / "provinsi.p12"
    path.write_bytes(p12)
    monkeypatch.setitem(app.config, "SIGNING_P12", str(path))
    monkeypatch.setitem(app.config, "SIGNING_P12_PASSWORD", "rahasia-uji")
    return {"ca": ca, "leaf": leaf}


def validate(data, ca):
    reader = PdfFileReader(io.BytesIO(data))
    [embedded] = reader.embedded_signatures
    roots = [signing_root(ca)]
    return embedded, validate_signature(embedded, ValidationContext(trust_roots=roots, allow_fetching=False))


def signing_root(ca):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(ca.public_bytes(Encoding.DER))


@pytest.fixture
def signed(results, signing_key):
    template = services.template_for(results["contest"])
    template.signatory1_name, template.signatory1_nip = "Drs. Ahmad Fauzi, M.Si.", "196804111993031009"
    template.signatory1_position = "Kepala Badan Kesatuan Bangsa dan Politik"
    db.session.commit()
    tasks.generate_certificates(results["contest"].id, root="http://localhost")
    cert = db.session.scalar(select(Certificate).where(Certificate.kind == "award"))
    return {**results, **signing_key, "cert": cert, "pdf": services.absolute(cert.pdf_path).read_bytes()}


def test_every_issued_certificate_carries_a_whole_file_pades_signature_a_validator_accepts(signed):
    embedded, status = validate(signed["pdf"], signed["ca"])
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE" and status.modification_level.name == "NONE"
    assert str(embedded.sig_object["/SubFilter"]) == "/ETSI.CAdES.detached"
    assert status.md_algorithm == "sha256"
    assert embedded.signer_cert.dump() == signed["leaf"].public_bytes(Encoding.DER)


def test_the_signature_block_is_visible_and_names_the_signer_nip_and_position(signed):
    reader = PdfFileReader(io.BytesIO(signed["pdf"]))
    [embedded] = reader.embedded_signatures
    x1, y1, x2, y2 = (float(v) for v in embedded.sig_field["/Rect"])
    assert x2 - x1 > 100 and y2 - y1 > 30  # a visible block, not an invisible field
    stream = embedded.sig_field["/AP"]["/N"].get_object().data.decode("latin-1")
    appearance = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), stream)  # PDF string escapes
    assert "Drs. Ahmad Fauzi, M.Si." in appearance and "NIP 196804111993031009" in appearance
    assert "Kepala Badan Kesatuan Bangsa dan Politik" in appearance


def test_the_platform_records_the_hash_and_the_signing_certificate_at_issue(signed):
    cert, leaf = signed["cert"], signed["leaf"]
    assert cert.pdf_sha256 == hashlib.sha256(signed["pdf"]).hexdigest()
    expected = hashlib.sha256(leaf.public_bytes(Encoding.DER)).hexdigest().upper()
    assert cert.signature["fingerprint"].replace(":", "") == expected
    assert "Kepala Kesbangpol Uji" in cert.signature["subject"] and "CA Uji" in cert.signature["issuer"]
    assert cert.signature["demo"] is False


def test_a_one_byte_change_breaks_the_signature(signed):
    data = bytearray(signed["pdf"])
    marker = data.index(b"Rina Kartika") if b"Rina Kartika" in data else len(data) // 3
    data[marker] ^= 0x01
    _, status = validate(bytes(data), signed["ca"])
    assert not status.intact and not status.bottom_line  # the document digest no longer matches


def test_without_a_key_certificates_are_unsigned_and_say_so(results, app):
    assert not app.config["SIGNING_P12"]
    tasks.generate_certificates(results["contest"].id, root="http://localhost")
    cert = db.session.scalar(select(Certificate).where(Certificate.kind == "award"))
    assert cert.signature is None and cert.pdf_sha256
    assert PdfFileReader(io.BytesIO(services.absolute(cert.pdf_path).read_bytes())).embedded_signatures == []


def test_a_wrong_passphrase_is_a_clear_error(test_ca):
    with pytest.raises(signing.SigningError, match="PKCS#12"):
        signing.Pkcs12Signer(test_ca[2], "salah")


def test_signing_works_inside_a_running_event_loop(test_ca):
    """pyHanko's sync API starts an event loop; under an async server (or Playwright) one already runs."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from contest.certificates import pdf
    from tests.certificates.test_pdf import data

    signer = signing.Pkcs12Signer(test_ca[2], "rahasia-uji")
    block = signing.SignatureBlock(name="Uji", nip="", position="", box=pdf.signature_box(1))

    async def inside():
        return signer.sign(pdf.render(data()), block=block)

    with ThreadPoolExecutor(max_workers=1) as pool:  # own thread: the suite's Chromium may hold this loop
        signed = pool.submit(asyncio.run, inside()).result()
    assert len(PdfFileReader(io.BytesIO(signed)).embedded_signatures) == 1


def test_the_private_key_is_parsed_once_not_per_certificate(test_ca, monkeypatch):
    """pyHanko re-parses (and for RSA re-checks) the key at every signature: ~0.8 s each for RSA-3072."""
    from contest.certificates import pdf
    from tests.certificates.test_pdf import data

    calls = []
    real = signing.load_der_private_key
    monkeypatch.setattr(signing, "load_der_private_key", lambda *a, **k: calls.append(1) or real(*a, **k))
    signer = signing.Pkcs12Signer(test_ca[2], "rahasia-uji")
    block = signing.SignatureBlock(name="Uji", nip="", position="", box=pdf.signature_box(1))
    for _ in range(3):
        signer.sign(pdf.render(data()), block=block)
    assert len(calls) == 1
