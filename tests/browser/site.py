"""A demo-like site seeded once per browser-test module, and Chromium pages logged in per role.

What it holds: the current edition (submissions and the public vote open, an open scoring
round), an entrant whose entry has a ready video, a judge with entries to score, the past
edition with published winners and one certificate, and the committee. Modules that visit
many pages (accessibility, keyboard walks) share it instead of seeding per test.
"""
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from contest.accounts.services import find_user_by_email, make_reset_token
from contest.certificates import services as certificates
from contest.certificates.models import Certificate
from contest.contests.services import current_contest, get_contest_by_slug
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.demo import seed_demo
from contest.demo.captions import seed_captions
from contest.demo.gallery import SLUG as PAST_SLUG
from contest.demo.judging import attach_demo_videos
from contest.entries.models import Entry
from contest.judging.pairwise import services as pairwise
from contest.judging.panel import services as panel
from contest.judging.rounds import editing as rounds
from contest.judging.rounds.models import JudgingRound, RoundKind
from contest.judging.scoring.queue import judge_queue
from contest.media import services as media_services
from contest.notifications.models import OutboxMessage
from contest.privacy.duties import incidents
from contest.privacy.duties import requests as duties
from contest.voting.services import candidate_ids

PASSWORD = "rahasia-123"
ENTRANT = "andi.pratama@demo.kaltimprov.go.id"
JUDGE = "juri1@demo.kaltimprov.go.id"
UPLOADER = "budi.santoso@demo.kaltimprov.go.id"  # an entrant whose entry has no video yet
ADMIN = "admin@demo.kaltimprov.go.id"
ROLE_EMAILS = {"entrant": ENTRANT, "uploader": UPLOADER, "judge": JUDGE, "admin": ADMIN}


@dataclass
class Site:
    """Ids and slugs of what was seeded, for building URLs."""

    contest_id: int
    slug: str
    past_id: int
    past_slug: str
    entry_id: int  # the entrant's own entry, with a ready video
    upload_entry_id: int  # the uploader's entry, without a video
    check_round_id: int
    scoring_round_id: int
    score_entry_id: int  # the first entry in the judge's queue
    past_round_id: int  # the past edition's final scoring round (results sealed)
    candidate_id: int  # an entry in the public vote
    certificate_code: str
    extra: dict = field(default_factory=dict)  # for features that seed more


@contextmanager
def seeded_site(app, workdir):
    """Seed the demo (a few real videos only), open the vote, and give the roles one password."""
    instance, app.instance_path = app.instance_path, str(workdir)  # demo-logins.json goes here
    app.config["DEMO_VIDEOS"] = False
    try:
        seed_demo()
        db.session.commit()
        site = _finish(workdir)
        db.session.commit()
    finally:
        app.instance_path = instance
        app.config.pop("DEMO_VIDEOS")
    yield site


def _finish(workdir):
    contest, past = current_contest(), get_contest_by_slug(PAST_SLUG)
    for email in ROLE_EMAILS.values():
        find_user_by_email(email).set_password(PASSWORD)
    now = utcnow()
    contest.voting_opens_at, contest.voting_closes_at = now - timedelta(days=1), now + timedelta(days=20)
    rounds = db.session.scalars(select(JudgingRound).where(JudgingRound.contest_id == contest.id)).all()
    check = next(r for r in rounds if r.kind == RoundKind.ADMIN_CHECK.value)
    scoring = next(r for r in rounds if r.kind == RoundKind.SCORING.value)
    own, bare = (db.session.scalar(select(Entry).where(Entry.contest_id == contest.id, Entry.user.has(email=email)))
                 for email in (ENTRANT, UPLOADER))
    candidates = db.session.scalars(select(Entry).where(Entry.id.in_(candidate_ids(contest.id)))
                                    .order_by(Entry.number)).all()
    attach_demo_videos([own, *candidates[:2]], workdir=Path(workdir) / "media")
    db.session.flush()
    judge = find_user_by_email(JUDGE)
    queue = judge_queue(scoring, judge)
    past_round = db.session.scalar(select(JudgingRound).where(
        JudgingRound.contest_id == past.id, JudgingRound.kind == RoundKind.SCORING.value))
    owed = certificates.missing(past)  # the demo issues (and signs) the past edition's certificates itself
    cert = (certificates.issue(recipient=owed[0], contest=past) if owed else
            db.session.scalar(select(Certificate).where(Certificate.contest_id == past.id).order_by(Certificate.id)))
    site = Site(contest_id=contest.id, slug=contest.slug, past_id=past.id, past_slug=past.slug, entry_id=own.id,
                upload_entry_id=bare.id,
                check_round_id=check.id, scoring_round_id=scoring.id, score_entry_id=queue[0].entry_id,
                past_round_id=past_round.id, candidate_id=candidates[0].id, certificate_code=cert.code)
    site.extra.update(_seed_less_visited_pages(contest=contest, past=past, scoring=scoring, own=own, judge=judge,
                                   queue=queue))
    return site


def _seed_less_visited_pages(*, contest, past, scoring, own, judge, queue):
    """What the less visited pages need: a pairwise final with a vote, a second scored round (the
    rubric's copy form), a pending judge invitation, a caption (its transcript), and the entrant's
    draft in the past edition (the phase-closed page)."""
    admin = find_user_by_email(ADMIN)
    pairwise.set_enabled(contest=contest, enabled=True, actor=admin)
    final = pairwise.create_final(rnd=scoring, entry_ids=[q.entry_id for q in queue[:3]], actor=admin)
    first, second = pairwise.pairs_for(final, judge.id)[0]
    pairwise.vote(final=final, judge=judge, first_id=first, second_id=second, winner_id=first)
    second_round = rounds.create_round(contest=contest, kind=RoundKind.SCORING.value,
                                       values={"name": "Babak Kedua"}, actor=admin)
    _invited, token = panel.invite_judge(email="juri.baru@demo.kaltimprov.go.id", full_name="Juri Baru",
                                         agency="Diskominfo", affiliation="", actor=admin)
    seed_captions([own])
    late = Entry(contest=past, user=own.user, number=999, title="Draf yang terlambat",
                 synopsis="Draf yang tidak sempat dikirim.", originality_accepted_at=utcnow())
    db.session.add(late)
    db.session.flush()
    duties.record_request(kind="restriction", subject_label=own.user.full_name, user=own.user,
                          detail="Mohon batasi publikasi data saya.")
    incident = incidents.record_incident(title="Ekspor terkirim ke alamat salah", description="Uji.",
                                         discovered_at=utcnow(), data_categories="nama, email", contest=contest,
                                         actor=admin)
    return {"incident_id": incident.id, "judge_id": judge.id, "final_id": final.id, "duel": f"a={first}&b={second}",
            "second_round_id": second_round.id, "invite_token": token,
            "video_uuid": str(media_services.current_video(own).uuid), "late_entry_id": late.id}


def make_reset_token_for_siti():
    """A password-reset link's token for the demo entrant who has no entry."""
    return make_reset_token(find_user_by_email("siti.rahmawati@demo.kaltimprov.go.id"))


def log_in(page, base, role):
    """Sign in through the login form as the role's demo account."""
    page.goto(f"{base}/login")
    page.fill("input[name=email]", ROLE_EMAILS[role])
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def vote_code(email):
    """The six-digit code in the newest vote mail to `email` (read from the outbox)."""
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == email)
                                .order_by(OutboxMessage.id.desc()))
    return re.search(r"\b(\d{6})\b", message.body).group(1)
