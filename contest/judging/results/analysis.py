"""The results page's analysis: the round's chosen aggregate, panel reliability, rank intervals, ties.

analyze() is pure work on a RoundResults plus two small queries (tie decisions, pairwise finals);
the committee's decisions (method, tie resolutions, the final seal) are domain functions that flush.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ..pairwise.models import PairwiseFinal
from ..pairwise.services import create_final
from ..rounds.audit import log_event
from . import rank_sets, reliability, robust
from .models import RoundMethod, TieDecision
from .scores import METHODS
from .services import finalize_results, jury_prizes, round_results

MIN_REASON = 10
METHOD_LABELS = {
    "normalized": _l("Rata-rata ternormalisasi"),
    "raw": _l("Rata-rata mentah"),
    "median": _l("Median"),
    "trimmed": _l("Rata-rata terpangkas (Olimpiade)"),
}


def method_of(rnd):
    """The round's chosen aggregate ("normalized" until the committee picks another)."""
    row = db.session.get(RoundMethod, rnd.id)
    return row.method if row else "normalized"


def final_method_of(rnd):
    row = db.session.get(RoundMethod, rnd.id)
    return row.final_method if row else None


def set_method(*, rnd, method, actor):
    if method not in METHODS:
        raise DomainError(_("Metode agregasi tidak dikenal."), field="method")
    if rnd.results_final_at is not None:
        raise DomainError(_("Hasil sudah ditetapkan final; metode agregasi tidak dapat diubah."))
    row = db.session.get(RoundMethod, rnd.id)
    before = row.method if row else "normalized"
    if row is None:
        row = RoundMethod(round_id=rnd.id)
        db.session.add(row)
    row.method, row.changed_by_id, row.changed_at = method, actor.id, utcnow()
    db.session.flush()
    if before != method:
        log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="results.method",
                  data={"before": before, "after": method})


@dataclass
class CriterionReliability:
    criterion: object
    result: reliability.Reliability


@dataclass
class TieView:
    tie: robust.Tie
    rows: list  # RankRow of the tied entries
    decision: TieDecision | None = None
    pairwise: PairwiseFinal | None = None

    @property
    def resolved(self):
        if self.decision is None:
            return False
        if self.decision.decision == "pairwise":
            return self.pairwise is not None and self.pairwise.locked_at is not None
        return True


@dataclass
class Analysis:
    method: str
    overall: reliability.Reliability | None
    criteria: list = field(default_factory=list)
    intervals: dict = field(default_factory=dict)  # entry_id -> robust.RankInterval
    ties: list = field(default_factory=list)
    boundaries: list = field(default_factory=list)
    level: float = robust.LEVEL

    @property
    def open_ties(self):
        return [t for t in self.ties if not t.resolved]


def analyze(res, *, method):
    """Reliability (totals and per criterion), rank confidence sets and prize-boundary ties."""
    scored = res.results
    if scored is None or not scored.totals:
        return Analysis(method, None)
    judge_ids = sorted({j for _, j in scored.totals}, key=lambda j: res.judge_ids.index(j)
                       if j in res.judge_ids else len(res.judge_ids))
    complete = set(scored.totals)
    per_criterion = {}
    for entry_id, judge_id, cid, value in res.score_rows:
        if (entry_id, judge_id) in complete:
            per_criterion.setdefault(cid, {})[(entry_id, judge_id)] = value
    crits = [CriterionReliability(c, reliability.reliability(per_criterion.get(c.id, {}), judge_ids))
             for c in res.criteria if c.counted]
    source = scored.normalized if method == "normalized" else scored.totals
    values = {}
    for (entry_id, judge_id), x in source.items():
        values.setdefault(entry_id, {})[judge_id] = x
    intervals = rank_sets.rank_intervals(values, judge_ids, method=method)
    boundaries = robust.prize_boundaries([p.name for p in jury_prizes(res.round.contest)])
    ties = robust.flag_ties([(r.entry_id, r.rank) for r in res.rows], intervals, boundaries)
    out = Analysis(method, reliability.reliability(scored.totals, judge_ids, with_intervals=True), crits, intervals,
                   boundaries=boundaries)
    # Always one query (the page's query count must not depend on whether ties exist).
    decided = db.session.execute(
        select(TieDecision, PairwiseFinal).outerjoin(PairwiseFinal, PairwiseFinal.id == TieDecision.pairwise_id)
        .where(TieDecision.round_id == res.round.id)).all()
    decisions = {d.key: (d, f) for d, f in decided}
    by_id = {r.entry_id: r for r in res.rows}
    for tie in ties:
        decision, final = decisions.get(tie.key, (None, None))
        out.ties.append(TieView(tie, [by_id[e] for e in tie.entry_ids], decision, final))
    return out


