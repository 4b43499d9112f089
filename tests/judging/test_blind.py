"""Blind judging: nothing a judge's browser receives names the entrant."""
from contest.extensions import db
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
