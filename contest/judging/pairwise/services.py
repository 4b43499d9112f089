"""The pairwise final: a shortlist judged two at a time by the source round's panel, ranked by
Bradley–Terry. Optional per edition; audited and locked like a scoring round.

A judge gets every pair of the shortlist (at most 8 entries → 28 pairs) in a judge-specific order,
minus the pairs holding an entry the judge is in conflict with. One vote per pair and judge; the
judge may change it until the committee locks the final.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ...entries.models import Entry
from ..checks.eligibility import eligible_conditions
from ..panel.conflicts import conflict_map
from ..rounds.audit import log_event
from ..rounds.models import round_judge
from . import bradley_terry
from .models import PairwiseEntry, PairwiseFinal, PairwiseSettings, PairwiseVote

MIN_REASON = 10


def settings_for(contest):
    return db.session.get(PairwiseSettings, contest.id) or PairwiseSettings(contest_id=contest.id, enabled=False)


def set_enabled(*, contest, enabled, actor):
    row = db.session.get(PairwiseSettings, contest.id)
    if row is None:
        row = PairwiseSettings(contest_id=contest.id)
        db.session.add(row)
    if row.enabled != bool(enabled):
        log_event(contest_id=contest.id, actor=actor, action="pairwise.settings", data={"enabled": bool(enabled)})
    row.enabled = bool(enabled)
    db.session.flush()


def finals_of(rnd):
    return db.session.scalars(select(PairwiseFinal).where(PairwiseFinal.source_round_id == rnd.id)
                              .order_by(PairwiseFinal.id)).all()


def create_final(*, rnd, entry_ids, actor, name=None):
    """A pairwise final over `entry_ids` (2–8 eligible entries of the scoring round `rnd`)."""
    if not rnd.is_scored:
        raise DomainError(_("Final berpasangan hanya untuk babak penilaian."))
    if not settings_for(rnd.contest).enabled:
        raise DomainError(_("Final berpasangan belum diaktifkan untuk edisi ini."))
    if rnd.results_final_at is not None:
        raise DomainError(_("Hasil babak ini sudah final."))
    entry_ids = list(dict.fromkeys(int(e) for e in entry_ids))
    if not 2 <= len(entry_ids) <= bradley_terry.MAX_SHORTLIST:
        raise DomainError(_("Pilih 2 sampai %(n)s karya untuk final berpasangan.", n=bradley_terry.MAX_SHORTLIST),
                          field="entry_ids")
    eligible = set(db.session.scalars(select(Entry.id).where(*eligible_conditions(rnd), Entry.id.in_(entry_ids))))
    if eligible != set(entry_ids):
        raise DomainError(_("Hanya karya yang lolos di babak ini yang dapat masuk final berpasangan."),
                          field="entry_ids")
    final = PairwiseFinal(contest_id=rnd.contest_id, source_round_id=rnd.id, created_by_id=actor.id,
                          name=(name or _("Final berpasangan")).strip()[:120])
    final.entries = [PairwiseEntry(entry_id=e, position=n) for n, e in enumerate(entry_ids, start=1)]
    db.session.add(final)
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="pairwise.create",
              data={"pairwise_id": final.id, "entries": entry_ids})
    return final


def panel_ids(final):
    return list(db.session.scalars(select(round_judge.c.user_id).where(
        round_judge.c.round_id == final.source_round_id)))


def on_panel(final, judge_id):
    return db.session.scalar(select(func.count()).select_from(round_judge).where(
        round_judge.c.round_id == final.source_round_id, round_judge.c.user_id == judge_id)) > 0


def judge_finals(judge):
    """Unlocked pairwise finals of rounds this judge sits on."""
    return db.session.scalars(
        select(PairwiseFinal).join(round_judge, round_judge.c.round_id == PairwiseFinal.source_round_id)
        .where(round_judge.c.user_id == judge.id, PairwiseFinal.locked_at.is_(None))
        .order_by(PairwiseFinal.id)).all()


def pairs_for(final, judge_id, conflicts=None):
    """The judge's pairs, conflicted entries left out."""
    conflicts = conflict_map(final.contest_id, judge_ids=[judge_id]) if conflicts is None else conflicts
    barred = {e for (j, e) in conflicts if j == judge_id}
    items = [e for e in final.entry_ids if e not in barred]
    return bradley_terry.schedule(items, f"{final.id}:{judge_id}")