def round_analysis(rnd, *, by=None):
    """(RoundResults, Analysis) ranked by `by` or the round's chosen method."""
    method = by if by in METHODS else method_of(rnd)
    res = round_results(rnd, by=method)
    return res, analyze(res, method=method)


def _find_tie(analysis, key):
    tie = next((t for t in analysis.ties if t.tie.key == key), None)
    if tie is None:
        raise DomainError(_("Peringkat sudah berubah; periksa kembali daftar nilai sama."))
    return tie


def resolve_tie(*, rnd, key, reason, actor):
    """Keep the ranking's order for a flagged tie, with the committee's recorded reason."""
    if rnd.results_final_at is not None:
        raise DomainError(_("Hasil sudah ditetapkan final."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise DomainError(_("Tuliskan alasan keputusan (minimal 10 karakter)."), field="reason")
    _res, analysis = round_analysis(rnd)
    view = _find_tie(analysis, key)
    _record(rnd, view, decision="keep", reason=reason, actor=actor)


def _record(rnd, view, *, decision, reason, actor, pairwise=None):
    row = view.decision or TieDecision(round_id=rnd.id, key=view.tie.key)
    row.boundary, row.entry_ids = view.tie.boundary, list(view.tie.entry_ids)
    row.decision, row.reason, row.decided_by_id, row.decided_at = decision, reason, actor.id, utcnow()
    row.pairwise_id = pairwise.id if pairwise else None
    db.session.add(row)
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="tie.resolve", reason=reason,
              data={"boundary": view.tie.boundary, "entries": [r.code for r in view.rows], "decision": decision,
                    "order": [r.code for r in view.rows], "pairwise_id": pairwise.id if pairwise else None})
    return row


def send_tie_to_pairwise(*, rnd, key, actor):
    """Put a flagged tie's entries in a pairwise final; the tie is settled when that final is locked."""
    if rnd.results_final_at is not None:
        raise DomainError(_("Hasil sudah ditetapkan final."))
    _res, analysis = round_analysis(rnd)
    view = _find_tie(analysis, key)
    final = create_final(rnd=rnd, entry_ids=[r.entry_id for r in view.rows], actor=actor,
                         name=_("Final berpasangan: batas peringkat %(n)s", n=view.tie.boundary))
    _record(rnd, view, decision="pairwise", reason=_("Diputuskan lewat final berpasangan."), actor=actor,
            pairwise=final)
    return final


def seal(*, rnd, actor):
    """Mark the results final under the chosen method; refused while a tie is undecided."""
    method = method_of(rnd)
    ready = rnd.results_final_at is None and rnd.locked_at is not None  # else finalize_results says why
    open_ties = round_analysis(rnd)[1].open_ties if ready else []
    if open_ties:
        raise DomainError(_("Masih ada %(n)s peringkat yang secara statistik sama di batas hadiah. "
                            "Putuskan dengan alasan atau final berpasangan sebelum menetapkan hasil final.",
                            n=len(open_ties)))
    finalize_results(rnd=rnd, actor=actor, method=method)
    row = db.session.get(RoundMethod, rnd.id)
    if row is None:
        row = RoundMethod(round_id=rnd.id, method=method, changed_by_id=actor.id)
        db.session.add(row)
    row.final_method = method
    db.session.flush()
