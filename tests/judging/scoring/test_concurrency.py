"""Judges saving at the same moment: nothing lost, no 500 (threads, real requests, one database)."""
import threading

from sqlalchemy import select

from contest.core.extensions import db
from contest.judging.rounds.models import AuditEvent
from contest.judging.scoring.models import Scorecard
from tests.conftest import login, post
from tests.judging.conftest import scores_for


def run_together(calls):
    """Start every call at the same instant; return their results (or exceptions)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as error:  # noqa: BLE001  (reported by the assertions)
            results[i] = error

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_judges_scoring_the_same_entry_at_once_lose_nothing(app, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judges = [make_judge(), make_judge(), make_judge()]
    entry = make_entry(contest)
    rnd = make_round(contest, judges)
    clients = []
    for judge in judges:
        c = app.test_client()
        login(c, judge)
        clients.append(c)
    url = f"/judging/rounds/{rnd.id}/entries/{entry.id}"
    values = {judges[0].id: [81, 72, 63, 94], judges[1].id: [55, 66, 77, 88], judges[2].id: [40, 50, 60, 70]}
    for _ in range(3):  # several rounds of simultaneous saves, drafts then submissions
        results = run_together([
            (lambda c=c, j=j: post(c, url + "/autosave", scores_for(rnd, values[j.id][:2])))
            for c, j in zip(clients, judges, strict=False)])
        assert [r.status_code for r in results] == [200, 200, 200], results
    results = run_together([
        (lambda c=c, j=j: post(c, url, {**scores_for(rnd, values[j.id]), "action": "submit"}))
        for c, j in zip(clients, judges, strict=False)])
    assert [r.status_code for r in results] == [302, 302, 302]
    db.session.expire_all()
    cards = db.session.scalars(select(Scorecard).where(Scorecard.entry_id == entry.id)).all()
    assert len(cards) == 3
    for card in cards:
        assert card.status == "submitted"
        assert [card.values()[c.id] for c in rnd.criteria] == values[card.judge_id]


def test_a_judges_autosave_racing_their_submit_never_fails(app, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge = make_judge()
    entries = [make_entry(contest) for _ in range(4)]
    rnd = make_round(contest, [judge])
    tabs = [app.test_client() for _ in range(3)]
    for tab in tabs:
        login(tab, judge)
    for entry in entries:  # first save of each card: all requests race to create the same row
        url = f"/judging/rounds/{rnd.id}/entries/{entry.id}"
        results = run_together([
            lambda url=url: post(tabs[0], url + "/autosave", scores_for(rnd, [70, 70, 70])),
            lambda url=url: post(tabs[1], url, {**scores_for(rnd, [70, 70, 70, 70]), "action": "submit"}),
            lambda url=url: post(tabs[2], url + "/autosave", scores_for(rnd, [70, 70])),
        ])
        codes = [getattr(r, "status_code", r) for r in results]
        # An autosave that lands after the submit is refused (409): it never touches a submitted card.
        assert codes[1] == 302 and codes[0] in (200, 409) and codes[2] in (200, 409), codes
        db.session.expire_all()
        cards = db.session.scalars(select(Scorecard).where(Scorecard.entry_id == entry.id)).all()
        assert len(cards) == 1 and cards[0].status == "submitted"  # the autosave never undid it
    submits = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "score.submit")).all()
    assert len(submits) == len(entries)
