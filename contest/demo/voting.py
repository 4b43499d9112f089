"""Demo vote: counts public, the first entries that passed the administrative check are candidates."""
from sqlalchemy import select

from ..core.extensions import db
from ..entries.models import Entry, EntryStatus
from ..judging.checks.models import AdminCheck, CheckOutcome
from ..voting.models import VoteCandidate, VotingSettings
from ..voting.services import get_settings


def seed_demo_vote(contest, *, limit=8):
    """Idempotent: a contest that already has vote settings is left alone."""
    if get_settings(contest.id) is not None:
        return
    db.session.add(VotingSettings(contest_id=contest.id, allowed_domains="", counts_public=True))
    passed = db.session.scalars(
        select(Entry.id).join(AdminCheck, AdminCheck.entry_id == Entry.id)
        .where(Entry.contest_id == contest.id, Entry.status == EntryStatus.SUBMITTED.value,
               AdminCheck.outcome == CheckOutcome.PASS.value).order_by(Entry.number).limit(limit)).all()
    for entry_id in dict.fromkeys(passed):
        db.session.add(VoteCandidate(contest_id=contest.id, entry_id=entry_id))
    db.session.flush()
