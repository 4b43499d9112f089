"""Building a published video's HLS ladder with the real ffmpeg: renditions, aligned segments,
CODECS that match the bitstream, idempotence, failures retried, unpublished videos refused."""
import json
import shutil
import subprocess

import pytest

from contest.core.extensions import db
from contest.media import storage
from contest.media.hls import build as ladder
from contest.media.hls import ladder as hls
from contest.media.hls import services as rows
from contest.media.hls import tasks as hls_tasks
from contest.media.hls.models import HlsLadder
from tests.gallery.helpers import build_edition, fresh_gallery_cache  # noqa: F401
from tests.media.video_helpers import _clean_state, queue_file, upload_root  # noqa: F401


@pytest.fixture
def published(app, monkeypatch, make_contest, make_entrant, make_clip, upload_root):
    """A winner of an announced edition whose web rendition is a real 960x540, 5 s clip."""
    monkeypatch.setitem(app.config, "MEDIA_TRANSCODE_PRESET", "ultrafast")
    edition = build_edition(make_contest, make_entrant, n=2, winners=1)
    clip = make_clip(duration=5, width=960, height=540, fps=25, faststart=True)
    for video in edition.videos:
        storage.rendition_dir(video).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(clip, storage.web_path(video))
    return edition


def probe_frames(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "frame=key_frame,pts_time:stream=profile,level", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_sweep_asks_for_public_videos_only_and_the_worker_builds_them(app, published):
    report = hls_tasks.sweep()
    winner, other = published.videos
    assert report["requested"] == [winner.id] and report["enqueued"] == [winner.id]
    assert db.session.get(HlsLadder, other.id) is None  # not a winner, no all-entries gallery
    assert hls_tasks.sweep()["enqueued"] == []  # already waiting in the queue

    assert ladder.build_ladder(winner.id) == "ready"
    row = db.session.get(HlsLadder, winner.id)
    assert row.state == "ready" and row.attempts == 1 and row.encode_seconds > 0
    assert [(v["name"], v["width"], v["height"]) for v in row.variants] == [("360p", 640, 360),
                                                                          ("540p", 960, 540)]
    folder = ladder.ladder_dir(winner)
    assert row.size_bytes == ladder.folder_size(folder)
    assert not (folder / hls.ENCODER_MASTER).exists()
    assert not list((storage.upload_root() / "work").iterdir())  # scratch space cleaned

    boundaries = []
    for variant in row.variants:
        media = folder / variant["name"]
        segments, init = hls.parse_media_playlist((media / "index.m3u8").read_text())
        assert all(duration <= hls.SEGMENT_SECONDS + 0.05 for duration, _ in segments)
        boundaries.append([round(d, 2) for d, _ in segments])
        assert variant["bandwidth"] >= variant["average_bandwidth"] > 0
        video_codec, audio_codec = variant["codecs"].split(",")
        assert audio_codec == "mp4a.40.2"
        for _, name in segments:  # every segment starts on a keyframe, so renditions switch cleanly
            joined = media / f"check-{name}.mp4"
            joined.write_bytes((media / init).read_bytes() + (media / name).read_bytes())
            info = probe_frames(joined)
            assert info["frames"][0]["key_frame"] == 1
            joined.unlink()
        stream = info["streams"][0]
        profile = {"Constrained Baseline": "42", "Main": "4d", "High": "64"}[stream["profile"]]
        assert video_codec.startswith(f"avc1.{profile}") and int(video_codec[-2:], 16) == stream["level"]
    assert boundaries[0] == boundaries[1] == [2.0, 2.0, 1.0]  # 5 s: aligned in both renditions

    assert ladder.build_ladder(winner.id) == "skipped"  # idempotent: built once


def test_a_video_no_longer_public_is_not_built(app, published):
    winner = published.videos[0]
    rows.request_ladders([winner.id])
    published.round.results_final_at = None  # results unsealed: nothing is public any more
    db.session.commit()
    assert ladder.build_ladder(winner.id) == "not-public"
    assert db.session.get(HlsLadder, winner.id) is None
    assert not ladder.ladder_dir(winner).exists()


def test_a_failed_build_is_retried_then_gives_up(app, monkeypatch, published):
    monkeypatch.setitem(app.config, "MEDIA_MAX_ATTEMPTS", 2)
    winner = published.videos[0]
    storage.web_path(winner).write_bytes(b"not a video at all")
    rows.request_ladders([winner.id])
    db.session.commit()
    with pytest.raises(Exception):  # noqa: B017  the worker's retry comes from the raise
        ladder.build_ladder(winner.id)
    row = db.session.get(HlsLadder, winner.id)
    assert row.state == "failed" and row.attempts == 1 and "FFmpegError" in row.error
    assert ladder.build_ladder(winner.id) == "failed"
    db.session.expire_all()
    assert db.session.get(HlsLadder, winner.id).attempts == 2
    assert rows.waiting_ids() == []  # out of attempts: the sweep leaves it


def test_a_dead_builder_is_released_by_the_sweep(app, published):
    from datetime import timedelta

    from contest.core.timeutil import utcnow

    winner = published.videos[0]
    rows.request_ladders([winner.id])
    token = rows.claim(winner.id, now=utcnow() - timedelta(hours=1))
    db.session.commit()
    assert token and rows.waiting_ids() == []
    assert hls_tasks.sweep()["released"] == [winner.id]
    assert rows.waiting_ids() == [winner.id]
