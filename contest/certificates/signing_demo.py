"""A self-signed demo signing certificate (PKCS#12), so `make run` issues signed certificates.

Its organizational unit says DEMO; the verify page tells readers it has no legal weight.
A province installs its own certificate instead (deploy/README.md).
"""
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from .signing import DEMO_UNIT

DEMO_NAME = "Panitia Sayembara Video (Demo)"
DEMO_ORGANIZATION = "Pemerintah Provinsi Kalimantan Timur"


def demo_p12(password, *, days=730):
    """PKCS#12 bytes holding a fresh RSA-3072 key and a self-signed certificate fit for signing."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([
        x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, DEMO_ORGANIZATION),
        x509.NameAttribute(x509.NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_UNIT),
        x509.NameAttribute(x509.NameOID.COMMON_NAME, DEMO_NAME),
    ])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"demo-signing", key, cert, None,
                                                 BestAvailableEncryption(password.encode()))


def ensure_demo_p12(folder):
    """Create <folder>/demo.p12 and its passphrase file once; returns (p12 path, passphrase)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    p12, secret = folder / "demo.p12", folder / "demo.p12.pass"  # the names config.py looks for
    if not (p12.is_file() and secret.is_file()):
        password = secrets.token_urlsafe(18)
        for path, data in ((secret, password.encode()), (p12, demo_p12(password))):
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(data)
            tmp.chmod(0o600)
            tmp.replace(path)
    return p12, secret.read_text().strip()
