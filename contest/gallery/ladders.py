"""Which videos get an HLS ladder: the public ones (winners, and all entries when the gallery shows them).

Registered with media (media/hls/services.py, ladder_source), which sits below the gallery and asks;
the ladder sweep calls it every minute, so publication (a moment in time) is noticed within one.
"""
from sqlalchemy import select

from ..contests.models import Contest
from ..core.extensions import db
from ..media.hls.services import ladder_source
from ..media.models import Video
from .publication import public_cards, publication


@ladder_source
def public_videos(now):
    """Ids of the videos in use of every public card of every announced edition."""
    uuids = set()
    for contest in db.session.scalars(select(Contest).where(Contest.announcement_at <= now)):
        pub = publication(contest, now=now)
        if pub.winners_public:
            uuids.update(card.video_uuid for card in public_cards(pub) if card.has_video)
    if not uuids:
        return []
    return db.session.scalars(select(Video.id).where(Video.uuid.in_(uuids))).all()
