"""The public vote: email → six-digit code by mail → one vote per verified voter per contest."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..contests.services import get_contest_by_slug
from ..core.errors import DomainError
from ..core.extensions import db, limiter
from ..core.http.actions import commit_with_retry
from ..core.http.redirects import safe_next
from ..entries.models import Entry
from ..media.captions.views import caption_tracks_by_uuid
from ..media.services import current_videos
from ..media.status import poster_url, stream_url
from ..notifications.services import queue_mail
from . import rules
from . import services as voting
from .forms import VoteConfirmForm, VoteStartForm

bp = Blueprint("voting", __name__)

SESSION_TOKEN = "vote_token"
SESSION_NEXT = "vote_next"


def _limit(name):
    """A VOTE_*_LIMIT_* rate-limit string from app config (defaults and parsing: contest/core/config.py)."""
    return lambda: current_app.config[name]


def _email_key():
    """Rate-limit key for the address being verified (normalized, hashed: the limiter stores keys)."""
    raw = request.form.get("email", "")
    normalized = rules.normalize_email(raw) or raw.strip().lower()
    return "vote-email:" + rules.keyed_hash(current_app.config["SECRET_KEY"], "limit", normalized)


def client_ip():
    return request.remote_addr or ""


def _candidate_or_404(entry_id):
    """Vote pages exist only for a submitted candidate while its edition's vote is open: before
    that (or for any other entry) the page is 404, as for an entry that does not exist, because
    the entry may not be public at all."""
    entry = db.session.get(Entry, entry_id)
    if (entry is None or not entry.is_submitted or entry.id not in voting.candidate_ids(entry.contest_id)
            or voting.voting_phase(entry.contest) != "open"):
        abort(404)
    return entry


def _start_page(entry, form, status=200):
    return render_template("voting/start.html", entry=entry, form=form, vote=voting.vote_state(entry),
                           next=safe_next(request.values.get("next")) or ""), status


@bp.get("/c/<slug>/video-terfavorit")
def candidates_page(slug):
    """The public vote's page: every candidate's video with its vote box (titles and codes only)."""
    contest = get_contest_by_slug(slug) or abort(404)
    phase = voting.voting_phase(contest)
    shown = phase in voting.PUBLIC_PHASES
    entries = [e for e in voting.candidates(contest.id) if e.is_submitted] if shown else []
    videos, states = current_videos(entries), voting.vote_states(contest, entries)
    track_map = caption_tracks_by_uuid([video.uuid for video in videos.values()])
    items = []
    for entry in entries:
        video = videos.get(entry.id)
        items.append({"entry": entry, "vote": states[entry.id], "video": stream_url(video) if video else None,
                      "poster": poster_url(video) if video else None,
                      "tracks": track_map.get(video.uuid, []) if video else []})
    return render_template("voting/candidates.html", contest=contest, phase=phase, items=items)


@bp.get("/vote/<int:entry_id>")
def ask(entry_id):
    """The email form for one entry (the entry page's button posts the same form)."""
    entry = _candidate_or_404(entry_id)
    return _start_page(entry, VoteStartForm())


@bp.post("/vote/<int:entry_id>/start")
@limiter.limit(_limit("VOTE_START_LIMIT_IP"))
@limiter.limit(_limit("VOTE_START_LIMIT_EMAIL"), key_func=_email_key)
def start(entry_id):
    entry = _candidate_or_404(entry_id)
    form = VoteStartForm()
    if not form.validate_on_submit():
        return _start_page(entry, form, 400)
    try:
        started = voting.start_vote(entry=entry, email=form.email.data)
    except DomainError as error:
        db.session.rollback()
        if error.field == "email":
            form.email.errors.append(error.message)
        else:
            flash(error.message, "danger")
        return _start_page(entry, form, 400)
    template = "voting/already_voted_email.txt" if started.already_voted else "voting/code_email.txt"
    queue_mail(to=form.email.data.strip(), kind="vote_code", contest=entry.contest,
               subject=_("Kode pemilihan Video Terfavorit") if not started.already_voted
               else _("Pemilihan Video Terfavorit"),
               body=render_template(template, entry=entry, contest=entry.contest, code=started.code,
                                    minutes=voting.code_ttl_minutes()))
    db.session.commit()  # the challenge and its mail together; the worker sends it afterwards
    session[SESSION_TOKEN] = started.challenge.token
    session[SESSION_NEXT] = safe_next(request.form.get("next")) or ""
    flash(_("Kode telah dikirim ke %(email)s. Periksa kotak masuk (atau folder spam) Anda.",
            email=started.challenge.email_masked), "info")
    return redirect(url_for("voting.confirm"))


@bp.route("/vote/confirm", methods=["GET", "POST"])
@limiter.limit(_limit("VOTE_CONFIRM_LIMIT_IP"), methods=["POST"])
def confirm():
    challenge = voting.open_challenge(session.get(SESSION_TOKEN))
    form = VoteConfirmForm()
    if challenge is not None and form.validate_on_submit():
        entry_id = challenge.entry_id
        token, code = challenge.token, form.code.data
        try:
            commit_with_retry(lambda: voting.confirm_vote(token=token, code=code, ip=client_ip(),
                                                          user_agent=request.user_agent.string))
        except voting.CodeRejected as error:
            db.session.commit()  # the attempt counts
            if error.field == "code":
                form.code.errors.append(error.message)
            else:
                flash(error.message, "danger")
                session.pop(SESSION_TOKEN, None)
                return redirect(url_for("voting.confirm"))
        except IntegrityError:
            db.session.rollback()
            flash(voting.already_voted_message(), "danger")
            session.pop(SESSION_TOKEN, None)
            return redirect(url_for("voting.confirm"))
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
            session.pop(SESSION_TOKEN, None)
            return redirect(url_for("voting.confirm"))
        else:
            session.pop(SESSION_TOKEN, None)
            session["vote_done"] = entry_id
            return redirect(url_for("voting.thanks"))
    status = 400 if form.errors or (request.method == "POST" and challenge is None) else 200
    return render_template("voting/confirm.html", form=form, challenge=challenge), status


@bp.get("/vote/thanks")
def thanks():
    entry = db.session.get(Entry, session.get("vote_done") or 0)
    if entry is None:
        return redirect(url_for("main.home"))
    return render_template("voting/thanks.html", entry=entry, next=session.get(SESSION_NEXT) or "",
                           vote=voting.vote_state(entry))
