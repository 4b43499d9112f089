"""The append-only judging audit log: one row per change, never updated or deleted."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...core.extensions import db
from ...core.timeutil import utcnow
from .models import AuditEvent


def log_event(*, contest_id, action, actor=None, round_id=None, entry_id=None, judge_id=None,
              reason="", data=None, at=None):
    """Record one event in the current transaction (it commits with the change it explains)."""
    event = AuditEvent(
        contest_id=contest_id, round_id=round_id, actor_id=getattr(actor, "id", actor),
        action=action, entry_id=entry_id, judge_id=judge_id, reason=reason or "",
        data=data or {}, at=at or utcnow(),
    )
    db.session.add(event)
    return event


def events_for(*, contest_id, round_id=None, entry_id=None, action_prefix=None, limit=500):
    """Newest first; filters are optional."""
    query = select(AuditEvent).where(AuditEvent.contest_id == contest_id)
    if round_id is not None:
        query = query.where(AuditEvent.round_id == round_id)
    if entry_id is not None:
        query = query.where(AuditEvent.entry_id == entry_id)
    if action_prefix:
        query = query.where(AuditEvent.action.startswith(action_prefix))
    query = query.options(selectinload(AuditEvent.actor), selectinload(AuditEvent.entry))
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    return db.session.scalars(query).all()
