"""Moving a deadline with care: who it affects, telling them, and the change log. Functions flush."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..contests.timefmt import format_deadline
from ..entries.models import Entry, EntryStatus
from ..extensions import db
from ..notifications.notify import link, notify
from ..timeutil import utcnow
from .models import TimelineChange

WATCHED = ("submissions_close_at", "judging_closes_at")  # deadlines that have people waiting on them


def changes(contest, values, fields):
    """[(field, old, new)] of timeline fields whose value differs in `values` (the form has minutes)."""
    return [(f, getattr(contest, f), values[f]) for f in fields if _minute(getattr(contest, f)) != _minute(values[f])]


def _minute(instant):
    return instant.replace(second=0, microsecond=0) if instant is not None else None


def draft_owners(contest):
    """Entrants with a draft not yet submitted in this edition (one query)."""
    return db.session.scalars(select(User).where(User.id.in_(select(Entry.user_id).where(
        Entry.contest_id == contest.id, Entry.status == EntryStatus.DRAFT.value))).order_by(User.id)).all()


def unfinished_judges(contest):
    """Judges with scorecards left in scored rounds that close with the edition's judging window."""
    from ..judging.models import JudgingRound  # (judging imports notifications)
    from ..notifications.periodic import unfinished_judges as unfinished_in

    rounds = db.session.scalars(select(JudgingRound).where(
        JudgingRound.contest_id == contest.id, JudgingRound.closes_at.is_(None),
        JudgingRound.locked_at.is_(None))).all()
    judges = {}
    for rnd in rounds:
        if rnd.is_scored:
            for judge, _left in unfinished_in(rnd):
                judges.setdefault(judge.id, judge)
    return list(judges.values())


def affected(contest, field):
    """(description, people) a move of `field` reaches; people is empty for the other fields."""
    if field == "submissions_close_at":
        people = draft_owners(contest)
        return _l("%(n)s draf belum dikirim", n=len(people)), people
    if field == "judging_closes_at":
        people = unfinished_judges(contest)
        return _l("%(n)s juri belum menyelesaikan penilaian", n=len(people)), people
    return None, []


def impact(contest, values, fields, labels):
    """What the confirmation step shows: [{field, label, old, new, earlier, note, count}]."""
    rows = []
    for field, old, new in changes(contest, values, fields):
        note, people = affected(contest, field)
        rows.append({"field": field, "label": labels[field], "old": old, "new": new,
                     "earlier": old is not None and new is not None and new < old,
                     "note": note, "count": len(people)})
    return rows


def record(*, contest, moved, labels, actor, reason, tell, now=None):
    """Log each (field, old, new) and, when `tell`, notify whoever it affects; flushes; returns the rows."""
    now = now or utcnow()
    rows = []
    for field, old, new in moved:
        _note, people = affected(contest, field) if field in WATCHED else (None, [])
        told = 0
        if tell and new is not None:
            for person in people:
                notify(kind="deadline_changed", contest=contest, user=person, tahap=str(labels[field]),
                       batas_lama=format_deadline(old, contest.timezone) if old else "-",
                       batas_baru=format_deadline(new, contest.timezone), alasan=reason or "",
                       tautan=link("judging.dashboard") if field == "judging_closes_at" else link("entries.mine"))
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
