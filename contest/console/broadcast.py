"""A committee broadcast to every entrant of an edition, and the per-user log of what was sent."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..notifications.models import Broadcast, OutboxMessage
from ..notifications.services import queue_mail

USER_LOG_LIMIT = 200


def recipients_query(contest):
    """Entrants with an entry (draft or submitted, not only withdrawn ones) in the edition."""
    return select(User).where(User.active.is_(True), User.id.in_(select(Entry.user_id).where(
        Entry.contest_id == contest.id, Entry.status != EntryStatus.WITHDRAWN.value))).order_by(User.id)


def recipient_count(contest):
    return db.session.scalar(select(db.func.count()).select_from(recipients_query(contest).subquery()))


def send_broadcast(*, contest, subject, body, actor, now=None):
    """One outbox row per entrant, and a Broadcast row saying who sent what to how many; flushes."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise DomainError(_("Subjek dan isi wajib diisi."))
    users = db.session.scalars(recipients_query(contest)).all()
    if not users:
        raise DomainError(_("Edisi ini belum punya peserta; tidak ada yang menerima pesan."))
    now = now or utcnow()
    for user in users:
        queue_mail(to=user.email, subject=subject, body=body, kind="broadcast", contest=contest, user=user, now=now)
    record = Broadcast(contest_id=contest.id, subject=subject, body=body, recipients=len(users),
                       sent_by_id=actor.id, sent_at=now)
    db.session.add(record)
    db.session.flush()
    return record


def broadcasts_of(contest):
    return db.session.scalars(select(Broadcast).options(joinedload(Broadcast.sent_by))
                              .where(Broadcast.contest_id == contest.id)
                              .order_by(Broadcast.id.desc())).all()


def messages_to(user, *, limit=USER_LOG_LIMIT):
    """What the platform wrote to one person, newest first: one query."""
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == user.id)
                              .order_by(OutboxMessage.id.desc()).limit(limit)).all()
