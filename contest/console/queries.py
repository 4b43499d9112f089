"""SQL building blocks the console shares: registrants, the latest video, the check, local days.

Everything here is a selectable or a condition, so the dashboard, the filtered lists and the
exports count and list the very same rows.
"""
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, literal_column, or_, select

from ..accounts.models import ASNProfile, User
from ..core.extensions import db
from ..entries.models import Entry, EntryStatus
from ..judging.checks.models import AdminCheck
from ..judging.rounds.models import JudgingRound, RoundKind
from ..media.models import PENDING, Video, VideoState

ACTIVE = (EntryStatus.DRAFT.value, EntryStatus.SUBMITTED.value)
ENTRY_STATUSES = ("draft", "submitted", "withdrawn", "active")
# Filters on the entry's newest upload: a category (pending/none) or one raw state.
VIDEO_FILTERS = ("none", "pending", *PENDING, VideoState.READY.value, VideoState.REJECTED.value,
                 VideoState.FAILED.value)
CHECK_FILTERS = ("pass", "fail", "needs_fix", "none")


def local_day(column, tz_name):
    """The calendar day ('2024-11-05' text) of a naive-UTC column in the edition's zone, as SQL without
    bind parameters, so PostgreSQL sees the same expression in SELECT and GROUP BY. Indonesia keeps no DST."""
    minutes = int(ZoneInfo(tz_name).utcoffset(datetime(2024, 1, 1)).total_seconds() // 60)
    if db.session.get_bind().dialect.name == "sqlite":
        return func.date(column, literal_column(f"'{minutes:+d} minutes'"))
    return func.to_char(column + literal_column(f"interval '{minutes} minutes'"), literal_column("'YYYY-MM-DD'"))


def day_text(value):
    """SQLite returns '2024-11-05', PostgreSQL a date: both become the ISO text."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def registrant_condition(contest):
    """Entrants of the edition: holding one of its entries, or registered in its window and holding
    no entry of another edition (an overlapping window must not count another edition's entrants)."""
    elsewhere = exists(select(Entry.id).where(Entry.user_id == User.id, Entry.contest_id != contest.id))
    return and_(
        User.roles.any(name="entrant"),
        User.profile.has(),
        or_(and_(User.created_at >= contest.registration_opens_at, User.created_at < contest.submissions_close_at,
                 ~elsewhere),
            exists(select(Entry.id).where(Entry.user_id == User.id, Entry.contest_id == contest.id))),
    )


def latest_videos():
    """(entry_id, state, problems) of every entry's newest upload that is not superseded."""
    newest = (select(func.max(Video.id)).where(Video.state != VideoState.SUPERSEDED.value)
              .group_by(Video.entry_id))
    return (select(Video.entry_id, Video.state, Video.problems)
            .where(Video.id.in_(newest)).subquery("latest_video"))


def check_round_id(contest_id):
    """The edition's administrative check round (the first one), or None."""
    return db.session.scalar(
        select(JudgingRound.id).where(JudgingRound.contest_id == contest_id,
                                      JudgingRound.kind == RoundKind.ADMIN_CHECK.value)
        .order_by(JudgingRound.position, JudgingRound.id).limit(1))


def entry_rows(contest, check_round, filters):
    """Entries of the edition joined to owner, profile, newest upload and check, filtered.

    `filters`: status, video, check, agency, regency (already validated). Returns the select
    and the joined subquery/alias so callers can add columns, count or page.
    """
    video = latest_videos()
    query = (select(Entry, User.full_name, User.email, ASNProfile, video.c.state, video.c.problems,
                    AdminCheck.outcome, AdminCheck.reason)
             .join(User, User.id == Entry.user_id)
             .outerjoin(ASNProfile, ASNProfile.user_id == Entry.user_id)
             .outerjoin(video, video.c.entry_id == Entry.id)
             .outerjoin(AdminCheck, and_(AdminCheck.entry_id == Entry.id, AdminCheck.round_id == (check_round or -1)))
             .where(Entry.contest_id == contest.id))
    return query.where(*entry_conditions(filters, video)), video


def entry_conditions(filters, video):
    conditions = []
    status = filters.get("status")
    if status == "active":
        conditions.append(Entry.status.in_(ACTIVE))
    elif status:
        conditions.append(Entry.status == status)
    state = filters.get("video")
    if state == "none":
        conditions.append(video.c.state.is_(None))
    elif state == "pending":
        conditions.append(video.c.state.in_(PENDING))
    elif state:
        conditions.append(video.c.state == state)
    check = filters.get("check")
    if check == "none":
        conditions.append(AdminCheck.outcome.is_(None))
    elif check:
        conditions.append(AdminCheck.outcome == check)
    if filters.get("agency"):
        conditions.append(ASNProfile.agency == filters["agency"])
    if filters.get("regency"):
        conditions.append(ASNProfile.regency == filters["regency"])
    return conditions


def clean_filters(args):
    """The recognised entry filters of a query string; unknown values are dropped."""
    out = {}
    if args.get("status") in ENTRY_STATUSES:
        out["status"] = args["status"]
    if args.get("video") in VIDEO_FILTERS:
        out["video"] = args["video"]
    if args.get("check") in CHECK_FILTERS:
        out["check"] = args["check"]
    for key in ("agency", "regency"):
        if (args.get(key) or "").strip():
            out[key] = args[key].strip()[:200]
    return out
