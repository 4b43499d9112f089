"""Demo certificates: the Kaltim template for both editions, and signed certificates for the past one.

Idempotent: an existing template is kept, only missing certificates are issued and rendered.
Without a configured key (SIGNING_P12) the demo signs with a self-signed demo key it makes once in
SIGNING_DEMO_FOLDER (instance/signing/); the verify page says it is a demo certificate.
"""
from flask import current_app

from ..certificates import services
from ..certificates.models import CertificateTemplate
from ..certificates.signing import Pkcs12Signer
from ..certificates.signing_demo import ensure_demo_p12
from ..core.extensions import db

DEMO_TEMPLATE = {
    "organizer": "PEMERINTAH PROVINSI KALIMANTAN TIMUR\nBADAN KESATUAN BANGSA DAN POLITIK",
    "place": "Samarinda",
    "signatory1_name": "Drs. Ahmad Fauzi, M.Si.",
    "signatory1_position": "Kepala Badan Kesatuan Bangsa dan Politik Provinsi Kalimantan Timur",
    "signatory1_nip": "196804111993031009",
    "signatory2_name": "Rina Kartika, S.Sn., M.Sn.",
    "signatory2_position": "Ketua Dewan Juri",
}
DEMO_ROOT = "http://127.0.0.1:5000"  # `make run`'s address, for the QR codes when PUBLIC_URL is unset


def seed_certificates(contest):
    if db.session.get(CertificateTemplate, contest.id) is None:
        db.session.add(CertificateTemplate(contest_id=contest.id, **DEMO_TEMPLATE))
        db.session.flush()


def demo_signer():
    """The configured signer, else the demo key (made on first use)."""
    signer = services.current_signer()
    if signer is None:
        path, password = ensure_demo_p12(current_app.config["SIGNING_DEMO_FOLDER"])
        signer = Pkcs12Signer.from_file(path, password)
    return signer


def seed_issued_certificates(contest):
    """Issue and render (signed) every certificate the announced edition owes; returns how many were made."""
    seed_certificates(contest)
    for recipient in services.missing(contest):
        services.issue(recipient=recipient, contest=contest)
    pending = services.needs_pdf(contest.id)
    if pending:
        signer, root = demo_signer(), current_app.config.get("PUBLIC_URL") or DEMO_ROOT
        for cert in pending:
            services.render_pdf(cert=cert, root=root, signer=signer)
    return len(pending)
