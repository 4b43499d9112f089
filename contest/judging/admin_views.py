"""Committee pages for judging: rounds, rubric, panel and assignment, administrative check, lock."""
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..access import role_required
from ..accounts.models import User
from ..actions import commit_action, commit_form_action
from ..contests.landing import to_current_contest
from ..contests.models import Contest
from ..contests.services import current_contest
from ..entries.models import Entry
from ..extensions import db
from ..notifications.notify import link
from . import calibration, notices, panel, results, rounds, services
from . import checks as check_service
from .forms import (
    KIND_LABELS,
    CheckForm,
    InviteForm,
    JudgeEditForm,
    OverrideAssignmentForm,
    PanelForm,
    ReopenForm,
    RoundForm,
    RubricForm,
)
from .models import JudgingRound
from .rubric import LevelError, format_levels, parse_levels

bp = Blueprint("judging_admin", __name__, url_prefix="/admin/judging")


def contest_or_404(contest_id):
    return db.session.get(Contest, contest_id) or abort(404)


def round_or_404(round_id):
    return db.session.get(JudgingRound, round_id) or abort(404)


def _run(operation, success, target):
    """Service call → one commit → flash → redirect; a DomainError becomes a flash."""
    commit_action(operation, success=success)
    return redirect(target)


@bp.route("/")
@role_required("admin")
def index():
    return to_current_contest("judging_admin.contest")


@bp.route("/contests/<int:contest_id>")
@role_required("admin")
def contest(contest_id):
    contest = contest_or_404(contest_id)
    all_rounds = services.rounds_of(contest)
    return render_template("admin/judging/contest.html", contest=contest, rounds=all_rounds,
                           states={r.id: services.round_state(r) for r in all_rounds}, kinds=KIND_LABELS)


@bp.route("/contests/<int:contest_id>/default-rounds", methods=["POST"])
@role_required("admin")
def default_rounds(contest_id):
    contest = contest_or_404(contest_id)
    return _run(lambda: rounds.ensure_default_rounds(contest=contest, actor=current_user),
                _("Babak verifikasi administrasi dan penilaian (rubrik bawaan) dibuat."),
                url_for("judging_admin.contest", contest_id=contest.id))


def _round_form(contest, rnd=None):
    form = RoundForm(obj=rnd)
    others = [r for r in services.rounds_of(contest) if r.is_scored and r is not rnd]
    form.source_round_id.choices = [SelectChoice(0, "—")] + [SelectChoice(r.id, r.name) for r in others]
    return form


@bp.route("/contests/<int:contest_id>/rounds/new", methods=["GET", "POST"])
@role_required("admin")
def create_round(contest_id):
    contest = contest_or_404(contest_id)
    form = _round_form(contest)
    if form.validate_on_submit():
        created = commit_form_action(form, lambda: rounds.create_round(
            contest=contest, kind=form.kind.data, values=form.values(contest.timezone), actor=current_user),
            success=_("Babak dibuat."))
        if created:
            target = "judging_admin.rubric" if created.value.is_scored else "judging_admin.round"
            return redirect(url_for(target, round_id=created.value.id))
    return render_template("admin/judging/round_form.html", form=form, contest=contest, rnd=None)


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_round(round_id):
    rnd = round_or_404(round_id)
    form = _round_form(rnd.contest, rnd)
    form.kind.render_kw = {"disabled": True}
    form.kind.data = rnd.kind
    if form.validate_on_submit():
        if commit_form_action(form, lambda: rounds.update_round(rnd=rnd, values=form.values(rnd.contest.timezone),
                                                                actor=current_user),
                              success=_("Perubahan tersimpan.")):
            return redirect(url_for("judging_admin.round", round_id=rnd.id))
    elif not form.is_submitted():
        form.load(rnd, rnd.contest.timezone)
    return render_template("admin/judging/round_form.html", form=form, contest=rnd.contest, rnd=rnd)


