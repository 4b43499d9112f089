"""The demo's past edition: real clips through the real pipeline, final results, every public page up."""
import time

from sqlalchemy import func, select

from contest.accounts.models import User
from contest.contests.services import current_contest
from contest.core.extensions import db
from contest.demo.gallery import FONT, SLUG, clip_argv, seed_past_edition
from contest.gallery import publication
from contest.media import storage
from contest.media.captions.models import Caption
from contest.media.models import Video
from tests.gallery.helpers import fresh_gallery_cache  # noqa: F401


def test_demo_past_edition_is_published_and_every_public_page_renders(client, make_contest):
    current = make_contest()
    started = time.monotonic()
    report = seed_past_edition()
    db.session.commit()
    first_run = time.monotonic() - started
    assert report["processed"] == ["remux"] * 6  # H.264 + AAC: the pipeline remuxes, no transcode
    contest = report["contest"]
    assert current_contest().id == current.id and not contest.is_current

    pub = publication.publication(contest)
    cards = publication.winners(pub)
    assert [c.prize for c in cards] == ["Juara I", "Juara II", "Juara III",
                                        "Harapan I", "Harapan II", "Harapan III"]
    assert all(c.note and c.has_video and c.frame_count == 3 for c in cards)
    assert {c.portrait for c in cards} == {True, False}  # portrait and landscape clips
    videos = db.session.scalars(select(Video)).all()
    for video in videos:
        assert 2.5 < video.duration < 3.5 and storage.web_path(video).stat().st_size > 0
        assert storage.frame_path(video, video.poster_choice, storage.CARD_WIDTH).exists()

    pages = ["/", f"/c/{SLUG}", f"/c/{SLUG}/pemenang", f"/c/{SLUG}/pemenang.json",
             f"/c/{SLUG}/karya", f"/c/{SLUG}/karya?q=netral&instansi=Dinas+Sosial", "/sitemap.xml",
             "/robots.txt",
             f"/c/{current.slug}", f"/c/{current.slug}/pemenang"]
    pages += [f"/c/{SLUG}/karya/{c.number}" for c in cards]
    for card in cards:
        pages += [f"/media/v/{card.video_uuid}/captions/id.vtt", f"/media/v/{card.video_uuid}/transcript/id",
                  f"/media/v/{card.video_uuid}/web.mp4",
                  f"/media/v/{card.video_uuid}/frame-{card.poster_index}-{storage.CARD_WIDTH}.jpg",
                  f"/media/v/{card.video_uuid}/frame-{card.poster_index}-{storage.PLAYER_WIDTH}.jpg"]
    for url in pages:
        assert client.get(url, follow_redirects=True).status_code == 200, url
    html = client.get(f"/c/{SLUG}/karya/{cards[0].number}").get_data(as_text=True)
    assert '<track kind="captions" srclang="id" label="Bahasa Indonesia"' in html  # a captioned winner
    track = client.get(f"/media/v/{cards[0].video_uuid}/captions/id.vtt").get_data(as_text=True)
    assert track.startswith("WEBVTT\n\n") and cards[0].title in track
    assert client.get("/pemenang").headers["Location"].endswith(f"/c/{SLUG}/pemenang")
    ranged = client.get(f"/media/v/{cards[0].video_uuid}/web.mp4", headers={"Range": "bytes=100-199"})
    assert ranged.status_code == 206 and len(ranged.data) == 100  # the player can seek
    assert client.get(f"/c/{current.slug}/karya").status_code == 404  # the current edition is not out yet

    users = db.session.scalar(select(func.count(User.id)))
    started = time.monotonic()
    again = seed_past_edition()
    db.session.commit()
    assert again["processed"] == [] and db.session.scalar(select(func.count(User.id))) == users
    assert len(db.session.scalars(select(Video)).all()) == len(videos)
    assert db.session.scalar(select(func.count(Caption.id))) == 6  # one Indonesian track per winner
    assert time.monotonic() - started < first_run / 3


def test_clip_argv_is_an_argv_list_with_the_title_only_when_the_font_exists(tmp_path):
    with_font = clip_argv(tmp_path / "a.mp4", title="x", size=(320, 568), frequency=440,
                          textfile=tmp_path / "t.txt")
    without = clip_argv(tmp_path / "a.mp4", title="x", size=(320, 568), frequency=440,
                        font=tmp_path / "missing.ttf", textfile=tmp_path / "t.txt")
    assert any("drawtext=" in arg for arg in with_font) == FONT.exists()
    assert not any("drawtext=" in arg for arg in without)
    assert "testsrc2=size=320x568:rate=25:duration=3" in with_font and "-nostdin" in with_font
