"""Committee pages of issue #10: the edition's judging options and the per-entry view."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..access import role_required
from ..accounts.models import User
from ..contests.models import Contest
from ..entries.models import Entry
from ..extensions import db
from . import notes, settings
from .models import JudgingRound, Scorecard

bp = Blueprint("judging_extras", __name__, url_prefix="/admin/judging")


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
        return redirect(url_for("judging_extras.options", contest_id=contest.id))
    return render_template("admin/judging/options.html", contest=contest, settings=row,
                           rules="\n".join(settings.content_rules(row)), active="options")


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>")
@role_required("admin")
def entry(round_id, entry_id):
    """One entry as the committee sees it in a round: each judge's card, comment and notes."""
    rnd = db.session.get(JudgingRound, round_id) or abort(404)
    item = db.session.scalar(select(Entry).options(joinedload(Entry.user).joinedload(User.profile))
                             .where(Entry.id == entry_id, Entry.contest_id == rnd.contest_id))
    if item is None or not rnd.is_scored:
        abort(404)
    cards = db.session.execute(
        select(Scorecard, User.full_name).join(User, User.id == Scorecard.judge_id)
        .where(Scorecard.round_id == rnd.id, Scorecard.entry_id == item.id).order_by(User.full_name)).all()
    row = settings.settings_for(rnd.contest_id)
    return render_template("admin/judging/entry.html", rnd=rnd, entry=item, cards=cards, settings=row,
                           notes=notes.committee_notes(rnd, entry_id=item.id), contest=rnd.contest)
