"""Data Saya (an entrant's own data), its ZIP, corrections, erasure, and the public privacy notice."""
from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..core.errors import DomainError
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action, commit_form_action
from ..entries.models import Entry
from ..records import consents
from . import erasure, exports, inventory, profile, retention, tasks
from .duties import requests as duties
from .duties.forms import SubjectRequestForm
from .forms import ErasureForm, ProfileForm
from .models import DEFAULT_RETENTION_DAYS, DataExport, RequestState

bp = Blueprint("privacy", __name__)


@bp.route("/privasi")
def notice():
    editions = [(c, retention.retention_days(c)) for c in retention.all_contests()]
    return render_template("privacy/notice.html", version=consents.NOTICE_VERSION, date=consents.NOTICE_DATE,
                           default_days=DEFAULT_RETENTION_DAYS, editions=editions)


@bp.route("/profil/data-saya")
@role_required("entrant")
def mine():
    return _mine(SubjectRequestForm(formdata=None))


def _mine(request_form, status=200):
    data = inventory.gather(current_user)
    return render_template("privacy/mine.html", data=data, export=exports.latest_export(current_user),
                           pending=erasure.pending_request(current_user),
                           needs_acceptance=consents.needs_acceptance(current_user),
                           version=consents.NOTICE_VERSION, state=RequestState, request_form=request_form,
                           my_requests=duties.open_requests_of(current_user), kinds=duties.KIND_LABELS), status


@bp.route("/profil/data-saya/permintaan", methods=["POST"])
@role_required("entrant")
def ask_committee():
    """A request the committee must act on (restriction, a correction the form cannot make, ...)."""
    form = SubjectRequestForm()
    if form.validate_on_submit() and commit_form_action(form, lambda: duties.record_request(
            kind=form.kind.data, subject_label=current_user.full_name, user=current_user, contact=current_user.email,
            detail=form.detail.data), field="detail",
            success=_("Permintaan Anda tercatat. Panitia wajib menanggapinya dalam 3 × 24 jam.")):
        return redirect(url_for("privacy.mine") + "#permintaan")
    return _mine(form, status=400)


@bp.route("/profil/data-saya/pemberitahuan", methods=["POST"])
@role_required("entrant")
def accept_notice():
    commit_action(lambda: consents.accept_notice(user=current_user),
                  success=_("Terima kasih. Persetujuan Anda atas Pemberitahuan Privasi versi %(v)s tercatat.",
                            v=consents.NOTICE_VERSION))
    return redirect(url_for("privacy.mine"))


@bp.route("/profil/data-saya/unduh", methods=["POST"])
@role_required("entrant")
def request_export():
    made = []
    if commit_action(lambda: made.append(exports.request_export(user=current_user)),
                     success=_("Arsip data Anda sedang disiapkan. Halaman ini akan menampilkan tautan unduhan.")):
        tasks.build_export_task(made[0].id)  # after the commit: the worker reads a committed row
    return redirect(url_for("privacy.mine") + "#unduh")


@bp.route("/profil/data-saya/unduh/<int:export_id>")
@role_required("entrant")
def download_export(export_id):
    export = db.session.get(DataExport, export_id)
    if export is None or export.user_id != current_user.id or export.state != RequestState.DONE.value:
        abort(404)
    path = exports.absolute(export)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=f"data-saya-{export.requested_at:%Y%m%d}.zip")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/profil/data-saya/koreksi", methods=["GET", "POST"])
@role_required("entrant")
def correct():
    user = current_user
    if user.profile is None:
        abort(404)
    form = ProfileForm(obj=user.profile, full_name=user.full_name, email=user.email)
    if form.validate_on_submit():
        try:
            changed = profile.correct_profile(
                user=user, full_name=form.full_name.data, email=form.email.data, position=form.position.data,
                rank=form.rank.data, work_unit=form.work_unit.data, agency=form.agency.data,
                regency=form.regency.data, phone=form.phone.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field or "full_name").errors.append(error.message)
        else:
            flash(_("Data Anda sudah diperbarui.") if changed else _("Tidak ada data yang berubah."), "success")
            return redirect(url_for("privacy.mine"))
    return render_template("privacy/correct.html", form=form, nip=user.profile.nip)


@bp.route("/profil/data-saya/karya/<int:entry_id>/tarik-publikasi", methods=["POST"])
@role_required("entrant")
def withdraw_publication(entry_id):
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.user_id != current_user.id:
        abort(404)
    commit_action(lambda: erasure.withdraw_publication(entry=entry),
                  success=_("Persetujuan publikasi dicabut: karya ini tidak lagi ditampilkan di galeri publik."))
    return redirect(url_for("privacy.mine"))


@bp.route("/profil/data-saya/hapus", methods=["GET", "POST"])
@role_required("entrant")
def erase():
    form = ErasureForm()
    if form.validate_on_submit():
        try:
            request = erasure.request_erasure(user=current_user, password=form.password.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field or "understood").errors.append(error.message)
        else:
            tasks.erasure_task(request.id)  # after the commit
            logout_user()
            flash(_("Permintaan penghapusan data tercatat. Hasilnya dikirim ke email Anda dalam beberapa menit."),
                  "success")
            return redirect(url_for("main.home"))
    return render_template("privacy/erase.html", form=form, pending=erasure.pending_request(current_user))
