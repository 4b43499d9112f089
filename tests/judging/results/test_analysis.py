"""The results page's analysis: chosen method per round, reliability shown, ties block the final seal."""
import pytest
from sqlalchemy import select

from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.results import analysis
from contest.judging.results.models import PrizeAward, RoundMethod, TieDecision
from contest.judging.results.services import set_finalists
from contest.judging.rounds.editing import create_round, lock_round
from contest.judging.rounds.models import AuditEvent, RoundKind
from contest.judging.scoring.models import CardStatus, Score, Scorecard
from tests.conftest import login, post, query_count, text_of

# Five judges' totals (every criterion the same value) for 8 entries: a clear order except that
# the 3rd and 4th swap places judge by judge (a statistical tie at Juara III | Harapan I).
SCORES = [
    [95, 94, 96, 95, 95], [90, 89, 91, 90, 90], [85, 70, 86, 72, 84], [72, 84, 71, 85, 77],
    [60, 61, 59, 60, 60], [55, 56, 54, 55, 55], [40, 41, 39, 40, 40], [20, 21, 19, 20, 20],
]


def seed(rnd, entries, judges, table):
    now = utcnow()
    for entry, values in zip(entries, table, strict=True):
        for judge, value in zip(judges, values, strict=True):
            card = Scorecard(round_id=rnd.id, entry_id=entry.id, judge_id=judge.id,
                             status=CardStatus.SUBMITTED.value, submitted_at=now, watched=1.0)
            card.scores = [Score(criterion_id=c.id, value=value) for c in rnd.criteria]
            db.session.add(card)
    db.session.commit()


@pytest.fixture
def scored(make_contest, make_judge, make_entry, make_round):
    def factory(table=SCORES):
        contest = make_contest()
        judges = [make_judge(agency=f"Lembaga {n}") for n in range(len(table[0]))]
        entries = [make_entry(contest, agency="Dinas Uji") for _ in table]
        rnd = make_round(contest, judges)
        seed(rnd, entries, judges, table)
        return rnd, entries, judges
    return factory


def test_tie_at_a_prize_boundary_is_flagged_and_blocks_the_final_seal(client, scored, make_staff):
    rnd, entries, _judges = scored()
    admin = make_staff("admin")
    _res, info = analysis.round_analysis(rnd)
    assert info.overall.alpha > 0.9 and info.overall.icc.n_judges == 5
    assert [set(t.tie.entry_ids) for t in info.open_ties] == [{entries[2].id, entries[3].id}]
    assert info.intervals[entries[0].id].best == info.intervals[entries[0].id].worst == 1
    login(client, admin)
    base = f"/admin/judging/rounds/{rnd.id}"
    page = text_of(client.get(base + "/results"))
    assert "Keandalan panel juri" in page and "Alfa Krippendorff" in page and "perlu keputusan" in page
    post(client, base + "/prizes/auto")
    lock_round(rnd=rnd, actor=admin)
    db.session.commit()
    refused = text_of(post(client, base + "/finalize", follow_redirects=True))
    assert "secara statistik sama di batas hadiah" in refused
    db.session.expire_all()
    assert rnd.results_final_at is None
    key = info.open_ties[0].tie.key
    short = text_of(post(client, base + "/ties/resolve", {"key": key, "reason": "oke"}, follow_redirects=True))
    assert "minimal 10 karakter" in short and db.session.scalar(select(TieDecision)) is None
    post(client, base + "/ties/resolve", {"key": key, "reason": "Rapat juri 3 Des: urutan nilai dipertahankan."})
    decision = db.session.scalar(select(TieDecision))
    assert decision.decision == "keep" and set(decision.entry_ids) == {entries[2].id, entries[3].id}
    logged = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "tie.resolve"))
    assert "dipertahankan" in logged.reason
    post(client, base + "/finalize")
    db.session.expire_all()
    assert rnd.results_final_at is not None
    assert db.session.get(RoundMethod, rnd.id).final_method == "normalized"
    final_page = text_of(client.get(base + "/results"))
    assert "Metode peringkat: Rata-rata ternormalisasi" in final_page


def test_a_clear_gap_is_not_a_tie(scored):
    clear = [[95 - 10 * i + d for d in (0, 1, -1, 0, 0)] for i in range(8)]
    rnd, _entries, _judges = scored(clear)
    assert analysis.round_analysis(rnd)[1].ties == []


