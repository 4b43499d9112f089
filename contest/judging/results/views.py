"""The committee's results pages: ranking, severity, progress, prizes, final seal, exports, audit log,
the per-entry view with its feedback switches; and the released feedback on the entrant's own entry."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from ...accounts.models import User
from ...contests.models import Prize
from ...core.extensions import db
from ...core.http.access import role_required
from ...core.http.actions import commit_action
from ...entries.models import Entry
from ...records.access_log import log_access
from ..pairwise import services as pairwise
from ..rounds import settings
from ..rounds.audit import events_for
from ..rounds.views import contest_or_404, round_or_404, scored_round_or_404
from ..rounds.windows import rounds_of
from ..scoring import notes
from ..scoring.models import JudgeNote, Scorecard
from . import analysis, exports, feedback
from . import services as results
from .charts import bars
from .forms import PrizeOverrideForm
from .order_report import order_report
from .scores import METHODS

bp = Blueprint("judging_results", __name__, url_prefix="/admin/judging")


def _by(rnd=None):
    """The method in the query string (a preview), else the round's chosen method."""
    by = request.args.get("by")
    if by in METHODS:
        return by
    return analysis.method_of(rnd) if rnd is not None else "normalized"


def _override_form(rnd, res):
    form = PrizeOverrideForm()
    form.prize_id.choices = [SelectChoice(p.id, p.name) for p in results.jury_prizes(rnd.contest)]
    form.entry_id.choices = [SelectChoice(r.entry_id, f"{r.rank}. {r.code} — {r.title}") for r in res.rows]
    return form


@bp.route("/rounds/<int:round_id>/results")
@role_required("admin")
def show(round_id):
    rnd = scored_round_or_404(round_id)
    res, info = analysis.round_analysis(rnd, by=_by(rnd))
    return render_template("admin/judging/results.html", rnd=rnd, res=res, by=info.method, bars=bars,
                           override=_override_form(rnd, res), prizes=results.jury_prizes(rnd.contest),
                           info=info, chosen=analysis.method_of(rnd), final_method=analysis.final_method_of(rnd),
                           pairwise=pairwise.settings_for(rnd.contest), finals=pairwise.finals_of(rnd),
                           method_labels=analysis.METHOD_LABELS, order=order_report(rnd, res))


def _after(rnd):
    return redirect(url_for("judging_results.show", round_id=rnd.id))


@bp.route("/rounds/<int:round_id>/prizes/auto", methods=["POST"])
@role_required("admin")
def assign_prizes(round_id):
    rnd = scored_round_or_404(round_id)
    res = results.round_results(rnd, by=analysis.method_of(rnd))  # prizes follow the chosen method
    commit_action(lambda: results.assign_prizes_from_ranking(rnd=rnd, results=res, actor=current_user),
                  success=_("Hadiah ditetapkan sesuai peringkat."))
    return _after(rnd)


@bp.route("/rounds/<int:round_id>/prizes/override", methods=["POST"])
@role_required("admin")
def override_prize(round_id):
    rnd = scored_round_or_404(round_id)
    res = results.round_results(rnd, by=analysis.method_of(rnd))
    form = _override_form(rnd, res)
    if not form.validate_on_submit():
        flash(_("Pilih hadiah dan karya, lalu tuliskan alasan (minimal 10 karakter)."), "danger")
        return _after(rnd)
    prize = db.session.get(Prize, form.prize_id.data) or abort(404)
    commit_action(
        lambda: results.override_prize(
            rnd=rnd, prize=prize, entry_id=form.entry_id.data, reason=form.reason.data, results=res, actor=current_user
        ),
        success=_("Perubahan hadiah tersimpan beserta alasannya."),
    )
    return _after(rnd)


