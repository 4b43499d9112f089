"""The personal-data access log: every export and every reveal of a NIP, who and when."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..core.timeutil import utcnow
from .models import PersonalDataAccessLog

LIST_LIMIT = 300


def log_access(*, actor, action, subject_user_id=None, contest_id=None, detail="", now=None):
    """Add one log row to the caller's transaction (it is written with the export it records)."""
    row = PersonalDataAccessLog(actor_id=actor.id if actor is not None else None, action=action,
                                subject_user_id=subject_user_id, contest_id=contest_id,
                                detail=str(detail)[:300], at=now or utcnow())
    db.session.add(row)
    db.session.flush()
    return row


def recent(*, limit=LIST_LIMIT):
    """The newest log rows with their actor, in one query."""
    return db.session.scalars(select(PersonalDataAccessLog).options(joinedload(PersonalDataAccessLog.actor))
                              .order_by(PersonalDataAccessLog.id.desc()).limit(limit)).all()
