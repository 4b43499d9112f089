"""What entries tells people: a submitted entry's code; whose drafts a moved submission deadline reaches."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..contests import timeline
from ..core.extensions import db
from ..notifications.notify import link, notify
from .models import Entry, EntryStatus


def entry_submitted(*, entry):
    """Queued in the submission's transaction (the edition's entry_submitted template)."""
    return notify(kind="entry_submitted", contest=entry.contest, user=entry.user, kode_karya=entry.code,
                  judul=entry.title, tautan=link("entries.detail", entry_id=entry.id))


@timeline.affected_by("submissions_close_at")
def draft_owners(contest):
    """Entrants with a draft not yet submitted in this edition (one query)."""
    people = db.session.scalars(select(User).where(User.id.in_(select(Entry.user_id).where(
        Entry.contest_id == contest.id, Entry.status == EntryStatus.DRAFT.value))).order_by(User.id)).all()
    return _l("%(n)s draf belum dikirim", n=len(people)), people, "entries.mine"
