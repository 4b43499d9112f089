"""A round's results in a constant number of queries, then prizes, finalists and the final seal.

round_results() reads the submitted scores in one query and hands them to the pure scoring
module; everything else it shows (entries, judges, progress, conflicts, awards) is a handful of
set-based queries, so the count does not grow with the number of entries.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from ...accounts.models import ASNProfile, User
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ...entries.models import Entry
from ..checks.eligibility import eligible_conditions
from ..panel.conflicts import conflict_map
from ..panel.models import ASSIGNED, Assignment, JudgeProfile
from ..rounds.audit import log_event
from ..rounds.models import RoundFinalist
from ..rounds.windows import round_state
from ..scoring.models import CardStatus, Score, Scorecard
from ..scoring.scorecards import criteria_for
from .charts import histogram
from .models import PrizeAward, RoundMethod
from .scores import MIN_ENTRIES_FOR_SCALING, EntryResult, JudgeStats, Results, compute, default_tie_break


@dataclass
class RankRow:
    rank: int
    shared: bool
    decided_by: str | None
    entry_id: int
    code: str
    title: str
    entrant: str
    agency: str
    result: EntryResult
    award: PrizeAward | None = None


@dataclass
class JudgeRow:
    id: int
    name: str
    affiliation: str
    on_panel: bool
    stats: JudgeStats | None
    bins: list
    assigned: int
    submitted: int
    drafts: int
    unwatched: int


@dataclass
class RoundResults:
    round: object
    criteria: list
    results: Results
    rows: list
    judges: list
    eligible: int
    excluded_conflicts: int
    awards: list
    warnings: list = field(default_factory=list)
    state: str = ""
    dropped_entries: int = 0  # scored, then withdrawn or disqualified
    score_rows: list = field(default_factory=list)  # the counted (entry, judge, criterion, value) rows

    @property
    def judge_ids(self):
        return [j.id for j in self.judges]


def _score_rows(rnd):
    """(entry, judge, criterion, value) of every submitted card, as plain DBAPI tuples.

    This is the one query that grows with entries x judges x criteria (250,000 rows in the
    bench); building a SQLAlchemy Row for each would cost more than the score math itself, so
    the rows are read straight off the cursor (the statement still goes through the engine,
    its events and its query count).
    """
    result = db.session.connection().execute(
        select(Scorecard.entry_id, Scorecard.judge_id, Score.criterion_id, Score.value)
        .join(Score, Score.scorecard_id == Scorecard.id)
        .where(Scorecard.round_id == rnd.id, Scorecard.status == CardStatus.SUBMITTED.value))
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def round_results(rnd, *, by="normalized"):
    """Ranking, judge severity and progress of a scored round."""
    criteria = criteria_for(rnd)
    panel_ids = [j.id for j in rnd.judges]
    rows = _score_rows(rnd)
    conflicts = conflict_map(rnd.contest_id)
    eligible_ids = set(db.session.scalars(select(Entry.id).where(*eligible_conditions(rnd))))
    barred = {(entry_id, judge_id) for judge_id, entry_id in conflicts}
    clean, excluded = rows, 0
    if barred:  # a conflict found after scoring (e.g. an agency corrected later): not counted
        clean = [r for r in rows if (r[0], r[1]) not in barred]
        excluded = len({(r[0], r[1]) for r in rows if (r[0], r[1]) in barred})
    scored_ids = select(Scorecard.entry_id).where(Scorecard.round_id == rnd.id).distinct()
    # The tie-break only needs the order of submission: the database ranks it (equal times share a
    # place), which spares turning 10,000 timestamps into aware datetimes on every view.
    submitted_order = case((Entry.submitted_at.is_(None), None),
                           else_=func.dense_rank().over(order_by=Entry.submitted_at)).label("submitted_order")
    entries = {row.id: row for row in db.session.execute(
        select(Entry.id, Entry.number, Entry.title, submitted_order, User.full_name, ASNProfile.agency)
        .join(User, User.id == Entry.user_id).outerjoin(ASNProfile, ASNProfile.user_id == Entry.user_id)
        .where(Entry.id.in_(scored_ids)))}
    # Withdrawn or disqualified after scoring: never ranked.
    dropped = set(entries) - eligible_ids
    if dropped:
        clean = [r for r in clean if r[0] not in dropped]
    results = compute(
        clean, criteria, submitted_at={e.id: e.submitted_order for e in entries.values()
                                   if e.submitted_order is not None},
        tie_break=default_tie_break(criteria), by=by) if criteria else None
    awards = db.session.scalars(select(PrizeAward).where(PrizeAward.round_id == rnd.id)).all()
    award_of = {a.entry_id: a for a in awards}
    prefix = rnd.contest.code_prefix
    ranked = []
    for item in (results.ranking if results else []):
        e = entries[item.entry_id]
        ranked.append(RankRow(item.rank, item.shared, item.decided_by, e.id, f"{prefix}-{e.number:04d}",
                              e.title, e.full_name, e.agency or "", item.result, award_of.get(e.id)))
    judges = _judge_rows(rnd, panel_ids, results, conflicts, eligible_ids)
    out = RoundResults(rnd, list(rnd.criteria), results, ranked, judges, len(eligible_ids), excluded, awards,
                       state=round_state(rnd), dropped_entries=len(dropped), score_rows=clean)
    out.warnings = _warnings(out)
    return out


def _judge_rows(rnd, panel_ids, results, conflicts, eligible_ids):
    """Severity and progress per judge: panel members plus anyone who left cards."""
    card_counts = defaultdict(lambda: {"submitted": 0, "draft": 0, "unwatched": 0})
    for judge_id, status, n, unwatched in db.session.execute(
            select(Scorecard.judge_id, Scorecard.status, func.count(),
                   func.sum(case((Scorecard.submitted_unwatched.is_(True), 1), else_=0)))
            .where(Scorecard.round_id == rnd.id).group_by(Scorecard.judge_id, Scorecard.status)):
        if status == CardStatus.SUBMITTED.value:
            card_counts[judge_id]["submitted"] = n
            card_counts[judge_id]["unwatched"] = int(unwatched or 0)
        elif status == CardStatus.DRAFT.value:
            card_counts[judge_id]["draft"] = n
    ids = set(panel_ids) | set(card_counts)
    people = db.session.execute(
        select(User.id, User.full_name, JudgeProfile.affiliation)
        .outerjoin(JudgeProfile, JudgeProfile.user_id == User.id).where(User.id.in_(ids))
        .order_by(User.full_name)).all() if ids else []
    if rnd.is_balanced:
        assigned = dict(db.session.execute(
            select(Assignment.judge_id, func.count()).where(
                Assignment.round_id == rnd.id, Assignment.source.in_(ASSIGNED))
            .group_by(Assignment.judge_id)).all())
    else:
        blocked = defaultdict(int)
        for judge_id, entry_id in conflicts:
            if entry_id in eligible_ids:
                blocked[judge_id] += 1
        assigned = {j: len(eligible_ids) - blocked[j] for j in panel_ids}
    per_judge = defaultdict(list)
    for (_entry, judge_id), total in (results.totals.items() if results else ()):
        per_judge[judge_id].append(total)
    rows = []
    for judge_id, name, affiliation in people:
        counts = card_counts[judge_id]
        rows.append(JudgeRow(judge_id, name, affiliation or "", judge_id in panel_ids,
                             results.judges.get(judge_id) if results else None,
                             histogram(per_judge[judge_id]), assigned.get(judge_id, 0),
                             counts["submitted"], counts["draft"], counts["unwatched"]))
    return rows


def _warnings(out):
    warnings = []
    if out.results and out.results.incomplete:
        warnings.append(_("%(n)s kartu nilai tidak lengkap dan tidak dihitung.", n=len(out.results.incomplete)))
    if out.dropped_entries:
        warnings.append(_("%(n)s karya yang sudah dinilai kemudian ditarik atau didiskualifikasi; tidak diperingkat.",
                          n=out.dropped_entries))
    if out.excluded_conflicts:
        warnings.append(_("%(n)s kartu nilai dari juri yang berkonflik tidak dihitung.", n=out.excluded_conflicts))
    few = [j.name for j in out.judges if j.stats is not None and j.stats.few]
    if few:
        warnings.append(_("Juri berikut menilai kurang dari %(k)s karya; nilai ternormalisasi mereka tetap diskalakan "
                          "tetapi kurang stabil: %(names)s.", k=MIN_ENTRIES_FOR_SCALING, names=", ".join(few)))
    prizes = len(jury_prizes(out.round.contest))
    if len(out.rows) > prizes and prizes and out.rows[prizes].rank <= prizes:
        warnings.append(_("Ada peringkat sama pada batas penerima hadiah; tentukan dengan alasan."))
    return warnings


# -- prizes --------------------------------------------------------------------------------

def jury_prizes(contest):
    """Prizes the jury decides, in order; the public-vote favourite is not one of them."""
    return [p for p in contest.prizes if "favorit" not in p.name.casefold()]


def _require_not_final(rnd):
    if rnd.results_final_at is not None:
        raise DomainError(_("Hasil sudah ditetapkan final; hadiah tidak dapat diubah."))


def assign_prizes_from_ranking(*, rnd, results, actor):
    """Juara I–III, Harapan I–III to places 1–6 of the ranking, replacing earlier awards."""
    _require_not_final(rnd)
    for award in db.session.scalars(select(PrizeAward).where(PrizeAward.round_id == rnd.id)):
        db.session.delete(award)
    db.session.flush()
    given = []
    for prize, row in zip(jury_prizes(rnd.contest), results.rows, strict=False):
        db.session.add(PrizeAward(round_id=rnd.id, prize_id=prize.id, entry_id=row.entry_id, rank=row.rank,
                                  awarded_by_id=actor.id))
        given.append({"prize": prize.name, "entry": row.code, "rank": row.rank})
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="prize.assign",
              data={"awards": given, "by": results.results.by if results.results else None})
    return given


def override_prize(*, rnd, prize, entry_id, reason, results, actor):
    """Give `prize` to another entry, with a reason; an entry holding another prize swaps."""
    _require_not_final(rnd)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError(_("Tuliskan alasan perubahan (minimal 10 karakter)."), field="reason")
    if prize not in jury_prizes(rnd.contest):
        raise DomainError(_("Hadiah ini bukan hadiah dewan juri."))
    row = next((r for r in results.rows if r.entry_id == entry_id), None)
    if row is None:
        raise DomainError(_("Karya ini tidak ada dalam peringkat babak ini."), field="entry_id")
    awards = db.session.scalars(select(PrizeAward).where(PrizeAward.round_id == rnd.id)).all()
    current = next((a for a in awards if a.prize_id == prize.id), None)
    holder = next((a for a in awards if a.entry_id == entry_id), None)
    rank_of = {r.entry_id: r.rank for r in results.rows}
    data = {"prize": prize.name, "entry": [current.entry_id if current else None, entry_id]}
    swap = holder is not None and current is not None and holder is not current
    if swap:
        data["swapped_with"] = holder.prize.name
        swap_prize_id, swap_entry_id = holder.prize_id, current.entry_id
    for award in {a for a in (holder, current) if a is not None}:
        db.session.delete(award)
    db.session.flush()
    if swap:  # the entry that lost this prize takes the one the new winner held
        db.session.add(PrizeAward(round_id=rnd.id, prize_id=swap_prize_id, entry_id=swap_entry_id,
                                  rank=rank_of.get(swap_entry_id), overridden=True, reason=reason,
                                  awarded_by_id=actor.id))
    db.session.add(PrizeAward(round_id=rnd.id, prize_id=prize.id, entry_id=entry_id, rank=row.rank,
                              overridden=True, reason=reason, awarded_by_id=actor.id))
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="prize.override",
              entry_id=entry_id, reason=reason, data=data)


def finalize_results(*, rnd, actor, now=None, method=None):
    """Seal the results: the round must be locked; prizes and scores no longer change.

    method: the aggregate the ranking used (recorded in the audit event).
    """
    _require_not_final(rnd)
    if rnd.locked_at is None:
        raise DomainError(_("Kunci babak penilaian terlebih dahulu."))
    awards = db.session.scalars(select(PrizeAward).where(PrizeAward.round_id == rnd.id)).all()
    if not awards:
        raise DomainError(_("Tetapkan pemenang terlebih dahulu."))
    rnd.results_final_at = now or utcnow()
    rnd.results_final_by_id = actor.id
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="results.final",
              data={"method": method, "awards": [{"prize": a.prize.name, "entry_id": a.entry_id, "rank": a.rank,
                                "overridden": a.overridden} for a in awards]}, at=rnd.results_final_at)
    db.session.flush()


# -- finalists -----------------------------------------------------------------------------

def set_finalists(*, rnd, actor):
    """Snapshot the source round's top N (ties at the edge all go through) into a final round."""
    source = rnd.source_round
    if source is None or not rnd.top_n:
        raise DomainError(_("Babak final memerlukan babak asal dan jumlah finalis."))
    if db.session.scalar(select(func.count(Scorecard.id)).where(Scorecard.round_id == rnd.id)):
        raise DomainError(_("Finalis tidak dapat diubah setelah penilaian final dimulai."))
    method = db.session.get(RoundMethod, source.id)  # finalists follow the source round's chosen method
    ranking = round_results(source, by=method.method if method else "normalized").rows
    chosen = [r for r in ranking if r.rank <= rnd.top_n]
    for old in db.session.scalars(select(RoundFinalist).where(RoundFinalist.round_id == rnd.id)):
        db.session.delete(old)
    db.session.flush()
    for r in chosen:
        db.session.add(RoundFinalist(round_id=rnd.id, entry_id=r.entry_id, source_rank=r.rank))
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="finalists.set",
              data={"source_round_id": source.id, "finalists": [[r.code, r.rank] for r in chosen]})
    return chosen


def entry_cards(rnd, entry_ids=None):
    """Submitted scorecards with their values, for the per-criterion recap (one or two queries)."""
    query = select(Scorecard).where(Scorecard.round_id == rnd.id,
                                    Scorecard.status == CardStatus.SUBMITTED.value)
    if entry_ids is not None:
        query = query.where(Scorecard.entry_id.in_(entry_ids))
    return db.session.scalars(query).all()

