"""Captions of a video (one WebVTT file per language) and the per-edition caption rule."""
from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


class Caption(db.Model):
    """A video's caption track in one language, stored beside its rendition.

    `name` is the file name the server chose in renditions/<uuid>/ (never the entrant's); a new
    upload gets a new name, so a cached old track is never served for the new one.
    """

    __table_args__ = (db.UniqueConstraint("video_id", "language"),)

    id = db.Column(db.Integer, primary_key=True)
    video_id = db.Column(db.ForeignKey("video.id", ondelete="CASCADE"), nullable=False, index=True)
    language = db.Column(db.String(8), nullable=False)  # "id" | "en"
    name = db.Column(db.String(80), nullable=False)
    size = db.Column(db.Integer, nullable=False, default=0)
    cue_count = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    video = db.relationship("Video")

    def __repr__(self):
        return f"<Caption {self.id} video={self.video_id} {self.language}>"


class CaptionSettings(db.Model):
    """Per edition: whether an entry needs Indonesian captions before it may be submitted."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    required = db.Column(db.Boolean, nullable=False, default=False)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
