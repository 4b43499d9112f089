"""Who receives which certificate: passed the administrative check → E-Sertifikat; a final prize → Piagam.

Computed in a few set-based queries, whatever the number of entries.
"""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..core.extensions import db
from ..entries.models import Entry, EntryStatus
from ..judging.checks.models import AdminCheck, CheckOutcome
from ..judging.results.models import PrizeAward
from ..judging.rounds.models import JudgingRound
from ..judging.rounds.windows import admin_check_round
from ..voting import services as voting
from .models import CertificateKind

PARTICIPATION_KEY = "participation"
FAVOURITE_KEY = "favourite"


@dataclass(frozen=True)
class Recipient:
    entry: Entry
    kind: str
    award_key: str
    award_name: str = ""
    prize_id: int | None = None

    @property
    def key(self):
        return (self.entry.id, self.award_key)


def _entries(condition):
    return db.session.scalars(
        select(Entry).where(condition, Entry.status == EntryStatus.SUBMITTED.value)
        .options(selectinload(Entry.user).selectinload(User.profile)).order_by(Entry.number)).all()


def participants(contest):
    """Submitted entries whose administrative check passed (none before there is a check round)."""
    rnd = admin_check_round(contest.id)
    if rnd is None:
        return []
    passed = select(AdminCheck.entry_id).where(AdminCheck.round_id == rnd.id,
                                               AdminCheck.outcome == CheckOutcome.PASS.value)
    return [Recipient(entry=e, kind=CertificateKind.PARTICIPATION.value, award_key=PARTICIPATION_KEY)
            for e in _entries(Entry.id.in_(passed) & (Entry.contest_id == contest.id))]


def final_round(contest):
    """The most recently sealed round that gave prizes, or None while results are not final."""
    return db.session.scalar(
        select(JudgingRound).where(JudgingRound.contest_id == contest.id,
                                   JudgingRound.results_final_at.is_not(None),
                                   JudgingRound.id.in_(select(PrizeAward.round_id)))
        .order_by(JudgingRound.results_final_at.desc(), JudgingRound.id.desc()).limit(1))


def jury_winners(contest):
    rnd = final_round(contest)
    if rnd is None:
        return []
    awards = db.session.scalars(select(PrizeAward).where(PrizeAward.round_id == rnd.id)
                                .options(selectinload(PrizeAward.prize))).all()
    entries = {e.id: e for e in _entries(Entry.id.in_([a.entry_id for a in awards]))}
    awards.sort(key=lambda a: a.prize.position)
    return [Recipient(entry=entries[a.entry_id], kind=CertificateKind.AWARD.value,
                      award_key=f"prize-{a.prize_id}", award_name=a.prize.name, prize_id=a.prize_id)
            for a in awards if a.entry_id in entries]


def favourite_winner(contest):
    """The Video Terfavorit named by the committee after the public vote, or None."""
    entry = voting.favourite_entry(contest)
    if entry is None or not entry.is_submitted:
        return None
    prize = voting.favourite_prize(contest)
    return Recipient(entry=entry, kind=CertificateKind.AWARD.value,
                     award_key=f"prize-{prize.id}" if prize else FAVOURITE_KEY,
                     award_name=prize.name if prize else "Video Terfavorit",
                     prize_id=prize.id if prize else None)


def recipients(contest):
    """Every certificate the contest owes now: participation first, then awards in prize order."""
    out = participants(contest) + jury_winners(contest)
    favourite = favourite_winner(contest)
    if favourite is not None and favourite.key not in {r.key for r in out}:
        out.append(favourite)
    return out
