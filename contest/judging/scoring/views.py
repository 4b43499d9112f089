"""Penjurian for judges: their rounds, the blind scoring page, autosave, recusal, invitations.

Blindness: templates here receive BlindEntry (code, title, synopsis) — never the Entry row —
so no entrant name, NIP, agency, email or phone can reach a judge's page or JSON.
"""
from dataclasses import dataclass

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ...accounts.forms import ResetPasswordForm
from ...core.errors import DomainError
from ...core.extensions import db, limiter
from ...core.http.access import role_required
from ...core.http.actions import commit_form_action, commit_with_retry
from ...entries.hooks import entry_page_part
from ...media.captions.views import caption_tracks
from ...media.services import current_video
from ...media.status import poster_url, stream_url
from ..checks import services as checks
from ..panel import services as panel
from ..panel.members import on_panel
from ..rounds.models import JudgingRound
from ..rounds.windows import round_state
from . import notes
from .forms import ConflictForm, ScoreForm
from .models import Scorecard
from .queue import entry_for_judge, judge_queue, judge_rounds, next_item, progress
from .scorecards import (
    WATCH_THRESHOLD,
    StaleScorecard,
    WatchConfirmationNeeded,
    card_total,
    record_opening,
    save_scorecard,
)

bp = Blueprint("judging", __name__, url_prefix="/judging")


@dataclass(frozen=True)
class BlindEntry:
    """What a judge may know of an entry."""

    id: int
    code: str
    title: str
    synopsis: str


def blind(entry):
    return BlindEntry(entry.id, entry.code, entry.title, entry.synopsis)


@entry_page_part("check_notice")
def admin_check_notice(entry):
    """For the entrant's entry page: the administrative check's outcome, or None."""
    return checks.notice_for(entry)


def player_for(entry):
    """{"src", "poster", "type"} of the entry's ready video (opaque uuid URLs), or None."""
    video = current_video(entry)
    if video is None:
        return None
    return {"src": stream_url(video), "poster": poster_url(video), "type": "video/mp4",
            "tracks": caption_tracks(video)}


def _round_or_404(round_id):
    rnd = db.session.get(JudgingRound, round_id)
    if rnd is None or not rnd.is_scored or not on_panel(rnd, current_user.id):
        abort(404)
    return rnd


@bp.route("/")
@role_required("judge")
def dashboard():
    rounds = judge_rounds(current_user)
    cards = []
    for rnd in rounds:
        queue = judge_queue(rnd, current_user)
        cards.append((rnd, round_state(rnd), progress(queue)))
    return render_template("judging/dashboard.html", cards=cards)


@bp.route("/rounds/<int:round_id>")
@role_required("judge")
def queue(round_id):
    rnd = _round_or_404(round_id)
    items = judge_queue(rnd, current_user)
    return render_template("judging/queue.html", rnd=rnd, items=items, state=round_state(rnd),
                           progress=progress(items), next_item=next_item(items))


@bp.route("/rounds/<int:round_id>/next")
@role_required("judge")
def next_entry(round_id):
    rnd = _round_or_404(round_id)
    item = next_item(judge_queue(rnd, current_user), after=request.args.get("after", type=int))
    if item is None:
        flash(_("Semua karya dalam daftar Anda sudah dinilai. Terima kasih!"), "success")
        return redirect(url_for("judging.queue", round_id=rnd.id))
    return redirect(url_for("judging.score", round_id=rnd.id, entry_id=item.entry_id))


