"""Committee pages for contest editions: list, create, edit, copy, make current."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import role_required
from ..extensions import db
from ..timeline import services as timeline
from . import services
from .admin_forms import TIMELINE_LABELS, ContestForm
from .models import Contest

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _contest_or_404(contest_id):
    return db.session.get(Contest, contest_id) or abort(404)


def _slug_taken(form, contest=None):
    other = services.get_contest_by_slug(form.slug.data)
    if other is not None and other is not contest:
        form.slug.errors.append(_("Slug ini sudah dipakai edisi lain."))
        return True
    return False


@bp.route("/contests")
@role_required("admin")
def contests():
    editions = db.session.scalars(select(Contest).order_by(Contest.registration_opens_at.desc())).all()
    return render_template("admin/contests.html", contests=editions)


@bp.route("/contests/new", methods=["GET", "POST"])
@role_required("admin")
def create_contest():
    form = ContestForm()
    if form.validate_on_submit() and not _slug_taken(form):
        contest = services.save_contest(values=form.values(), prizes=form.prize_rows())
        db.session.commit()
        flash(_("Edisi sayembara dibuat."), "success")
        return redirect(url_for("admin.edit_contest", contest_id=contest.id))
    return render_template("admin/contest_form.html", form=form, contest=None)


@bp.route("/contests/<int:contest_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_contest(contest_id):
    contest = _contest_or_404(contest_id)
    form = ContestForm(obj=contest)
    if form.validate_on_submit() and not _slug_taken(form, contest):
        values = form.values()
        moved = timeline.changes(contest, values, services.TIMELINE_FIELDS)
        if moved and request.form.get("timeline_confirmed") != "1":
            # Show who the moved deadlines reach before anything is saved.
            impact = timeline.impact(contest, values, services.TIMELINE_FIELDS, TIMELINE_LABELS)
            return render_template("admin/contest_form.html", form=form, contest=contest, impact=impact,
                                   history=timeline.history(contest), timeline_labels=TIMELINE_LABELS)
        timeline.record(contest=contest, moved=moved, labels=TIMELINE_LABELS, actor=current_user,
                        reason=(request.form.get("timeline_reason") or "").strip()[:2000],
                        tell=bool(request.form.get("timeline_notify")))
        services.save_contest(contest=contest, values=values, prizes=form.prize_rows())
        db.session.commit()
        flash(_("Perubahan tersimpan."), "success")
        return redirect(url_for("admin.edit_contest", contest_id=contest.id))
    if not form.is_submitted():
        form.load(contest)
    return render_template("admin/contest_form.html", form=form, contest=contest, history=timeline.history(contest),
                           timeline_labels=TIMELINE_LABELS)


@bp.route("/contests/<int:contest_id>/copy", methods=["POST"])
@role_required("admin")
def copy_contest(contest_id):
    contest = _contest_or_404(contest_id)
    copy = services.copy_contest(
        contest=contest,
        slug=services.unique_copy_slug(contest.slug),
        title=_("%(title)s (salinan)", title=contest.title)[:200],
    )
    db.session.commit()
    flash(_("Edisi disalin. Sesuaikan judul, slug dan jadwalnya."), "success")
    return redirect(url_for("admin.edit_contest", contest_id=copy.id))


@bp.route("/contests/<int:contest_id>/make-current", methods=["POST"])
@role_required("admin")
def make_current(contest_id):
    contest = _contest_or_404(contest_id)
    services.make_current(contest=contest)
    db.session.commit()
    flash(_("“%(title)s” kini menjadi edisi aktif.", title=contest.title), "success")
    return redirect(url_for("admin.contests"))
