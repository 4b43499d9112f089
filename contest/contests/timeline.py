"""Moving a deadline with care: who it affects, telling them, and the change log. Functions flush.

Who a deadline reaches is known by the features above contests; they register a provider here
(entries: drafts for the submission deadline; judging: unfinished judges for the close of judging),
as entries/hooks.py does for entries.
"""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..core.extensions import db
from ..core.timeutil import utcnow
from ..notifications.notify import link, notify
from .timefmt import format_deadline
from .timeline_models import TimelineChange

_affected = {}  # field -> fn(contest) -> (translated note, [users], endpoint of their page)


def affected_by(field):
    """Register fn(contest) -> (note, people, endpoint) for a timeline field."""

    def register(fn):
        _affected[field] = fn
        return fn

    return register


def changes(contest, values, fields):
    """[(field, old, new)] of timeline fields whose value differs in `values` (the form has minutes)."""
    return [(f, getattr(contest, f), values[f]) for f in fields if _minute(getattr(contest, f)) != _minute(values[f])]


def _minute(instant):
    return instant.replace(second=0, microsecond=0) if instant is not None else None


def affected(contest, field):
    """(note, people, endpoint) a move of `field` reaches; (None, [], None) when nobody waits on it."""
    provider = _affected.get(field)
    return provider(contest) if provider else (None, [], None)


def impact(contest, values, fields, labels):
    """What the confirmation step shows: [{field, label, old, new, earlier, note, count}]."""
    rows = []
    for field, old, new in changes(contest, values, fields):
        note, people, _endpoint = affected(contest, field)
        rows.append({"field": field, "label": labels[field], "old": old, "new": new,
                     "earlier": old is not None and new is not None and new < old,
                     "note": note, "count": len(people)})
    return rows


def record(*, contest, moved, labels, actor, reason, tell, now=None):
    """Log each (field, old, new) and, when `tell`, notify whoever it affects; flushes; returns the rows."""
    now = now or utcnow()
    rows = []
    for field, old, new in moved:
        _note, people, endpoint = affected(contest, field)
        told = 0
        if tell and new is not None:
            for person in people:
                notify(kind="deadline_changed", contest=contest, user=person, tahap=str(labels[field]),
                       batas_lama=format_deadline(old, contest.timezone) if old else "-",
                       batas_baru=format_deadline(new, contest.timezone), alasan=reason or "",
                       tautan=link(endpoint) if endpoint else "")
                told += 1
        row = TimelineChange(contest_id=contest.id, field=field, old_value=old, new_value=new, reason=reason or "",
                             affected=len(people), notified=told, changed_by_id=actor.id, changed_at=now)
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    return rows


def history(contest):
    return db.session.scalars(select(TimelineChange).options(joinedload(TimelineChange.changed_by))
                              .where(TimelineChange.contest_id == contest.id)
                              .order_by(TimelineChange.id.desc())).all()