def _score_page(rnd, entry, *, entered=None, confirm=None, status=200, version=None, fresh=False):
    """The blind scoring page. fresh: after a stale write, the card as stored now (not the post)."""
    queue_items = judge_queue(rnd, current_user)
    card = db.session.scalar(db.select(Scorecard).where(
        Scorecard.round_id == rnd.id, Scorecard.entry_id == entry.id, Scorecard.judge_id == current_user.id))
    values = card.values() if card else {}
    shown = {c.id: (entered.get(c.id) if entered and c.id in entered else values.get(c.id)) for c in rnd.criteria}
    form = ScoreForm(formdata=None) if fresh else ScoreForm()
    form.comment.data = (entered or {}).get("comment", card.comment if card else "")
    form.watched.data = str(card.watched if card else 0) if form.watched.data in (None, "", "0") else form.watched.data
    form.confirm_unwatched.data = "1" if confirm else ""
    # The version this page starts from: a re-shown form keeps the one it was posted with.
    form.version.data = str(version if version is not None else (card.version if card else 0))
    state = round_state(rnd)
    changing = bool(card and card.is_submitted and state == "open" and not fresh
                    and (request.args.get("ubah") == "1" or request.form.get("action") == "change"))
    index = next((i for i, item in enumerate(queue_items) if item.entry_id == entry.id), None)
    return render_template(
        "judging/score.html", rnd=rnd, entry=blind(entry), card=card, values=shown, form=form,
        total=card_total(rnd, {k: v for k, v in values.items() if v is not None}) if values else None,
        state=state, readonly=state != "open" or bool(card and card.is_submitted and not changing),
        changing=changing, progress=progress(queue_items),
        position=(index + 1) if index is not None else None, player=player_for(entry),
        watch_threshold=WATCH_THRESHOLD, confirm=confirm,
        notes=notes.judge_notes(rnd, entry.id, current_user.id)), status


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>", methods=["GET", "POST"])
@role_required("judge")
def score(round_id, entry_id):
    rnd = _round_or_404(round_id)
    entry = entry_for_judge(rnd, current_user, entry_id)
    if entry is None:
        abort(404)
    if request.method == "GET":
        return _score_page(rnd, entry)
    form = ScoreForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "danger")
        return _score_page(rnd, entry, entered={"comment": form.comment.data or ""}, status=422)
    action = request.form.get("action", "save")
    raw = {c.id: request.form.get(f"c{c.id}") for c in rnd.criteria}
    judge, player = current_user._get_current_object(), player_for(entry)
    version = request.form.get("version", type=int)
    try:
        commit_with_retry(lambda: save_scorecard(
            rnd=rnd, entry_id=entry.id, judge=judge, raw_values=raw, comment=form.comment.data or "",
            watched=form.watched.data, submit=action in ("submit", "submit_next"), change=action == "change",
            version=version, confirm_unwatched=form.confirm_unwatched.data == "1",
            require_watch=player is not None))
    except WatchConfirmationNeeded as error:
        db.session.rollback()
        entered = {**raw, "comment": form.comment.data or ""}
        return _score_page(rnd, entry, entered=entered, confirm={"message": error.message, "action": action},
                           version=version)
    except StaleScorecard as error:
        db.session.rollback()
        flash(error.message, "warning")
        db.session.expire_all()
        return _score_page(rnd, entry, status=409, fresh=True)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return _score_page(rnd, entry, entered={**raw, "comment": form.comment.data or ""}, status=422,
                           version=version)
    if action == "change":
        flash(_("Perubahan nilai tersimpan dan tercatat."), "success")
        return redirect(url_for("judging.score", round_id=rnd.id, entry_id=entry.id))
    if action == "submit_next":
        flash(_("Nilai %(code)s terkirim.", code=entry.code), "success")
        return redirect(url_for("judging.next_entry", round_id=rnd.id, after=entry.id))
    flash(_("Nilai terkirim.") if action == "submit" else _("Draf nilai tersimpan."), "success")
    return redirect(url_for("judging.score", round_id=rnd.id, entry_id=entry.id))


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/autosave", methods=["POST"])
@role_required("judge")
def autosave(round_id, entry_id):
    """The scoring page's background save; answers JSON with blind fields only."""
    rnd = _round_or_404(round_id)
    raw = {c.id: request.form.get(f"c{c.id}") for c in rnd.criteria}
    judge = current_user._get_current_object()
    entry = entry_for_judge(rnd, judge, entry_id)
    if entry is None:
        abort(404)
    try:
        card = commit_with_retry(lambda: save_scorecard(
            rnd=rnd, entry_id=entry_id, judge=judge, raw_values=raw, comment=request.form.get("comment"),
            watched=request.form.get("watched"), submit=False, version=request.form.get("version", type=int),
            require_watch=player_for(entry) is not None))
    except StaleScorecard as error:
        db.session.rollback()
        flash(error.message, "warning")  # shown on the page the script reloads
        return jsonify(ok=False, conflict=True, error=str(error.message)), 409
    except DomainError as error:
        db.session.rollback()
        return jsonify(ok=False, error=str(error.message), field=error.field), 422
    return jsonify(ok=True, status=card.status, total=None if card.total is None else round(card.total, 2),
                   watched=card.watched, version=card.version,
                   saved_at=card.updated_at.isoformat())


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/opened", methods=["POST"])
@role_required("judge")
def opened(round_id, entry_id):
    """The scoring page's beacon on load: where in their own order the judge first opened this entry."""
    rnd = _round_or_404(round_id)
    judge = current_user._get_current_object()
    if entry_for_judge(rnd, judge, entry_id) is None:
        abort(404)
    card = commit_with_retry(lambda: record_opening(rnd=rnd, entry_id=entry_id, judge=judge))
    return jsonify(ok=True, position=card.opened_position if card else None)


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/conflict", methods=["GET", "POST"])
@role_required("judge")
def declare_conflict(round_id, entry_id):
    rnd = _round_or_404(round_id)
    entry = entry_for_judge(rnd, current_user, entry_id)
    if entry is None:
        abort(404)
    form = ConflictForm()
    if form.validate_on_submit() and commit_form_action(form, lambda: panel.declare_conflict(
            rnd=rnd, entry_id=entry.id, judge=current_user._get_current_object(), reason=form.reason.data),
            field="reason"):
        flash(_("Konflik kepentingan tercatat. Karya %(code)s tidak lagi ada di daftar Anda.", code=entry.code),
              "info")
        return redirect(url_for("judging.queue", round_id=rnd.id))
    return render_template("judging/conflict.html", rnd=rnd, entry=blind(entry), form=form)


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def accept_invite(token):
    """A judge's one-time link: set a password, then straight to Penjurian."""
    try:
        judge = panel.judge_for_invite(token)
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(url_for("accounts.login"))
    form = ResetPasswordForm()
    accepted = form.validate_on_submit() and commit_form_action(
        form, lambda: panel.accept_invite(token=token, password=form.password.data), field="password")
    if accepted:
        user = accepted.value
        login_user(user)
        flash(_("Selamat datang di Dewan Juri, %(name)s.", name=user.full_name), "success")
        return redirect(url_for("judging.dashboard"))
    return render_template("judging/accept_invite.html", form=form, judge=judge)
