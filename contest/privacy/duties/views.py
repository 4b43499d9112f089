"""The committee's UU PDP pages: request deadlines, the incident register, the record of processing."""
from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ...certificates.models import CertificateTemplate
from ...contests.models import Contest
from ...contests.timefmt import format_deadline
from ...core.extensions import db
from ...core.http.access import role_required
from ...core.http.actions import commit_form_action
from ...core.i18n import current_language
from ...core.timeutil import utcnow
from . import incidents, processing_export, processing_record
from . import requests as duties
from .forms import IncidentForm, IncidentNoteForm, NotifySubjectsForm, RecordRequestForm, ResolveRequestForm, utc
from .models import DataSubjectRequest, DutyState, Incident

bp = Blueprint("privacy_duties", __name__, url_prefix="/admin/privasi")
ZONE = "Asia/Makassar"


@bp.app_template_global("privacy_deadlines")
def privacy_deadlines():
    """Open and overdue UU PDP duties, for the console's badge."""
    return duties.deadlines()


@bp.app_template_filter("wita")
def wita(instant):
    return format_deadline(instant, ZONE, current_language()) if instant else ""


@bp.app_template_filter("time_left")
def time_left(instant):
    return duties.time_left(instant)


def _organizer():
    """The data controller as the certificates name it (the current edition's letterhead)."""
    text = db.session.scalar(select(CertificateTemplate.organizer).join(
        Contest, Contest.id == CertificateTemplate.contest_id).where(Contest.is_current.is_(True))) or ""
    return ", ".join(line.strip() for line in text.splitlines() if line.strip()) or _("Panitia Sayembara")


@bp.route("/kewajiban", methods=["GET", "POST"])
@role_required("admin")
def index():
    form = RecordRequestForm()
    if form.validate_on_submit() and commit_form_action(form, lambda: duties.record_request(
            kind=form.kind.data, subject_label=form.subject_label.data, contact=form.contact.data,
            detail=form.detail.data, channel=form.channel.data, received_at=utc(form.received_at.data),
            actor=current_user),
            field="detail", success=_("Permintaan dicatat; batas 3 × 24 jam berjalan sejak diterima.")):
        return redirect(url_for("privacy_duties.index"))
    return render_template("admin/privacy/duties.html", requests=duties.requests_list(), form=form,
                           resolve_form=ResolveRequestForm(), incidents=incidents.incidents_list(),
                           kinds=duties.KIND_LABELS, channels=duties.CHANNEL_LABELS, now=utcnow(),
                           limit=duties.LIST_LIMIT, open_state=DutyState.OPEN.value)


@bp.route("/permintaan/<int:request_id>/selesai", methods=["POST"])
@role_required("admin")
def resolve(request_id):
    row = db.session.get(DataSubjectRequest, request_id) or abort(404)
    form = ResolveRequestForm()
    if form.validate_on_submit() and commit_form_action(form, lambda: duties.resolve_request(
            request=row, state=form.state.data, resolution=form.resolution.data, actor=current_user),
            field="resolution", success=_("Permintaan #%(id)s diselesaikan.", id=row.id)):
        return redirect(url_for("privacy_duties.index"))
    return render_template("admin/privacy/duties.html", requests=duties.requests_list(), form=RecordRequestForm(),
                           resolve_form=form, failed_id=row.id, incidents=incidents.incidents_list(),
                           kinds=duties.KIND_LABELS, channels=duties.CHANNEL_LABELS, now=utcnow(),
                           limit=duties.LIST_LIMIT, open_state=DutyState.OPEN.value), 400


