"""Public pages that belong to no feature: home, terms, language switch (above the features)."""
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from ..contests.phases import Phase, is_open, timeline
from ..contests.services import current_contest
from ..core.http.redirects import safe_next
from ..core.timeutil import utcnow
from ..gallery.services import home_sections

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    contest = current_contest()
    if contest is None:
        return render_template("main/no_contest.html")
    now = utcnow()
    return render_template(
        "main/home.html",
        contest=contest,
        steps=timeline(contest),
        now=now,
        submissions_open=is_open(contest, Phase.SUBMISSION, now=now),
        **home_sections(contest, now=now),
    )


@bp.route("/terms")
def terms():
    return render_template("main/terms.html", contest=current_contest())


@bp.route("/lang", methods=["POST"])
def set_language():
    """Remember the chosen language in the session and go back where the visitor was."""
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))
