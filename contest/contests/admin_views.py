"""Committee pages for contest editions: list, create, edit, copy, make current."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action, commit_form_action
from . import services, timeline
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
    created = form.validate_on_submit() and not _slug_taken(form) and commit_form_action(
        form, lambda: services.save_contest(values=form.values(), prizes=form.prize_rows()), field="title",
        success=_("Edisi sayembara dibuat."), conflict=_("Slug ini sudah dipakai edisi lain."), conflict_field="slug")
    if created:  # straight to the new edition's dashboard: its checklist says what comes next
        return redirect(url_for("console.dashboard", contest_id=created.value.id))
    return render_template("admin/contest_form.html", form=form, contest=None)


@bp.route("/contests/<int:contest_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_contest(contest_id):
    contest = _contest_or_404(contest_id)
    form = ContestForm(obj=contest)
    page = {"form": form, "contest": contest, "history": timeline.history(contest), "timeline_labels": TIMELINE_LABELS}
    if form.validate_on_submit() and not _slug_taken(form, contest):
        values = form.values()
        moved = timeline.changes(contest, values, services.TIMELINE_FIELDS)
        if moved and request.form.get("timeline_confirmed") != "1":
            # Show who the moved deadlines reach before anything is saved.
            impact = timeline.impact(contest, values, services.TIMELINE_FIELDS, TIMELINE_LABELS)
            return render_template("admin/contest_form.html", impact=impact, **page)
        if commit_form_action(form, lambda: _save_edition(contest, form, values, moved), field="title",
                              success=_("Perubahan tersimpan."), conflict=_("Slug ini sudah dipakai edisi lain."),
                              conflict_field="slug"):
            return redirect(url_for("admin.edit_contest", contest_id=contest.id))
    if not form.is_submitted():
        form.load(contest)
    return render_template("admin/contest_form.html", **page)


def _save_edition(contest, form, values, moved):
    """Log (and maybe announce) the moved deadlines, then save the edition: one transaction."""
    timeline.record(contest=contest, moved=moved, labels=TIMELINE_LABELS, actor=current_user,
                    reason=(request.form.get("timeline_reason") or "").strip()[:2000],
                    tell=bool(request.form.get("timeline_notify")))
    return services.save_contest(contest=contest, values=values, prizes=form.prize_rows())


@bp.route("/contests/<int:contest_id>/copy", methods=["POST"])
@role_required("admin")
def copy_contest(contest_id):
    contest = _contest_or_404(contest_id)
    copied = commit_action(lambda: services.copy_contest(
        contest=contest,
        slug=services.unique_copy_slug(contest.slug),
        title=_("%(title)s (salinan)", title=contest.title)[:200],
    ), success=_("Edisi disalin. Sesuaikan judul, slug dan jadwalnya."))
    if not copied:
        return redirect(url_for("admin.contests"))
    return redirect(url_for("admin.edit_contest", contest_id=copied.value.id))


@bp.route("/contests/<int:contest_id>/make-current", methods=["POST"])
@role_required("admin")
def make_current(contest_id):
    contest = _contest_or_404(contest_id)
    commit_action(lambda: services.make_current(contest=contest),
                  success=_("“%(title)s” kini menjadi edisi aktif.", title=contest.title))
    if request.form.get("next") == "dashboard":
        return redirect(url_for("console.dashboard", contest_id=contest.id))
    return redirect(url_for("admin.contests"))
