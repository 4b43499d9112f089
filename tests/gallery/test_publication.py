"""Publication gating: nothing public before the announcement and final results; never drafts,
withdrawn or disqualified entries; media follows the pages."""
from datetime import timedelta

import pytest

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import EntryStatus
from contest.gallery import publication, services
from contest.gallery.models import PublicConsent
from contest.judging.checks.models import AdminCheck
from contest.media.access import is_published
from contest.media.models import VideoState
from tests.conftest import text_of
from tests.gallery.helpers import add_entry, build_edition, fresh_gallery_cache, write_media  # noqa: F401


def _public_urls(edition):
    contest, entry, video = edition.contest, edition.entries[0], edition.videos[0]
    return [f"/c/{contest.slug}/karya/{entry.number}", f"/c/{contest.slug}/pemenang.json",
            f"/media/v/{video.uuid}/web.mp4", f"/media/v/{video.uuid}/frame-1-480.jpg"]


@pytest.mark.parametrize("announced,final", [(False, True), (True, False), (False, False)])
def test_nothing_leaks_before_announcement_and_final_results(client, make_contest, make_entrant, announced,
                                                            final):
    edition = build_edition(make_contest, make_entrant, announced=announced, final=final)
    for video in edition.videos:
        write_media(video)
    page = client.get(f"/c/{edition.contest.slug}/pemenang")
    assert page.status_code == 200
    body = text_of(page)
    assert "Pemenang belum diumumkan" in body
    for entry in edition.entries:
        assert entry.title not in body
        assert entry.user.full_name not in body
    assert edition.videos[0].uuid not in page.get_data(as_text=True)
    for url in _public_urls(edition):
        assert client.get(url).status_code == 404, url
    assert not any(is_published(v) for v in edition.videos)


def test_everything_public_after_announcement_once_final(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant)
    for video in edition.videos:
        write_media(video)
    page = client.get(f"/c/{edition.contest.slug}/pemenang")
    body = text_of(page)
    for entry in edition.entries:
        assert entry.title in body
    for url in _public_urls(edition):
        assert client.get(url).status_code == 200, url
    assert all(is_published(v) for v in edition.videos)


def test_the_announcement_instant_is_the_boundary(app, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=1)
    at = edition.contest.announcement_at
    before = publication.publication(edition.contest, now=at - timedelta(seconds=1))
    after = publication.publication(edition.contest, now=at)
    assert not before.winners_public and publication.winners(before) == []
    assert after.winners_public
    assert [c.title for c in publication.winners(after)] == [edition.entries[0].title]
    assert not publication.video_is_public(edition.videos[0], now=at - timedelta(seconds=1))
    assert publication.video_is_public(edition.videos[0], now=at)


def test_disqualified_winner_is_never_shown(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant)
    cheat, video = edition.entries[1], edition.videos[1]
    write_media(video)
    check = db.session.query(AdminCheck).filter_by(entry_id=cheat.id).one()
    check.outcome, check.reason = "fail", "Menampilkan simbol partai."
    db.session.commit()
    body = text_of(client.get(f"/c/{edition.contest.slug}/pemenang"))
    assert cheat.title not in body and edition.entries[0].title in body
    assert client.get(f"/c/{edition.contest.slug}/karya/{cheat.number}").status_code == 404
    assert client.get(f"/media/v/{video.uuid}/web.mp4").status_code == 404
    assert cheat.title not in client.get(f"/c/{edition.contest.slug}/pemenang.json").get_data(as_text=True)


def test_withdrawn_or_draft_winner_is_never_shown(client, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant)
    edition.entries[0].status = EntryStatus.WITHDRAWN.value
    edition.entries[1].status = EntryStatus.DRAFT.value
    db.session.commit()
    body = text_of(client.get(f"/c/{edition.contest.slug}/pemenang"))
    assert edition.entries[0].title not in body and edition.entries[1].title not in body
    assert edition.entries[2].title in body
    for entry in edition.entries[:2]:
        assert client.get(f"/c/{edition.contest.slug}/karya/{entry.number}").status_code == 404


