"""A judge's timestamped notes: JSON for scoring.js, plain forms (time as mm:ss) without JS."""
from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.http.access import role_required
from ..panel.members import on_panel
from ..rounds.models import JudgingRound
from . import notes
from .queue import entry_for_judge
from .timecode import TimecodeError, parse_timecode

bp = Blueprint("judge_notes", __name__, url_prefix="/judging")


def _context(round_id, entry_id):
    rnd = db.session.get(JudgingRound, round_id)
    judge = current_user._get_current_object()
    if rnd is None or not rnd.is_scored or not on_panel(rnd, judge.id):
        abort(404)
    if entry_for_judge(rnd, judge, entry_id) is None:  # not assigned, or a conflict: 404
        abort(404)
    return rnd, judge


def _wants_json():
    return request.accept_mimetypes.best == "application/json"


def _seconds():
    """From JS: `seconds` (the player's currentTime); from the plain form: `at` as mm:ss."""
    if request.form.get("seconds") not in (None, ""):
        return request.form.get("seconds")
    try:
        return parse_timecode(request.form.get("at"))
    except TimecodeError:
        return None


def _back(rnd, entry_id):
    return redirect(url_for("judging.score", round_id=rnd.id, entry_id=entry_id) + "#notes")


def _answer(rnd, entry_id, operation, success, *, status=200):
    try:
        note = operation()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if _wants_json():
            return jsonify(ok=False, error=str(error.message), field=error.field), 422
        flash(error.message, "danger")
        return _back(rnd, entry_id)
    if _wants_json():
        return jsonify(ok=True, note=notes.view(note).as_json() if note is not None else None,
                       notes=[n.as_json() for n in notes.judge_notes(rnd, entry_id, current_user.id)]), status
    flash(success, "success")
    return _back(rnd, entry_id)


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/notes", methods=["POST"])
@role_required("judge")
def add(round_id, entry_id):
    rnd, judge = _context(round_id, entry_id)
    return _answer(rnd, entry_id, lambda: notes.add_note(
        rnd=rnd, entry_id=entry_id, judge=judge, seconds=_seconds(), body=request.form.get("body"),
        for_entrant=request.form.get("for_entrant") == "1"), _("Catatan tersimpan."), status=201)


def _own(rnd, judge, entry_id, note_id):
    return notes.own_note(rnd=rnd, entry_id=entry_id, judge=judge, note_id=note_id) or abort(404)


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/notes/<int:note_id>", methods=["POST"])
@role_required("judge")
def edit(round_id, entry_id, note_id):
    rnd, judge = _context(round_id, entry_id)
    note = _own(rnd, judge, entry_id, note_id)
    return _answer(rnd, entry_id, lambda: notes.update_note(
        rnd=rnd, note=note, judge=judge, seconds=_seconds(), body=request.form.get("body"),
        for_entrant=request.form.get("for_entrant") == "1"), _("Catatan diperbarui."))


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/notes/<int:note_id>/delete", methods=["POST"])
@role_required("judge")
def delete(round_id, entry_id, note_id):
    rnd, judge = _context(round_id, entry_id)
    note = _own(rnd, judge, entry_id, note_id)
    return _answer(rnd, entry_id, lambda: notes.delete_note(rnd=rnd, note=note, judge=judge),
                   _("Catatan dihapus."))
