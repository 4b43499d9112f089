"""Reading the follow-up results for the committee, and the edition's quality rules.

check_data() serves the administrative check page with a fixed number of queries whatever the
number of entries. Matches are for the committee only: nothing here is reachable by entrants.
"""
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ...entries.models import Entry
from ..models import Video, VideoState
from ..services import current_videos
from . import analysis as quality
from .messages import shown_warnings
from .models import QualitySettings, VideoMatch, VideoQuality


def rules_of(contest):
    settings = db.session.get(QualitySettings, contest.id)
    return quality.rules_from(settings.rules if settings else None)


def set_quality_rules(*, contest, policies, thresholds, actor):
    """The committee sets the edition's policy per code and its thresholds (flushes)."""
    bad = [code for code, policy in policies.items()
           if code not in quality.CODES or policy not in quality.POLICIES]
    bad += [key for key in thresholds if key not in quality.DEFAULT_THRESHOLDS]
    if bad:
        raise DomainError(f"unknown quality setting: {', '.join(sorted(bad))}")
    settings = db.session.get(QualitySettings, contest.id)
    if settings is None:
        settings = QualitySettings(contest_id=contest.id)
        db.session.add(settings)
    settings.rules = {"policies": dict(policies),
                      "thresholds": {k: float(v) for k, v in thresholds.items()}}
    settings.updated_at = utcnow()
    settings.updated_by_id = actor.id
    db.session.flush()
    return settings


def check_data(entries):
    """{entry id: {"video", "quality", "warnings", "matches"}} for the committee's check page.

    matches: [{"code", "share" (percent), "exact", "video", "other"}], each pair once per side.
    """
    entries = [e[0] if isinstance(e, tuple) else e for e in entries]
    videos = current_videos(entries)
    if not videos:
        return {}
    contest_ids = {e.contest_id for e in entries}
    settings = {s.contest_id: quality.rules_from(s.rules) for s in db.session.scalars(
        select(QualitySettings).where(QualitySettings.contest_id.in_(contest_ids)))}
    ids = [v.id for v in videos.values()]
    rows = {q.video_id: q for q in db.session.scalars(
        select(VideoQuality).where(VideoQuality.video_id.in_(ids)))}
    out = {}
    by_video = {}
    for entry in entries:
        video = videos.get(entry.id)
        if video is None:
            continue
        row = rows.get(video.id)
        rules = settings.get(entry.contest_id) or quality.rules_from(None)
        state = "pending" if row is None or row.analysed_at is None else "done"
        out[entry.id] = {"video": video, "quality": state, "warnings": shown_warnings(row, rules),
                         "matches": []}
        by_video[video.id] = entry.id
    for match, mine, other, other_entry in _matches(ids):
        out[by_video[mine.id]]["matches"].append({
            "code": other_entry.code, "share": round(100 * match.share), "exact": match.exact,
            "video": mine, "other": other})
    return out


def _matches(video_ids):
    """(match, this side's video, the other video, its entry) touching these videos, both ready."""
    near, far = aliased(Video), aliased(Video)
    statement = (
        select(VideoMatch, near, far, Entry)
        .join(near, or_(near.id == VideoMatch.video_id, near.id == VideoMatch.other_video_id))
        .join(far, or_(far.id == VideoMatch.video_id, far.id == VideoMatch.other_video_id))
        .join(Entry, Entry.id == far.entry_id)
        .where(near.id.in_(video_ids), far.id != near.id,
               far.state == VideoState.READY.value)
        .order_by(VideoMatch.id))
    return db.session.execute(statement).all()
