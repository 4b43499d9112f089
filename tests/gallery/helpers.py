"""Build an edition with entries, ready videos, an administrative check and (final) prizes."""
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from contest.core import config
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import Entry, EntryStatus
from contest.gallery import cache
from contest.judging.checks.models import AdminCheck
from contest.judging.results.models import PrizeAward
from contest.judging.rounds.models import JudgingRound, RoundKind
from contest.media import storage
from contest.media.models import Video, VideoState

AGENCIES = ["Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "Dinas Sosial"]
REGENCIES = ["Kota Samarinda", "Kota Balikpapan", "Kabupaten Berau"]


def timeline(*, announced=True, now=None):
    now = now or utcnow()
    return dict(
        registration_opens_at=now - timedelta(days=40), submissions_close_at=now - timedelta(days=30),
        judging_opens_at=now - timedelta(days=29), judging_closes_at=now - timedelta(days=20),
        voting_opens_at=None, voting_closes_at=None,
        announcement_at=now - timedelta(days=1) if announced else now + timedelta(days=5))


@dataclass
class Edition:
    contest: object
    entries: list
    videos: list
    check_round: object
    round: object
    awards: list = field(default_factory=list)


def add_entry(contest, user, number, *, title=None, status=EntryStatus.SUBMITTED.value, video=True,
              width=1280, height=720):
    now = utcnow()
    entry = Entry(contest=contest, user=user, number=number, title=title or f"Karya Netral {number}",
                  synopsis=f"Sinopsis karya nomor {number} tentang netralitas ASN.",
                  originality_accepted_at=now, status=status,
                  submitted_at=now - timedelta(days=31) if status != EntryStatus.DRAFT.value else None)
    db.session.add(entry)
    db.session.flush()
    clip = None
    if video:
        clip = Video(entry=entry, state=VideoState.READY.value, frame_count=3, poster_choice=1, width=width,
                     height=height, duration=65.0, rendition="remux", ready_at=now)
        db.session.add(clip)
        db.session.flush()
    return entry, clip


_quick = iter(range(10**6, 10**7))


def build_edition(make_contest, make_entrant, *, n=3, winners=None, announced=True, final=True,
                  current=True, titles=None, quick=False, **overrides):
    """n submitted entries with ready videos, all passing the check; the first `winners` get prizes.

    quick: entrants are inserted directly (no password hashing) — for tests with many entries.
    """
    contest = make_contest(current=current, **{**timeline(announced=announced), **overrides})
    winners = n if winners is None else winners
    entries, videos = [], []
    for i in range(n):
        agency, regency = AGENCIES[i % len(AGENCIES)], REGENCIES[i % len(REGENCIES)]
        if quick:
            user = quick_entrant(next(_quick), agency=agency, regency=regency)
        else:
            user = make_entrant(agency=agency)
            user.profile.regency = regency
        entry, video = add_entry(contest, user, i + 1, title=titles[i] if titles else None)
        entries.append(entry)
        videos.append(video)
    check = JudgingRound(contest=contest, kind=RoundKind.ADMIN_CHECK.value, name="Verifikasi", position=1)
    rnd = JudgingRound(contest=contest, kind=RoundKind.SCORING.value, name="Penilaian", position=2,
                       locked_at=utcnow() - timedelta(days=19),
                       results_final_at=utcnow() - timedelta(days=18) if final else None)
    db.session.add_all([check, rnd])
    db.session.flush()
    for entry in entries:
        db.session.add(AdminCheck(round_id=check.id, entry_id=entry.id, outcome="pass"))
    awards = []
    for prize, entry in zip(contest.prizes, entries[:winners], strict=False):
        award = PrizeAward(round_id=rnd.id, prize_id=prize.id, entry_id=entry.id, rank=prize.position)
        db.session.add(award)
        awards.append(award)
    db.session.commit()
    return Edition(contest, entries, videos, check, rnd, awards)


def write_media(video, *, content=b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2048):
    """Put placeholder rendition files where the media views look (the bytes are not played)."""
    storage.rendition_dir(video).mkdir(parents=True, exist_ok=True)
    storage.web_path(video).write_bytes(content)
    for index in range(video.frame_count):
        for width in storage.FRAME_WIDTHS:
            storage.frame_path(video, index, width).write_bytes(b"\xff\xd8\xff\xe0jpeg")


def quick_entrant(n, *, agency=AGENCIES[0], regency=REGENCIES[0]):
    """An entrant row without the password hashing of registration (for tests with many entries)."""
    from datetime import date

    from contest.accounts.models import ASNProfile, User

    user = User(email=f"cepat{n}@example.go.id", full_name=f"Peserta Cepat {n}", password_hash="!")
    user.add_role("entrant")
    user.profile = ASNProfile(nip=f"{n:018d}", employment_type="PNS", gender="L", birth_date=date(1985, 1, 1),
                              position="Analis", work_unit="Sekretariat", agency=agency, regency=regency,
                              phone="+6281234500000", terms_accepted_at=utcnow(), data_consent_at=utcnow())
    db.session.add(user)
    return user


@pytest.fixture(autouse=True)
def fresh_gallery_cache(app):
    """Pages see every change at once: ids repeat between tests, and tests change data mid-way."""
    cache.clear()
    app.config["GALLERY_CACHE_REVALIDATE_S"] = 0
    yield
    app.config["GALLERY_CACHE_REVALIDATE_S"] = config.DEFAULTS["GALLERY_CACHE_REVALIDATE_S"]
    cache.clear()
