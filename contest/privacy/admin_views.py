"""The committee's privacy pages: erasure requests, the access log, retention, entrants (NIP masked)."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..accounts.models import ASNProfile, User, UserRole
from ..contests.models import Contest
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..records import access_log
from . import registrants, retention
from .forms import RetentionForm
from .masking import mask_nip
from .models import ErasureRequest, RequestState

bp = Blueprint("privacy_admin", __name__, url_prefix="/admin/privasi")
LIST_LIMIT = 200
bp.add_app_template_filter(mask_nip, "mask_nip")


@bp.route("/")
@role_required("admin")
def index():
    requests = db.session.scalars(select(ErasureRequest).order_by(ErasureRequest.id.desc()).limit(LIST_LIMIT)).all()
    counts = dict(db.session.execute(select(ErasureRequest.state, func.count()).group_by(ErasureRequest.state)).all())
    contests = retention.all_contests()
    return render_template("admin/privacy/index.html", requests=requests, counts=counts, contests=contests,
                           state=RequestState, limit=LIST_LIMIT)


@bp.route("/log")
@role_required("admin")
def log():
    return render_template("admin/privacy/log.html", rows=access_log.recent(), limit=access_log.LIST_LIMIT)


@bp.route("/peserta")
@role_required("admin")
def entrants():
    people = db.session.scalars(
        select(User).join(UserRole, (UserRole.user_id == User.id) & (UserRole.name == "entrant"))
        .options(joinedload(User.profile)).order_by(User.full_name).limit(LIST_LIMIT)).all()
    return render_template("admin/privacy/entrants.html", people=people, limit=LIST_LIMIT, revealed=None)


@bp.route("/peserta/<int:user_id>/nip", methods=["POST"])
@role_required("admin")
def reveal_nip(user_id):
    """Shows one full NIP after an explicit click; the click is logged."""
    profile = db.session.get(ASNProfile, user_id) or abort(404)
    access_log.log_access(actor=current_user, action="reveal.nip", subject_user_id=user_id,
                          detail=_("NIP ditampilkan"))
    db.session.commit()
    return render_template("admin/privacy/revealed.html", profile=profile, user=profile.user)


@bp.route("/peserta.xlsx", methods=["POST"])
@role_required("admin")
def export_registrants():
    """Every registrant with the full NIP (the committee verifies eligibility with it); logged."""
    contest = db.session.get(Contest, request.form.get("contest_id", type=int) or 0)
    body, count = registrants.workbook(contest)
    access_log.log_access(actor=current_user, action="export.registrants", contest_id=contest.id if contest else None,
                          detail=_("Daftar pendaftar (%(n)s orang)", n=count))
    db.session.commit()
    name = f"pendaftar-{contest.slug if contest else 'semua'}.xlsx"
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.route("/edisi/<int:contest_id>", methods=["GET", "POST"])
@role_required("admin")
def edition(contest_id):
    contest = db.session.get(Contest, contest_id) or abort(404)
    form = RetentionForm(retention_days=retention.retention_days(contest))
    if form.validate_on_submit() and commit_action(
            lambda: retention.save_settings(contest=contest, retention_days=form.retention_days.data),
            success=_("Masa simpan disimpan.")):
        return redirect(url_for("privacy_admin.edition", contest_id=contest.id))
    plan = retention.plan(contest)
    return render_template("admin/privacy/edition.html", contest=contest, form=form, plan=plan)


@bp.route("/edisi/<int:contest_id>/purge", methods=["POST"])
@role_required("admin")
def purge(contest_id):
    contest = db.session.get(Contest, contest_id) or abort(404)
    done = []
    if commit_action(lambda: done.append(retention.run(contest, actor=current_user))):
        plan = done[0]
        if not plan.due:
            flash(_("Masa simpan edisi ini belum berakhir; tidak ada yang dihapus."), "warning")
        else:
            flash(_("Pembersihan selesai: %(v)s video dihapus, %(p)s peserta dianonimkan.",
                    v=len(plan.videos), p=len(plan.people)), "success")
    return redirect(url_for("privacy_admin.edition", contest_id=contest.id))
