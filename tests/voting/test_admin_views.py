"""The committee's side of the vote: access, settings, candidates, counts, anomalies, voiding, favourite."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.core.errors import DomainError
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.voting import services as voting
from contest.voting.models import Vote, VoteCandidate, VoteLog, VoteLogIsAppendOnly, VotingSettings
from tests.conftest import login, post, text_of
from tests.voting.helpers import make_candidates, submitted_entry, voting_window


@pytest.fixture
def scene(make_contest, make_entrant, make_staff):
    """An open vote with three candidates; entry A got a burst of 6 votes from one network."""
    contest = make_contest(**voting_window(opened=timedelta(hours=3)))
    owner = make_entrant()
    a, b, c = (submitted_entry(contest, owner, t) for t in ("Karya A", "Karya B", "Karya C"))
    make_candidates(contest, a, b, c)
    start = utcnow() - timedelta(hours=2)
    for n in range(6):
        db.session.add(Vote(contest_id=contest.id, entry_id=a.id, voter_hash=f"burst{n}", email_domain="yopmail.com",
                            email_masked=f"b{n}***@yopmail.com", ip_hash=f"ip{n}", ip_prefix_hash="netX",
                            user_agent="bot", created_at=start + timedelta(seconds=5 * n)))
    for n in range(2):
        db.session.add(Vote(contest_id=contest.id, entry_id=b.id, voter_hash=f"ok{n}", email_domain="kaltimprov.go.id",
                            email_masked="ok***@kaltimprov.go.id", ip_hash=f"ok{n}", ip_prefix_hash=f"home{n}",
                            created_at=start + timedelta(minutes=40 * n)))
    db.session.commit()
    admin = make_staff("admin")
    return {"contest": contest, "entries": (a, b, c), "admin": admin}


def admin_pages(contest_id):
    base = f"/admin/voting/{contest_id}"
    return [base, f"{base}/candidates", f"{base}/votes", f"{base}/anomalies", f"{base}/log"]


def test_committee_pages_refuse_visitors_entrants_and_judges(client, scene, make_entrant, make_staff):
    contest = scene["contest"]
    for url in admin_pages(contest.id) + ["/admin/voting/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url
    assert (
        post(client, f"/admin/voting/{contest.id}/votes/void", {"vote_ids": 1, "reason": "x" * 20}).status_code == 302
    )
    login(client, make_staff("judge"))
    for url in admin_pages(contest.id):
        assert client.get(url).status_code == 403, url
    response = post(client, f"/admin/voting/{contest.id}/votes/void", {"vote_ids": 1, "reason": "x" * 20})
    assert response.status_code == 403
    assert db.session.scalar(select(Vote.voided_at).where(Vote.id == 1)) is None


def test_committee_sees_counts_timeline_and_anomalies(client, scene):
    contest, (_a, b, _c) = scene["contest"], scene["entries"]
    login(client, scene["admin"])
    assert client.get("/admin/voting/").location.endswith(f"/admin/voting/{contest.id}")
    page = client.get(f"/admin/voting/{contest.id}")
    assert page.status_code == 200
    html, text = page.get_data(as_text=True), text_of(page)
    assert text.index("Karya A") < text.index("Karya B") < text.index("Karya C")
    assert html.count("<svg") == 2  # a timeline for each entry with votes
    assert "suara ditandai oleh laporan anomali" in text
    report = client.get(f"/admin/voting/{contest.id}/anomalies")
    text = text_of(report)
    assert "Lonjakan dari satu jaringan" in text
    assert "Banyak suara dalam hitungan detik" in text
    assert "Domain email sekali pakai" in text and "yopmail.com" in text
    assert "Karya B" not in text
    listing = client.get(f"/admin/voting/{contest.id}/votes?network=netX")
    assert listing.get_data(as_text=True).count('name="vote_ids"') == 6
    listing = client.get(f"/admin/voting/{contest.id}/votes?entry={b.id}")
    assert listing.get_data(as_text=True).count('name="vote_ids"') == 2


def test_void_needs_a_reason_and_is_logged(client, scene):
    contest, (a, _b, _c), admin = scene["contest"], scene["entries"], scene["admin"]
    login(client, admin)
    burst = db.session.scalars(select(Vote.id).where(Vote.ip_prefix_hash == "netX")).all()
    url = f"/admin/voting/{contest.id}/votes/void"
    response = post(client, url, {"vote_ids": burst, "reason": "spam"})
    assert response.status_code == 302
    assert voting.tallies(contest.id)[a.id] == 6
    response = post(client, url, {"vote_ids": burst, "reason": "Lonjakan 6 suara dari satu jaringan dalam 2 menit",
                                  "next": f"/admin/voting/{contest.id}/anomalies"})
    assert response.location.endswith("/anomalies")
    assert "6 suara dibatalkan" in text_of(client.get(response.location))
    assert a.id not in voting.tallies(contest.id)
    logs = db.session.scalars(select(VoteLog).where(VoteLog.action == "void")).all()
    assert sorted(log.vote_id for log in logs) == sorted(burst)
    assert {log.actor_id for log in logs} == {admin.id}
    assert "Lonjakan 6 suara" in text_of(client.get(f"/admin/voting/{contest.id}/log"))
    # The report reads votes that still count: nothing left to flag.
    assert "Tidak ada anomali" in text_of(client.get(f"/admin/voting/{contest.id}/anomalies"))
    # Voiding again changes nothing and logs nothing.
    post(client, url, {"vote_ids": burst, "reason": "Sekali lagi, tetap tidak sah"})
    assert db.session.query(VoteLog).filter_by(action="void").count() == 6
    # Restoring one, with a reason, is logged too.
    response = post(client, f"/admin/voting/{contest.id}/votes/restore",
                    {"vote_ids": burst[:1], "reason": "Salah pilih, suara ini sah"})
    assert voting.tallies(contest.id)[a.id] == 1
    [restored] = db.session.scalars(select(VoteLog).where(VoteLog.action == "restore")).all()
    assert restored.vote_id == burst[0] and restored.data["was"].startswith("Lonjakan")


def test_void_refuses_votes_of_another_contest(scene, make_contest):
    other = make_contest(current=False)
    vote_id = db.session.scalar(select(Vote.id).limit(1))
    with pytest.raises(DomainError):
        voting.void_votes(contest=other, vote_ids=[vote_id], reason="alasan yang cukup panjang", actor=scene["admin"])
    with pytest.raises(DomainError):
        voting.void_votes(contest=scene["contest"], vote_ids=[], reason="alasan yang cukup panjang",
                          actor=scene["admin"])


def test_vote_log_is_append_only(scene):
    row = voting.log_action(contest_id=scene["contest"].id, action="void", reason="alasan")
    db.session.commit()
    row.reason = "diubah"
    with pytest.raises(VoteLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(VoteLog, row.id))
    with pytest.raises(VoteLogIsAppendOnly):
        db.session.flush()


def test_settings_domains_and_count_visibility(client, scene):
    contest = scene["contest"]
    login(client, scene["admin"])
    url = f"/admin/voting/{contest.id}/settings"
    response = post(client, url, {"allowed_domains": "go.id\nbukan domain!"})
    assert "bukan nama domain" in text_of(client.get(response.location))
    response = post(client, url, {"allowed_domains": "@kaltimprov.go.id, go.id", "counts_public": "y"})
    settings = db.session.get(VotingSettings, contest.id)
    db.session.refresh(settings)
    assert settings.domain_list == ["go.id", "kaltimprov.go.id"] and settings.counts_public
    [log] = db.session.scalars(select(VoteLog).where(VoteLog.action == "settings")).all()
    assert log.data["new"]["counts_public"] is True


def test_committee_chooses_candidates(client, scene, make_contest, make_entrant):
    contest, (a, _b, c) = scene["contest"], scene["entries"]
    login(client, scene["admin"])
    page = client.get(f"/admin/voting/{contest.id}/candidates")
    assert page.get_data(as_text=True).count("checked") == 3
    response = post(client, f"/admin/voting/{contest.id}/candidates", {"entry_ids": [a.id, c.id]})
    assert response.status_code == 302
    assert voting.candidate_ids(contest.id) == {a.id, c.id}
    draft = submitted_entry(contest, a.user, "Draf")
    draft.status = "draft"
    db.session.commit()
    with pytest.raises(DomainError):
        voting.set_candidates(contest=contest, entry_ids=[draft.id], actor=scene["admin"])
    elsewhere = submitted_entry(make_contest(current=False), a.user, "Edisi lain")
    with pytest.raises(DomainError):
        voting.set_candidates(contest=contest, entry_ids=[elsewhere.id], actor=scene["admin"])
    db.session.rollback()
    assert db.session.query(VoteCandidate).count() == 2


def test_favourite_after_the_vote_closes(client, scene):
    contest, (a, b, _c), admin = scene["contest"], scene["entries"], scene["admin"]
    with pytest.raises(DomainError, match="setelah pemilihan ditutup"):
        voting.set_favourite(contest=contest, entry_id=a.id, reason="", actor=admin)
    contest.voting_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    # B trails A (6 to 2): choosing B needs a reason.
    with pytest.raises(DomainError, match="alasan"):
        voting.set_favourite(contest=contest, entry_id=b.id, reason="", actor=admin)
    login(client, admin)
    response = post(client, f"/admin/voting/{contest.id}/favourite", {"entry_id": a.id})
    assert response.status_code == 302
    assert voting.favourite_entry(contest) == a
    assert "Ditetapkan: " + a.code in text_of(client.get(f"/admin/voting/{contest.id}"))
    voting.set_favourite(contest=contest, entry_id=b.id, reason="Suara A dibatalkan karena kecurangan", actor=admin)
    assert voting.favourite_entry(contest) == b
    assert [log.action for log in voting.log_for(contest.id)][:2] == ["favourite", "favourite"]
