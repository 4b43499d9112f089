"""A constructed edition for the console's tests: known numbers in every dashboard card."""
from datetime import timedelta

import pytest

from contest.certificates.models import Certificate
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import EntryStatus
from contest.judging.checks.services import record_check
from contest.judging.panel.services import set_round_judges
from contest.judging.rounds.editing import ensure_default_rounds
from contest.judging.scoring.models import CardStatus, Scorecard
from contest.media.models import Video, VideoState
from contest.voting.models import Vote
from tests import bulk


def add_votes(contest, entry, n, *, days_ago=0, voided=0):
    at = utcnow() - timedelta(days=days_ago)
    for i in range(n):
        k = f"{contest.id}-{entry.id}-{days_ago}-{i}"
        db.session.add(Vote(contest_id=contest.id, entry_id=entry.id, voter_hash=k, email_domain="example.go.id",
                            email_masked="p***@example.go.id", ip_hash=k, ip_prefix_hash="net", created_at=at,
                            voided_at=at if i < voided else None))


@pytest.fixture
def edition(make_contest, make_staff):
    """3 submitted entries with ready videos (2 checked: pass, needs fix), 2 drafts (one rejected
    video, one queued), 1 withdrawn; 2 judges on the scoring panel, one card submitted; votes on
    two days (one voided); one certificate."""
    contest = make_contest()
    admin = make_staff("admin")
    check, scoring = ensure_default_rounds(contest=contest, actor=admin)
    submitted = bulk.entries(contest, 3)
    drafts = bulk.entries(contest, 2, status=EntryStatus.DRAFT.value, video=False)
    withdrawn = bulk.entries(contest, 1, status=EntryStatus.WITHDRAWN.value, video=False)
    db.session.add(Video(entry_id=drafts[0].id, state=VideoState.REJECTED.value,
                         problems=[{"code": "too_short", "params": {}}]))
    db.session.add(Video(entry_id=drafts[1].id, state=VideoState.QUEUED.value))
    record_check(rnd=check, entry=submitted[0], outcome="pass", reason="", actor=admin)
    record_check(rnd=check, entry=submitted[1], outcome="needs_fix", reason="Surat pernyataan belum ada", actor=admin)
    judges = bulk.judges(2)
    for judge in judges:  # no agency conflict with the entrants
        judge.judge_profile.agency = "Universitas Mulawarman"
    set_round_judges(rnd=scoring, judges=judges, actor=admin)
    db.session.add(Scorecard(round_id=scoring.id, entry_id=submitted[0].id, judge_id=judges[0].id,
                             status=CardStatus.SUBMITTED.value, total=80.0, submitted_at=utcnow()))
    add_votes(contest, submitted[0], 3, days_ago=1, voided=1)
    add_votes(contest, submitted[0], 4)
    db.session.add(Certificate(code="ABCD2345", contest_id=contest.id, entry_id=submitted[0].id,
                               user_id=submitted[0].user_id, kind="participation", award_key="participation",
                               recipient_name="X", entry_code="X", entry_title="X", contest_title="X"))
    db.session.commit()
    return {"contest": contest, "admin": admin, "check": check, "scoring": scoring, "submitted": submitted,
            "drafts": drafts, "withdrawn": withdrawn, "judges": judges}