@bp.route("/insiden/baru", methods=["GET", "POST"])
@role_required("admin")
def new_incident():
    form = IncidentForm()
    form.contest_id.choices = [SelectChoice(0, _("— tidak ada —"))] + [
        SelectChoice(c.id, c.title) for c in db.session.scalars(select(Contest).order_by(Contest.id.desc()))]
    if form.validate_on_submit():
        contest = db.session.get(Contest, form.contest_id.data) if form.contest_id.data else None
        done = commit_form_action(form, lambda: incidents.record_incident(
            title=form.title.data, description=form.description.data, discovered_at=utc(form.discovered_at.data),
            occurred_at=utc(form.occurred_at.data), data_categories=form.data_categories.data, contest=contest,
            affected_emails=form.affected_emails.data, measures=form.measures.data, actor=current_user),
            field="description",
            success=_("Insiden dicatat. Beri tahu orang terdampak dan kementerian dalam 3 × 24 jam."))
        if done:
            return redirect(url_for("privacy_duties.incident", incident_id=done.value.id))
    return render_template("admin/privacy/incident_new.html", form=form)


def _incident_page(incident, *, notify_form=None, note_form=None, status=200):
    if notify_form is None:
        subject, body = incidents.notification_draft(incident)
        notify_form = NotifySubjectsForm(subject=subject, body=body, formdata=None)
    people = incidents.affected_people(incident)
    return render_template("admin/privacy/incident.html", incident=incident, people=people,
                           events=incidents.events_of(incident), notify_form=notify_form,
                           note_form=note_form or IncidentNoteForm(formdata=None),
                           letter=incidents.ministry_letter(incident, organizer=_organizer()),
                           ministry=incidents.MINISTRY), status


@bp.route("/insiden/<int:incident_id>")
@role_required("admin")
def incident(incident_id):
    return _incident_page(db.session.get(Incident, incident_id) or abort(404))


@bp.route("/insiden/<int:incident_id>/beritahu", methods=["POST"])
@role_required("admin")
def notify(incident_id):
    row = db.session.get(Incident, incident_id) or abort(404)
    form = NotifySubjectsForm()
    if form.validate_on_submit() and commit_form_action(form, lambda: incidents.notify_subjects(
            incident=row, subject=form.subject.data, body=form.body.data, actor=current_user), field="body",
            success=lambda n: _("Pemberitahuan masuk kotak keluar untuk %(n)s orang.", n=n)):
        return redirect(url_for("privacy_duties.incident", incident_id=row.id))
    return _incident_page(row, notify_form=form, status=400)


@bp.route("/insiden/<int:incident_id>/surat.txt", methods=["POST"])
@role_required("admin")
def letter(incident_id):
    """The draft letter to the ministry as a text file; drafting it is a logged step."""
    row = db.session.get(Incident, incident_id) or abort(404)
    text = incidents.ministry_letter(row, organizer=_organizer())
    incidents.log_step(row, action="letter_drafted", actor=current_user, detail=_("Draf surat ke kementerian diunduh."))
    db.session.commit()
    return Response(text, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="surat-insiden-{row.id}.txt"',
                             "Cache-Control": "no-store"})


@bp.route("/insiden/<int:incident_id>/<step>", methods=["POST"])
@role_required("admin")
def step(incident_id, step):
    row = db.session.get(Incident, incident_id) or abort(404)
    operations = {"kementerian": (incidents.mark_ministry_notified, _("Pemberitahuan ke kementerian dicatat.")),
                  "tutup": (incidents.close_incident, _("Insiden ditutup."))}
    if step not in operations:
        abort(404)
    operation, message = operations[step]
    form = IncidentNoteForm()
    if form.validate_on_submit() and commit_form_action(form, lambda: operation(
            incident=row, actor=current_user, note=form.note.data), field="note", success=message):
        return redirect(url_for("privacy_duties.incident", incident_id=row.id))
    return _incident_page(row, note_form=form, status=400)


@bp.route("/catatan-pemrosesan")
@role_required("admin")
def processing():
    return render_template("admin/privacy/processing.html", activities=processing_record.ACTIVITIES)


@bp.route("/catatan-pemrosesan.<any(pdf, xlsx):fmt>")
@role_required("admin")
def processing_download(fmt):
    generated = format_deadline(utcnow(), ZONE, "id")
    if fmt == "pdf":
        body, mimetype = processing_export.pdf(organizer=_organizer(), generated=generated), "application/pdf"
    else:
        body = processing_export.workbook(organizer=_organizer(), generated=generated)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="catatan-pemrosesan-data-pribadi.{fmt}"'})

