"""Judging fixtures: a contest with an open scoring round (Kutim rubric), judges, entries."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import Entry, EntryStatus
from contest.judging.panel.models import JudgeProfile
from contest.judging.rounds.editing import create_round, save_rubric
from contest.judging.rounds.models import RoundKind
from contest.judging.rounds.rubric import KUTIM_RUBRIC
from contest.media.models import Video, VideoState


def kutim_criteria():
    return [{**spec, "scale_min": 1, "scale_max": 100, "counted": True} for spec in KUTIM_RUBRIC]


@pytest.fixture
def make_judge(make_staff):
    """A judge with an agency (for automatic conflicts)."""

    def factory(*, agency="", affiliation="", password="rahasia-123"):
        user = make_staff("judge", password=password)
        db.session.add(JudgeProfile(user=user, agency=agency, affiliation=affiliation))
        db.session.commit()
        return user

    return factory


@pytest.fixture
def make_entry(make_entrant):
    """A submitted entry with a ready video (judges only see those).

    Entries of the same agency share one entrant unless entrant details are given: password
    hashing (scrypt) is what makes fixtures slow.
    """
    owners = {}

    def factory(contest, *, agency="Dinas Pendidikan", title=None, video=True, **entrant):
        if entrant or agency not in owners:
            user = make_entrant(agency=agency, **entrant)
            if not entrant:
                owners[agency] = user
        else:
            user = owners[agency]
        number = (db.session.scalar(select(func.max(Entry.number)).where(Entry.contest_id == contest.id)) or 0) + 1
        now = utcnow()
        entry = Entry(contest=contest, user=user, number=number, title=title or f"Karya {number}",
                      synopsis=f"Sinopsis karya {number}.", originality_accepted_at=now,
                      status=EntryStatus.SUBMITTED.value, submitted_at=now - timedelta(minutes=number))
        db.session.add(entry)
        if video:
            db.session.add(Video(entry=entry, state=VideoState.READY.value, duration=90.0, width=1280, height=720))
        db.session.commit()
        return entry

    return factory


@pytest.fixture
def make_round(make_staff):
    """An open scoring round with the Kutim rubric and the given panel."""

    def factory(contest, judges, *, mode="all", per_entry=None, cap=None, opens_at=None, closes_at=None,
                kind=RoundKind.SCORING.value, criteria=None, actor=None):
        actor = actor or (judges[0] if judges else make_staff("admin"))
        now = utcnow()
        rnd = create_round(contest=contest, kind=kind, actor=actor, values={
            "name": "Penilaian", "opens_at": opens_at or now - timedelta(hours=1),
            "closes_at": closes_at or now + timedelta(days=1), "assignment_mode": mode,
            "judges_per_entry": per_entry, "max_per_judge": cap})
        if kind != RoundKind.ADMIN_CHECK.value:
            save_rubric(rnd=rnd, criteria=criteria or kutim_criteria(), actor=actor)
        rnd.judges = list(judges)
        db.session.commit()
        return rnd

    return factory


def scores_for(rnd, values, *, watched="1"):
    """{"c<id>": value} form fields for the round's criteria in rubric order (video watched)."""
    return {**{f"c{c.id}": str(v) for c, v in zip(rnd.criteria, values, strict=False)}, "watched": watched}
