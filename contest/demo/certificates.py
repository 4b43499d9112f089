"""Demo certificate template for the Kaltim contest (idempotent: an existing template is kept)."""
from ..certificates.models import CertificateTemplate
from ..extensions import db

DEMO_TEMPLATE = {
    "organizer": "PEMERINTAH PROVINSI KALIMANTAN TIMUR\nBADAN KESATUAN BANGSA DAN POLITIK",
    "place": "Samarinda",
    "signatory1_name": "Drs. Ahmad Fauzi, M.Si.",
    "signatory1_position": "Kepala Badan Kesatuan Bangsa dan Politik Provinsi Kalimantan Timur",
    "signatory2_name": "Rina Kartika, S.Sn., M.Sn.",
    "signatory2_position": "Ketua Dewan Juri",
}


def seed_certificates(contest):
    if db.session.get(CertificateTemplate, contest.id) is None:
        db.session.add(CertificateTemplate(contest_id=contest.id, **DEMO_TEMPLATE))
        db.session.flush()
