"""Committee pages per edition: notification wording with preview, settings, broadcasts; a person's mail log."""
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import User
from ..contests.models import Contest
from ..contests.timefmt import zone_abbreviation
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..notifications import notify as notifications
from ..notifications import wording
from ..notifications.admin_views import KIND_LABELS, STATE_LABELS, TEMPLATE_LABELS
from ..notifications.models import NotificationSettings, NotificationTemplate
from . import broadcast as broadcasts
from .notifications_forms import BroadcastForm, SettingsForm, TemplateForm

bp = Blueprint("notification_templates", __name__, url_prefix="/admin/contests/<int:contest_id>/notifications")
log_bp = Blueprint("notification_log", __name__, url_prefix="/admin/outbox/users")

def _contest_or_404(contest_id):
    return db.session.get(Contest, contest_id) or abort(404)


@bp.get("/")
@role_required("admin")
def index(contest_id):
    contest = _contest_or_404(contest_id)
    own = {t.kind: t for t in db.session.scalars(
        select(NotificationTemplate).where(NotificationTemplate.contest_id == contest.id))}
    settings = db.session.get(NotificationSettings, contest.id)  # made on first save, not on a GET
    form = SettingsForm(reminder_days=settings.reminder_days if settings else notifications.DEFAULT_REMINDER_DAYS)
    form.fix_deadline.zone_label = zone_abbreviation(contest.timezone)
    if settings is not None and settings.fix_deadline:
        form.fix_deadline.data = settings.fix_deadline.astimezone(ZoneInfo(contest.timezone)).replace(tzinfo=None)
    return render_template("admin/notifications/templates.html", contest=contest, own=own, form=form,
                           labels=TEMPLATE_LABELS, kinds=wording.KINDS)


@bp.post("/settings")
@role_required("admin")
def settings(contest_id):
    contest = _contest_or_404(contest_id)
    form = SettingsForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
        return redirect(url_for(".index", contest_id=contest.id))
    row = notifications.settings_for(contest)
    row.reminder_days = ",".join(d.strip() for d in (form.reminder_days.data or "").split(",") if d.strip())
    row.fix_deadline = (form.fix_deadline.data.replace(tzinfo=ZoneInfo(contest.timezone))
                        if form.fix_deadline.data else None)
    db.session.commit()
    flash(_("Pengaturan pemberitahuan tersimpan."), "success")
    return redirect(url_for(".index", contest_id=contest.id))


@bp.route("/templates/<kind>", methods=["GET", "POST"])
@role_required("admin")
def edit(contest_id, kind):
    contest = _contest_or_404(contest_id)
    if kind not in wording.DEFAULTS:
        abort(404)
    subject, body = notifications.template_for(contest, kind)
    form = TemplateForm(subject=subject, body=body)
    if form.validate_on_submit():
        if request.form.get("action") == "save":
            try:
                notifications.save_template(contest=contest, kind=kind, subject=form.subject.data,
                                            body=form.body.data, actor=current_user)
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                getattr(form, error.field or "body").errors.append(error.message)
            else:
                flash(_("Templat “%(name)s” tersimpan.", name=TEMPLATE_LABELS[kind]), "success")
                return redirect(url_for(".edit", contest_id=contest.id, kind=kind))
        else:  # preview what was typed, saving nothing
            for field in (form.subject, form.body):
                field.errors = list(field.errors) + notifications.template_errors(field.data)
    sample = None
    if not form.subject.errors and not form.body.errors:
        sample = notifications.preview(form.subject.data or "", form.body.data or "")
    own = db.session.scalar(select(NotificationTemplate).where(
        NotificationTemplate.contest_id == contest.id, NotificationTemplate.kind == kind))
    return render_template("admin/notifications/template_form.html", contest=contest, kind=kind, form=form,
                           sample=sample, own=own, label=TEMPLATE_LABELS[kind],
                           placeholders=wording.PLACEHOLDERS), (422 if form.errors else 200)


@bp.post("/templates/<kind>/reset")
@role_required("admin")
def reset(contest_id, kind):
    contest = _contest_or_404(contest_id)
    if kind not in wording.DEFAULTS:
        abort(404)
    commit_action(lambda: notifications.reset_template(contest=contest, kind=kind),
                  success=_("Templat kembali ke teks bawaan."))
    return redirect(url_for(".edit", contest_id=contest.id, kind=kind))


@bp.route("/broadcast", methods=["GET", "POST"])
@role_required("admin")
def broadcast(contest_id):
    """Compose → a confirmation step showing how many receive it → send (one outbox row each)."""
    contest = _contest_or_404(contest_id)
    form = BroadcastForm()
    count = broadcasts.recipient_count(contest)
    if form.validate_on_submit():
        if form.confirmed.data != "1":
            form.confirmed.data = "1"
            return render_template("admin/notifications/broadcast_confirm.html", contest=contest, form=form,
                                   count=count)
        try:
            record = broadcasts.send_broadcast(contest=contest, subject=form.subject.data, body=form.body.data,
                                               actor=current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            flash(_("Pesan masuk antrean untuk %(n)s peserta.", n=record.recipients), "success")
            return redirect(url_for(".broadcast", contest_id=contest.id))
    return render_template("admin/notifications/broadcast.html", contest=contest, form=form, count=count,
                           history=broadcasts.broadcasts_of(contest))


@log_bp.get("/<int:user_id>")
@role_required("admin")
def user_log(user_id):
    user = db.session.get(User, user_id) or abort(404)
    return render_template("admin/notifications/user_log.html", person=user, messages=broadcasts.messages_to(user),
                           kind_labels=KIND_LABELS, state_labels=STATE_LABELS, limit=broadcasts.USER_LOG_LIMIT)
