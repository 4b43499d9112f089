"""Feedback to entrants: released per edition after the announcement, no judge names, hideable."""
from datetime import timedelta

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.results.feedback import released_feedback
from contest.judging.rounds.settings import update_settings
from contest.judging.scoring.models import JudgeNote, Scorecard
from tests.conftest import login, post


def _setup(make_contest, make_judge, make_entry, make_round, make_staff):
    contest = make_contest()
    judges = [make_judge(), make_judge()]
    entry = make_entry(contest)
    admin = make_staff("admin")
    rnd = make_round(contest, judges, actor=admin)
    cards = [Scorecard(round_id=rnd.id, entry_id=entry.id, judge_id=j.id, status="submitted", comment=text, total=70)
             for j, text in zip(judges, ["Pesan kuat, gambar kurang stabil.", "Narasi terlalu panjang."], strict=True)]
    db.session.add_all(cards)
    db.session.add_all([JudgeNote(round_id=rnd.id, entry_id=entry.id, judge_id=judges[0].id, seconds=42,
                                  body="Transisi di sini bagus.", for_entrant=True),
                        JudgeNote(round_id=rnd.id, entry_id=entry.id, judge_id=judges[1].id, seconds=10,
                                  body="Catatan pribadi juri.", for_entrant=False)])
    db.session.commit()
    return contest, judges, entry, admin, rnd, cards


def test_feedback_waits_for_release_and_announcement(client, make_contest, make_judge, make_entry, make_round,
                                                     make_staff):
    contest, judges, entry, admin, rnd, cards = _setup(make_contest, make_judge, make_entry, make_round, make_staff)
    assert released_feedback(entry) == []  # not released, not announced
    update_settings(contest=contest, actor=admin, committee_reads_notes=False, feedback_enabled=True, rules=[],
                    rule_fail_outcome="needs_fix")
    db.session.commit()
    assert released_feedback(entry) == []  # released but the results are not announced yet
    contest.announcement_at = utcnow() - timedelta(hours=1)
    rnd.results_final_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    texts = [(i.text, i.at) for i in released_feedback(entry)]
    assert texts == [("Pesan kuat, gambar kurang stabil.", None), ("Narasi terlalu panjang.", None),
                     ("Transisi di sini bagus.", "0:42")]

    login(client, entry.user)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Masukan Dewan Juri" in page and "Narasi terlalu panjang." in page and "0:42" in page
    assert "Catatan pribadi juri." not in page
    for judge in judges:
        assert judge.full_name not in page and judge.email not in page

    # The committee hides one comment and one note: gone from the entrant's page, audited.
    post(client, "/logout")
    login(client, admin)
    committee = client.get(f"/admin/judging/rounds/{rnd.id}/entries/{entry.id}").get_data(as_text=True)
    assert "Sembunyikan dari peserta" in committee
    base = f"/admin/judging/rounds/{rnd.id}/entries/{entry.id}/feedback"
    assert post(client, base, {"card_id": cards[1].id, "hidden": "1"}).status_code == 302
    note = db.session.scalar(db.select(JudgeNote).where(JudgeNote.for_entrant.is_(True)))
    assert post(client, base, {"note_id": note.id, "hidden": "1"}).status_code == 302
    db.session.expire_all()
    assert [i.text for i in released_feedback(entry)] == ["Pesan kuat, gambar kurang stabil."]
    assert post(client, base, {"card_id": cards[1].id, "hidden": "0"}).status_code == 302
    assert len(released_feedback(entry)) == 2
    from contest.judging.rounds.audit import events_for
    assert [e.action for e in events_for(contest_id=contest.id, action_prefix="feedback.")] == [
        "feedback.show", "feedback.hide", "feedback.hide"]


def test_other_entrants_never_see_it(client, make_contest, make_judge, make_entry, make_round, make_staff):
    contest, _judges, entry, _admin, _rnd, _cards = _setup(make_contest, make_judge, make_entry, make_round, make_staff)
    other = make_entry(contest, agency="Dinas Lain")
    login(client, other.user)
    assert client.get(f"/entries/{entry.id}").status_code == 404
