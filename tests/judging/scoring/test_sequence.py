"""Each judge's own order: the queue and "next" follow it, cards record where they were opened and
submitted, calibration items come first for every judge and are set by the committee."""
import pytest
from sqlalchemy import select

from contest.console.stats import judge_progress
from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.panel.services import generate_assignment
from contest.judging.rounds.models import AuditEvent
from contest.judging.scoring.calibration import set_calibration
from contest.judging.scoring.models import Scorecard
from contest.judging.scoring.queue import judge_queue
from contest.judging.scoring.scorecards import record_opening, save_scorecard
from tests.conftest import login, post, text_of
from tests.judging.conftest import scores_for


@pytest.fixture
def world(make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judges = [make_judge(agency=f"Instansi {i}") for i in range(4)]
    entries = [make_entry(contest) for _ in range(8)]
    rnd = make_round(contest, judges)
    return contest, rnd, judges, entries


def order_of(rnd, judge):
    return [item.entry_id for item in judge_queue(rnd, judge)]


def card(rnd, entry_id, judge):
    db.session.expire_all()
    return db.session.scalar(select(Scorecard).where(Scorecard.round_id == rnd.id, Scorecard.entry_id == entry_id,
                                                     Scorecard.judge_id == judge.id))


def submit(rnd, entry_id, judge, value=70):
    save_scorecard(rnd=rnd, entry_id=entry_id, judge=judge, raw_values={c.id: str(value) for c in rnd.criteria},
                   submit=True, require_watch=False)
    db.session.commit()


def test_every_judge_has_their_own_order_and_it_is_stable(world):
    _, rnd, judges, entries = world
    orders = [order_of(rnd, j) for j in judges]
    assert len({tuple(o) for o in orders}) == len(judges)
    assert all(sorted(o) == sorted(e.id for e in entries) for o in orders)
    assert len({o[0] for o in orders}) == 4  # four judges start with four different entries
    assert order_of(rnd, judges[1]) == orders[1]


def test_queue_page_and_next_follow_the_judges_order(client, world):
    _, rnd, judges, entries = world
    judge = judges[2]
    mine = order_of(rnd, judge)
    codes = {e.id: e.code for e in entries}
    login(client, judge)
    page = text_of(client.get(f"/judging/rounds/{rnd.id}"))
    positions = [page.index(codes[e]) for e in mine]
    assert positions == sorted(positions)
    first = client.get(f"/judging/rounds/{rnd.id}/next")
    assert first.headers["Location"].endswith(f"/entries/{mine[0]}")
    response = post(client, f"/judging/rounds/{rnd.id}/entries/{mine[0]}",
                    {**scores_for(rnd, [80, 70, 60, 90]), "action": "submit_next"})
    follow = client.get(response.headers["Location"])
    assert follow.headers["Location"].endswith(f"/entries/{mine[1]}")


def test_positions_record_where_a_card_was_opened_and_submitted(client, world):
    _, rnd, judges, entries = world
    judge = judges[0]
    a, b, c = order_of(rnd, judge)[:3]
    login(client, judge)
    # The scoring page asks for the opening beacon while the card has no position yet.
    page = client.get(f"/judging/rounds/{rnd.id}/entries/{c}").get_data(as_text=True)
    assert f"/judging/rounds/{rnd.id}/entries/{c}/opened" in page
    assert post(client, f"/judging/rounds/{rnd.id}/entries/{c}/opened").get_json() == {"ok": True, "position": 1}
    assert post(client, f"/judging/rounds/{rnd.id}/entries/{a}/opened").get_json()["position"] == 2
    assert post(client, f"/judging/rounds/{rnd.id}/entries/{c}/opened").get_json()["position"] == 1  # once
    assert "/opened" not in client.get(f"/judging/rounds/{rnd.id}/entries/{c}").get_data(as_text=True)
    # Without the beacon (no JavaScript), the first save stands for the opening.
    post(client, f"/judging/rounds/{rnd.id}/entries/{b}", {**scores_for(rnd, [60] * 4), "action": "submit"})
    post(client, f"/judging/rounds/{rnd.id}/entries/{c}", {**scores_for(rnd, [70] * 4), "action": "submit"})
    assert (card(rnd, b, judge).opened_position, card(rnd, b, judge).submitted_position) == (3, 1)
    assert (card(rnd, c, judge).opened_position, card(rnd, c, judge).submitted_position) == (1, 2)
    assert card(rnd, a, judge).submitted_position is None and card(rnd, a, judge).status == "draft"
    # Another judge's positions count on their own.
    submit(rnd, a, judges[1])
    assert card(rnd, a, judges[1]).opened_position == 1 and card(rnd, a, judges[1]).submitted_position == 1


def test_the_opening_beacon_is_a_post_with_csrf_for_the_judges_own_entries(client, world, make_judge):
    _, rnd, judges, entries = world
    login(client, judges[0])
    url = f"/judging/rounds/{rnd.id}/entries/{entries[0].id}/opened"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 400  # no CSRF token
    outsider = make_judge(agency="Lain")
    client.post("/logout", data={})
    other = client.application.test_client()
    login(other, outsider)
    assert post(other, url).status_code == 404
    assert card(rnd, entries[0].id, outsider) is None


def test_a_closed_round_records_no_opening(world):
    _, rnd, judges, entries = world
    rnd.locked_at = utcnow()
    db.session.commit()
    assert record_opening(rnd=rnd, entry_id=entries[0].id, judge=judges[0]) is None
    assert card(rnd, entries[0].id, judges[0]) is None


def test_calibration_items_come_first_in_every_judges_queue(world, make_staff):
    _, rnd, judges, entries = world
    admin = make_staff("admin")
    chosen = [entries[5].id, entries[2].id]
    set_calibration(rnd=rnd, entry_ids=chosen, actor=admin)
    db.session.commit()
    for judge in judges:
        assert set(order_of(rnd, judge)[:2]) == set(chosen)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "calibration.set"))
    assert event.data == {"before": [], "after": chosen}


