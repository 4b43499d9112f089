"""Public verification of a certificate code, and the entrant's download."""
from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.extensions import db, limiter
from ..entries.hooks import entry_page_part, my_page_part
from . import checking, codes, services, signing
from .forms import CheckPdfForm

bp = Blueprint("certificates", __name__)


@entry_page_part("entry_certificates")
def entry_certificates(entry):
    """The owner's downloadable certificates of this entry (certificates/_entry_certificates.html)."""
    if not current_user.is_authenticated or entry.user_id != current_user.id:
        return []
    return services.certificates_of(current_user, entry=entry)


@bp.app_template_filter("cert_code")
def cert_code(code):
    """XXXXX-XXXXX, as printed."""
    return codes.display(code)


@my_page_part("my_certificates")
def my_certificates(user):
    """Every certificate the entrant can download (certificates/_my_certificates.html)."""
    return services.certificates_of(user)


@bp.get("/verify")
@limiter.limit("60/minute")
def verify_form():
    typed = request.args.get("code", "")
    if typed:
        code = codes.normalize(typed)
        return redirect(url_for("certificates.verify", code=code or typed.strip()[:40]))
    return render_template("certificates/verify.html", cert=None, code=None, form=CheckPdfForm())


def _signer_of(cert):
    return signing.SignerInfo.from_json(cert.signature) if cert is not None and cert.signature else None


@bp.get("/verify/<code>")
@limiter.limit("60/minute")
def verify(code):
    """Who received what, for which contest, signed by which key; or that the code is unknown or revoked."""
    cert = services.find(code)
    if cert is not None and code != cert.code:
        return redirect(url_for("certificates.verify", code=cert.code))
    return render_template("certificates/verify.html", cert=cert, code=code[:40], signer=_signer_of(cert),
                           form=CheckPdfForm()), 200 if cert else 404


@bp.post("/verify/check")
@limiter.limit("10/minute;60/hour")
def check_pdf():
    """Compare an uploaded PDF with the issued one: unchanged, changed, or unknown. Nothing is stored."""
    request.max_content_length = checking.MAX_UPLOAD_BYTES + 64 * 1024  # a bigger body is refused unread
    form = CheckPdfForm()
    page = services.find(request.args.get("code", ""))
    result, status = None, 200
    if form.validate_on_submit():
        try:
            result = checking.verdict(checking.read_capped(form.document.data.stream))
        except checking.UploadTooLarge:
            form.document.errors.append(_("Berkas lebih dari %(mb)s MB; sertifikat asli jauh lebih kecil.",
                                          mb=checking.max_upload_mb()))
            status = 413
    else:
        status = 400
    cert = result.cert if result is not None and result.cert is not None else page
    return render_template("certificates/verify.html", cert=cert, code=cert.code if cert else None,
                           signer=_signer_of(cert), form=form, result=result), status


@bp.get("/certificates/<code>.pdf")
@login_required
def download(code):
    cert = services.find(code)
    if cert is None:
        abort(404)
    is_admin = current_user.has_role("admin")
    if not is_admin and (cert.user_id != current_user.id or not services.visible_to_owner(cert)):
        abort(404)
    path = services.absolute(cert.pdf_path) if cert.pdf_path else None
    if path is None or not path.is_file():
        if cert.is_revoked:
            abort(404)
        path = services.render_pdf(cert=cert, root=services.base_url())
        db.session.commit()
    prefix = "Piagam" if cert.is_award else "E-Sertifikat"
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=f"{prefix}-{cert.code}.pdf", max_age=0)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response
