"""The committee's administrative check: the list of entries, an outcome per entry, the content checklist."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.extensions import db
from ...core.http.access import role_required
from ...core.http.actions import commit_action
from ...entries.models import Entry
from ..rounds import settings
from ..rounds.models import JudgingRound
from ..rounds.views import act, round_or_404
from ..rounds.windows import round_state
from . import content
from . import services as check_service
from .forms import CheckForm

bp = Blueprint("judging_checks", __name__, url_prefix="/admin/judging")


@bp.route("/rounds/<int:round_id>/checks")
@role_required("admin")
def checks(round_id):
    rnd = round_or_404(round_id)
    if not rnd.is_admin_check:
        abort(404)
    rows = check_service.check_list(rnd)
    return render_template("admin/judging/checks.html", rnd=rnd, rows=rows, form=CheckForm(),
                           state=round_state(rnd))


@bp.route("/rounds/<int:round_id>/checks/<int:entry_id>", methods=["POST"])
@role_required("admin")
def record_check(round_id, entry_id):
    rnd = round_or_404(round_id)
    entry = db.session.get(Entry, entry_id) or abort(404)
    form = CheckForm()
    if not form.validate_on_submit():
        flash(_("Pilih hasil verifikasi."), "danger")
        return redirect(url_for("judging_checks.checks", round_id=rnd.id))
    return act(lambda: check_service.record_check(rnd=rnd, entry=entry, outcome=form.outcome.data,
                                                  reason=form.reason.data, actor=current_user),
               _("Hasil verifikasi %(code)s tersimpan.", code=entry.code),
               url_for("judging_checks.checks", round_id=rnd.id) + f"#entry-{entry.id}")


@bp.route("/rounds/<int:round_id>/checks/<int:entry_id>/content", methods=["POST"])
@role_required("admin")
def record_content_check(round_id, entry_id):
    """The administrative check with the content checklist (replaces the plain check form)."""
    rnd = db.session.get(JudgingRound, round_id) or abort(404)
    item = db.session.get(Entry, entry_id) or abort(404)
    failed = {int(key[4:]): request.form.get(f"why{key[4:]}", "") for key in request.form
              if key.startswith("fail") and key[4:].isdigit()}
    commit_action(lambda: content.record_with_rules(
        rnd=rnd, entry=item, outcome=request.form.get("outcome"), reason=request.form.get("reason"),
        failed=failed, actor=current_user), success=_("Hasil verifikasi %(code)s tersimpan.", code=item.code))
    return redirect(url_for("judging_checks.checks", round_id=rnd.id) + f"#entry-{item.id}")


@bp.app_template_global("content_checklist")
def content_checklist(rnd):
    """For the checks page: the edition's rules and each entry's failed rules (two queries)."""
    return settings.content_rules(settings.settings_for(rnd.contest_id)), content.content_checks(rnd)
