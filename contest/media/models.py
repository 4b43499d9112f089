"""An uploaded video of an entry: its processing state, what the probe found, its renditions."""
import uuid
from enum import Enum

from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow


class VideoState(str, Enum):
    """`uploading → queued → validating → (rejected | processing) → ready`, plus `failed`.

    `superseded`: a newer upload of the same entry replaced this one (see services.py); its
    files are deleted by the sweep.
    """

    UPLOADING = "uploading"
    QUEUED = "queued"
    VALIDATING = "validating"
    REJECTED = "rejected"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"
    SUPERSEDED = "superseded"


IN_FLIGHT = (VideoState.VALIDATING.value, VideoState.PROCESSING.value)
PENDING = (VideoState.UPLOADING.value, VideoState.QUEUED.value) + IN_FLIGHT


def new_uuid():
    """The opaque public id of a video (URLs and file names use it, never a person's name)."""
    return uuid.uuid4().hex


class Video(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    uuid = db.Column(db.String(32), nullable=False, unique=True, default=new_uuid)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), nullable=False, index=True)
    state = db.Column(db.String(12), nullable=False, default=VideoState.QUEUED.value, index=True)

    # Upload: the tus file it came from (makes completion idempotent) and display-only metadata.
    upload_ref = db.Column(db.String(500), unique=True)
    original_filename = db.Column(db.String(255), nullable=False, default="")
    original_size = db.Column(db.BigInteger, nullable=False, default=0)

    # Work bookkeeping: who holds the job (claim_token), whether it is alive (heartbeat_at).
    attempts = db.Column(db.Integer, nullable=False, default=0)
    claim_token = db.Column(db.String(32))
    heartbeat_at = db.Column(UTCDateTime)
    progress = db.Column(db.Integer, nullable=False, default=0)  # 0-100 while transcoding
    problems = db.Column(db.JSON, nullable=False, default=list)  # [{"code":..., "params":...}]
    error = db.Column(db.Text)  # last processing failure, for the committee (never shown to judges)

    # What the probe found (displayed dimensions: rotation already applied).
    duration = db.Column(db.Float)
    width = db.Column(db.Integer)
    height = db.Column(db.Integer)
    rotation = db.Column(db.Integer)
    format_name = db.Column(db.String(100))
    video_codec = db.Column(db.String(32))
    audio_codec = db.Column(db.String(32))

    # Renditions.
    rendition = db.Column(db.String(10))  # "remux" | "transcode"
    rendition_size = db.Column(db.BigInteger)
    frame_count = db.Column(db.Integer, nullable=False, default=0)  # poster candidates made
    poster_choice = db.Column(db.Integer, nullable=False, default=0)

    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    state_changed_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    ready_at = db.Column(UTCDateTime)
    files_deleted_at = db.Column(UTCDateTime)

    entry = db.relationship("Entry")

    @property
    def is_ready(self):
        return self.state == VideoState.READY.value

    @property
    def is_pending(self):
        return self.state in PENDING

    @property
    def original_ext(self):
        """The upload's extension, lower case without the dot ('' when it had none)."""
        name = self.original_filename or ""
        return name.rsplit(".", 1)[-1].lower() if "." in name else ""

    def __repr__(self):
        return f"<Video {self.id} {self.uuid} entry={self.entry_id} {self.state}>"
