"""What the public side stores of its own: the per-edition switch, consents, the jury's notes."""
from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow


class GallerySettings(db.Model):
    """Per edition: whether the gallery of all accepted entries is public (off by default)."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    show_all_entries = db.Column(db.Boolean, nullable=False, default=False)
    # The neutrality banner on the public pages; None means the default wording (gallery.services).
    banner_title = db.Column(db.String(200))
    banner_text = db.Column(db.Text)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))


class PublicConsent(db.Model):
    """The entrant agreed that their entry (title, video, name, agency) may be shown publicly.

    A row means consent; withdrawing it deletes the row (UU PDP: consent can be taken back).
    """

    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    given_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class WinnerNote(db.Model):
    """The jury's public note on an entry, shown in the winners gallery.

    Keyed by entry rather than by prize award: awards are replaced when the committee
    re-assigns or overrides prizes, and the note is about the work.
    """

    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True)
    note = db.Column(db.Text, nullable=False, default="")
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))
