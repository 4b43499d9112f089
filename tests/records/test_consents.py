"""Consent records: registration's two consents and a newer notice, each under its notice version."""
from sqlalchemy import select

from contest.core.extensions import db
from contest.records import consents
from contest.records.models import ConsentRecord


def test_registration_records_the_notice_version(make_entrant):
    user = make_entrant()
    records = db.session.scalars(select(ConsentRecord).where(ConsentRecord.user_id == user.id)).all()
    assert {(r.kind, r.notice_version) for r in records} == {("terms", consents.NOTICE_VERSION),
                                                            ("data", consents.NOTICE_VERSION)}
    assert not consents.needs_acceptance(user)


def test_a_newer_notice_is_accepted_once(make_entrant, monkeypatch):
    user = make_entrant()
    monkeypatch.setattr(consents, "NOTICE_VERSION", "2099-01")
    assert consents.needs_acceptance(user)
    consents.accept_notice(user=user)
    consents.accept_notice(user=user)  # a second press changes nothing
    db.session.commit()
    kinds = [r.kind for r in consents.consents_of(user)]
    assert kinds.count("notice") == 1 and not consents.needs_acceptance(user)
