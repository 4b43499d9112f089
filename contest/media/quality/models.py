"""Follow-up stages of a ready video: its quality report, fingerprints, matches; per-edition rules."""
from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


class QualitySettings(db.Model):
    """Per edition: thresholds and the policy (ignore / warn / reject) of each warning code.

    `rules` is {"thresholds": {...}, "policies": {code: policy}}; missing keys take the defaults
    of media/quality/analysis.py (shared/DOMAIN.md).
    """

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    rules = db.Column(db.JSON, nullable=False, default=dict)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))


class VideoQuality(db.Model):
    """The quality pass of one video: claimed once (the row's insert), then its report.

    `warnings` are what the edition's thresholds found ([{"code", "start", "end", "params"}]);
    the policy decides at display time which are shown (ignore hides them).
    """

    video_id = db.Column(db.ForeignKey("video.id", ondelete="CASCADE"), primary_key=True)
    attempts = db.Column(db.Integer, nullable=False, default=1)
    claimed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    analysed_at = db.Column(UTCDateTime)
    report = db.Column(db.JSON)
    warnings = db.Column(db.JSON, nullable=False, default=list)
    loudness_normalized = db.Column(db.Boolean, nullable=False, default=False)
    error = db.Column(db.Text)

    video = db.relationship("Video")


class VideoFingerprint(db.Model):
    """SHA-256 of the original and the vPDQ hashes of its frames (32 bytes each, one a second)."""

    video_id = db.Column(db.ForeignKey("video.id", ondelete="CASCADE"), primary_key=True)
    sha256 = db.Column(db.String(64), nullable=False, index=True)
    hashes = db.Column(db.LargeBinary, nullable=False, default=b"")
    frame_count = db.Column(db.Integer, nullable=False, default=0)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class VideoMatch(db.Model):
    """A newer video resembling an older one (any entry of any edition), for the committee only.

    query_share: share of the newer video's frames found in the older one; other_share: the
    reverse. `exact`: the originals are byte-identical.
    """

    __table_args__ = (db.UniqueConstraint("video_id", "other_video_id"),)

    id = db.Column(db.Integer, primary_key=True)
    video_id = db.Column(db.ForeignKey("video.id", ondelete="CASCADE"), nullable=False, index=True)
    other_video_id = db.Column(db.ForeignKey("video.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    query_share = db.Column(db.Float, nullable=False)
    other_share = db.Column(db.Float, nullable=False)
    exact = db.Column(db.Boolean, nullable=False, default=False)
    found_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    video = db.relationship("Video", foreign_keys=[video_id])
    other = db.relationship("Video", foreign_keys=[other_video_id])

    @property
    def share(self):
        """The smaller of the two shares: what the committee reads as "x % of frames match"."""
        return min(self.query_share, self.other_share)
