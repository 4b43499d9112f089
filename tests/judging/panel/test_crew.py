"""Declared crew, judges' affiliations, matches the committee confirms or dismisses."""
from sqlalchemy import select

from contest.core.extensions import db
from contest.judging.panel.crew import crew_of, pending_matches, save_affiliations, save_crew
from contest.judging.panel.models import AffiliationDecision, Assignment, Conflict
from contest.judging.rounds.audit import events_for
from contest.judging.scoring.queue import judge_queue
from tests.conftest import login, post


def test_entrant_edits_crew_with_validation(client, make_contest, make_entry):
    contest = make_contest()
    entry = make_entry(contest)
    login(client, entry.user)
    url = f"/entries/{entry.id}/crew"
    assert "Kru" in client.get(url).get_data(as_text=True)
    response = post(client, url, {"name0": "Rina Wulandari", "role0": "sutradara", "name1": "X", "role1": "editor"})
    assert response.status_code == 422 and "Baris kru 2" in response.get_data(as_text=True)
    assert crew_of(entry.id) == []
    response = post(client, url, {"name0": " Rina  Wulandari ", "role0": "sutradara",
                                  "name2": "Joko", "role2": "pemeran"})
    assert response.status_code == 302
    assert [(m.name, m.role) for m in crew_of(entry.id)] == [("Rina Wulandari", "sutradara"), ("Joko", "pemeran")]
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Rina Wulandari" in page and "Sutradara" in page
    assert post(client, url, {"name0": "Budi", "role0": "raja"}).status_code == 422


def test_more_than_ten_is_refused(make_contest, make_entry):
    import pytest

    from contest.core.errors import DomainError
    entry = make_entry(make_contest())
    with pytest.raises(DomainError):
        save_crew(entry=entry, rows=[(f"Orang {n}", "pemeran") for n in range(11)])


def test_matches_confirmed_become_conflicts_and_rebalance(client, make_contest, make_judge, make_entry, make_round,
                                                          make_staff):
    contest = make_contest()
    judges = [make_judge(), make_judge(), make_judge()]
    entries = [make_entry(contest, agency="Dinas Kominfo Kab. Kutai Timur"), make_entry(contest, agency="BPKAD")]
    save_crew(entry=entries[1], rows=[("Dra. Rina Wulandari, M.M.", "sutradara")])
    admin = make_staff("admin")
    save_affiliations(judge=judges[0], orgs_text="Dinas Kominfo Kabupaten Kutai Timur", people_text="Rina Wulandari",
                      actor=judges[0])
    rnd = make_round(contest, judges, mode="balanced", per_entry=2, actor=admin)
    db.session.commit()
    found = pending_matches(contest.id, [j.id for j in judges])
    assert {(m.judge_id, m.entry_id, m.source) for m in found} == {
        (judges[0].id, entries[0].id, "agency"), (judges[0].id, entries[1].id, "crew")}
    from contest.judging.panel.services import generate_assignment
    generate_assignment(rnd=rnd, actor=admin)
    db.session.commit()

    login(client, admin)
    page = client.get(f"/admin/judging/rounds/{rnd.id}").get_data(as_text=True)
    assert "Kecocokan keterkaitan juri" in page and "Dra. Rina Wulandari, M.M." in page
    crew_match = next(m for m in found if m.source == "crew")
    response = post(client, f"/admin/judging/rounds/{rnd.id}/matches",
                    {"judge_id": judges[0].id, "entry_id": entries[1].id, "key": crew_match.key, "decision": "confirm"})
    assert response.status_code == 302
    assert db.session.scalar(select(Conflict).where(Conflict.judge_id == judges[0].id,
                                                    Conflict.entry_id == entries[1].id)) is not None
    assigned = set(db.session.execute(select(Assignment.entry_id, Assignment.judge_id)
                                      .where(Assignment.round_id == rnd.id, Assignment.source == "auto")).all())
    assert (entries[1].id, judges[0].id) not in assigned
    assert sum(1 for e, _j in assigned if e == entries[1].id) == 2  # rebalanced onto the other judges
    assert entries[1].id not in {i.entry_id for i in judge_queue(rnd, judges[0])}

    agency_match = next(m for m in found if m.source == "agency")
    post(client, f"/admin/judging/rounds/{rnd.id}/matches",
         {"judge_id": judges[0].id, "entry_id": entries[0].id, "key": agency_match.key, "decision": "dismiss"})
    decision = db.session.scalar(select(AffiliationDecision).where(AffiliationDecision.entry_id == entries[0].id))
    assert decision.decision == "dismissed" and decision.decided_by_id == admin.id
    assert pending_matches(contest.id, [j.id for j in judges]) == []
    actions = [e.action for e in events_for(contest_id=contest.id)]
    assert "affiliation.confirmed" in actions and "affiliation.dismissed" in actions
    # Deciding twice is refused with a message, nothing written.
    response = post(client, f"/admin/judging/rounds/{rnd.id}/matches",
                    {"judge_id": judges[0].id, "entry_id": entries[0].id, "key": agency_match.key,
                     "decision": "confirm"}, follow_redirects=True)
    assert "sudah diputuskan" in response.get_data(as_text=True)


def test_judge_and_committee_edit_affiliations(client, make_judge, make_staff, make_contest):
    make_contest()
    judge = make_judge()
    login(client, judge)
    assert post(client, "/judging/affiliations", {"orgs": "Bawaslu\nbawaslu\n", "people": "Budi"}).status_code == 302
    from contest.judging.panel.crew import affiliations_of
    assert sorted((a.kind, a.name) for a in affiliations_of(judge.id)) == [("org", "Bawaslu"), ("person", "Budi")]
    post(client, "/logout")
    login(client, make_staff("admin"))
    assert "Bawaslu" in client.get(f"/admin/judging/judges/{judge.id}/affiliations").get_data(as_text=True)
    assert post(client, f"/admin/judging/judges/{judge.id}/affiliations", {"orgs": "", "people": ""}).status_code == 302
    assert affiliations_of(judge.id) == []


def test_crew_names_refuse_invisible_characters_and_are_normalized(client, make_contest, make_entry):
    entry = make_entry(make_contest())
    login(client, entry.user)
    url = f"/entries/{entry.id}/crew"
    response = post(client, url, {"name0": "Rina\u200fWulandari", "role0": "sutradara"})
    assert response.status_code == 422 and "U+200F" in response.get_data(as_text=True)
    assert crew_of(entry.id) == []
    assert post(client, url, {"name0": "Jose\u0301 Ramos", "role0": "sutradara"}).status_code == 302
    assert [m.name for m in crew_of(entry.id)] == ["José Ramos"]