def test_only_the_video_in_use_is_public(app, make_contest, make_entrant):
    edition = build_edition(make_contest, make_entrant, n=1)
    old = edition.videos[0]
    _, newer = add_entry(edition.contest, make_entrant(), 99)  # another entry's video: not a winner
    old.state = VideoState.SUPERSEDED.value
    db.session.commit()
    assert not publication.video_is_public(old)
    assert not publication.video_is_public(newer)
    assert not publication.video_is_public(None)


def test_non_winners_stay_private_unless_gallery_and_consent(client, make_contest, make_entrant, make_staff):
    edition = build_edition(make_contest, make_entrant, n=4, winners=1)
    contest, plain = edition.contest, edition.entries[1]
    url = f"/c/{contest.slug}/karya/{plain.number}"
    assert client.get(url).status_code == 404
    assert client.get(f"/c/{contest.slug}/karya").status_code == 404  # the switch is off
    services.set_show_all_entries(contest=contest, show=True, actor=make_staff("admin"))
    db.session.commit()
    assert client.get(url).status_code == 404  # no consent yet
    db.session.add(PublicConsent(entry_id=plain.id))
    db.session.commit()
    assert client.get(url).status_code == 200
    assert publication.video_is_public(edition.videos[1])
    listing = text_of(client.get(f"/c/{contest.slug}/karya"))
    assert plain.title in listing and edition.entries[2].title not in listing
    # A draft with consent and a video is still not shown.
    draft, _ = add_entry(contest, make_entrant(), 50, title="Draf Rahasia", status=EntryStatus.DRAFT.value)
    db.session.add(PublicConsent(entry_id=draft.id))
    db.session.commit()
    assert "Draf Rahasia" not in text_of(client.get(f"/c/{contest.slug}/karya"))
    assert client.get(f"/c/{contest.slug}/karya/50").status_code == 404


def test_all_entries_gallery_needs_the_admin_check_pass(client, make_contest, make_entrant, make_staff):
    edition = build_edition(make_contest, make_entrant, n=3, winners=0)
    contest = edition.contest
    services.set_show_all_entries(contest=contest, show=True, actor=make_staff("admin"))
    for entry in edition.entries:
        db.session.add(PublicConsent(entry_id=entry.id))
    checks = {c.entry_id: c for c in db.session.query(AdminCheck)}
    checks[edition.entries[0].id].outcome = "needs_fix"
    db.session.delete(checks[edition.entries[1].id])
    db.session.commit()
    listing = text_of(client.get(f"/c/{contest.slug}/karya"))
    assert edition.entries[2].title in listing
    assert edition.entries[0].title not in listing and edition.entries[1].title not in listing


def test_all_entries_gallery_waits_for_the_announcement(client, make_contest, make_entrant, make_staff):
    edition = build_edition(make_contest, make_entrant, n=2, winners=0, announced=False)
    services.set_show_all_entries(contest=edition.contest, show=True, actor=make_staff("admin"))
    db.session.add(PublicConsent(entry_id=edition.entries[0].id))
    db.session.commit()
    assert client.get(f"/c/{edition.contest.slug}/karya").status_code == 404
    assert client.get(f"/c/{edition.contest.slug}/karya/1").status_code == 404


def test_winners_of_the_last_final_round(app, make_contest, make_entrant):
    """A final round sealed after the scoring round decides the winners."""
    from contest.judging.results.models import PrizeAward
    from contest.judging.rounds.models import JudgingRound

    edition = build_edition(make_contest, make_entrant, n=3)
    final = JudgingRound(contest=edition.contest, kind="final", name="Final", position=3,
                         results_final_at=utcnow() - timedelta(days=2))
    db.session.add(final)
    db.session.flush()
    prizes = edition.contest.prizes
    db.session.add(PrizeAward(round_id=final.id, prize_id=prizes[0].id, entry_id=edition.entries[2].id,
                              rank=1))
    db.session.commit()
    pub = publication.publication(edition.contest)
    assert pub.round.id == final.id
    assert [(c.prize, c.title) for c in publication.winners(pub)] == [
        (prizes[0].name, edition.entries[2].title)]
