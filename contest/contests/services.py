"""Contest editions: which one is current, saving, copying."""
from flask import abort
from sqlalchemy import select

from ..core.extensions import db
from .models import Contest, Prize

TIMELINE_FIELDS = (
    "registration_opens_at",
    "submissions_close_at",
    "judging_opens_at",
    "judging_closes_at",
    "voting_opens_at",
    "voting_closes_at",
    "announcement_at",
)
SETTINGS_FIELDS = (
    "slug", "title", "theme", "description", "rules", "timezone", "code_prefix",
    "min_duration_s", "max_duration_s", "min_short_side_px", "orientations", "max_size_mb",
    "audio_required", "max_entries_per_entrant",
) + TIMELINE_FIELDS
# Settings with a model default: callers that predate them (demo seeding, old forms) may omit them.
DEFAULTED_FIELDS = ("max_long_side_px", "max_frame_rate")


def current_contest():
    """The edition marked current, else the most recently opened one, else None."""
    contest = db.session.scalar(select(Contest).where(Contest.is_current.is_(True)))
    if contest is None:
        contest = db.session.scalar(
            select(Contest).order_by(Contest.registration_opens_at.desc()).limit(1)
        )
    return contest


def current_contest_or_404():
    return current_contest() or abort(404)


def get_contest_by_slug(slug):
    return db.session.scalar(select(Contest).where(Contest.slug == slug))


def save_contest(*, contest=None, values, prizes):
    """Create or update an edition from validated values and (name, amount, description) prizes."""
    if contest is None:
        contest = Contest()
        db.session.add(contest)
    for field in SETTINGS_FIELDS:
        setattr(contest, field, values[field])
    for field in DEFAULTED_FIELDS:
        if values.get(field) is not None:
            setattr(contest, field, values[field])
    # Update prize rows in place: awards and certificates point at them, so saving the form
    # must not delete and recreate prizes that are still there.
    existing = list(contest.prizes)
    rows = []
    for index, (name, amount, description) in enumerate(prizes, start=1):
        prize = existing[index - 1] if index <= len(existing) else Prize()
        prize.position, prize.name = index, name
        prize.amount_rp, prize.description = amount or 0, description or ""
        rows.append(prize)
    contest.prizes = rows
    if db.session.scalar(select(Contest.id).where(Contest.is_current.is_(True))) is None:
        contest.is_current = True
    db.session.flush()
    return contest


def make_current(*, contest):
    """Exactly one edition is current."""
    for other in db.session.scalars(select(Contest).where(Contest.is_current.is_(True))):
        other.is_current = False
    db.session.flush()
    contest.is_current = True
    db.session.flush()


def copy_contest(*, contest, slug, title):
    """A new edition with the same settings and prizes, not current, to be edited."""
    values = {field: getattr(contest, field) for field in SETTINGS_FIELDS}
    values.update(slug=slug, title=title)
    copy = Contest(**values, is_current=False)
    copy.prizes = [
        Prize(position=p.position, name=p.name, amount_rp=p.amount_rp, description=p.description)
        for p in contest.prizes
    ]
    db.session.add(copy)
    db.session.flush()
    return copy


def unique_copy_slug(slug):
    """`slug-salinan`, `slug-salinan-2`, … whichever is free."""
    candidate, n = f"{slug}-salinan", 2
    while get_contest_by_slug(candidate) is not None:
        candidate, n = f"{slug}-salinan-{n}", n + 1
    return candidate
