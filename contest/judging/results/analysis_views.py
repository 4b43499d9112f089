"""Committee decisions on the results page: the aggregate method, statistical ties, calibration items."""
from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.http.access import role_required
from ...core.http.actions import commit_action
from ..pairwise import services as pairwise
from ..rounds.views import scored_round_or_404
from ..scoring import calibration
from . import analysis

bp = Blueprint("judging_analysis", __name__, url_prefix="/admin/judging")


def _back(rnd, anchor=None):
    return redirect(url_for("judging_results.show", round_id=rnd.id, _anchor=anchor))


@bp.route("/rounds/<int:round_id>/method", methods=["POST"])
@role_required("admin")
def set_method(round_id):
    rnd = scored_round_or_404(round_id)
    method = request.form.get("method", "")
    commit_action(lambda: analysis.set_method(rnd=rnd, method=method, actor=current_user),
                  success=_("Metode peringkat disimpan: %(m)s.", m=analysis.METHOD_LABELS.get(method, method)))
    return _back(rnd)


@bp.route("/rounds/<int:round_id>/ties/resolve", methods=["POST"])
@role_required("admin")
def resolve_tie(round_id):
    rnd = scored_round_or_404(round_id)
    commit_action(lambda: analysis.resolve_tie(rnd=rnd, key=request.form.get("key", ""),
                                               reason=request.form.get("reason"), actor=current_user),
                  success=_("Keputusan atas peringkat sama tercatat beserta alasannya."))
    return _back(rnd, "ties")


@bp.route("/rounds/<int:round_id>/ties/pairwise", methods=["POST"])
@role_required("admin")
def tie_to_pairwise(round_id):
    rnd = scored_round_or_404(round_id)
    commit_action(lambda: analysis.send_tie_to_pairwise(rnd=rnd, key=request.form.get("key", ""), actor=current_user),
                  success=_("Karya yang sama kuat masuk final berpasangan."))
    return _back(rnd, "ties")


@bp.route("/rounds/<int:round_id>/pairwise/settings", methods=["POST"])
@role_required("admin")
def pairwise_settings(round_id):
    rnd = scored_round_or_404(round_id)
    enabled = request.form.get("enabled") == "1"
    commit_action(lambda: pairwise.set_enabled(contest=rnd.contest, enabled=enabled, actor=current_user),
                  success=_("Final berpasangan diaktifkan.") if enabled else _("Final berpasangan dinonaktifkan."))
    return _back(rnd, "pairwise")


@bp.route("/rounds/<int:round_id>/pairwise", methods=["POST"])
@role_required("admin")
def create_pairwise(round_id):
    rnd = scored_round_or_404(round_id)
    ids = request.form.getlist("entry_id", type=int)
    commit_action(lambda: pairwise.create_final(rnd=rnd, entry_ids=ids, actor=current_user,
                                                name=request.form.get("name") or None),
                  success=_("Final berpasangan dibuat; juri panel babak ini dapat mulai memilih."))
    return _back(rnd, "pairwise")


@bp.route("/rounds/<int:round_id>/calibration", methods=["POST"])
@role_required("admin")
def set_calibration(round_id):
    rnd = scored_round_or_404(round_id)
    ids = request.form.getlist("entry_id", type=int)
    commit_action(lambda: calibration.set_calibration(rnd=rnd, entry_ids=ids, actor=current_user),
                  success=_("Karya kalibrasi tersimpan: %(n)s karya.", n=len(set(ids))))
    return redirect(url_for("judging_rounds.round", round_id=rnd.id, _anchor="calibration"))