@bp.route("/rounds/<int:round_id>/finalize", methods=["POST"])
@role_required("admin")
def finalize(round_id):
    rnd = scored_round_or_404(round_id)
    commit_action(lambda: analysis.seal(rnd=rnd, actor=current_user),
                  success=_("Hasil penjurian ditetapkan final."))
    return _after(rnd)


def log_results_export(rnd, ext):
    """Results carry entrants' names: every export is logged (UU PDP), committed with the download."""
    log_access(actor=current_user, action=f"export.results.{ext}", contest_id=rnd.contest_id,
               detail=_("Rekapitulasi nilai babak %(name)s", name=rnd.name))
    db.session.commit()


def _filename(rnd, ext):
    return f"rekapitulasi-nilai-{rnd.contest.slug}-babak-{rnd.position}.{ext}"


@bp.route("/rounds/<int:round_id>/rekap.xlsx")
@role_required("admin")
def export_xlsx(round_id):
    rnd = scored_round_or_404(round_id)
    res, info = analysis.round_analysis(rnd, by=_by(rnd))
    body = exports.export_xlsx(res, title=rnd.contest.title, info=info)
    log_results_export(rnd, "xlsx")
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{_filename(rnd, "xlsx")}"',
                             "Cache-Control": "no-store"})


@bp.route("/rounds/<int:round_id>/rekap.csv")
@role_required("admin")
def export_csv(round_id):
    rnd = scored_round_or_404(round_id)
    res = results.round_results(rnd, by=_by(rnd))
    body = exports.export_csv(res)
    log_results_export(rnd, "csv")
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_filename(rnd, "csv")}"',
                             "Cache-Control": "no-store"})


@bp.route("/contests/<int:contest_id>/audit")
@role_required("admin")
def audit(contest_id):
    contest = contest_or_404(contest_id)
    round_id = request.args.get("round", type=int)
    events = events_for(contest_id=contest.id, round_id=round_id, limit=1000)
    return render_template("admin/judging/audit.html", contest=contest, events=events,
                           rounds=rounds_of(contest), round_id=round_id)


# -- one entry: the judges' cards and notes, and what the entrant reads of them --------------------

@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>")
@role_required("admin")
def entry(round_id, entry_id):
    """One entry as the committee sees it in a round: each judge's card, comment and notes."""
    rnd = round_or_404(round_id)
    item = db.session.scalar(select(Entry).options(joinedload(Entry.user).joinedload(User.profile))
                             .where(Entry.id == entry_id, Entry.contest_id == rnd.contest_id))
    if item is None or not rnd.is_scored:
        abort(404)
    cards = db.session.execute(
        select(Scorecard, User.full_name).join(User, User.id == Scorecard.judge_id)
        .where(Scorecard.round_id == rnd.id, Scorecard.entry_id == item.id).order_by(User.full_name)).all()
    row = settings.settings_for(rnd.contest_id)
    for_entrant = db.session.scalars(select(JudgeNote).where(
        JudgeNote.round_id == rnd.id, JudgeNote.entry_id == item.id, JudgeNote.for_entrant.is_(True))
        .order_by(JudgeNote.seconds)).all()
    return render_template("admin/judging/entry.html", rnd=rnd, entry=item, cards=cards, settings=row,
                           notes=notes.committee_notes(rnd, entry_id=item.id), contest=rnd.contest,
                           hidden=feedback.hidden_card_ids([c.id for c, _name in cards]), for_entrant=for_entrant)


@bp.route("/rounds/<int:round_id>/entries/<int:entry_id>/feedback", methods=["POST"])
@role_required("admin")
def toggle_feedback(round_id, entry_id):
    """Hide (or show again) one comment or note from the entrant's feedback."""
    rnd = round_or_404(round_id)
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
    return redirect(url_for("judging_results.entry", round_id=rnd.id, entry_id=entry_id))


@bp.app_template_global("jury_feedback")
def jury_feedback(entry):
    """The released comments on the entrant's own entry (no judge names), or []."""
    return feedback.released_feedback(entry)