def test_the_chosen_method_ranks_assigns_prizes_and_is_recorded(client, scored, make_staff):
    # Entry 0 has one very low judge: the mean puts it below entry 1, median and trimmed above.
    table = [[90, 90, 90, 90, 10], [80, 80, 80, 80, 80], [60, 61, 59, 60, 60], [50, 51, 49, 50, 50],
             [40, 41, 39, 40, 40], [30, 31, 29, 30, 30], [20, 21, 19, 20, 20], [10, 11, 9, 10, 10]]
    rnd, entries, _judges = scored(table)
    admin = make_staff("admin")
    login(client, admin)
    base = f"/admin/judging/rounds/{rnd.id}"
    post(client, base + "/method", {"method": "raw"})
    assert analysis.method_of(rnd) == "raw"
    assert analysis.round_analysis(rnd)[0].rows[0].entry_id == entries[1].id
    post(client, base + "/method", {"method": "trimmed"})
    res, _info = analysis.round_analysis(rnd)
    assert res.rows[0].entry_id == entries[0].id and res.results.by == "trimmed"
    bad = text_of(post(client, base + "/method", {"method": "modus"}, follow_redirects=True))
    assert "Metode agregasi tidak dikenal" in bad and analysis.method_of(rnd) == "trimmed"
    post(client, base + "/prizes/auto")
    first = db.session.scalar(select(PrizeAward).where(PrizeAward.rank == 1))
    assert first.entry_id == entries[0].id
    log = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "results.method")).all()
    assert [e.data["after"] for e in log] == ["raw", "trimmed"]
    preview = client.get(base + "/results?by=median")
    assert "Pratinjau: Median" in text_of(preview) and analysis.method_of(rnd) == "trimmed"


def test_method_cannot_change_after_the_final_seal(scored, make_staff):
    rnd, _entries, _judges = scored()
    rnd.results_final_at = utcnow()
    db.session.commit()
    with pytest.raises(DomainError):
        analysis.set_method(rnd=rnd, method="median", actor=make_staff("admin"))


def test_results_page_query_count_with_analysis_is_constant(client, make_contest, make_judge, make_entry,
                                                            make_round, make_staff):
    judges = [make_judge(agency=f"L{n}") for n in range(3)]
    ids = []
    for n in (5, 50):
        contest = make_contest()
        entries = [make_entry(contest, agency="Dinas Uji") for _ in range(n)]
        rnd = make_round(contest, judges)
        seed(rnd, entries, judges, [[(7 * i) % 90 + 5, (11 * i) % 90 + 5, (13 * i) % 90 + 5] for i in range(n)])
        ids.append(rnd.id)
    login(client, make_staff("admin"))
    few = query_count(client, f"/admin/judging/rounds/{ids[0]}/results")
    many = query_count(client, f"/admin/judging/rounds/{ids[1]}/results")
    assert few == many


def test_finalists_follow_the_source_rounds_chosen_method(scored, make_staff):
    table = [[90, 90, 90, 90, 10], [80, 80, 80, 80, 80], [60, 61, 59, 60, 60]]
    rnd, entries, _judges = scored(table)
    admin = make_staff("admin")
    final = create_round(contest=rnd.contest, kind=RoundKind.FINAL.value, actor=admin,
                         values={"name": "Final", "top_n": 1, "source_round_id": rnd.id})
    analysis.set_method(rnd=rnd, method="raw", actor=admin)
    assert [r.entry_id for r in set_finalists(rnd=final, actor=admin)] == [entries[1].id]
    analysis.set_method(rnd=rnd, method="median", actor=admin)
    assert [r.entry_id for r in set_finalists(rnd=final, actor=admin)] == [entries[0].id]


def test_reliability_shows_intervals_bands_and_says_when_data_are_too_few(client, scored, make_staff):
    login(client, make_staff("admin"))
    few, _entries, _judges = scored()  # 8 entries: too few to call the panel reliable
    page = client.get(f"/admin/judging/rounds/{few.id}/results").get_data(as_text=True)
    assert "terlalu sedikit data untuk menilai keandalan" in page and ">andal<" not in page
    # 12 entries, four judges agree, the fifth gives everything 70: a "—" that says why.
    table = [[90 - 5 * i, 91 - 5 * i, 89 - 5 * i, 90 - 5 * i, 70] for i in range(12)]
    rnd, _entries, judges = scored(table)
    info = analysis.round_analysis(rnd)[1]
    assert not info.overall.too_few and info.overall.ci.average is not None
    assert info.overall.why == {judges[4].id: "flat_judge"}
    page = client.get(f"/admin/judging/rounds/{rnd.id}/results").get_data(as_text=True)
    assert "IK 95%" in page and "data-koo-li" in page and "terlalu sedikit data" not in page
    assert 'data-why="flat_judge"' in page and "nilai juri ini sama untuk semua karya" in page
