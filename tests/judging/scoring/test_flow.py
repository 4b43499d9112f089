"""The judge's scoring page: autosave, submit, save-and-next, progress, watch confirmation, window."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.rounds.models import AuditEvent
from contest.judging.rounds.weights import weighted_total
from contest.judging.scoring.models import CardStatus, Scorecard
from contest.judging.scoring.queue import judge_queue
from contest.judging.scoring.scorecards import WatchConfirmationNeeded, criteria_for, save_scorecard
from tests.conftest import login, post, text_of
from tests.judging.conftest import scores_for


@pytest.fixture
def world(make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judges = [make_judge(agency="Bawaslu"), make_judge(agency="Kesbangpol")]
    entries = [make_entry(contest) for _ in range(3)]
    rnd = make_round(contest, judges)
    return contest, rnd, judges, entries


def card_of(rnd, entry, judge):
    db.session.expire_all()
    return db.session.scalar(select(Scorecard).where(Scorecard.round_id == rnd.id, Scorecard.entry_id == entry.id,
                                                     Scorecard.judge_id == judge.id))


def test_dashboard_and_queue_show_progress(client, world):
    _, rnd, judges, entries = world
    login(client, judges[0])
    page = text_of(client.get("/judging/"))
    assert rnd.name in page and "0 dari 3 dinilai" in page
    queue = text_of(client.get(f"/judging/rounds/{rnd.id}"))
    assert all(e.code in queue for e in entries)


def test_autosave_keeps_a_partial_draft_and_logs_it(client, world):
    _, rnd, judges, entries = world
    login(client, judges[0])
    url = f"/judging/rounds/{rnd.id}/entries/{entries[0].id}/autosave"
    first = rnd.criteria[0]
    response = post(client, url, {f"c{first.id}": "75", "comment": "Menarik", "watched": "0.4"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] and body["status"] == "draft" and body["total"] is None
    card = card_of(rnd, entries[0], judges[0])
    assert card.values() == {first.id: 75.0} and card.comment == "Menarik" and card.watched == 0.4
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "score.draft"))
    assert event.data["scores"] == {first.name: [None, 75.0]} and event.judge_id == judges[0].id
    # The same values again change nothing and log nothing.
    post(client, url, {f"c{first.id}": "75", "comment": "Menarik"})
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "score.draft")).all()) == 1


def test_autosave_rejects_out_of_range_values(client, world):
    _, rnd, judges, entries = world
    login(client, judges[0])
    c = rnd.criteria[1]
    response = post(client, f"/judging/rounds/{rnd.id}/entries/{entries[0].id}/autosave", {f"c{c.id}": "101"})
    assert response.status_code == 422
    assert response.get_json()["field"] == f"c{c.id}" and "antara 1 dan 100" in response.get_json()["error"]


def test_submit_computes_the_weighted_total(client, world):
    _, rnd, judges, entries = world
    login(client, judges[0])
    values = [80, 70, 60, 90]
    response = post(client, f"/judging/rounds/{rnd.id}/entries/{entries[0].id}",
                    {**scores_for(rnd, values), "action": "submit", "comment": "Bagus"})
    assert response.status_code == 302
    card = card_of(rnd, entries[0], judges[0])
    expected = weighted_total({c.id: v for c, v in zip(rnd.criteria, values, strict=False)}, criteria_for(rnd))
    assert card.status == CardStatus.SUBMITTED.value and card.total == pytest.approx(expected)
    assert "1 dari 3 dinilai" in text_of(client.get(f"/judging/rounds/{rnd.id}"))


def test_submit_needs_every_counted_criterion(client, world):
    _, rnd, judges, entries = world
    login(client, judges[0])
    response = post(client, f"/judging/rounds/{rnd.id}/entries/{entries[0].id}",
                    {**scores_for(rnd, [80, 70, 60]), "action": "submit"})
    assert response.status_code == 422
    assert "Lengkapi nilai: Teknik videografi" in text_of(response)
    assert card_of(rnd, entries[0], judges[0]) is None  # nothing half-saved


def test_save_and_next_follows_the_judges_own_order(client, world):
    _, rnd, judges, entries = world
    # Another judge's progress no longer decides what comes next (the old rule took the entry with
    # the fewest scores, here mine[2]): each judge follows their own order.
    mine = [item.entry_id for item in judge_queue(rnd, judges[0])]
    for entry_id in mine[1:2]:
        save_scorecard(rnd=rnd, entry_id=entry_id, judge=judges[1], raw_values=dict(zip(
            [c.id for c in rnd.criteria], ["50"] * 4, strict=False)), submit=True, require_watch=False)
    db.session.commit()
    login(client, judges[0])
    response = post(client, f"/judging/rounds/{rnd.id}/entries/{mine[0]}",
                    {**scores_for(rnd, [80, 70, 60, 90]), "action": "submit_next"})
    assert response.status_code == 302
    follow = client.get(response.headers["Location"])
    assert follow.status_code == 302
    assert follow.headers["Location"].endswith(f"/judging/rounds/{rnd.id}/entries/{mine[1]}")


def test_after_the_last_entry_next_returns_to_the_queue(client, world):
    _, rnd, judges, entries = world
    login(client, judges[0])
    for entry in entries:
        post(client, f"/judging/rounds/{rnd.id}/entries/{entry.id}", {**scores_for(rnd, [50] * 4), "action": "submit"})
    response = client.get(f"/judging/rounds/{rnd.id}/next")
    assert response.headers["Location"].endswith(f"/judging/rounds/{rnd.id}")


def test_autosave_never_touches_a_submitted_card(client, world):
    _, rnd, judges, entries = world
    login(client, judges[0])
    url = f"/judging/rounds/{rnd.id}/entries/{entries[0].id}"
    post(client, url, {**scores_for(rnd, [50] * 4), "action": "submit"})
    response = post(client, url + "/autosave", scores_for(rnd, [55, 50, 50, 50]))
    assert response.status_code == 409 and response.get_json()["conflict"] is True
    card = card_of(rnd, entries[0], judges[0])
    assert card.status == "submitted" and card.values()[rnd.criteria[0].id] == 50
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "score.change")) is None
    # Clearing a value of a submitted card is refused even through "Ubah nilai".
    cleared = post(client, url, {f"c{rnd.criteria[0].id}": "", "action": "change", "version": str(card.version)})
    assert cleared.status_code == 422


def test_watch_rule_in_the_service(world):
    _, rnd, judges, entries = world
    raw = {c.id: "70" for c in rnd.criteria}
    with pytest.raises(WatchConfirmationNeeded, match="30%"):
        save_scorecard(rnd=rnd, entry_id=entries[0].id, judge=judges[0], raw_values=raw, watched=0.3, submit=True)
    db.session.rollback()
    card = save_scorecard(rnd=rnd, entry_id=entries[0].id, judge=judges[0], raw_values=raw, watched=0.3,
                          submit=True, confirm_unwatched=True)
    assert card.submitted_unwatched and card.is_submitted
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "score.submit"))
    assert event.data["unwatched_confirmed"] is True and event.data["watched"] == 0.3
    watched = save_scorecard(rnd=rnd, entry_id=entries[1].id, judge=judges[0], raw_values=raw, watched=0.95,
                             submit=True)
    assert not watched.submitted_unwatched


def test_watch_confirmation_on_the_page(client, world):
    _, rnd, judges, entries = world
    login(client, judges[0])
    url = f"/judging/rounds/{rnd.id}/entries/{entries[0].id}"
    page = client.get(url).get_data(as_text=True)
    assert "/media/v/" in page and "data-watch-video" in page  # the ready video is shown
    asked = post(client, url, {**scores_for(rnd, [70] * 4), "action": "submit", "watched": "0.1"})
    assert asked.status_code == 200 and "Kirim nilai tetap?" in text_of(asked)
    assert card_of(rnd, entries[0], judges[0]) is None
    done = post(client, url, {**scores_for(rnd, [70] * 4), "action": "submit", "watched": "0.1",
                              "confirm_unwatched": "1"})
    assert done.status_code == 302
    assert card_of(rnd, entries[0], judges[0]).submitted_unwatched


def test_scoring_only_while_the_round_is_open(client, world, make_round, make_contest):
    contest, rnd, judges, entries = world
    rnd.opens_at = utcnow() + timedelta(days=1)
    rnd.closes_at = utcnow() + timedelta(days=2)
    db.session.commit()
    login(client, judges[0])
    url = f"/judging/rounds/{rnd.id}/entries/{entries[0].id}"
    page = client.get(url)
    assert page.status_code == 200 and "disabled" in page.get_data(as_text=True)
    assert "Kirim &amp; berikutnya" not in page.get_data(as_text=True)
    refused = post(client, url, {**scores_for(rnd, [70] * 4), "action": "submit"})
    assert refused.status_code == 422 and "belum dibuka" in text_of(refused)
    with pytest.raises(DomainError):
        save_scorecard(rnd=rnd, entry_id=entries[0].id, judge=judges[0], raw_values={}, require_watch=False)


def test_a_judge_off_the_panel_sees_nothing(client, world, make_judge):
    _, rnd, _, entries = world
    outsider = make_judge()
    login(client, outsider)
    assert client.get(f"/judging/rounds/{rnd.id}").status_code == 404
    assert client.get(f"/judging/rounds/{rnd.id}/entries/{entries[0].id}").status_code == 404
    assert post(client, f"/judging/rounds/{rnd.id}/entries/{entries[0].id}/autosave", {}).status_code == 404


def test_entries_without_ready_video_or_admin_pass_are_not_judged(client, world, make_entry, make_round):
    contest, rnd, judges, entries = world
    no_video = make_entry(contest, video=False)
    login(client, judges[0])
    assert no_video.code not in text_of(client.get(f"/judging/rounds/{rnd.id}"))
    # Once an administrative check round exists, only entries that passed it are judged.
    make_round(contest, [], kind="admin_check")
    assert "0 dari 0 dinilai" in text_of(client.get(f"/judging/rounds/{rnd.id}"))


@pytest.mark.parametrize("path", ["/judging/", "/admin/judging/", "/admin/judging/judges"])
def test_anonymous_and_wrong_roles_are_refused(client, make_entrant, path):
    assert client.get(path).status_code == 302
    login(client, make_entrant())
    assert client.get(path).status_code == 403


def test_the_total_shows_the_formula_a_judge_can_check(client, make_contest, make_judge, make_entry, make_round):
    """85/80/75 at 40/35/25 on a 1–100 scale is 80.56, not the 80.75 of a plain weighted mean: say why."""
    contest, judge = make_contest(), make_judge(agency="Bawaslu")
    entry = make_entry(contest)
    rnd = make_round(contest, [judge], criteria=[
        {"name": name, "weight": weight, "scale_min": 1, "scale_max": 100, "counted": True}
        for name, weight in (("Tema", 40), ("Kreativitas", 35), ("Teknik", 25))])
    login(client, judge)
    post(client, f"/judging/rounds/{rnd.id}/entries/{entry.id}", {**scores_for(rnd, [85, 80, 75]), "action": "save"})
    page = text_of(client.get(f"/judging/rounds/{rnd.id}/entries/{entry.id}"))
    assert "Rumus: total = Σ bobot × (nilai − batas bawah) ÷ (batas atas − batas bawah)" in page
    assert "40% × (85 − 1) ÷ 99 + 35% × (80 − 1) ÷ 99 + 25% × (75 − 1) ÷ 99 = 80.56" in page
