"""Consent records: which version of the privacy notice each consent was given under."""
from sqlalchemy import select

from ..core.extensions import db
from ..core.timeutil import utcnow
from .models import ConsentKind, ConsentRecord

# Bump with every change to templates/privacy/notice.html (and say what changed there).
NOTICE_VERSION = "2026-12"
NOTICE_DATE = "3 Desember 2026"


def record_registration_consents(*, user, now=None):
    """Terms and data processing, accepted on the registration form under the current notice."""
    now = now or utcnow()
    for kind in (ConsentKind.TERMS, ConsentKind.DATA):
        db.session.add(ConsentRecord(user_id=user.id, kind=kind.value, notice_version=NOTICE_VERSION,
                                     given_at=now))
    db.session.flush()


def accept_notice(*, user, now=None):
    """A logged-in person accepts the current notice (after it changed since they registered)."""
    if needs_acceptance(user):
        db.session.add(ConsentRecord(user_id=user.id, kind=ConsentKind.NOTICE.value,
                                     notice_version=NOTICE_VERSION, given_at=now or utcnow()))
        db.session.flush()


def consents_of(user):
    return db.session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id)
                              .order_by(ConsentRecord.given_at, ConsentRecord.id)).all()


def needs_acceptance(user):
    """True when the person's consents were all given under an older notice version."""
    versions = db.session.scalars(select(ConsentRecord.notice_version).where(
        ConsentRecord.user_id == user.id, ConsentRecord.withdrawn_at.is_(None))).all()
    return NOTICE_VERSION not in versions