@bp.route("/rounds/<int:round_id>/rubric", methods=["GET", "POST"])
@role_required("admin")
def rubric(round_id):
    rnd = round_or_404(round_id)
    if not rnd.is_scored:
        abort(404)
    form = RubricForm()
    locked = rounds.has_scores(rnd)
    editing = request.form.get("action") == "add"  # the no-JavaScript "add a criterion" button
    if editing and not locked and len(form.criteria) < 15:
        form.criteria.append_entry({"counted": True, "scale_min": 1, "scale_max": 100})
    elif form.validate_on_submit() and not locked:
        specs, problem = [], None
        for n, row in sorted(enumerate(form.criteria, start=1), key=_rubric_order):
            data = row.form
            if not (data.name.data or "").strip() or data.remove.data:
                continue
            try:
                levels = parse_levels(data.levels.data)
            except LevelError as error:
                problem = _("Kriteria %(n)s, baris tingkat %(line)s: gunakan format “81-100 | Label | deskripsi”.",
                            n=n, line=error.line)
                break
            specs.append({"name": data.name.data, "description": data.description.data, "weight": data.weight.data or 0,
                          "scale_min": data.scale_min.data if data.scale_min.data is not None else 1,
                          "scale_max": data.scale_max.data if data.scale_max.data is not None else 100,
                          "counted": data.counted.data, "levels": levels})
        if problem is not None:
            flash(problem, "danger")
        elif commit_action(lambda: rounds.save_rubric(rnd=rnd, criteria=specs, actor=current_user),
                           success=_("Rubrik tersimpan.")):
            return redirect(url_for("judging_admin.round", round_id=rnd.id))
    elif not form.is_submitted():
        while len(form.criteria):
            form.criteria.pop_entry()
        for c in rnd.criteria:
            form.criteria.append_entry({"name": c.name, "description": c.description, "weight": c.weight,
                                        "scale_min": c.scale_min, "scale_max": c.scale_max, "counted": c.counted,
                                        "levels": format_levels(c.levels)})
        while len(form.criteria) < 3:  # a new round: three empty rows, "Tambah kriteria" for more
            form.criteria.append_entry({"counted": True, "scale_min": 1, "scale_max": 100})
    for n, row in enumerate(form.criteria, start=1):
        row.form.position.data = n
    return render_template(
        "admin/judging/rubric.html",
        rnd=rnd,
        form=form,
        locked=locked,
        weight_total=_weight_total(form),
        sources=[r for r in services.rounds_of(rnd.contest) if r.is_scored and r is not rnd and r.criteria],
    )


def _rubric_order(numbered):
    """Rows sorted by the order the committee typed (then by their place on the page)."""
    n, row = numbered
    position = row.form.position.data
    return (position if isinstance(position, int) else n, n)


def _weight_total(form):
    """The running total of counted, kept criteria's weights, as the page shows it."""
    return sum((row.form.weight.data or 0) for row in form.criteria
               if (row.form.name.data or "").strip() and row.form.counted.data and not row.form.remove.data)


