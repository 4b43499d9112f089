"""The committee's console: an edition's dashboard, the lists behind its numbers, exports."""
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..contests.landing import to_current_contest
from ..contests.models import Contest
from ..contests.phases import Phase, is_open, timeline
from ..contests.timefmt import format_deadline
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..core.i18n import current_language
from ..core.timeutil import utcnow
from ..media.status import state_label
from . import checklist, exports, lists, stats
from . import phases as phase_moves
from .charts import bar_chart
from .queries import clean_filters

bp = Blueprint("console", __name__, url_prefix="/admin/console")


def _contest_or_404(contest_id):
    return db.session.get(Contest, contest_id) or abort(404)


def phase_labels():
    return {
        "before": _("Belum dibuka"), Phase.SUBMISSION.value: _("Pendaftaran & pengumpulan karya"),
        Phase.JUDGING.value: _("Penjurian"), Phase.VOTING.value: _("Pemilihan Video Terfavorit"),
        Phase.ANNOUNCED.value: _("Pemenang diumumkan"), "between": _("Jeda antartahap"),
    }


def deadline_labels():
    return {
        "registration_opens_at": _("Pendaftaran & pengumpulan karya dibuka"),
        "submissions_close_at": _("Batas akhir pengumpulan karya"),
        "judging_opens_at": _("Penjurian dimulai"),
        "judging_closes_at": _("Penjurian selesai"),
        "voting_opens_at": _("Pemilihan Video Terfavorit dibuka"),
        "voting_closes_at": _("Pemilihan Video Terfavorit ditutup"),
        "announcement_at": _("Pengumuman pemenang"),
    }


def where_now(contest, now):
    """(phase key, next (key, instant) or None): the phases open now and the next date to come."""
    phases = [p.value for p in Phase if is_open(contest, p, now=now)]
    if phases:
        phase = phases[0]
    else:
        phase = "before" if now < contest.registration_opens_at else "between"
    upcoming = next(((key, at) for key, at in timeline(contest) if at > now), None)
    return phase, upcoming


@bp.route("/")
@role_required("admin")
def index():
    return to_current_contest("console.dashboard")


@bp.route("/<int:contest_id>")
@role_required("admin")
def dashboard(contest_id):
    contest = _contest_or_404(contest_id)
    now = utcnow()
    data = stats.dashboard(contest)
    announcement = format_deadline(contest.announcement_at, contest.timezone, current_language())
    facts = checklist.facts_for(contest, data, now=now, announcement_text=announcement)
    steps = checklist.steps(facts, url_for)
    phase, upcoming = where_now(contest, now)
    return render_template(
        "admin/console/dashboard.html", contest=contest, data=data, steps=steps,
        phase_actions=phase_moves.available(contest, now=now), phase_titles=phase_moves.TITLES,
        next_step=checklist.next_step(steps), phase=phase, upcoming=upcoming, phase_labels=phase_labels(),
        deadline_labels=deadline_labels(), state_label=state_label,
        registrations_chart=bar_chart(data["registrations"], link=lambda day: url_for(
            "console.registrants", contest_id=contest.id, day=day)),
        votes_chart=bar_chart(data["votes"]))


@bp.route("/<int:contest_id>/phase/<action>", methods=["GET", "POST"])
@role_required("admin")
def phase_action(contest_id, action):
    """One click, one confirmation: what moving this phase to now changes, a reason, then do it."""
    contest = _contest_or_404(contest_id)
    if action not in phase_moves.TITLES:
        abort(404)
    dashboard_url = url_for("console.dashboard", contest_id=contest.id)
    if request.method == "POST":
        reason = (request.form.get("reason") or "").strip()[:2000]
        commit_action(lambda: phase_moves.run(contest=contest, action=action, actor=current_user, reason=reason,
                                              tell=bool(request.form.get("notify"))),
                      success=_("%(action)s: selesai dan tercatat di riwayat jadwal.",
                                action=phase_moves.TITLES[action]))
        return redirect(dashboard_url)
    try:
        rows, extra = phase_moves.preview(contest, action)
    except DomainError as error:
        return render_template("admin/console/phase_action.html", contest=contest, title=phase_moves.TITLES[action],
                               refused=error.message, back=dashboard_url), 409
    return render_template("admin/console/phase_action.html", contest=contest, title=phase_moves.TITLES[action],
                           rows=rows, extra=extra, action=action, back=dashboard_url, refused=None)


@bp.route("/<int:contest_id>/entries")
@role_required("admin")
def entries(contest_id):
    contest = _contest_or_404(contest_id)
    filters = clean_filters(request.args)
    page = lists.entry_page(contest, filters, page=request.args.get("page", 1, type=int))
    return render_template("admin/console/entries.html", contest=contest, filters=filters, page=page,
                           state_label=state_label)


@bp.route("/<int:contest_id>/registrants")
@role_required("admin")
def registrants(contest_id):
    contest = _contest_or_404(contest_id)
    filters = {k: request.args[k].strip()[:200] for k in ("day", "agency") if (request.args.get(k) or "").strip()}
    page = lists.registrant_page(contest, day=filters.get("day"), agency=filters.get("agency"),
                                 page=request.args.get("page", 1, type=int))
    return render_template("admin/console/registrants.html", contest=contest, filters=filters, page=page)


def _xlsx(contest, kind, built):
    body, rows = built
    exports.record_personal_data_export(actor=current_user, contest=contest, kind=kind, rows=rows)
    db.session.commit()  # the log row is the only write: the download itself stays a safe GET
    return Response(body, mimetype=exports.XLSX, headers={
        "Content-Disposition": f'attachment; filename="{contest.slug}-{kind}.xlsx"',
        "Cache-Control": "no-store"})


@bp.route("/<int:contest_id>/export/registrants.xlsx")
@role_required("admin")
def export_registrants(contest_id):
    contest = _contest_or_404(contest_id)
    return _xlsx(contest, "pendaftar", exports.registrants_xlsx(contest))


@bp.route("/<int:contest_id>/export/entries.xlsx")
@role_required("admin")
def export_entries(contest_id):
    contest = _contest_or_404(contest_id)
    return _xlsx(contest, "karya", exports.entries_xlsx(contest))


@bp.route("/<int:contest_id>/export/judges.xlsx")
@role_required("admin")
def export_judges(contest_id):
    contest = _contest_or_404(contest_id)
    progress = stats.judge_progress(contest, stats.rounds_of(contest))
    return _xlsx(contest, "progres-juri", exports.judges_xlsx(contest, progress))
