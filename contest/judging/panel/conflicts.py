"""Conflicts of interest: declared by a judge, confirmed from a crew or affiliation match, or the
entrant's agency; one map per edition, read in one query."""
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ...accounts.models import ASNProfile
from ...core.extensions import db
from ...entries.models import Entry, EntryStatus
from ..rounds.rubric import agency_key
from .models import Conflict, JudgeProfile


@dataclass(frozen=True)
class ConflictInfo:
    source: str  # "agency" (detected) or "declared" (recusal)
    reason: str


def conflict_map(contest_id, *, judge_ids=None):
    """{(judge_id, entry_id): ConflictInfo} for the contest, in three queries.

    Detected: the judge's agency equals the entrant's. Declared: a judge's recusal.
    """
    declared = select(Conflict.judge_id, Conflict.entry_id, Conflict.reason).where(
        Conflict.contest_id == contest_id)
    judges = select(JudgeProfile.user_id, JudgeProfile.agency)
    if judge_ids is not None:
        declared = declared.where(Conflict.judge_id.in_(judge_ids))
        judges = judges.where(JudgeProfile.user_id.in_(judge_ids))
    out = {}
    judge_keys = defaultdict(list)
    for judge_id, agency in db.session.execute(judges):
        key = agency_key(agency)
        if key:
            judge_keys[key].append(judge_id)
    if judge_keys:
        rows = db.session.execute(
            select(Entry.id, ASNProfile.agency).join(ASNProfile, ASNProfile.user_id == Entry.user_id)
            .where(Entry.contest_id == contest_id, Entry.status != EntryStatus.DRAFT.value))
        for entry_id, agency in rows:
            for judge_id in judge_keys.get(agency_key(agency), ()):
                out[(judge_id, entry_id)] = ConflictInfo("agency", _("Instansi juri sama dengan instansi peserta."))
    for judge_id, entry_id, reason in db.session.execute(declared):
        out[(judge_id, entry_id)] = ConflictInfo("declared", reason)
    return out


def conflicted(judge_id, entry_id, contest_id):
    return (judge_id, entry_id) in conflict_map(contest_id, judge_ids=[judge_id])
