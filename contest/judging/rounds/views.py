"""The committee's round pages: an edition's rounds, a round's page, its rubric, lock and re-open,
finalists, and the edition's judging options."""
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ...contests.landing import to_current_contest
from ...contests.models import Contest
from ...core.extensions import db
from ...core.http.access import role_required
from ...core.http.actions import commit_action, commit_form_action
from ..panel import services as panel
from ..panel.forms import OverrideAssignmentForm, PanelForm
from ..panel.members import judges_with_profiles
from ..results import services as results
from ..scoring import calibration
from . import editing as rounds
from . import settings
from .forms import KIND_LABELS, ReopenForm, RoundForm, RubricForm
from .models import JudgingRound
from .rubric import LevelError, format_levels, parse_levels
from .windows import round_state, rounds_of

bp = Blueprint("judging_rounds", __name__, url_prefix="/admin/judging")


def contest_or_404(contest_id):
    return db.session.get(Contest, contest_id) or abort(404)


def round_or_404(round_id):
    return db.session.get(JudgingRound, round_id) or abort(404)


def scored_round_or_404(round_id):
    """A round judges score (not the administrative check), else 404."""
    rnd = round_or_404(round_id)
    if not rnd.is_scored:
        abort(404)
    return rnd


def act(operation, success, target):
    """Service call → one commit → flash → redirect; a DomainError becomes a flash."""
    commit_action(operation, success=success)
    return redirect(target)


@bp.route("/")
@role_required("admin")
def index():
    return to_current_contest("judging_rounds.contest")


@bp.route("/contests/<int:contest_id>")
@role_required("admin")
def contest(contest_id):
    contest = contest_or_404(contest_id)
    all_rounds = rounds_of(contest)
    return render_template("admin/judging/contest.html", contest=contest, rounds=all_rounds,
                           states={r.id: round_state(r) for r in all_rounds}, kinds=KIND_LABELS)


@bp.route("/contests/<int:contest_id>/default-rounds", methods=["POST"])
@role_required("admin")
def default_rounds(contest_id):
    contest = contest_or_404(contest_id)
    return act(lambda: rounds.ensure_default_rounds(contest=contest, actor=current_user),
               _("Babak verifikasi administrasi dan penilaian (rubrik bawaan) dibuat."),
               url_for("judging_rounds.contest", contest_id=contest.id))


def _round_form(contest, rnd=None):
    form = RoundForm(obj=rnd)
    others = [r for r in rounds_of(contest) if r.is_scored and r is not rnd]
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
            target = "judging_rounds.rubric" if created.value.is_scored else "judging_rounds.round"
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
            return redirect(url_for("judging_rounds.round", round_id=rnd.id))
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
            return redirect(url_for("judging_rounds.round", round_id=rnd.id))
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
        sources=[r for r in rounds_of(rnd.contest) if r.is_scored and r is not rnd and r.criteria],
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
    return act(lambda: rounds.copy_rubric(source=source, target=rnd, actor=current_user),
               _("Rubrik disalin."), url_for("judging_rounds.rubric", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>")
@role_required("admin")
def round(round_id):  # noqa: A001  (endpoint name: judging_rounds.round)
    rnd = round_or_404(round_id)
    if rnd.is_admin_check:
        return redirect(url_for("judging_checks.checks", round_id=rnd.id))
    panel_form = PanelForm(judges=[j.id for j in rnd.judges])
    panel_form.judges.choices = [
        SelectChoice(j.id, f"{j.full_name} — {j.judge_profile.agency if j.judge_profile else ''}")
                                 for j in judges_with_profiles()]
    overview = panel.assignment_overview(rnd)
    override = OverrideAssignmentForm()
    override.entry_id.choices = [SelectChoice(e.id, f"{e.code} — {e.title}") for e, _cells, _n in overview["matrix"]]
    override.judge_id.choices = [SelectChoice(j.id, j.full_name) for j in overview["judges"]]
    return render_template("admin/judging/round.html", rnd=rnd, state=round_state(rnd),
                           panel_form=panel_form, overview=overview, override=override,
                           reopen=ReopenForm(), kinds=KIND_LABELS, calibration=calibration.choices(rnd))


@bp.route("/rounds/<int:round_id>/lock", methods=["POST"])
@role_required("admin")
def lock(round_id):
    rnd = round_or_404(round_id)
    return act(lambda: rounds.lock_round(rnd=rnd, actor=current_user),
               _("Babak dikunci: nilai kini hanya dapat dibaca."), url_for("judging_rounds.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/reopen", methods=["POST"])
@role_required("admin")
def reopen(round_id):
    rnd = round_or_404(round_id)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Tuliskan alasan pembukaan kembali (minimal 10 karakter)."), "danger")
        return redirect(url_for("judging_rounds.round", round_id=rnd.id))
    closes_at = form.closes_at.data.replace(tzinfo=ZoneInfo(rnd.contest.timezone)) if form.closes_at.data else None
    return act(lambda: rounds.reopen_round(rnd=rnd, actor=current_user, reason=form.reason.data, closes_at=closes_at),
               _("Babak dibuka kembali; alasannya tercatat."), url_for("judging_rounds.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/finalists", methods=["POST"])
@role_required("admin")
def finalists(round_id):
    rnd = round_or_404(round_id)
    return act(lambda: results.set_finalists(rnd=rnd, actor=current_user),
               _("Finalis ditetapkan dari peringkat babak asal."), url_for("judging_rounds.round", round_id=rnd.id))


@bp.route("/contests/<int:contest_id>/options", methods=["GET", "POST"])
@role_required("admin")
def options(contest_id):
    contest = db.session.get(Contest, contest_id) or abort(404)
    row = settings.settings_for(contest.id)
    if request.method == "POST":  # CSRF: CSRFProtect checks every POST
        settings.update_settings(
            contest=contest, actor=current_user, committee_reads_notes=request.form.get("committee_reads_notes") == "1",
            feedback_enabled=request.form.get("feedback_enabled") == "1",
            rules=settings.parse_rules(request.form.get("rules")),
            rule_fail_outcome=request.form.get("rule_fail_outcome"))
        db.session.commit()
        flash(_("Pengaturan penjurian tersimpan."), "success")
        return redirect(url_for("judging_rounds.options", contest_id=contest.id))
    return render_template("admin/judging/options.html", contest=contest, settings=row,
                           rules="\n".join(settings.content_rules(row)), active="options")
