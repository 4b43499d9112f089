"""Helpers for the vote tests: an open voting window, submitted entries, candidates, the outbox."""
import email
import email.policy
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import Entry, EntryStatus
from contest.notifications.sending import send_due
from contest.voting.models import VoteCandidate, VotingSettings


def voting_window(*, opened=timedelta(hours=1), left=timedelta(days=1)):
    now = utcnow()
    return {"voting_opens_at": now - opened, "voting_closes_at": now + left}


def submitted_entry(contest, user, title=None):
    number = (db.session.scalar(select(func.max(Entry.number)).where(Entry.contest_id == contest.id)) or 0) + 1
    entry = Entry(contest=contest, user=user, number=number, title=title or f"Karya {number}",
                  synopsis="Sinopsis.", originality_accepted_at=utcnow(), status=EntryStatus.SUBMITTED.value,
                  submitted_at=utcnow())
    db.session.add(entry)
    db.session.commit()
    return entry


def make_candidates(contest, *entries, domains="", counts_public=False):
    db.session.add(VotingSettings(contest_id=contest.id, allowed_domains=domains, counts_public=counts_public))
    for entry in entries:
        db.session.add(VoteCandidate(contest_id=contest.id, entry_id=entry.id))
    db.session.commit()


def read_outbox(folder):
    """The worker sends what the requests queued (no worker runs in tests), then the .eml files."""
    send_due()
    folder = Path(folder)
    if not folder.exists():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]


def code_in(message):
    match = re.search(r"^\s+(\d{6})\s*$", message.get_content(), re.MULTILINE)
    return match.group(1) if match else None
