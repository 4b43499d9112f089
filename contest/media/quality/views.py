"""The committee's quality rules per edition, and the quality data the check page shows."""
from flask import Blueprint, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...contests.models import Contest
from ...core.extensions import db
from ...core.http.access import role_required
from ...core.http.actions import commit_action
from . import analysis as quality
from . import services as quality_report
from .messages import code_label, policy_label, rejection_rule

bp = Blueprint("quality", __name__)


@bp.app_template_global("quality_checks")
def quality_checks(rows):
    """For the committee's check page: each entry's warnings and look-alike videos."""
    return quality_report.check_data(rows)


@bp.app_template_global("quality_settings")
def quality_settings(contest):
    """The edition's rules for the form in templates/media/_quality_settings.html."""
    rules = quality_report.rules_of(contest)
    return {"codes": [(code, code_label(code), rules.policy(code)) for code in quality.CODES],
            "policies": [(p, policy_label(p)) for p in quality.POLICIES],
            "thresholds": rules.thresholds}


@bp.app_template_global("quality_rejections")
def quality_rejections(contest):
    """What makes the edition reject a video after the quality check, for the upload panel."""
    rules = quality_report.rules_of(contest)
    return [rejection_rule(code, rules.thresholds) for code in quality.CODES
            if rules.policy(code) == "reject"]


def _floats(form):
    out = {}
    for key in quality.DEFAULT_THRESHOLDS:
        raw = (form.get(key) or "").replace(",", ".").strip()
        if raw:
            try:
                out[key] = float(raw)
            except ValueError:
                abort(400)
    return out


@bp.post("/admin/contests/<int:contest_id>/quality")
@role_required("admin")
def settings(contest_id):
    """Save what the edition does with each quality warning, and its thresholds."""
    contest = db.session.get(Contest, contest_id) or abort(404)
    policies = {code: request.form.get(f"policy_{code}", "warn") for code in quality.CODES}
    thresholds = _floats(request.form)
    commit_action(lambda: quality_report.set_quality_rules(
        contest=contest, policies=policies, thresholds=thresholds, actor=current_user),
        success=_("Aturan kualitas video tersimpan."))
    return redirect(url_for("admin.edit_contest", contest_id=contest.id) + "#quality")
