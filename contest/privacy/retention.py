"""Retention per edition: after `retention_days` past the announcement, non-winners' originals and
renditions and their personal data are purged. Winners are kept (the public record of the
edition). A dry run lists exactly what the real run would do."""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..contests.models import Contest
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry
from ..media.models import Video
from ..records.access_log import log_access
from .erasure import anonymize_user, erase_video_files, withdraw_publication
from .inventory import winning_entry_ids
from .models import DEFAULT_RETENTION_DAYS, PrivacySettings


def settings_for(contest):
    """The edition's privacy settings (created on first use with the default period)."""
    row = db.session.get(PrivacySettings, contest.id)
    if row is None:
        row = PrivacySettings(contest_id=contest.id, retention_days=DEFAULT_RETENTION_DAYS)
        db.session.add(row)
        db.session.flush()
    return row


def retention_days(contest):
    row = db.session.get(PrivacySettings, contest.id)
    return row.retention_days if row is not None else DEFAULT_RETENTION_DAYS


def save_settings(*, contest, retention_days, now=None):
    row = settings_for(contest)
    row.retention_days = int(retention_days)
    row.updated_at = now or utcnow()
    db.session.flush()
    return row


def purge_due_at(contest):
    return contest.announcement_at + timedelta(days=retention_days(contest))


@dataclass
class Plan:
    """What a purge of one edition would do (or did)."""

    contest: Contest
    due_at: object
    due: bool
    videos: list = field(default_factory=list)  # Video rows whose files go
    people: list = field(default_factory=list)  # User rows to anonymize
    winners_kept: int = 0

    @property
    def empty(self):
        return not self.videos and not self.people


def plan(contest, *, now=None):
    """The purge of one edition as a list (nothing changes); empty until the period has passed."""
    now = now or utcnow()
    due_at = purge_due_at(contest)
    result = Plan(contest=contest, due_at=due_at, due=due_at <= now)
    if not result.due:
        return result
    winners = winning_entry_ids([contest.id])
    entries = db.session.scalars(select(Entry).where(Entry.contest_id == contest.id)).all()
    losing = [e for e in entries if e.id not in winners]
    result.winners_kept = len(entries) - len(losing)
    result.videos = db.session.scalars(select(Video).where(
        Video.entry_id.in_([e.id for e in losing]), Video.files_deleted_at.is_(None)).order_by(Video.id)).all()
    owners = {e.user_id for e in losing}
    # A person is anonymized only if nothing else of theirs must stay: no winning entry anywhere and
    # no entry in an edition whose period has not passed yet.
    others = db.session.execute(select(Entry.user_id, Entry.id, Entry.contest_id).where(
        Entry.user_id.in_(owners), Entry.contest_id != contest.id)).all()
    all_winners = winning_entry_ids() if others else set()
    blocked = {uid for uid, eid, cid in others
               if eid in all_winners or not purge_due_at(db.session.get(Contest, cid)) <= now}
    result.people = db.session.scalars(select(User).where(
        User.id.in_(owners - blocked), User.active.is_(True)).order_by(User.id)).all()
    return result


def run(contest, *, now=None, actor=None):
    """Carry out the purge of one edition; returns the Plan that was executed."""
    now = now or utcnow()
    result = plan(contest, now=now)
    if not result.due:
        return result
    erase_video_files(result.videos, now=now)
    for entry in {video.entry for video in result.videos}:
        withdraw_publication(entry=entry, now=now)  # no video left to show
    for user in result.people:
        anonymize_user(user, now=now)
    settings_for(contest).last_purge_at = now
    if not result.empty:
        log_access(actor=actor, action="retention.purge", contest_id=contest.id, now=now,
                   detail=f"{len(result.videos)} video, {len(result.people)} peserta")
    db.session.flush()
    return result


def all_contests():
    return db.session.scalars(select(Contest).order_by(Contest.announcement_at)).all()


def run_all(*, now=None):
    return [run(contest, now=now) for contest in all_contests()]
