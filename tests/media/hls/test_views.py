"""HLS playlists and segments under the video's own access rule: the public reaches a published
winner's ladder only; the owner and the committee an unpublished one, never cached by a proxy."""
import pytest

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.media import storage
from contest.media.captions import services as caption_services
from contest.media.hls import build as ladder
from contest.media.hls import ladder as hls
from contest.media.hls.models import HlsLadder
from tests.conftest import login
from tests.gallery.helpers import build_edition, fresh_gallery_cache  # noqa: F401
from tests.media.video_helpers import _clean_state, queue_file, upload_root  # noqa: F401

VARIANT = {"name": "360p", "uri": "360p/index.m3u8", "width": 640, "height": 360, "bandwidth": 812_000,
           "average_bandwidth": 640_000, "codecs": "avc1.4d401e,mp4a.40.2", "frame_rate": 25.0}
PLAYLIST = '#EXTM3U\n#EXT-X-MAP:URI="init_0.mp4"\n#EXTINF:4.0,\nseg_000.m4s\n#EXT-X-ENDLIST\n'


def built(video):
    """A ladder as the worker leaves it: the row, and its files in renditions/<uuid>/hls/."""
    folder = ladder.ladder_dir(video) / "360p"
    folder.mkdir(parents=True)
    (folder / "index.m3u8").write_text(PLAYLIST)
    (folder / "init_0.mp4").write_bytes(b"\x00\x00\x00\x18ftypiso6init")
    (folder / "seg_000.m4s").write_bytes(b"\x00\x00\x00\x18stypmsdh" + b"\x00" * 5000)
    storage.web_path(video).write_bytes(b"\x00\x00\x00\x18ftypmp42")
    db.session.add(HlsLadder(video_id=video.id, state="ready", variants=[VARIANT], ready_at=utcnow()))
    db.session.commit()


def urls(video):
    base = f"/media/v/{video.uuid}/hls"
    return [f"{base}/master.m3u8", f"{base}/360p/index.m3u8", f"{base}/360p/init_0.mp4",
            f"{base}/360p/seg_000.m4s", f"{base}/subs/id.m3u8"]


@pytest.fixture
def edition(make_contest, make_entrant, upload_root):
    def make(**kwargs):
        e = build_edition(make_contest, make_entrant, n=2, winners=1, **kwargs)
        for video in e.videos:
            built(video)
            caption_services.store_caption(video=video, language="id",
                                           vtt_text="WEBVTT\n\n00:00.000 --> 00:01.000\nNetral.\n")
        db.session.commit()
        return e
    return make


def test_published_winner_ladder_is_public_and_cacheable(client, edition):
    winner = edition().videos[0]
    master, media, init, segment, subs = (client.get(u) for u in urls(winner))
    assert all(r.status_code == 200 for r in (master, media, init, segment, subs))
    text = master.get_data(as_text=True)
    assert master.mimetype == "application/vnd.apple.mpegurl"
    assert hls.parse_master(text)["360p/index.m3u8"]["CODECS"] == "avc1.4d401e,mp4a.40.2"
    assert 'TYPE=SUBTITLES,GROUP-ID="subs",NAME="Bahasa Indonesia",LANGUAGE="id"' in text
    assert master.headers["Cache-Control"] == "public, max-age=60"
    assert media.headers["Cache-Control"] == "public, max-age=60"
    assert segment.headers["Cache-Control"] == "public, max-age=86400"
    assert segment.mimetype == "video/mp4" and len(segment.data) == 5012
    track = hls.parse_media_playlist(subs.get_data(as_text=True))[0][0][1]
    assert client.get(track).status_code == 200  # the subtitle group points at the <track> file


def test_nothing_of_an_unpublished_entry_is_reachable(client, edition):
    e = edition()
    loser = e.videos[1]  # a non-winner: never public (no all-entries gallery)
    for url in urls(loser):
        assert client.get(url).status_code == 404, url
    winner = e.videos[0]
    e.round.results_final_at = None  # results no longer sealed: the winners are not public either
    db.session.commit()
    for url in urls(winner):
        assert client.get(url).status_code == 404, url


def test_before_the_announcement_only_the_owner_reaches_it_and_no_proxy_keeps_playlists(
        app, client, edition):
    e = edition(announced=False)
    video = e.videos[0]
    for url in urls(video):
        assert client.get(url).status_code == 404, url
    login(client, e.entries[0].user)
    master, media, _init, segment, _subs = (client.get(u) for u in urls(video))
    assert master.status_code == media.status_code == segment.status_code == 200
    assert "no-store" in master.headers["Cache-Control"] and "public" not in master.headers["Cache-Control"]
    assert "no-store" in media.headers["Cache-Control"]
    assert segment.headers["Cache-Control"] == "no-store"  # signed in: nothing personal stays in any cache
    other = app.test_client()
    login(other, e.entries[1].user)  # another entrant: not theirs
    assert [other.get(u).status_code for u in urls(video)] == [404] * 5


def test_no_ladder_yet_or_not_a_ladder_file(client, edition):
    winner = edition().videos[0]
    base = f"/media/v/{winner.uuid}/hls"
    for url in (f"{base}/360p/ffmpeg-master.m3u8", f"{base}/720p/index.m3u8", f"{base}/360p/..%2Fweb.mp4",
                f"{base}/subs/en.m3u8"):
        assert client.get(url).status_code == 404, url
    db.session.get(HlsLadder, winner.id).state = "building"
    db.session.commit()
    assert client.get(f"{base}/master.m3u8").status_code == 404  # the player keeps the MP4


def test_segments_go_through_nginx_when_configured(app, client, edition, monkeypatch):
    monkeypatch.setitem(app.config, "X_ACCEL_REDIRECT", "/_media/")
    winner = edition().videos[0]
    response = client.get(f"/media/v/{winner.uuid}/hls/360p/seg_000.m4s")
    assert response.headers["X-Accel-Redirect"] == f"/_media/renditions/{winner.uuid}/hls/360p/seg_000.m4s"
    assert response.headers["Cache-Control"] == "public, max-age=86400" and response.data == b""
