"""A published video's HLS ladder: whether it is built, and what its master playlist lists."""
from enum import Enum

from ...core.extensions import db
from ...core.timeutil import UTCDateTime, utcnow


class LadderState(str, Enum):
    """`queued → building → ready`, plus `failed` (retried like the video pipeline)."""

    QUEUED = "queued"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


class HlsLadder(db.Model):
    """One row per video whose ladder was asked for (publication); files in renditions/<uuid>/hls/."""

    __tablename__ = "hls_ladder"

    video_id = db.Column(db.ForeignKey("video.id", ondelete="CASCADE"), primary_key=True)
    state = db.Column(db.String(10), nullable=False, default=LadderState.QUEUED.value, index=True)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    claim_token = db.Column(db.String(32))
    heartbeat_at = db.Column(UTCDateTime)
    error = db.Column(db.Text)
    # [{"name", "uri", "width", "height", "bandwidth", "average_bandwidth", "codecs", "frame_rate"}]
    variants = db.Column(db.JSON, nullable=False, default=list)
    size_bytes = db.Column(db.BigInteger)  # every file of the ladder
    encode_seconds = db.Column(db.Float)  # wall-clock of the ffmpeg run (cost per minute of video)
    requested_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    state_changed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    ready_at = db.Column(UTCDateTime)

    video = db.relationship("Video")

    @property
    def is_ready(self):
        return self.state == LadderState.READY.value

    def __repr__(self):
        return f"<HlsLadder video={self.video_id} {self.state}>"
