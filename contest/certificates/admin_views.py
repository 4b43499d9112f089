"""Committee pages for certificates: the template, bulk generation with progress, revoking."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..contests.landing import to_current_contest
from ..contests.models import Contest
from ..core.aftercommit import after_commit
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action, commit_form_action
from . import services, tasks
from .forms import RevokeForm, TemplateForm
from .models import Certificate

bp = Blueprint("certificates_admin", __name__, url_prefix="/admin/certificates")


def _contest_or_404(contest_id):
    return db.session.get(Contest, contest_id) or abort(404)


@bp.route("/")
@role_required("admin")
def index():
    return to_current_contest("certificates_admin.contest")


@bp.route("/<int:contest_id>", methods=["GET", "POST"])
@role_required("admin")
def contest(contest_id):
    contest = _contest_or_404(contest_id)
    template = services.template_or_default(contest)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        upload = form.logo.data if getattr(form.logo.data, "filename", "") else None
        if commit_form_action(form, lambda: services.save_template(
                contest=contest, values=form.values(), logo=upload.stream if upload else None,
                remove_logo=form.remove_logo.data), field="logo", success=_("Templat sertifikat tersimpan.")):
            return redirect(url_for("certificates_admin.contest", contest_id=contest.id))
    if not form.is_submitted() and template.issued_on is None:
        form.issued_on.data = None
    return render_template("admin/certificates/index.html", contest=contest, form=form, template=template,
                           progress=services.progress(contest), signer=services.signer_summary(),
                           certificates=services.certificates_in(contest),
                           revoke_form=RevokeForm())


@bp.post("/<int:contest_id>/generate")
@role_required("admin")
def generate(contest_id):
    contest = _contest_or_404(contest_id)
    root = services.base_url()
    def request_generation():
        if request.form.get("rerender"):
            services.mark_for_rerender(contest=contest)
        services.request_generation(contest=contest)
        after_commit(tasks.enqueue_generation, contest.id, root)

    commit_action(request_generation,
                  success=_("Pembuatan sertifikat masuk antrean; halaman ini menunjukkan kemajuannya."))
    return redirect(url_for("certificates_admin.contest", contest_id=contest.id))


@bp.get("/<int:contest_id>/preview.pdf")
@role_required("admin")
def preview(contest_id):
    contest = _contest_or_404(contest_id)
    data = services.preview_pdf(contest=contest, root=services.base_url())
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = "inline; filename=pratinjau-sertifikat.pdf"
    response.cache_control.no_store = True
    return response


@bp.post("/certificate/<int:cert_id>/revoke")
@role_required("admin")
def revoke(cert_id):
    cert = db.session.get(Certificate, cert_id) or abort(404)
    form = RevokeForm()
    target = url_for("certificates_admin.contest", contest_id=cert.contest_id) + f"#c-{cert.id}"
    if not form.validate_on_submit():
        for error in form.reason.errors:
            flash(error, "danger")
        return redirect(target)
    commit_action(lambda: services.revoke(cert=cert, reason=form.reason.data, actor=current_user),
                  success=_("Sertifikat %(code)s dicabut. Halaman verifikasi kini menyatakannya dicabut.",
                    code=cert.code))
    return redirect(target)
