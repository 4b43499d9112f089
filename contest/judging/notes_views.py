"""A judge's timestamped notes: JSON for scoring.js, plain forms (time as mm:ss) without JS."""
from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import role_required
from ..errors import DomainError
from ..extensions import db
from . import notes
from .models import JudgingRound
from .services import entry_for_judge, on_panel
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


@bp.route("/affiliations", methods=["GET", "POST"])
@role_required("judge")
def affiliations():
    """A judge declares organisations and people they are related to (conflicts of interest)."""
    from flask import render_template

    from .crew import affiliations_of, save_affiliations

    judge = current_user._get_current_object()
    if request.method == "POST":
        try:
            save_affiliations(judge=judge, orgs_text=request.form.get("orgs"), people_text=request.form.get("people"),
                              actor=judge)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            flash(_("Daftar keterkaitan Anda tersimpan."), "success")
            return redirect(url_for("judging.dashboard"))
    rows = affiliations_of(judge.id)
    return render_template("judging/affiliations.html", judge=judge, back=url_for("judging.dashboard"),
                           orgs="\n".join(a.name for a in rows if a.kind == "org"),
                           people="\n".join(a.name for a in rows if a.kind == "person"))
