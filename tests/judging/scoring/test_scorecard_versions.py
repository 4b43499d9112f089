"""Optimistic concurrency of scorecards: a stale tab never overwrites, a submitted score changes only
through "Ubah nilai" while the round is open, and every change stays audited."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.rounds.models import AuditEvent
from contest.judging.scoring.models import Scorecard
from contest.judging.scoring.scorecards import save_scorecard
from tests.conftest import login, post, text_of
from tests.judging.conftest import scores_for
from tests.judging.scoring.test_concurrency import run_together

STALE = "sudah diubah di tab atau perangkat lain"


@pytest.fixture
def scene(client, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge = make_judge(agency="Bawaslu")
    entry = make_entry(contest)
    rnd = make_round(contest, [judge])
    login(client, judge)
    return rnd, judge, entry, f"/judging/rounds/{rnd.id}/entries/{entry.id}"


def card(rnd, entry):
    db.session.expire_all()
    return db.session.scalar(select(Scorecard).where(Scorecard.round_id == rnd.id, Scorecard.entry_id == entry.id))


def page_version(client, url):
    return re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"',
                     client.get(url).get_data(as_text=True)).group(1)


def test_a_stale_autosave_never_changes_a_submitted_score(client, scene):
    """Submit 90s, then the other tab's background autosave with 10s."""
    rnd, _, entry, url = scene
    started = page_version(client, url)  # both tabs opened the empty card
    assert started == "0"
    submitted = post(client, url, {**scores_for(rnd, [90] * 4), "action": "submit", "version": started})
    assert submitted.status_code == 302
    stale = post(client, url + "/autosave", {**scores_for(rnd, [10] * 4), "version": started})
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["ok"] is False and body["conflict"] is True and STALE in body["error"]
    now = card(rnd, entry)
    assert now.status == "submitted" and now.total == pytest.approx(90 * 100 / 99 - 100 / 99, abs=0.01)
    assert set(now.values().values()) == {90}
    # The reloaded page says what happened, in Indonesian, and shows the submitted card read-only.
    page = client.get(url)
    assert STALE in text_of(page) and "Ubah nilai" in text_of(page)
    assert 'data-submitted="1"' in page.get_data(as_text=True)


def test_autosave_with_the_current_version_still_leaves_a_submitted_card_alone(client, scene):
    rnd, _, entry, url = scene
    post(client, url, {**scores_for(rnd, [90] * 4), "action": "submit", "version": "0"})
    current = str(card(rnd, entry).version)
    for data in ({**scores_for(rnd, [10] * 4), "version": current}, scores_for(rnd, [10] * 4)):
        response = post(client, url + "/autosave", data)
        assert response.status_code == 409 and "Ubah nilai" in response.get_json()["error"]
    assert set(card(rnd, entry).values().values()) == {90}


def test_two_tabs_on_a_draft_the_second_writer_is_told(client, scene):
    rnd, _, entry, url = scene
    first = post(client, url + "/autosave", {**scores_for(rnd, [70, 70]), "version": "0"})
    assert first.status_code == 200 and first.get_json()["version"] == 1
    second = post(client, url + "/autosave", {**scores_for(rnd, [20, 20]), "version": "0"})
    assert second.status_code == 409
    assert list(card(rnd, entry).values().values()) == [70, 70]
    # The tab that got the new version goes on saving.
    again = post(client, url + "/autosave", {**scores_for(rnd, [71, 70]), "version": "1"})
    assert again.status_code == 200 and again.get_json()["version"] == 2


def test_a_stale_submit_shows_the_stored_card_with_409(client, scene):
    rnd, _, entry, url = scene
    post(client, url + "/autosave", {**scores_for(rnd, [60, 60]), "version": "0"})
    response = post(client, url, {**scores_for(rnd, [30] * 4), "action": "submit", "version": "0"})
    assert response.status_code == 409
    assert STALE in text_of(response) and 'value="60"' in response.get_data(as_text=True)
    stored = card(rnd, entry)
    assert stored.status == "draft" and list(stored.values().values()) == [60, 60]


def test_ubah_nilai_changes_a_submitted_score_audited(client, scene):
    rnd, judge, entry, url = scene
    post(client, url, {**scores_for(rnd, [90] * 4), "action": "submit", "version": "0"})
    version = str(card(rnd, entry).version)
    page = client.get(url + "?ubah=1").get_data(as_text=True)
    assert 'value="change"' in page and "Simpan perubahan nilai" in page and "disabled" not in page.split(
        'id="score-form"')[1].split("</form>")[0].split("textarea")[0]
    # A plain submit or save of the submitted card is not a change: refused.
    assert post(client, url, {**scores_for(rnd, [80] * 4), "action": "submit", "version": version}).status_code == 409
    changed = post(client, url, {**scores_for(rnd, [80, 90, 90, 90]), "action": "change", "version": version})
    assert changed.status_code == 302
    stored = card(rnd, entry)
    assert stored.status == "submitted" and stored.values()[rnd.criteria[0].id] == 80
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "score.change"))
    assert event.judge_id == judge.id and event.data["scores"] == {rnd.criteria[0].name: [90.0, 80.0]}
    # The same page posted again (its version is now stale) changes nothing.
    again = post(client, url, {**scores_for(rnd, [10] * 4), "action": "change", "version": version})
    assert again.status_code == 409 and card(rnd, entry).values()[rnd.criteria[0].id] == 80


def test_ubah_nilai_only_while_the_round_is_open(client, scene):
    rnd, _, entry, url = scene
    post(client, url, {**scores_for(rnd, [90] * 4), "action": "submit", "version": "0"})
    version = str(card(rnd, entry).version)
    rnd.closes_at = utcnow() - timedelta(minutes=1)
    rnd.opens_at = utcnow() - timedelta(days=1)
    db.session.commit()
    page = client.get(url + "?ubah=1")
    assert "Ubah nilai" not in text_of(page) and 'value="change"' not in page.get_data(as_text=True)
    refused = post(client, url, {**scores_for(rnd, [10] * 4), "action": "change", "version": version})
    assert refused.status_code == 422 and "ditutup" in text_of(refused)
    assert set(card(rnd, entry).values().values()) == {90}


def test_the_update_itself_compares_the_version(scene):
    """Two writers that both read version 0: the UPDATE … WHERE version = 0 lets one through."""
    rnd, judge, entry, _ = scene
    save_scorecard(rnd=rnd, entry_id=entry.id, judge=judge, raw_values={rnd.criteria[0].id: "50"},
                   version=0, require_watch=False)
    db.session.commit()
    stored = card(rnd, entry)
    # Another writer moves the row on behind this session's back (as a concurrent request would).
    db.session.execute(db.update(Scorecard).where(Scorecard.id == stored.id).values(version=Scorecard.version + 1)
                       .execution_options(synchronize_session=False))
    stored.comment = "ditimpa"
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()
    assert card(rnd, entry).comment == ""


def test_parallel_autosaves_from_one_version_only_one_wins(app, scene):
    rnd, judge, entry, url = scene
    tabs = [app.test_client() for _ in range(4)]
    for tab in tabs:
        login(tab, judge)
    forms = [{**scores_for(rnd, [40 + n]), "version": "0"} for n in range(len(tabs))]
    results = run_together([lambda tab=tab, form=form: post(tab, url + "/autosave", form)
                            for tab, form in zip(tabs, forms, strict=True)])
    codes = sorted(getattr(r, "status_code", repr(r)) for r in results)
    assert codes == [200, 409, 409, 409], codes
    assert card(rnd, entry).version == 1
