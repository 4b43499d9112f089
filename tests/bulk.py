"""Many rows cheaply, for the list pages' query-count tests: direct inserts, no password hashing.

Users made here cannot log in (their password hash is "!"); log in with the conftest factories.
"""
import itertools
from datetime import date, timedelta

from sqlalchemy import func, select

from contest.accounts.models import ASNProfile, User
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import Entry, EntryStatus
from contest.judging.panel.models import JudgeProfile
from contest.media.models import Video, VideoState

AGENCIES = ["Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "Dinas Sosial"]
_numbers = itertools.count(5 * 10**6)


def entrants(n, *, agency=None):
    """n entrants, each with a role and an ASN profile (what list pages show of the owner)."""
    users = []
    for i in range(n):
        k = next(_numbers)
        user = User(email=f"massal{k}@example.go.id", full_name=f"Peserta Massal {k}", password_hash="!")
        user.add_role("entrant")
        user.profile = ASNProfile(nip=f"{k:018d}", employment_type="PNS", gender="L", birth_date=date(1985, 1, 1),
                                  position="Analis", work_unit="Sekretariat",
                                  agency=agency or AGENCIES[i % len(AGENCIES)], regency="Kota Samarinda",
                                  phone="+6281234500000", terms_accepted_at=utcnow(), data_consent_at=utcnow())
        users.append(user)
    db.session.add_all(users)
    db.session.flush()
    return users


def judges(n, *, accepted=True):
    """n judges with a profile; every other one from another agency."""
    users = []
    for i in range(n):
        k = next(_numbers)
        user = User(email=f"juri{k}@example.go.id", full_name=f"Juri Massal {k}", password_hash="!")
        user.add_role("judge")
        db.session.add(user)
        db.session.flush()
        db.session.add(JudgeProfile(user_id=user.id, agency=AGENCIES[i % len(AGENCIES)], affiliation="Akademisi",
                                    invited_at=utcnow(), accepted_at=utcnow() if accepted else None))
        users.append(user)
    db.session.flush()
    return users


def entries(contest, n, *, owners=None, video=True, status=EntryStatus.SUBMITTED.value):
    """n entries of the contest with ready videos; each by its own entrant unless owners are given."""
    owners = owners or entrants(n)
    start = db.session.scalar(select(func.max(Entry.number)).where(Entry.contest_id == contest.id)) or 0
    now = utcnow()
    rows = []
    for i in range(n):
        number = start + i + 1
        entry = Entry(
            contest_id=contest.id,
            user=owners[i % len(owners)],
            number=number,
            title=f"Karya Massal {number}",
            synopsis=f"Sinopsis karya {number}.",
            originality_accepted_at=now,
            status=status,
            submitted_at=None if status == EntryStatus.DRAFT.value else now - timedelta(minutes=number),
        )
        rows.append(entry)
    db.session.add_all(rows)
    db.session.flush()
    if video:
        db.session.add_all([Video(entry_id=e.id, state=VideoState.READY.value, frame_count=3, poster_choice=1,
                                  width=1280, height=720, duration=65.0, rendition="remux", ready_at=now)
                            for e in rows])
        db.session.flush()
    return rows
