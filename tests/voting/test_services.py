"""The public vote's page: candidates' videos are watchable while the vote is open or closed."""
from datetime import timedelta

from contest.core.extensions import db
from contest.media.access import is_published
from contest.media.services import current_video
from contest.voting.services import candidate_video_public
from tests.conftest import text_of
from tests.entries.helpers import make_submittable
from tests.voting.helpers import make_candidates, submitted_entry, voting_window


def _setup(make_contest, make_entrant, **window):
    contest = make_contest(**window)
    inside, outside = (submitted_entry(contest, make_entrant(), title=t) for t in ("Netral Itu Keren", "Bukan Calon"))
    for entry in (inside, outside):
        make_submittable(entry)
    db.session.commit()
    make_candidates(contest, inside)
    return contest, inside, outside


def test_open_vote_lists_only_candidates_with_players_and_vote_boxes(client, make_contest, make_entrant):
    contest, inside, outside = _setup(make_contest, make_entrant, **voting_window())
    response = client.get(f"/c/{contest.slug}/video-terfavorit")
    assert response.status_code == 200
    page = text_of(response)
    assert "Netral Itu Keren" in page and "Bukan Calon" not in page
    html = response.get_data(as_text=True)
    assert f"/media/v/{current_video(inside).uuid}/" in html
    assert f"/vote/{inside.id}/start" in html
    assert inside.user.full_name not in page  # titles and codes only, no names before the announcement


def test_candidate_video_public_only_once_the_vote_opened(make_contest, make_entrant):
    future = voting_window(opened=timedelta(days=-1), left=timedelta(days=2))  # opens tomorrow
    contest, inside, outside = _setup(make_contest, make_entrant, **future)
    video = current_video(inside)
    assert not is_published(video)
    now = contest.voting_opens_at + timedelta(seconds=1)
    assert candidate_video_public(video, now=now)
    assert not candidate_video_public(current_video(outside), now=now)
    assert candidate_video_public(video, now=contest.voting_closes_at + timedelta(days=1))  # stays watchable


def test_upcoming_vote_shows_when_it_opens_and_no_entries(client, make_contest, make_entrant):
    contest, inside, _ = _setup(make_contest, make_entrant,
                                **voting_window(opened=timedelta(days=-1), left=timedelta(days=2)))
    page = text_of(client.get(f"/c/{contest.slug}/video-terfavorit"))
    assert "dibuka" in page and "Netral Itu Keren" not in page


def test_unknown_edition_is_404(client):
    assert client.get("/c/tidak-ada/video-terfavorit").status_code == 404


def test_home_links_to_the_vote_once_it_opened(client, make_contest, make_entrant):
    contest, _, _ = _setup(make_contest, make_entrant, **voting_window())
    assert f"/c/{contest.slug}/video-terfavorit" in client.get("/").get_data(as_text=True)


def test_home_has_no_vote_link_before_it_opens(client, make_contest, make_entrant):
    contest, _, _ = _setup(make_contest, make_entrant,
                           **voting_window(opened=timedelta(days=-1), left=timedelta(days=2)))
    assert "video-terfavorit" not in client.get("/").get_data(as_text=True)
