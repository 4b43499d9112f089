"""The personal-data access log: written in the caller's transaction, newest first, never changed."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.records.access_log import log_access, recent
from contest.records.models import AccessLogIsAppendOnly, PersonalDataAccessLog


def _count():
    return db.session.scalar(select(func.count()).select_from(PersonalDataAccessLog))


def test_a_row_lives_and_dies_with_the_export_it_records(make_staff, make_entrant):
    admin, entrant = make_staff("admin"), make_entrant()
    before = _count()
    log_access(actor=admin, action="reveal.nip", subject_user_id=entrant.id, detail="x" * 400)
    db.session.rollback()  # the export failed: no row claims it happened
    assert _count() == before
    row = log_access(actor=admin, action="reveal.nip", subject_user_id=entrant.id, detail="x" * 400)
    db.session.commit()
    assert _count() == before + 1 and len(row.detail) == 300


def test_recent_lists_the_newest_first_with_the_actor(make_staff):
    admin = make_staff("admin")
    now = utcnow()
    log_access(actor=admin, action="export.registrants", now=now - timedelta(minutes=1))
    newest = log_access(actor=admin, action="export.results", now=now)
    db.session.commit()
    rows = recent(limit=2)
    assert rows[0].id == newest.id and rows[0].actor.email == admin.email
    assert rows[0].id > rows[1].id


def test_rows_are_never_changed_or_deleted(make_staff):
    admin = make_staff("admin")
    row = log_access(actor=admin, action="export.self")
    db.session.commit()
    row.detail = "disembunyikan"
    with pytest.raises(AccessLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(PersonalDataAccessLog, row.id))
    with pytest.raises(AccessLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(PersonalDataAccessLog, row.id).detail == ""
