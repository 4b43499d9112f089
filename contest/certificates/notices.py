"""What certificates tells people: their certificate is ready (once per person and edition)."""
from sqlalchemy import exists, select

from ..accounts.models import User
from ..core.extensions import db
from ..notifications.models import OutboxMessage
from ..notifications.notify import link, notify
from .models import Certificate


def certificates_ready(*, contest, base=""):
    """One message per person with a made certificate in this edition, never twice; returns how many."""
    told = exists().where(OutboxMessage.kind == "certificate_ready", OutboxMessage.contest_id == contest.id,
                          OutboxMessage.user_id == User.id)
    users = db.session.scalars(
        select(User).where(User.id.in_(select(Certificate.user_id).where(
            Certificate.contest_id == contest.id, Certificate.pdf_path.is_not(None),
            Certificate.revoked_at.is_(None))), ~told).order_by(User.id)).all()
    for user in users:
        notify(kind="certificate_ready", contest=contest, user=user, tautan=link("entries.mine", _base=base))
    return len(users)