def test_balanced_rounds_give_calibration_items_to_every_judge(make_contest, make_judge, make_entry, make_round,
                                                               make_staff):
    contest = make_contest()
    judges = [make_judge(agency=f"Instansi {i}") for i in range(4)]
    entries = [make_entry(contest) for _ in range(8)]
    rnd = make_round(contest, judges, mode="balanced", per_entry=2)
    admin = make_staff("admin")
    generate_assignment(rnd=rnd, actor=admin)
    set_calibration(rnd=rnd, entry_ids=[entries[0].id], actor=admin)
    db.session.commit()
    progress = {j.judge_id: j.assigned for j in judge_progress(contest, [rnd])[0].judges}
    for judge in judges:
        queue = order_of(rnd, judge)
        assert queue[0] == entries[0].id and len(queue) in (4, 5)
        assert progress[judge.id] == len(queue)  # the committee's dashboard counts the same list


def test_calibration_is_limited_to_three_entries_of_the_round(world, make_staff, make_contest, make_entry):
    _, rnd, judges, entries = world
    admin = make_staff("admin")
    with pytest.raises(DomainError, match="paling banyak 3"):
        set_calibration(rnd=rnd, entry_ids=[e.id for e in entries[:4]], actor=admin)
    stranger = make_entry(make_contest(current=False))
    with pytest.raises(DomainError, match="harus karya yang dinilai"):
        set_calibration(rnd=rnd, entry_ids=[stranger.id], actor=admin)
    submit(rnd, entries[0].id, judges[0])  # once a judge has sent a score, the first places are taken
    with pytest.raises(DomainError, match="setelah juri mulai mengirim nilai"):
        set_calibration(rnd=rnd, entry_ids=[entries[1].id], actor=admin)


def test_committee_marks_calibration_items_on_the_round_page(client, world, make_staff):
    _, rnd, judges, entries = world
    admin = make_staff("admin")
    login(client, admin)
    page = client.get(f"/admin/judging/rounds/{rnd.id}").get_data(as_text=True)
    assert "Karya kalibrasi" in page and f'value="{entries[3].id}"' in page
    response = post(client, f"/admin/judging/rounds/{rnd.id}/calibration",
                    {"entry_id": [str(entries[3].id), str(entries[1].id)]})
    assert response.status_code == 302 and response.headers["Location"].endswith("#calibration")
    assert order_of(rnd, judges[0])[:2] in ([entries[3].id, entries[1].id], [entries[1].id, entries[3].id])
    too_many = post(client, f"/admin/judging/rounds/{rnd.id}/calibration",
                    {"entry_id": [str(e.id) for e in entries[:4]]}, follow_redirects=True)
    assert "paling banyak 3" in text_of(too_many)
    # Judges cannot set them.
    judge_client = client.application.test_client()
    login(judge_client, judges[0])
    assert post(judge_client, f"/admin/judging/rounds/{rnd.id}/calibration", {"entry_id": []}).status_code == 403
    assert set(order_of(rnd, judges[0])[:2]) == {entries[3].id, entries[1].id}
