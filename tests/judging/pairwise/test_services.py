"""The pairwise final: off unless enabled, blind duel pages for the panel only, votes, lock, standings."""
from sqlalchemy import select

from contest.core.extensions import db
from contest.judging.pairwise import services as pairwise
from contest.judging.pairwise.models import PairwiseFinal, PairwiseVote
from contest.judging.results import analysis
from contest.judging.rounds.editing import lock_round
from contest.judging.rounds.models import AuditEvent
from tests.conftest import login, post, query_count, text_of
from tests.judging.results.test_analysis import SCORES, seed
from tests.judging.scoring.test_blind import IDENTITY, identifying_strings


def build(make_contest, make_judge, make_entry, make_round, n_judges=2, n_entries=4, **identity):
    contest = make_contest()
    judges = [make_judge(agency=f"Lembaga {n}") for n in range(n_judges)]
    entries = [make_entry(contest, **(identity if i == 0 else {"agency": "Dinas Uji"})) for i in range(n_entries)]
    rnd = make_round(contest, judges)
    return rnd, judges, entries


def test_pairwise_final_is_off_until_enabled_then_blind_and_panel_only(
        client, make_contest, make_judge, make_entry, make_round, make_staff):
    rnd, judges, entries = build(make_contest, make_judge, make_entry, make_round, **IDENTITY)
    outsider = make_judge(agency="Lembaga Lain")
    admin = make_staff("admin")
    login(client, admin)
    base = f"/admin/judging/rounds/{rnd.id}"
    ids = [e.id for e in entries[:3]]
    off = text_of(post(client, base + "/pairwise", {"entry_id": ids}, follow_redirects=True))
    assert "belum diaktifkan" in off and db.session.scalar(select(PairwiseFinal)) is None
    post(client, base + "/pairwise/settings", {"enabled": "1"})
    too_few = text_of(post(client, base + "/pairwise", {"entry_id": ids[:1]}, follow_redirects=True))
    assert "Pilih 2 sampai 8 karya" in too_few
    post(client, base + "/pairwise", {"entry_id": ids, "name": "Final Tiga Besar"})
    final = db.session.scalar(select(PairwiseFinal))
    assert final.entry_ids == ids
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pairwise.create")).data["entries"] == ids
    post(client, "/logout")

    login(client, outsider)
    assert client.get(f"/judging/pairwise/{final.id}").status_code == 404
    assert post(client, f"/judging/pairwise/{final.id}/vote", {"first": ids[0], "second": ids[1],
                                                               "winner": ids[0]}).status_code == 404
    post(client, "/logout")

    login(client, judges[0])
    dashboard = client.get("/judging/")
    assert "Final Tiga Besar" in text_of(dashboard)
    page = client.get(f"/judging/pairwise/{final.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "0 dari 3 pasangan" in text_of(page)
    for secret in identifying_strings(entries[0]):
        assert secret not in body and secret not in dashboard.get_data(as_text=True)
    progress = pairwise.progress(final, judges[0].id)
    for a, b in progress.pairs:
        winner = min(ids, key=lambda e: ids.index(e) if e in (a, b) else 99)  # the better-ranked one
        post(client, f"/judging/pairwise/{final.id}/vote", {"first": a, "second": b, "winner": winner})
    assert db.session.scalar(select(db.func.count(PairwiseVote.id))) == 3
    done = text_of(client.get(f"/judging/pairwise/{final.id}"))
    assert "Semua pasangan sudah Anda pilih" in done
    outside = text_of(post(client, f"/judging/pairwise/{final.id}/vote",
                           {"first": ids[0], "second": entries[3].id, "winner": ids[0]}, follow_redirects=True))
    assert "tidak ada dalam daftar Anda" in outside
    a, b = progress.pairs[0]
    post(client, f"/judging/pairwise/{final.id}/vote", {"first": a, "second": b, "winner": b if b != ids[0] else a})
    assert db.session.scalar(select(db.func.count(PairwiseVote.id))) == 3  # changed, not added
    post(client, "/logout")

    login(client, admin)
    standings = client.get(f"/admin/judging/pairwise/{final.id}")
    assert standings.status_code == 200 and "Peluang menang" in text_of(standings)
    post(client, f"/admin/judging/pairwise/{final.id}/lock")
    db.session.expire_all()
    assert final.locked_at is not None
    lock_event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pairwise.lock"))
    assert sorted(lock_event.data["order"]) == sorted(ids)
    short = text_of(post(client, f"/admin/judging/pairwise/{final.id}/reopen", {"reason": "x"}, follow_redirects=True))
    assert "minimal 10 karakter" in short
    post(client, "/logout")
    login(client, judges[0])
    locked = text_of(post(client, f"/judging/pairwise/{final.id}/vote", {"first": a, "second": b, "winner": a},
                          follow_redirects=True))
    assert "sudah dikunci" in locked


def test_a_tie_sent_to_pairwise_is_settled_when_that_final_is_locked(
        client, make_contest, make_judge, make_entry, make_round, make_staff):
    contest = make_contest()
    judges = [make_judge(agency=f"Lembaga {n}") for n in range(5)]
    entries = [make_entry(contest, agency="Dinas Uji") for _ in SCORES]
    rnd = make_round(contest, judges)
    seed(rnd, entries, judges, SCORES)
    admin = make_staff("admin")
    pairwise.set_enabled(contest=contest, enabled=True, actor=admin)
    db.session.commit()
    login(client, admin)
    base = f"/admin/judging/rounds/{rnd.id}"
    tie = analysis.round_analysis(rnd)[1].open_ties[0]
    post(client, base + "/ties/pairwise", {"key": tie.tie.key})
    final = db.session.scalar(select(PairwiseFinal))
    assert set(final.entry_ids) == {entries[2].id, entries[3].id}
    assert analysis.round_analysis(rnd)[1].open_ties  # waiting for the duel
    page = text_of(client.get(base + "/results"))
    assert "menunggu final berpasangan" in page
    for judge in judges:
        pairwise.vote(final=final, judge=judge, first_id=entries[2].id, second_id=entries[3].id,
                      winner_id=entries[3].id)
    pairwise.lock_final(final=final, actor=admin)
    db.session.commit()
    assert pairwise.standings(final)[0].item == entries[3].id
    assert analysis.round_analysis(rnd)[1].open_ties == []
    lock_round(rnd=rnd, actor=admin)
    db.session.commit()
    post(client, base + "/prizes/auto")
    post(client, base + "/finalize")
    db.session.expire_all()
    assert rnd.results_final_at is not None


def test_pairwise_standings_page_query_count_is_constant(client, make_contest, make_judge, make_entry,
                                                         make_round, make_staff):
    admin = make_staff("admin")
    finals = []
    for n in (2, 8):
        rnd, judges, entries = build(make_contest, make_judge, make_entry, make_round, n_entries=n)
        pairwise.set_enabled(contest=rnd.contest, enabled=True, actor=admin)
        final = pairwise.create_final(rnd=rnd, entry_ids=[e.id for e in entries], actor=admin)
        for judge in judges:
            for a, b in pairwise.pairs_for(final, judge.id):
                pairwise.vote(final=final, judge=judge, first_id=a, second_id=b, winner_id=min(a, b))
        db.session.commit()
        finals.append(final.id)
    login(client, admin)
    assert query_count(client, f"/admin/judging/pairwise/{finals[0]}") == \
        query_count(client, f"/admin/judging/pairwise/{finals[1]}")