@bp.route("/rounds/<int:round_id>/rubric/copy", methods=["POST"])
@role_required("admin")
def copy_rubric(round_id):
    rnd = round_or_404(round_id)
    source = round_or_404(request.form.get("source_id", type=int) or 0)
    if source.contest_id != rnd.contest_id:
        abort(404)
    return _run(lambda: rounds.copy_rubric(source=source, target=rnd, actor=current_user),
                _("Rubrik disalin."), url_for("judging_admin.rubric", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>")
@role_required("admin")
def round(round_id):  # noqa: A001  (endpoint name: judging_admin.round)
    rnd = round_or_404(round_id)
    if rnd.is_admin_check:
        return redirect(url_for("judging_admin.checks", round_id=rnd.id))
    panel_form = PanelForm(judges=[j.id for j in rnd.judges])
    panel_form.judges.choices = [
        SelectChoice(j.id, f"{j.full_name} — {j.judge_profile.agency if j.judge_profile else ''}")
                                 for j in services.judges_with_profiles()]
    overview = panel.assignment_overview(rnd)
    override = OverrideAssignmentForm()
    override.entry_id.choices = [SelectChoice(e.id, f"{e.code} — {e.title}") for e, _cells, _n in overview["matrix"]]
    override.judge_id.choices = [SelectChoice(j.id, j.full_name) for j in overview["judges"]]
    return render_template("admin/judging/round.html", rnd=rnd, state=services.round_state(rnd),
                           panel_form=panel_form, overview=overview, override=override,
                           reopen=ReopenForm(), kinds=KIND_LABELS, calibration=calibration.choices(rnd))


@bp.route("/rounds/<int:round_id>/panel", methods=["POST"])
@role_required("admin")
def set_panel(round_id):
    rnd = round_or_404(round_id)
    form = PanelForm()
    form.judges.choices = [SelectChoice(j.id, j.full_name) for j in services.judges_with_profiles()]
    if not form.validate_on_submit():
        abort(400)
    judges = services.judges_with_profiles(form.judges.data)
    return _run(lambda: panel.set_round_judges(rnd=rnd, judges=judges, actor=current_user),
                _("Anggota dewan juri babak ini tersimpan."), url_for("judging_admin.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/assign", methods=["POST"])
@role_required("admin")
def assign(round_id):
    rnd = round_or_404(round_id)
    reset = request.form.get("reset") == "1"

    def operation():
        plan = panel.generate_assignment(rnd=rnd, actor=current_user, reset=reset)
        if plan.shortfall:
            flash(_("%(n)s karya belum mendapat cukup juri (konflik atau batas per juri).", n=len(plan.shortfall)),
                  "warning")

    return _run(operation, _("Pembagian karya diperbarui."), url_for("judging_admin.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/assign/override", methods=["POST"])
@role_required("admin")
def override_assignment(round_id):
    rnd = round_or_404(round_id)
    form = OverrideAssignmentForm()
    form.entry_id.choices = [SelectChoice(e.id, e.code) for e in services.eligible_entries(rnd)]
    form.judge_id.choices = [SelectChoice(j.id, j.full_name) for j in rnd.judges]
    if not form.validate_on_submit():
        flash(_("Pilih karya dan juri."), "danger")
        return redirect(url_for("judging_admin.round", round_id=rnd.id))
    return _run(lambda: panel.override_assignment(rnd=rnd, entry_id=form.entry_id.data, judge_id=form.judge_id.data,
                                                  assign=form.action.data == "assign", actor=current_user,
                                                  reason=form.reason.data),
                _("Penugasan diubah."), url_for("judging_admin.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/lock", methods=["POST"])
@role_required("admin")
def lock(round_id):
    rnd = round_or_404(round_id)
    return _run(lambda: rounds.lock_round(rnd=rnd, actor=current_user),
                _("Babak dikunci: nilai kini hanya dapat dibaca."), url_for("judging_admin.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/reopen", methods=["POST"])
@role_required("admin")
def reopen(round_id):
    rnd = round_or_404(round_id)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan pembukaan kembali (minimal 10 karakter)."), "danger")
        return redirect(url_for("judging_admin.round", round_id=rnd.id))
    closes_at = form.closes_at.data.replace(tzinfo=ZoneInfo(rnd.contest.timezone)) if form.closes_at.data else None
    return _run(lambda: rounds.reopen_round(rnd=rnd, actor=current_user, reason=form.reason.data, closes_at=closes_at),
                _("Babak dibuka kembali; alasannya tercatat."), url_for("judging_admin.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/finalists", methods=["POST"])
@role_required("admin")
def finalists(round_id):
    rnd = round_or_404(round_id)
    return _run(lambda: results.set_finalists(rnd=rnd, actor=current_user),
                _("Finalis ditetapkan dari peringkat babak asal."), url_for("judging_admin.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/checks")
@role_required("admin")
def checks(round_id):
    rnd = round_or_404(round_id)
    if not rnd.is_admin_check:
        abort(404)
    rows = check_service.check_list(rnd)
    return render_template("admin/judging/checks.html", rnd=rnd, rows=rows, form=CheckForm(),
                           state=services.round_state(rnd))



@bp.route("/rounds/<int:round_id>/checks/<int:entry_id>", methods=["POST"])
@role_required("admin")
def record_check(round_id, entry_id):
    rnd = round_or_404(round_id)
    entry = db.session.get(Entry, entry_id) or abort(404)
    form = CheckForm()
    if not form.validate_on_submit():
        flash(_("Pilih hasil verifikasi."), "danger")
        return redirect(url_for("judging_admin.checks", round_id=rnd.id))
    return _run(lambda: check_service.record_check(rnd=rnd, entry=entry, outcome=form.outcome.data,
                                                   reason=form.reason.data, actor=current_user),
                _("Hasil verifikasi %(code)s tersimpan.", code=entry.code),
                url_for("judging_admin.checks", round_id=rnd.id) + f"#entry-{entry.id}")


# -- the jury: invitations and profiles ------------------------------------------------------

def _queue_invite(user, token):
    """The invitation goes to the outbox in the same transaction; the worker sends it after the commit."""
    notices.judge_invite(user=user, invite_link=link("judging.accept_invite", token=token))


@bp.route("/judges", methods=["GET", "POST"])
@role_required("admin")
def judges():
    form = InviteForm()
    if form.validate_on_submit():

        def invite():
            user, token = panel.invite_judge(email=form.email.data, full_name=form.full_name.data,
                                             agency=form.agency.data, affiliation=form.affiliation.data,
                                             actor=current_user)
            if token:
                _queue_invite(user, token)
            return user, token

        invited = commit_form_action(form, invite, field="email")
        if invited:
            user, token = invited.value
            if token:
                flash(_("Undangan terkirim ke %(email)s.", email=user.email), "success")
            else:
                flash(_("%(email)s kini juga menjadi juri; ia masuk dengan kata sandinya sendiri.", email=user.email),
                      "success")
            return redirect(url_for("judging_admin.judges"))
    return render_template("admin/judging/judges.html", form=form, judges=services.judges_with_profiles(),
                           contest=current_contest())


def _judge_or_404(user_id):
    user = db.session.get(User, user_id)
    if user is None or not user.has_role("judge"):
        abort(404)
    return user


@bp.route("/judges/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_judge(user_id):
    user = _judge_or_404(user_id)
    profile = user.judge_profile
    form = JudgeEditForm(full_name=user.full_name, agency=profile.agency if profile else "",
                         affiliation=profile.affiliation if profile else "")
    if form.validate_on_submit() and commit_form_action(form, lambda: panel.update_judge(
            user=user, full_name=form.full_name.data, agency=form.agency.data,
            affiliation=form.affiliation.data, actor=current_user), field="full_name",
            success=_("Data juri tersimpan.")):
        return redirect(url_for("judging_admin.judges"))
    return render_template("admin/judging/judge_form.html", form=form, judge=user)


@bp.route("/judges/<int:user_id>/resend", methods=["POST"])
@role_required("admin")
def resend_invite(user_id):
    user = _judge_or_404(user_id)

    def renew():
        _queue_invite(user, panel.renew_invite(user=user))

    if commit_action(renew, error_category="warning"):
        flash(_("Undangan baru terkirim; tautan lama tidak berlaku lagi."), "success")
    return redirect(url_for("judging_admin.judges"))
