"""Certificates: the template, issuing (snapshot rows), rendering PDFs, revoking, looking codes up.

Services flush, never commit (tasks.py commits per certificate so progress shows as it goes).
Files live under UPLOAD_ROOT/certificates/ with server-made names, written to a temporary name
and renamed into place.
"""
import hashlib
import io
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from ..contests.phases import Phase, is_open
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from . import codes, pdf, signing
from .eligibility import recipients
from .models import Certificate, CertificateKind, CertificateTemplate

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 800
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
TEMPLATE_FIELDS = (
    "organizer", "participation_title", "award_title", "participation_text", "award_text", "place",
    "issued_on",
    "signatory1_name", "signatory1_position", "signatory1_nip", "signatory2_name", "signatory2_position",
    "signatory2_nip",
)


def storage_root():
    root = Path(current_app.config["UPLOAD_ROOT"]).resolve() / "certificates"
    root.mkdir(parents=True, exist_ok=True)
    return root


def absolute(relative):
    return Path(current_app.config["UPLOAD_ROOT"]).resolve() / relative


def _write_atomically(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


# -- the template ---------------------------------------------------------------------------

def template_or_default(contest):
    """The contest's template, or an unsaved one with the defaults (GET requests write nothing)."""
    template = db.session.get(CertificateTemplate, contest.id)
    if template is None:
        template = CertificateTemplate(contest_id=contest.id)
        for column in CertificateTemplate.__table__.columns:  # column defaults apply only on insert
            if column.default is not None and not callable(column.default.arg):
                setattr(template, column.key, column.default.arg)
    return template


def template_for(contest):
    template = db.session.get(CertificateTemplate, contest.id)
    if template is None:
        template = template_or_default(contest)
        db.session.add(template)
        db.session.flush()
    return template


def save_template(*, contest, values, logo=None, remove_logo=False):
    """Store the template's text; `logo` (a file-like upload) replaces the logo after validation."""
    template = template_for(contest)
    for name in TEMPLATE_FIELDS:
        value = values[name]
        setattr(template, name, value.strip() if isinstance(value, str) else value)
    old = template.logo_path
    if logo is not None:
        template.logo_path = store_logo(contest=contest, stream=logo)
    elif remove_logo:
        template.logo_path = None
    if old and old != template.logo_path:
        absolute(old).unlink(missing_ok=True)
    db.session.flush()
    return template


def store_logo(*, contest, stream):
    """Validate an uploaded image with Pillow, re-encode it as PNG (no metadata); returns its path."""
    data = stream.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise DomainError(_("Logo maksimal 2 MB."), field="logo")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in LOGO_FORMATS or image.width * image.height > 40_000_000:
            raise DomainError(_("Logo harus berupa gambar PNG, JPEG atau WebP."), field="logo")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DomainError(_("Berkas logo bukan gambar yang dapat dibaca."), field="logo") from None
    image = image.convert("RGBA")
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    relative = Path("certificates") / "logos" / f"{contest.id}-{secrets.token_hex(8)}.png"
    _write_atomically(absolute(relative), out.getvalue())
    return relative.as_posix()


# -- issuing and rendering ----------------------------------------------------------------------

def existing_keys(contest_id):
    return {(entry_id, key) for entry_id, key in db.session.execute(
        select(Certificate.entry_id, Certificate.award_key).where(Certificate.contest_id == contest_id))}


def issue(*, recipient, contest, now=None):
    """One certificate row: a fresh code and a snapshot of who, what and where."""
    entry = recipient.entry
    profile = entry.user.profile
    cert = Certificate(
        code=codes.new_code(), contest_id=contest.id, entry_id=entry.id, user_id=entry.user_id,
        kind=recipient.kind, award_key=recipient.award_key, prize_id=recipient.prize_id,
        award_name=recipient.award_name, recipient_name=entry.user.full_name,
        recipient_agency=profile.agency if profile else "", entry_code=entry.code, entry_title=entry.title,
        contest_title=contest.title, issued_at=now or utcnow())
    db.session.add(cert)
    db.session.flush()
    return cert


def missing(contest):
    """Recipients owed a certificate that has none yet (a revoked one counts as given)."""
    have = existing_keys(contest.id)
    return [r for r in recipients(contest) if r.key not in have]


def base_url():
    """PUBLIC_URL, else the address this request came to (workers get it passed in)."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    raise RuntimeError("PUBLIC_URL is not set and there is no request to take the address from")


def verify_url(code, root):
    return f"{root.rstrip('/')}/verify/{code}"


def _printed_date(cert, template, contest):
    day = template.issued_on or cert.issued_at.astimezone(ZoneInfo(contest.timezone)).date()
    return format_date(day, "d MMMM y", locale="id")


def certificate_data(cert, template, *, root):
    """What the PDF says, in Indonesian whatever the committee's language."""
    contest = cert.contest
    with force_locale("id"):
        award = cert.is_award
        place = ", ".join(p for p in (template.place, _printed_date(cert, template, contest)) if p)
        url = verify_url(cert.code, root)
        return pdf.CertificateData(
            title=(template.award_title if award else template.participation_title) or "",
            number_line=_("Nomor: %(code)s", code=codes.display(cert.code)),
            given_to=_("diberikan kepada"),
            recipient_name=cert.recipient_name, recipient_agency=cert.recipient_agency,
            statement=template.award_text if award else template.participation_text,
            award_name=cert.award_name.upper() if award else "",
            award_connector=_("dalam") if award else "",
            contest_title=cert.contest_title,
            entry_line=_("dengan karya berjudul “%(title)s” (%(code)s)", title=cert.entry_title,
                         code=cert.entry_code),
            place_date=place, verify_url=url, code_display=codes.display(cert.code),
            verify_caption=_("Pindai kode QR atau buka %(url)s untuk memeriksa keaslian dokumen ini.",
                             url=url),
            organizer_lines=[line.strip() for line in template.organizer.splitlines() if line.strip()],
            signatories=[pdf.Signatory(name, position, _("NIP %(nip)s", nip=nip) if nip else "")
                         for name, position, nip in template.signatories],
            metadata_title=f"{template.award_title if award else template.participation_title} {cert.code}",
        )


def current_signer():
    """The configured signer (None: no key installed), loaded once per key file and kept by the app."""
    path = current_app.config.get("SIGNING_P12") or ""
    stamp = (path, Path(path).stat().st_mtime_ns if path and Path(path).is_file() else None,
             current_app.config.get("SIGNING_P12_PASSWORD"), current_app.config.get("SIGNING_TSA_URL"))
    cached = current_app.extensions.get("certificate_signer")
    if cached is None or cached[0] != stamp:
        cached = (stamp, signing.from_config(current_app.config))
        current_app.extensions["certificate_signer"] = cached
    return cached[1]


def signer_summary():
    """(SignerInfo or None, error text): which key signs, for the committee's certificate page."""
    try:
        signer = current_signer()
    except signing.SigningError as error:
        return None, str(error)
    return (signer.describe() if signer is not None else None), ""


def signature_block(cert, template):
    """The visible signature block: the first signatory as printed, in the slot of their name."""
    name, position, nip = (template.signatories or [("Panitia", "", "")])[0]
    title = template.award_title if cert.is_award else template.participation_title
    return signing.SignatureBlock(name=name, nip=nip, position=position,
                                  box=pdf.signature_box(len(template.signatories)),
                                  reason=f"{title} {codes.display(cert.code)}", location=template.place)


def render_pdf(*, cert, root, now=None, signer=None):
    """Render, sign and store the PDF (replacing any earlier one) and record its SHA-256; returns its path.

    `signer` defaults to the configured one; without a key the PDF is stored unsigned.
    """
    template = template_or_default(cert.contest)
    data = certificate_data(cert, template, root=root)
    logo = absolute(template.logo_path) if template.logo_path else None
    relative = Path("certificates") / str(cert.contest_id) / f"{cert.code}.pdf"
    path = absolute(relative)
    body = pdf.render(data, logo_path=logo)
    signer = signer or current_signer()
    if signer is not None:
        body = signer.sign(body, block=signature_block(cert, template))
    _write_atomically(path, body)
    cert.pdf_path, cert.pdf_generated_at = relative.as_posix(), now or utcnow()
    cert.pdf_sha256 = hashlib.sha256(body).hexdigest()
    cert.signature = signer.describe().as_json() if signer is not None else None
    db.session.flush()
    return path


def preview_pdf(*, contest, root):
    """A sample certificate (the first recipient owed one, else placeholders), not stored."""
    template = template_or_default(contest)
    owed = recipients(contest)
    sample = Certificate(code="0000000000", contest=contest, kind=CertificateKind.AWARD.value,
                         award_key="preview", award_name="Juara I", recipient_name="Nama Penerima, S.Kom.",
                         recipient_agency="Dinas Komunikasi dan Informatika",
                         entry_code=f"{contest.code_prefix}-0001",
                         entry_title="Judul Karya", contest_title=contest.title, issued_at=utcnow())
    if owed:
        first = owed[-1]
        sample.kind, sample.award_name = first.kind, first.award_name
        sample.recipient_name, sample.entry_title = first.entry.user.full_name, first.entry.title
        sample.entry_code = first.entry.code
        sample.recipient_agency = first.entry.user.profile.agency if first.entry.user.profile else ""
    logo = absolute(template.logo_path) if template.logo_path else None
    return pdf.render(certificate_data(sample, template, root=root), logo_path=logo)


def needs_pdf(contest_id):
    return db.session.scalars(select(Certificate).where(
        Certificate.contest_id == contest_id, Certificate.revoked_at.is_(None),
        Certificate.pdf_path.is_(None))
        .order_by(Certificate.id)).all()


def mark_for_rerender(*, contest):
    """Render every valid certificate again (after a template fix): same codes, names read afresh."""
    count = 0
    for cert in db.session.scalars(select(Certificate).where(Certificate.contest_id == contest.id,
                                                             Certificate.revoked_at.is_(None))):
        if cert.entry is not None:
            profile = cert.entry.user.profile
            cert.recipient_name, cert.entry_title = cert.entry.user.full_name, cert.entry.title
            cert.recipient_agency = profile.agency if profile else cert.recipient_agency
        cert.contest_title = contest.title
        cert.pdf_path, cert.pdf_generated_at = None, None
        count += 1
    db.session.flush()
    return count


def request_generation(*, contest, now=None):
    template = template_for(contest)
    template.generation_requested_at, template.generation_finished_at = now or utcnow(), None
    template.generation_error = ""
    db.session.flush()


def progress(contest):
    """n of m: eligible recipients whose certificate is rendered, and the batch's state."""
    owed = {r.key for r in recipients(contest)}
    rows = db.session.execute(
        select(Certificate.entry_id, Certificate.award_key, Certificate.pdf_path, Certificate.revoked_at)
        .where(Certificate.contest_id == contest.id)).all()
    done = {(e, k) for e, k, path, revoked in rows if path and revoked is None}
    template = db.session.get(CertificateTemplate, contest.id)
    requested = template.generation_requested_at if template else None
    finished = template.generation_finished_at if template else None
    return {
        "eligible": len(owed), "generated": len(owed & done),
        "revoked": sum(1 for row in rows if row.revoked_at is not None),
        "stale": sorted({(e, k) for e, k, _p, revoked in rows if revoked is None} - owed),
        "requested_at": requested, "finished_at": finished,
        "running": requested is not None and finished is None,
        "error": template.generation_error if template else "",
    }


# -- revoking, finding ----------------------------------------------------------------------

def revoke(*, cert, reason, actor, now=None):
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError(_("Tuliskan alasan pencabutan (minimal 10 karakter)."), field="reason")
    if cert.revoked_at is not None:
        raise DomainError(_("Sertifikat ini sudah dicabut."))
    cert.revoked_at, cert.revoked_reason, cert.revoked_by_id = now or utcnow(), reason, actor.id
    db.session.flush()


def find(code_text):
    """The certificate for what a person typed or scanned, or None."""
    code = codes.normalize(code_text)
    if code is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def visible_to_owner(cert, *, now=None):
    """Entrants see their certificate once made; a Piagam only after the winners are announced."""
    if cert.revoked_at is not None or cert.pdf_path is None:
        return False
    return not cert.is_award or is_open(cert.contest, Phase.ANNOUNCED, now=now)


def certificates_of(user, *, entry=None):
    """The user's certificates they may download now, newest contest first."""
    query = select(Certificate).where(Certificate.user_id == user.id)
    if entry is not None:
        query = query.where(Certificate.entry_id == entry.id)
    rows = db.session.scalars(query.order_by(Certificate.contest_id.desc(), Certificate.kind.desc(),
                                             Certificate.id)).all()
    return [c for c in rows if visible_to_owner(c)]


def certificates_in(contest):
    return db.session.scalars(
        select(Certificate).where(Certificate.contest_id == contest.id)
        .order_by(Certificate.kind.desc(), Certificate.entry_code, Certificate.id)).all()
