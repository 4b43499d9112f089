"""The committee's panel pages: judges and invitations, who sits on a round, assignment and its
overrides, judges' affiliations and the crew matches to confirm or dismiss."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ...accounts.models import User
from ...contests.services import current_contest
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.http.access import role_required
from ...core.http.actions import commit_action, commit_form_action
from ...entries.models import Entry
from ...notifications.notify import link
from ..checks.eligibility import eligible_entries
from ..rounds.models import JudgingRound
from ..rounds.views import act, round_or_404
from . import crew
from . import services as panel
from .forms import InviteForm, JudgeEditForm, OverrideAssignmentForm, PanelForm
from .members import judges_with_profiles
from .notices import judge_invite

bp = Blueprint("judging_panel", __name__, url_prefix="/admin/judging")


@bp.route("/rounds/<int:round_id>/panel", methods=["POST"])
@role_required("admin")
def set_panel(round_id):
    rnd = round_or_404(round_id)
    form = PanelForm()
    form.judges.choices = [SelectChoice(j.id, j.full_name) for j in judges_with_profiles()]
    if not form.validate_on_submit():
        abort(400)
    judges = judges_with_profiles(form.judges.data)
    return act(lambda: panel.set_round_judges(rnd=rnd, judges=judges, actor=current_user),
               _("Anggota dewan juri babak ini tersimpan."), url_for("judging_rounds.round", round_id=rnd.id))


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

    return act(operation, _("Pembagian karya diperbarui."), url_for("judging_rounds.round", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/assign/override", methods=["POST"])
@role_required("admin")
def override_assignment(round_id):
    rnd = round_or_404(round_id)
    form = OverrideAssignmentForm()
    form.entry_id.choices = [SelectChoice(e.id, e.code) for e in eligible_entries(rnd)]
    form.judge_id.choices = [SelectChoice(j.id, j.full_name) for j in rnd.judges]
    if not form.validate_on_submit():
        flash(_("Pilih karya dan juri."), "danger")
        return redirect(url_for("judging_rounds.round", round_id=rnd.id))
    return act(lambda: panel.override_assignment(rnd=rnd, entry_id=form.entry_id.data, judge_id=form.judge_id.data,
                                                 assign=form.action.data == "assign", actor=current_user,
                                                 reason=form.reason.data),
               _("Penugasan diubah."), url_for("judging_rounds.round", round_id=rnd.id))


def _queue_invite(user, token):
    """The invitation goes to the outbox in the same transaction; the worker sends it after the commit."""
    judge_invite(user=user, invite_link=link("judging.accept_invite", token=token))


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
            return redirect(url_for("judging_panel.judges"))
    return render_template("admin/judging/judges.html", form=form, judges=judges_with_profiles(),
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
        return redirect(url_for("judging_panel.judges"))
    return render_template("admin/judging/judge_form.html", form=form, judge=user)


@bp.route("/judges/<int:user_id>/resend", methods=["POST"])
@role_required("admin")
def resend_invite(user_id):
    user = _judge_or_404(user_id)

    def renew():
        _queue_invite(user, panel.renew_invite(user=user))

    if commit_action(renew, error_category="warning"):
        flash(_("Undangan baru terkirim; tautan lama tidak berlaku lagi."), "success")
    return redirect(url_for("judging_panel.judges"))


@bp.route("/judges/<int:user_id>/affiliations", methods=["GET", "POST"])
@role_required("admin")
def judge_affiliations(user_id):
    judge = db.session.get(User, user_id)
    if judge is None or not judge.has_role("judge"):
        abort(404)
    if request.method == "POST":
        try:
            crew.save_affiliations(judge=judge, orgs_text=request.form.get("orgs"),
                                   people_text=request.form.get("people"), actor=current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            flash(_("Keterkaitan juri tersimpan."), "success")
            return redirect(url_for("judging_panel.judges"))
    rows = crew.affiliations_of(judge.id)
    return render_template("judging/affiliations.html", judge=judge, back=url_for("judging_panel.judges"),
                           orgs="\n".join(a.name for a in rows if a.kind == "org"),
                           people="\n".join(a.name for a in rows if a.kind == "person"))


@bp.route("/rounds/<int:round_id>/matches", methods=["POST"])
@role_required("admin")
def decide_match(round_id):
    rnd = db.session.get(JudgingRound, round_id) or abort(404)
    confirm = request.form.get("decision") == "confirm"
    commit_action(lambda: crew.decide_match(
        rnd=rnd, judge_id=request.form.get("judge_id", type=int), entry_id=request.form.get("entry_id", type=int),
        key=request.form.get("key", ""), confirm=confirm, actor=current_user),
        success=_("Kecocokan dikonfirmasi sebagai konflik kepentingan.") if confirm else _("Kecocokan diabaikan."))
    return redirect(url_for("judging_rounds.round", round_id=rnd.id) + "#matches")


@bp.app_template_global("affiliation_matches")
def affiliation_matches(rnd):
    """For the assignment page: undecided matches with the judge's name and the entry's code."""
    judges = {j.id: j.full_name for j in rnd.judges}
    found = crew.pending_matches(rnd.contest_id, list(judges))
    if not found:
        return []
    ids = {m.entry_id for m in found}
    codes = dict(db.session.execute(select(Entry.id, Entry.number).where(Entry.id.in_(ids))).all())
    prefix = rnd.contest.code_prefix
    return [(m, judges[m.judge_id], f"{prefix}-{codes[m.entry_id]:04d}") for m in found]
