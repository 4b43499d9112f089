"""The committee's results: constant query count, ranking, prizes with overrides, final seal."""
import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.results.analysis import round_analysis
from contest.judging.results.models import PrizeAward
from contest.judging.results.services import round_results
from contest.judging.rounds.editing import lock_round
from contest.judging.rounds.models import AuditEvent
from contest.judging.scoring.models import CardStatus, Score, Scorecard
from tests.conftest import counted_queries, login, post, text_of


def seed_scores(rnd, entries, judges, rng):
    """Submitted cards for every entry × judge, inserted directly (test data, not the service)."""
    now = utcnow()
    for entry in entries:
        for n, judge in enumerate(judges):
            card = Scorecard(round_id=rnd.id, entry_id=entry.id, judge_id=judge.id, status=CardStatus.SUBMITTED.value,
                             submitted_at=now, watched=1.0)
            card.scores = [Score(criterion_id=c.id, value=rng.randint(40, 95) - 5 * n) for c in rnd.criteria]
            db.session.add(card)
    db.session.commit()


@pytest.fixture
def build(make_contest, make_judge, make_entry, make_round, make_staff):
    panel = []

    def factory(n_entries, *, seed=1):
        contest = make_contest()
        if not panel:  # one panel for every contest of the test: fewer scrypt hashes
            panel.extend(make_judge(agency=a) for a in ("Bawaslu", "Kesbangpol", ""))
        judges = list(panel)
        entries = [make_entry(contest, agency=f"Dinas {i % 2}") for i in range(n_entries)]
        rnd = make_round(contest, judges)
        seed_scores(rnd, entries, judges, random.Random(seed))
        return rnd, judges, entries

    return factory


def cold_queries(client, url):
    """Statements one request runs with nothing cached (tests share the app context's session)."""
    db.session.expunge_all()
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response


def test_results_page_query_count_does_not_grow_with_entries(client, build, make_staff):
    admin = make_staff("admin")
    small_id = build(5)[0].id
    big, _, entries = build(50, seed=2)
    big_id, codes = big.id, [e.code for e in entries]
    login(client, admin)
    few, _ = cold_queries(client, f"/admin/judging/rounds/{small_id}/results")
    many, page = cold_queries(client, f"/admin/judging/rounds/{big_id}/results")
    assert few == many, (few, many)
    assert many <= 25
    assert all(code in text_of(page) for code in codes)
    assert "<svg" in page.get_data(as_text=True)  # severity charts rendered server-side
    export_few, _ = cold_queries(client, f"/admin/judging/rounds/{small_id}/rekap.xlsx")
    export_many, _ = cold_queries(client, f"/admin/judging/rounds/{big_id}/rekap.xlsx")
    assert export_few == export_many


def test_ranking_shows_raw_and_normalized_and_flags_disagreement(build):
    rnd, judges, entries = build(8)
    # Make one entry split the jury: top marks from one judge, bottom from another.
    card_a = db.session.scalar(select(Scorecard).where(Scorecard.entry_id == entries[0].id,
                                                       Scorecard.judge_id == judges[0].id))
    card_b = db.session.scalar(select(Scorecard).where(Scorecard.entry_id == entries[0].id,
                                                       Scorecard.judge_id == judges[1].id))
    for s in card_a.scores:
        s.value = 100
    for s in card_b.scores:
        s.value = 1
    db.session.commit()
    res = round_results(rnd)
    assert [r.rank for r in res.rows] == sorted(r.rank for r in res.rows)
    row = next(r for r in res.rows if r.entry_id == entries[0].id)
    assert row.result.disagreement and row.result.n_judges == 3
    raw = round_results(rnd, by="raw")
    assert [r.result.raw_mean for r in raw.rows] == sorted((r.result.raw_mean for r in raw.rows), reverse=True)
    judge_rows = {j.id: j for j in res.judges}
    assert judge_rows[judges[2].id].stats.mean < judge_rows[judges[0].id].stats.mean  # the harsher judge
    assert sum(judge_rows[judges[0].id].bins) == 8 and judge_rows[judges[0].id].submitted == 8