def _key(a, b):
    return (a, b) if a < b else (b, a)


@dataclass
class JudgeProgress:
    pairs: list
    votes: dict  # (first_id, second_id) sorted -> winner_id

    @property
    def done(self):
        return sum(1 for p in self.pairs if _key(*p) in self.votes)

    @property
    def next_pair(self):
        return next((p for p in self.pairs if _key(*p) not in self.votes), None)


def progress(final, judge_id):
    votes = {(v.first_id, v.second_id): v.winner_id for v in db.session.scalars(
        select(PairwiseVote).where(PairwiseVote.final_id == final.id, PairwiseVote.judge_id == judge_id))}
    return JudgeProgress(pairs_for(final, judge_id), votes)


def vote(*, final, judge, first_id, second_id, winner_id):
    if final.locked_at is not None:
        raise DomainError(_("Final berpasangan ini sudah dikunci; pilihan tidak dapat diubah."))
    if not on_panel(final, judge.id):
        raise DomainError(_("Anda bukan anggota panel final ini."))
    pair = _key(first_id, second_id)
    if pair not in {_key(*p) for p in pairs_for(final, judge.id)}:
        raise DomainError(_("Pasangan karya ini tidak ada dalam daftar Anda."))
    if winner_id not in pair:
        raise DomainError(_("Pilih salah satu dari dua karya yang ditampilkan."))
    row = db.session.scalar(select(PairwiseVote).where(
        PairwiseVote.final_id == final.id, PairwiseVote.judge_id == judge.id,
        PairwiseVote.first_id == pair[0], PairwiseVote.second_id == pair[1]))
    before = row.winner_id if row else None
    if row is None:
        row = PairwiseVote(final_id=final.id, judge_id=judge.id, first_id=pair[0], second_id=pair[1])
        db.session.add(row)
    row.winner_id, row.voted_at = winner_id, utcnow()
    db.session.flush()
    log_event(contest_id=final.contest_id, round_id=final.source_round_id, actor=judge, judge_id=judge.id,
              action="pairwise.vote", data={"pairwise_id": final.id, "pair": list(pair),
                                            "winner": [before, winner_id]})
    return row


def lock_final(*, final, actor, now=None):
    if final.locked_at is not None:
        raise DomainError(_("Final berpasangan ini sudah dikunci."))
    final.locked_at, final.locked_by_id = now or utcnow(), actor.id
    table = standings(final)
    log_event(contest_id=final.contest_id, round_id=final.source_round_id, actor=actor, action="pairwise.lock",
              data={"pairwise_id": final.id, "order": [s.item for s in table]}, at=final.locked_at)
    db.session.flush()


def reopen_final(*, final, actor, reason):
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise DomainError(_("Tuliskan alasan pembukaan kembali (minimal 10 karakter)."), field="reason")
    if final.locked_at is None:
        raise DomainError(_("Final berpasangan ini tidak terkunci."))
    if final.source_round.results_final_at is not None:
        raise DomainError(_("Hasil babak ini sudah final dan tidak dapat dibuka kembali."))
    final.locked_at = final.locked_by_id = None
    log_event(contest_id=final.contest_id, round_id=final.source_round_id, actor=actor, action="pairwise.reopen",
              reason=reason, data={"pairwise_id": final.id})
    db.session.flush()


def votes_of(final):
    return db.session.execute(select(PairwiseVote.judge_id, PairwiseVote.first_id, PairwiseVote.second_id,
                                     PairwiseVote.winner_id).where(PairwiseVote.final_id == final.id)).all()


def standings(final, votes=None):
    """Bradley–Terry standings of the shortlist from every vote."""
    votes = votes_of(final) if votes is None else votes
    duels = [(w, b if w == a else a) for _j, a, b, w in votes]
    return bradley_terry.standings(final.entry_ids, duels)
