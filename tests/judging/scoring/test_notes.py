"""Timestamped notes: a judge's own, JSON and plain forms, conflicts, the committee's view, Excel."""
import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.panel.services import declare_conflict
from contest.judging.rounds.settings import settings_for, update_settings
from contest.judging.scoring.models import JudgeNote
from contest.judging.scoring.notes import add_note, committee_notes, judge_notes
from tests.conftest import login, post


def _notes(entry_id, judge_id):
    db.session.expire_all()
    return db.session.scalars(select(JudgeNote).where(JudgeNote.entry_id == entry_id, JudgeNote.judge_id == judge_id)
                              .order_by(JudgeNote.seconds)).all()


def test_judge_adds_edits_and_deletes_notes(client, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge, other = make_judge(), make_judge()
    entry = make_entry(contest)
    rnd = make_round(contest, [judge, other])
    login(client, judge)
    url = f"/judging/rounds/{rnd.id}/entries/{entry.id}/notes"
    response = post(client, url, {"seconds": "12.4", "body": "Logo partai terlihat di latar."},
                    headers={"Accept": "application/json"})
    assert response.status_code == 201 and response.json["ok"]
    assert response.json["note"]["at"] == "0:12" and response.json["notes"][0]["seconds"] == 12.4
    # No JS: the time comes as mm:ss and the page comes back.
    response = post(client, url, {"at": "1:05", "body": "Narasi kuat.", "for_entrant": "1"})
    assert response.status_code == 302 and response.location.endswith("#notes")
    notes = _notes(entry.id, judge.id)
    assert [(n.seconds, n.body, n.for_entrant) for n in notes] == [
        (12.4, "Logo partai terlihat di latar.", False), (65.0, "Narasi kuat.", True)]
    page = client.get(f"/judging/rounds/{rnd.id}/entries/{entry.id}").get_data(as_text=True)
    assert "Logo partai terlihat di latar." in page and "1:05" in page and "Catatan di" in page

    # Bad input: clear errors, nothing written.
    for data in ({"at": "1:75", "body": "x"}, {"at": "0:10", "body": "   "}, {"seconds": "-4", "body": "x"}):
        response = post(client, url, data, headers={"Accept": "application/json"})
        assert response.status_code == 422 and response.json["error"]
    assert len(_notes(entry.id, judge.id)) == 2

    first = notes[0].id
    response = post(client, f"{url}/{first}", {"at": "0:20", "body": "Logo partai di menit awal."},
                    headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["note"]["at"] == "0:20"
    # Another judge can neither edit nor delete it, nor see it.
    post(client, "/logout")
    login(client, other)
    assert post(client, f"{url}/{first}", {"at": "0:01", "body": "bukan milik saya"}).status_code == 404
    assert post(client, f"{url}/{first}/delete").status_code == 404
    page = client.get(f"/judging/rounds/{rnd.id}/entries/{entry.id}").get_data(as_text=True)
    assert "Logo partai di menit awal." not in page and "Belum ada catatan" in page
    post(client, "/logout")
    login(client, judge)
    assert client.get(f"{url}/{first}/delete").status_code == 405  # state changes only on POST
    assert post(client, f"{url}/{first}/delete").status_code == 302
    assert [n.body for n in _notes(entry.id, judge.id)] == ["Narasi kuat."]


def test_no_notes_once_the_round_is_closed_or_with_a_conflict(client, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge = make_judge()
    entries = [make_entry(contest), make_entry(contest)]
    rnd = make_round(contest, [judge])
    declare_conflict(rnd=rnd, entry_id=entries[1].id, judge=judge, reason="Saudara kandung saya.")
    db.session.commit()
    login(client, judge)
    base = f"/judging/rounds/{rnd.id}/entries"
    assert post(client, f"{base}/{entries[1].id}/notes", {"at": "0:05", "body": "x"}).status_code == 404
    rnd.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = post(client, f"{base}/{entries[0].id}/notes", {"at": "0:05", "body": "x"},
                    headers={"Accept": "application/json"})
    assert response.status_code == 422 and "ditutup" in response.json["error"]
    assert db.session.scalar(select(db.func.count()).select_from(JudgeNote)) == 0


def test_committee_reads_notes_only_when_the_edition_allows(client, make_contest, make_judge, make_entry, make_round,
                                                            make_staff):
    contest = make_contest()
    judges = [make_judge(), make_judge()]
    entry = make_entry(contest)
    rnd = make_round(contest, judges)
    add_note(rnd=rnd, entry_id=entry.id, judge=judges[0], seconds=75.2, body="Musik latar berhak cipta?")
    add_note(rnd=rnd, entry_id=entry.id, judge=judges[1], seconds=3, body="Pembuka bagus.")
    db.session.commit()
    assert [n.body for n in judge_notes(rnd, entry.id, judges[1].id)] == ["Pembuka bagus."]
    admin = make_staff("admin")
    login(client, admin)
    page = client.get(f"/admin/judging/rounds/{rnd.id}/entries/{entry.id}").get_data(as_text=True)
    assert "Musik latar berhak cipta?" not in page and "bersifat pribadi" in page
    assert committee_notes(rnd) == []
    book = load_workbook(io.BytesIO(client.get(f"/admin/judging/rounds/{rnd.id}/rekap.xlsx").data))
    assert "Catatan Juri" not in book.sheetnames

    response = post(client, f"/admin/judging/contests/{contest.id}/options",
                    {"committee_reads_notes": "1", "rules": "", "rule_fail_outcome": "needs_fix"})
    assert response.status_code == 302
    assert settings_for(contest.id).committee_reads_notes
    page = client.get(f"/admin/judging/rounds/{rnd.id}/entries/{entry.id}").get_data(as_text=True)
    assert "Musik latar berhak cipta?" in page and "1:15" in page and judges[0].full_name in page
    book = load_workbook(io.BytesIO(client.get(f"/admin/judging/rounds/{rnd.id}/rekap.xlsx").data))
    sheet = book["Catatan Juri"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Kode Karya", "Juri", "Waktu (mm:ss)", "Catatan"]
    assert sorted(rows[1:]) == sorted([[entry.code, judges[0].full_name, "1:15", "Musik latar berhak cipta?"],
                                       [entry.code, judges[1].full_name, "0:03", "Pembuka bagus."]])


def test_settings_are_audited(make_contest, make_staff):
    contest = make_contest()
    admin = make_staff("admin")
    update_settings(contest=contest, actor=admin, committee_reads_notes=True, feedback_enabled=False,
                    rules=["A"], rule_fail_outcome="fail")
    db.session.commit()
    from contest.judging.rounds.audit import events_for
    assert [e.action for e in events_for(contest_id=contest.id)] == ["judging.settings"]
