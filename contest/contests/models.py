"""A contest edition: its timeline, video rules and prizes."""
from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow

ORIENTATIONS = ("landscape", "portrait", "square")


class Contest(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), nullable=False, unique=True)
    title = db.Column(db.String(200), nullable=False)
    theme = db.Column(db.String(300), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")  # Markdown
    rules = db.Column(db.Text, nullable=False, default="")  # Markdown
    timezone = db.Column(db.String(64), nullable=False, default="Asia/Makassar")
    code_prefix = db.Column(db.String(20), nullable=False)  # entry codes: NTR-2024-0042
    is_current = db.Column(db.Boolean, nullable=False, default=False)

    registration_opens_at = db.Column(UTCDateTime, nullable=False)
    submissions_close_at = db.Column(UTCDateTime, nullable=False)
    judging_opens_at = db.Column(UTCDateTime, nullable=False)
    judging_closes_at = db.Column(UTCDateTime, nullable=False)
    voting_opens_at = db.Column(UTCDateTime)
    voting_closes_at = db.Column(UTCDateTime)
    announcement_at = db.Column(UTCDateTime, nullable=False)

    min_duration_s = db.Column(db.Integer, nullable=False, default=60)
    max_duration_s = db.Column(db.Integer, nullable=False, default=180)
    min_short_side_px = db.Column(db.Integer, nullable=False, default=720)
    # Ceilings: an 8K or 240 fps file costs minutes of CPU and gigabytes of memory to transcode.
    max_long_side_px = db.Column(db.Integer, nullable=False, default=4096, server_default="4096")
    max_frame_rate = db.Column(db.Integer, nullable=False, default=60, server_default="60")
    orientations = db.Column(db.String(40), nullable=False, default="landscape,portrait")
    max_size_mb = db.Column(db.Integer, nullable=False, default=500)
    audio_required = db.Column(db.Boolean, nullable=False, default=True)
    max_entries_per_entrant = db.Column(db.Integer, nullable=False, default=1)

    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    prizes = db.relationship(
        "Prize",
        cascade="all, delete-orphan",
        order_by="Prize.position",
        back_populates="contest",
        lazy="selectin",
    )

    @property
    def orientation_set(self):
        return frozenset(o for o in self.orientations.split(",") if o)

    @property
    def max_size_bytes(self):
        return self.max_size_mb * 1024 * 1024


class Prize(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False)
    position = db.Column(db.Integer, nullable=False)  # display order, 1 = Juara I
    name = db.Column(db.String(100), nullable=False)
    amount_rp = db.Column(db.BigInteger, nullable=False, default=0)
    description = db.Column(db.String(300), nullable=False, default="")

    contest = db.relationship("Contest", back_populates="prizes")
