"""Blind judging: nothing a judge's browser receives names the entrant."""
from contest.core.extensions import db
from tests.conftest import login, post
from tests.judging.conftest import scores_for

IDENTITY = {
    "full_name": "Sutrisno Wicaksono Hadiprojo",
    "email": "sutrisno.wicaksono@instansi-rahasia.go.id",
    "agency": "Dinas Perikanan Rahasia Sekali",
}


def identifying_strings(entry):
    profile = entry.user.profile
    return [entry.user.full_name, entry.user.email, profile.nip, profile.agency, profile.phone,
            profile.phone.replace("+62", "0"), profile.work_unit, profile.position, str(entry.user_id) + "@"]


def test_judge_pages_and_json_never_name_the_entrant(client, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge = make_judge(agency="Bawaslu")
    entry = make_entry(contest, title="Netral Sampai Akhir", **IDENTITY)
    profile = entry.user.profile
    profile.work_unit, profile.position = "Seksi Budidaya Tambak Rahasia", "Penyuluh Perikanan Istimewa"
    profile.rank = "IV/d"
    db.session.commit()
    rnd = make_round(contest, [judge])
    secrets = identifying_strings(entry) + ["Pembina Utama Madya", "IV/d"]
    login(client, judge)
    base = f"/judging/rounds/{rnd.id}"
    responses = [
        client.get("/judging/"),
        client.get(base),
        client.get(f"{base}/entries/{entry.id}"),
        client.get(f"{base}/entries/{entry.id}/conflict"),
        post(client, f"{base}/entries/{entry.id}/autosave", scores_for(rnd, [60, 60], watched="0")),
        post(client, f"{base}/entries/{entry.id}", {**scores_for(rnd, [60] * 4, watched="0.2"), "action": "submit"}),
        post(client, f"{base}/entries/{entry.id}", {**scores_for(rnd, [61, 60, 60]), "action": "save"},
             follow_redirects=True),
        client.get(f"{base}/next", follow_redirects=True),
        client.get(f"/entries/{entry.id}/video.json"),  # the media status JSON, as a judge sees it
    ]
    for response in responses:
        assert response.status_code in (200, 422), response.request.path
        body = response.get_data(as_text=True)
        for secret in secrets:
            assert secret not in body, (response.request.path, secret)
    assert all(entry.code in r.get_data(as_text=True) for r in responses[1:4])
    assert responses[4].is_json and responses[8].is_json
    page = responses[2].get_data(as_text=True)
    assert "Netral Sampai Akhir" in page and entry.synopsis in page  # what a judge may see
    assert "Content-Disposition" not in responses[2].headers


def test_notes_and_crew_never_reach_another_judge(client, make_contest, make_judge, make_entry, make_round):
    """Notes JSON and pages are blind; a judge never sees another judge's notes or any crew name."""
    from contest.judging.panel.crew import save_crew
    from contest.judging.rounds.settings import update_settings
    from contest.judging.scoring.notes import add_note

    contest = make_contest()
    judges = [make_judge(), make_judge()]
    entry = make_entry(contest, **IDENTITY)
    other_entry = make_entry(contest, agency="Dinas Lain")
    save_crew(entry=entry, rows=[("Raden Mas Kamerawan Rahasia", "kamerawan"), ("Siti Penulis Tersembunyi", "penulis")])
    rnd = make_round(contest, judges)
    add_note(rnd=rnd, entry_id=entry.id, judge=judges[1], seconds=4, body="Catatan juri kedua yang rahasia")
    update_settings(contest=contest, actor=judges[0], committee_reads_notes=True, feedback_enabled=True,
                    rules=[], rule_fail_outcome="needs_fix")
    db.session.commit()
    secrets = identifying_strings(entry) + ["Raden Mas Kamerawan Rahasia", "Siti Penulis Tersembunyi",
                                            "Catatan juri kedua yang rahasia"]
    login(client, judges[0])
    base = f"/judging/rounds/{rnd.id}/entries"
    responses = [
        client.get(f"{base}/{entry.id}"), client.get(f"{base}/{other_entry.id}"),
        post(client, f"{base}/{entry.id}/notes", {"seconds": "2", "body": "Catatan saya"},
             headers={"Accept": "application/json"}),
        post(client, f"{base}/{other_entry.id}/notes", {"seconds": "2", "body": "Catatan lain"},
             headers={"Accept": "application/json"}),
        post(client, f"{base}/{entry.id}/notes", {"at": "0:03", "body": "Tanpa JS"}, follow_redirects=True),
    ]
    for response in responses:
        assert response.status_code in (200, 201), response.request.path
        body = response.get_data(as_text=True)
        for secret in secrets:
            assert secret not in body, (response.request.path, secret)
    assert responses[2].is_json and [n["body"] for n in responses[2].json["notes"]] == ["Catatan saya"]


def test_pairwise_final_pages_never_name_the_entrant(client, make_contest, make_judge, make_entry, make_round,
                                                     make_staff):
    from contest.judging.pairwise import services as pairwise

    contest = make_contest()
    judge = make_judge(agency="Bawaslu")
    entry = make_entry(contest, **IDENTITY)
    other = make_entry(contest, agency="Dinas Lain")
    rnd = make_round(contest, [judge])
    admin = make_staff("admin")
    pairwise.set_enabled(contest=contest, enabled=True, actor=admin)
    final = pairwise.create_final(rnd=rnd, entry_ids=[entry.id, other.id], actor=admin)
    db.session.commit()
    login(client, judge)
    url = f"/judging/pairwise/{final.id}"
    responses = [client.get("/judging/"), client.get(url),
                 post(client, url + "/vote", {"first": entry.id, "second": other.id, "winner": entry.id},
                      follow_redirects=True),
                 client.get(f"{url}?a={entry.id}&b={other.id}")]
    for response in responses:
        assert response.status_code == 200, response.request.path
        body = response.get_data(as_text=True)
        for secret in identifying_strings(entry):
            assert secret not in body, (response.request.path, secret)
    assert entry.code in responses[1].get_data(as_text=True) and entry.code in responses[3].get_data(as_text=True)
