"""Erasure: deleted before judging starts; anonymized after, with results exactly as before."""
from datetime import timedelta

from sqlalchemy import select

from contest.accounts.models import ASNProfile, User
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import Entry
from contest.entries.services import create_entry
from contest.gallery.publication import publication, winners
from contest.judging.results.services import round_results
from contest.judging.rounds.models import AuditEvent
from contest.judging.scoring.models import Scorecard
from contest.media import storage
from contest.media.models import Video, VideoState
from contest.notifications.models import OutboxMessage
from contest.privacy import tasks
from contest.privacy.models import ErasureRequest
from contest.records.models import PersonalDataAccessLog
from tests.conftest import login, post, text_of
from tests.privacy.conftest import build_edition, put_original, score_round


def _ask(client, user, password="rahasia-123"):
    login(client, user)
    return post(client, "/profil/data-saya/hapus", {"understood": "y", "password": password})


def _results(rnd):
    """What the results page ranks, without the entrants' names (those are what erasure replaces)."""
    db.session.expire_all()
    res = round_results(rnd)
    return [(r.rank, r.entry_id, r.code, r.title, r.result.raw_mean, r.result.normalized_mean,
             r.result.judge_totals, r.award.prize_id if r.award else None) for r in res.rows]


def test_wrong_password_or_missing_confirmation_changes_nothing(client, make_entrant):
    user = make_entrant()
    response = _ask(client, user, password="salah-sekali")
    assert "Kata sandi salah" in text_of(response)
    response = post(client, "/profil/data-saya/hapus", {"password": "rahasia-123"})
    assert "Centang pernyataan" in text_of(response)
    assert db.session.scalar(select(ErasureRequest.id)) is None


def test_before_judging_the_entry_and_account_are_deleted(client, make_contest, make_entrant, clip_bytes):
    contest = make_contest()  # submissions open, judging weeks away, no round opened
    user = make_entrant(email="rina@example.go.id")
    entry = create_entry(contest=contest, user=user, title="Karya Rina", synopsis="Isi", social_url=None)
    video = Video(entry=entry, state=VideoState.READY.value)
    db.session.add(video)
    db.session.commit()
    original = put_original(video, clip_bytes)
    user_id, entry_id, renditions = user.id, entry.id, storage.rendition_dir(video)

    response = _ask(client, user)
    assert response.status_code == 302
    request = db.session.scalar(select(ErasureRequest))
    assert request.state == "pending" and request.notify_address == "rina@example.go.id"
    assert client.get("/profil/data-saya").status_code == 302  # logged out at once

    tasks.erasure_task.call_local(request.id)
    db.session.expire_all()
    request = db.session.get(ErasureRequest, request.id)
    assert (request.state, request.outcome, request.notify_address) == ("done", "deleted", "")
    assert db.session.get(User, user_id) is None
    assert db.session.get(ASNProfile, user_id) is None
    assert db.session.get(Entry, entry_id) is None
    assert db.session.scalar(select(Video.id).where(Video.entry_id == entry_id)) is None
    assert not original.exists() and not renditions.exists()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "privacy_erasure"))
    assert mail.to_address == "rina@example.go.id" and "dihapus" in mail.body
    assert db.session.scalar(select(PersonalDataAccessLog).where(PersonalDataAccessLog.action == "erasure.done"))
    tasks.erasure_task.call_local(request.id)  # twice is harmless
    assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.kind == "privacy_erasure")) == mail.id


def test_after_judging_identity_is_anonymized_and_results_stay_identical(client, make_contest, make_entrant,
                                                                         clip_bytes):
    edition = build_edition(make_contest, make_entrant, n=4, winners=1)
    score_round(edition)
    for video in edition.videos:
        put_original(video, clip_bytes)
    winner, loser = edition.entries[0], edition.entries[2]
    before = _results(edition.round)
    cards_before = len(db.session.scalars(select(Scorecard)).all())
    audit_before = len(db.session.scalars(select(AuditEvent)).all())
    nip = loser.user.profile.nip
    loser_user_id, address = loser.user_id, loser.user.email

    for entry in (winner, loser):
        c = client.application.test_client()
        assert _ask(c, entry.user).status_code == 302
    for request in db.session.scalars(select(ErasureRequest)).all():
        tasks.erasure_task.call_local(request.id)

    after = _results(edition.round)
    assert after == before and len(after) == 4
    assert len(db.session.scalars(select(Scorecard)).all()) == cards_before
    assert len(db.session.scalars(select(AuditEvent)).all()) == audit_before
    user = db.session.get(User, loser_user_id)
    assert user.full_name == f"Peserta dihapus #{user.id}"
    assert user.profile.nip != nip and len(user.profile.nip) == 18
    assert address not in user.email and not user.active
    assert user.profile.agency == user.profile.work_unit == user.profile.position == "Dihapus"
    assert {r.entrant for r in round_results(edition.round).rows if r.entry_id == loser.id} == {user.full_name}
    loser_video = db.session.get(Video, edition.videos[2].id)
    assert loser_video.files_deleted_at is not None and not storage.original_path(loser_video).exists()
    winner_video = db.session.get(Video, edition.videos[0].id)
    assert winner_video.files_deleted_at is None and storage.original_path(winner_video).exists()
    # The winner withdrew consent: the public pages hide the entry although it won.
    assert winner.id not in {card.entry_id for card in winners(publication(edition.contest))}
    assert client.post("/login", data={"email": address, "password": "rahasia-123"}).status_code != 302


def test_committee_sees_requests_and_entrants_do_not(client, make_entrant, make_staff):
    user = make_entrant()
    _ask(client, user)
    admin = client.application.test_client()
    login(admin, make_staff("admin"))
    page = text_of(admin.get("/admin/privasi/"))
    assert f"Peserta #{user.id}" in page and "Diproses" in page
    other = client.application.test_client()
    login(other, make_entrant())
    assert other.get("/admin/privasi/").status_code == 403


def test_a_new_request_is_refused_while_one_is_pending(make_entrant):
    from contest.core.errors import DomainError
    from contest.privacy.erasure import request_erasure

    user = make_entrant()
    request_erasure(user=user, password="rahasia-123", now=utcnow() - timedelta(minutes=1))
    db.session.commit()
    try:
        request_erasure(user=user, password="rahasia-123")
    except DomainError as error:
        assert "sedang diproses" in str(error.message)
    else:
        raise AssertionError("a second pending request was accepted")
