"""The pairwise final: the committee's standings page, lock / re-open; the judges' blind duel page.

Blindness: a judge's page receives BlindEntry (code, title, synopsis) and the opaque player URLs only.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...accounts.models import User
from ...core.extensions import db
from ...core.http.access import role_required
from ...core.http.actions import commit_action
from ...entries.models import Entry
from ..scoring.views import blind, player_for
from . import services as pairwise
from .models import PairwiseFinal

admin_bp = Blueprint("pairwise_admin", __name__, url_prefix="/admin/judging/pairwise")
bp = Blueprint("pairwise", __name__, url_prefix="/judging/pairwise")


def _final_or_404(final_id):
    return db.session.get(PairwiseFinal, final_id) or abort(404)


@admin_bp.route("/<int:final_id>")
@role_required("admin")
def show(final_id):
    final = _final_or_404(final_id)
    votes = pairwise.votes_of(final)
    table = pairwise.standings(final, votes)
    entries = {e.id: e for e in db.session.scalars(select(Entry).where(Entry.id.in_(final.entry_ids)))}
    judge_ids = pairwise.panel_ids(final)
    names = dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(judge_ids))).all())
    cast = {}
    for judge_id, *_rest in votes:
        cast[judge_id] = cast.get(judge_id, 0) + 1
    n = len(final.entry_ids)
    return render_template("admin/judging/pairwise.html", final=final, table=table, entries=entries,
                           judges=[(names.get(j, "?"), cast.get(j, 0)) for j in judge_ids],
                           pairs=n * (n - 1) // 2, n_votes=len(votes))


@admin_bp.route("/<int:final_id>/lock", methods=["POST"])
@role_required("admin")
def lock(final_id):
    final = _final_or_404(final_id)
    commit_action(lambda: pairwise.lock_final(final=final, actor=current_user),
                  success=_("Final berpasangan dikunci; urutannya tercatat."))
    return redirect(url_for("pairwise_admin.show", final_id=final.id))


@admin_bp.route("/<int:final_id>/reopen", methods=["POST"])
@role_required("admin")
def reopen(final_id):
    final = _final_or_404(final_id)
    commit_action(lambda: pairwise.reopen_final(final=final, actor=current_user, reason=request.form.get("reason")),
                  success=_("Final berpasangan dibuka kembali."))
    return redirect(url_for("pairwise_admin.show", final_id=final.id))


def _judge_final_or_404(final_id):
    final = db.session.get(PairwiseFinal, final_id)
    if final is None or not pairwise.on_panel(final, current_user.id):
        abort(404)
    return final


@bp.app_template_global("pairwise_finals_for")
def pairwise_finals_for(user):
    """For the judge's dashboard: open pairwise finals of their rounds."""
    return pairwise.judge_finals(user)


@bp.route("/<int:final_id>")
@role_required("judge")
def duel(final_id):
    final = _judge_final_or_404(final_id)
    progress = pairwise.progress(final, current_user.id)
    pair = progress.next_pair
    if request.args.get("a", type=int) and request.args.get("b", type=int):
        wanted = (request.args.get("a", type=int), request.args.get("b", type=int))
        pair = next((p for p in progress.pairs if set(p) == set(wanted)), pair)
    sides = []
    if pair is not None:
        entries = {e.id: e for e in db.session.scalars(select(Entry).where(Entry.id.in_(pair)))}
        sides = [(blind(entries[e]), player_for(entries[e])) for e in pair]
    return render_template("judging/pairwise.html", final=final, progress=progress, pair=pair, sides=sides,
                           locked=final.locked_at is not None)


@bp.route("/<int:final_id>/vote", methods=["POST"])
@role_required("judge")
def vote(final_id):
    final = _judge_final_or_404(final_id)
    first, second = request.form.get("first", type=int), request.form.get("second", type=int)
    winner = request.form.get("winner", type=int)
    if not (first and second and winner):
        flash(_("Pilih salah satu dari dua karya yang ditampilkan."), "danger")
        return redirect(url_for("pairwise.duel", final_id=final.id))
    commit_action(lambda: pairwise.vote(final=final, judge=current_user._get_current_object(), first_id=first,
                                        second_id=second, winner_id=winner),
                  success=_("Pilihan tersimpan."))
    return redirect(url_for("pairwise.duel", final_id=final.id))