def test_prizes_from_ranking_override_and_final(client, build, make_staff):
    rnd, judges, entries = build(8)
    admin = make_staff("admin")
    login(client, admin)
    base = f"/admin/judging/rounds/{rnd.id}"
    assert post(client, base + "/prizes/auto").status_code == 302
    res = round_results(rnd)
    awards = {a.prize.name: a.entry_id for a in db.session.scalars(select(PrizeAward))}
    assert list(awards) == ["Juara I", "Juara II", "Juara III", "Harapan I", "Harapan II", "Harapan III"]
    assert [awards[n] for n in ("Juara I", "Juara II", "Juara III")] == [r.entry_id for r in res.rows[:3]]
    assert "Video Terfavorit" not in awards  # the public vote is not the jury's

    juara2, juara3 = res.rows[1].entry_id, res.rows[2].entry_id
    prize2 = next(a.prize for a in db.session.scalars(select(PrizeAward)) if a.entry_id == juara2)
    short = post(client, base + "/prizes/override", {"prize_id": prize2.id, "entry_id": juara3, "reason": "x"})
    assert short.status_code == 302 and db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "prize.override")) is None
    post(client, base + "/prizes/override", {"prize_id": prize2.id, "entry_id": juara3,
                                             "reason": "Rapat dewan juri: orisinalitas karya Juara II diragukan."})
    db.session.expire_all()
    awards = {a.prize.name: (a.entry_id, a.overridden) for a in db.session.scalars(select(PrizeAward))}
    assert awards["Juara II"] == (juara3, True) and awards["Juara III"] == (juara2, True)  # swapped
    log = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "prize.override"))
    assert "orisinalitas" in log.reason and log.data["swapped_with"] == "Juara III"

    refused = post(client, base + "/finalize", follow_redirects=True)
    assert "Kunci babak" in text_of(refused)
    lock_round(rnd=rnd, actor=admin)
    db.session.commit()
    # Ties at prize boundaries (3 judges, random scores) must be decided first.
    for tie in round_analysis(rnd)[1].open_ties:
        refused = post(client, base + "/finalize", follow_redirects=True)
        assert "secara statistik sama" in text_of(refused) and rnd.results_final_at is None
        post(client, base + "/ties/resolve", {"key": tie.tie.key, "reason": "Rapat juri: urutan dipertahankan."})
    post(client, base + "/finalize")
    db.session.expire_all()
    assert rnd.results_final_at is not None
    sealed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "results.final"))
    assert sealed.data["method"] == "normalized"
    after = post(client, base + "/prizes/auto", follow_redirects=True)
    assert "sudah ditetapkan final" in text_of(after)
    reopen = post(client, base + "/reopen", {"reason": "Mencoba membuka setelah final."}, follow_redirects=True)
    assert "sudah final" in text_of(reopen)


def test_results_page_lists_progress_per_judge(client, make_contest, make_judge, make_entry, make_round, make_staff):
    contest = make_contest()
    judges = [make_judge(), make_judge()]
    entries = [make_entry(contest) for _ in range(3)]
    rnd = make_round(contest, judges)
    seed_scores(rnd, entries[:2], judges[:1], random.Random(3))
    login(client, make_staff("admin"))
    page = text_of(client.get(f"/admin/judging/rounds/{rnd.id}/results"))
    assert "2 dari 3 dinilai" in page and "0 dari 3 dinilai" in page


def test_withdrawn_or_disqualified_entries_are_not_ranked(build):
    rnd, judges, entries = build(4)
    entries[0].status = "withdrawn"
    db.session.commit()
    res = round_results(rnd)
    assert entries[0].id not in {r.entry_id for r in res.rows} and len(res.rows) == 3
    assert any("ditarik atau didiskualifikasi" in w for w in res.warnings)


def test_equal_scores_are_split_by_the_earlier_submission(build):
    rnd, judges, entries = build(3)
    late, early = entries[0], entries[1]
    early.submitted_at = utcnow() - timedelta(days=3)
    late.submitted_at = utcnow() - timedelta(days=1)
    same = {(c.judge_id, s.criterion_id): s.value for c in db.session.scalars(
        select(Scorecard).where(Scorecard.entry_id == late.id)) for s in c.scores}
    for card in db.session.scalars(select(Scorecard).where(Scorecard.entry_id == early.id)):
        for s in card.scores:
            s.value = same[(card.judge_id, s.criterion_id)]
    db.session.commit()
    rows = {r.entry_id: r for r in round_results(rnd).rows}
    assert rows[early.id].rank + 1 == rows[late.id].rank
    assert rows[late.id].decided_by == "submitted_at"


def test_a_judge_with_fewer_than_three_entries_is_named_in_a_warning(build):
    rnd, judges, entries = build(5)
    for entry in entries[2:]:
        db.session.delete(db.session.scalar(select(Scorecard).where(
            Scorecard.entry_id == entry.id, Scorecard.judge_id == judges[2].id)))
    db.session.commit()
    res = round_results(rnd)
    few = [w for w in res.warnings if "kurang dari 3 karya" in w]
    assert len(few) == 1 and judges[2].full_name in few[0] and judges[0].full_name not in few[0]
    stats = res.results.judges[judges[2].id]
    assert stats.few and not stats.flat  # still scaled, only flagged
