"""Committee pages of issue #10: the edition's judging options and the per-entry view."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..access import role_required
from ..accounts.models import User
from ..actions import commit_action
from ..contests.models import Contest
from ..entries.models import Entry
from ..extensions import db
from . import crew, notes, settings
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
    from .extra_models import JudgeNote
    from .feedback import hidden_card_ids

    for_entrant = db.session.scalars(select(JudgeNote).where(
        JudgeNote.round_id == rnd.id, JudgeNote.entry_id == item.id, JudgeNote.for_entrant.is_(True))
        .order_by(JudgeNote.seconds)).all()
    return render_template("admin/judging/entry.html", rnd=rnd, entry=item, cards=cards, settings=row,
                           notes=notes.committee_notes(rnd, entry_id=item.id), contest=rnd.contest,
                           hidden=hidden_card_ids([c.id for c, _name in cards]), for_entrant=for_entrant)


@bp.route("/judges/<int:user_id>/affiliations", methods=["GET", "POST"])
@role_required("admin")
def judge_affiliations(user_id):
    from ..errors import DomainError

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
            return redirect(url_for("judging_admin.judges"))
    rows = crew.affiliations_of(judge.id)
    return render_template("judging/affiliations.html", judge=judge, back=url_for("judging_admin.judges"),
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
    return redirect(url_for("judging_admin.round", round_id=rnd.id) + "#matches")


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


@bp.route("/rounds/<int:round_id>/checks/<int:entry_id>/content", methods=["POST"])
@role_required("admin")
def record_content_check(round_id, entry_id):
    """The administrative check with the content checklist (replaces the plain check form)."""
    from . import content_checks

    rnd = db.session.get(JudgingRound, round_id) or abort(404)
    item = db.session.get(Entry, entry_id) or abort(404)
    failed = {int(key[4:]): request.form.get(f"why{key[4:]}", "") for key in request.form
              if key.startswith("fail") and key[4:].isdigit()}
    commit_action(lambda: content_checks.record_with_rules(
        rnd=rnd, entry=item, outcome=request.form.get("outcome"), reason=request.form.get("reason"),
        failed=failed, actor=current_user), success=_("Hasil verifikasi %(code)s tersimpan.", code=item.code))
    return redirect(url_for("judging_admin.checks", round_id=rnd.id) + f"#entry-{item.id}")


@bp.app_template_global("content_checklist")
def content_checklist(rnd):
    """For the checks page: the edition's rules and each entry's failed rules (two queries)."""
    from .content_checks import content_checks

    return settings.content_rules(settings.settings_for(rnd.contest_id)), content_checks(rnd)


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/feedback", methods=["POST"])
@role_required("admin")
def toggle_feedback(round_id, entry_id):
    """Hide (or show again) one comment or note from the entrant's feedback."""
    from . import feedback
    from .extra_models import JudgeNote

    rnd = db.session.get(JudgingRound, round_id) or abort(404)
    hidden = request.form.get("hidden") == "1"
    if request.form.get("card_id"):
        card = db.session.get(Scorecard, request.form.get("card_id", type=int))
        if card is None or card.round_id != rnd.id or card.entry_id != entry_id:
            abort(404)
        feedback.set_comment_hidden(card=card, hidden=hidden, actor=current_user)
    else:
        note = db.session.get(JudgeNote, request.form.get("note_id", type=int) or 0)
        if note is None or note.round_id != rnd.id or note.entry_id != entry_id:
            abort(404)
        feedback.set_note_hidden(note=note, hidden=hidden, actor=current_user)
    db.session.commit()
    flash(_("Masukan disembunyikan dari peserta.") if hidden else _("Masukan ditampilkan kembali kepada peserta."),
          "success")
    return redirect(url_for("judging_extras.entry", round_id=rnd.id, entry_id=entry_id))
