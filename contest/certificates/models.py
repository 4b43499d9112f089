"""Per-contest certificate template and the certificates issued from it."""
from enum import Enum

from ..core.extensions import db
from ..core.timeutil import UTCDateTime, utcnow


class CertificateKind(str, Enum):
    PARTICIPATION = "participation"  # E-Sertifikat: passed the administrative check
    AWARD = "award"  # Piagam Penghargaan: Juara I–III, Harapan I–III, Video Terfavorit


class CertificateTemplate(db.Model):
    """What a contest's certificates say and who signs them (Indonesian text, set by the committee)."""

    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), primary_key=True)
    organizer = db.Column(db.Text, nullable=False, default="")  # header lines, e.g. the agency's name
    participation_title = db.Column(db.String(120), nullable=False, default="SERTIFIKAT")
    award_title = db.Column(db.String(120), nullable=False, default="PIAGAM PENGHARGAAN")
    participation_text = db.Column(db.String(300), nullable=False,
                                   default="atas partisipasinya sebagai peserta dalam")
    award_text = db.Column(db.String(300), nullable=False, default="atas prestasinya sebagai")
    place = db.Column(db.String(100), nullable=False, default="")
    issued_on = db.Column(db.Date)  # the date printed; None: the day the certificate is made
    signatory1_name = db.Column(db.String(200), nullable=False, default="")
    signatory1_position = db.Column(db.String(200), nullable=False, default="")
    signatory1_nip = db.Column(db.String(18), nullable=False, default="")
    signatory2_name = db.Column(db.String(200), nullable=False, default="")
    signatory2_position = db.Column(db.String(200), nullable=False, default="")
    signatory2_nip = db.Column(db.String(18), nullable=False, default="")
    logo_path = db.Column(db.String(300))  # relative to UPLOAD_ROOT, a server-made name
    generation_requested_at = db.Column(UTCDateTime)
    generation_finished_at = db.Column(UTCDateTime)
    generation_error = db.Column(db.Text, nullable=False, default="")
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    contest = db.relationship("Contest")

    @property
    def signatories(self):
        pairs = [(self.signatory1_name, self.signatory1_position, self.signatory1_nip),
                 (self.signatory2_name, self.signatory2_position, self.signatory2_nip)]
        return [p for p in pairs if p[0].strip()]


class Certificate(db.Model):
    """One issued certificate; what it says is a snapshot, so verification outlives later edits."""

    __table_args__ = (db.UniqueConstraint("entry_id", "award_key"),)

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(10), nullable=False, unique=True)
    contest_id = db.Column(db.ForeignKey("contest.id", ondelete="CASCADE"), nullable=False, index=True)
    entry_id = db.Column(db.ForeignKey("entry.id", ondelete="SET NULL"))
    user_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    kind = db.Column(db.String(14), nullable=False)
    award_key = db.Column(db.String(30), nullable=False)  # "participation" | "prize-<id>" | "favourite"
    prize_id = db.Column(db.ForeignKey("prize.id", ondelete="SET NULL"))
    award_name = db.Column(db.String(100), nullable=False, default="")  # "Juara I"; empty for participation
    recipient_name = db.Column(db.String(200), nullable=False)
    recipient_agency = db.Column(db.String(200), nullable=False, default="")
    entry_code = db.Column(db.String(40), nullable=False)
    entry_title = db.Column(db.String(200), nullable=False)
    contest_title = db.Column(db.String(200), nullable=False)
    issued_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    pdf_path = db.Column(db.String(300))  # relative to UPLOAD_ROOT; None until rendered
    pdf_generated_at = db.Column(UTCDateTime)
    pdf_sha256 = db.Column(db.String(64), index=True)  # of the stored (signed) file, recorded at issue
    signature = db.Column(db.JSON)  # signing.SignerInfo.as_json() of the key that signed it; None: unsigned
    revoked_at = db.Column(UTCDateTime)
    revoked_reason = db.Column(db.Text, nullable=False, default="")
    revoked_by_id = db.Column(db.ForeignKey("user.id", ondelete="SET NULL"))

    contest = db.relationship("Contest")
    entry = db.relationship("Entry")

    @property
    def is_award(self):
        return self.kind == CertificateKind.AWARD.value

    @property
    def is_revoked(self):
        return self.revoked_at is not None
