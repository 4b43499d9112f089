"""The processing task end to end on real clips: every rejection, renditions, rotation, privacy.

Most tests call pipeline.process_video(id) directly: the function a worker's task runs.
"""
from __future__ import annotations

import json
import threading
import time

import pytest
from PIL import Image

from contest.core import config
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.media import ffmpeg as F
from contest.media import pipeline, storage
from contest.media.mediainfo import MediaInfo
from contest.media.models import Video
from contest.media.services import current_video, latest_video
from tests.media.helpers import has_encoder
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    codes,
    process,
    queue_file,
    reload,
    setup,
    upload,
    upload_root,
)

SECRET = {"title": "Budi Santoso", "location": "+01.2345+116.1234/",
          "comment": "NIP 198001012005011001"}


def frame_size(video, index, width):
    with Image.open(storage.frame_path(video, index, width)) as image:
        return image.size


def probe_file(path):
    return F.parse_probe(F.probe(path))


# ---------------------------------------------------------------- the happy paths


def test_compatible_clip_is_remuxed_with_posters(setup, make_clip):
    s = setup()
    video, outcome = process(upload(s.entry, make_clip(duration=3)))
    assert (outcome, video.state, video.rendition) == ("remux", "ready", "remux")
    assert (video.width, video.height, video.video_codec, video.audio_codec) == (320, 240, "h264", "aac")
    assert video.duration == pytest.approx(3, abs=0.1)
    assert video.attempts == 1 and video.progress == 100 and video.problems == []
    assert video.frame_count == 3 and video.poster_choice == 1
    web = probe_file(storage.web_path(video))
    assert (web.video_codec, web.audio_codec, web.width, web.height) == ("h264", "aac", 320, 240)
    assert storage.web_path(video).read_bytes()[:4096].find(b"moov") >= 0  # faststart
    for index in range(3):
        assert frame_size(video, index, 1280) == (320, 240)  # never upscaled
        assert frame_size(video, index, 480) == (320, 240)
    assert storage.original_path(video).read_bytes() == make_clip(duration=3).read_bytes()
    assert not list((s.root / "work").iterdir())  # scratch space cleaned up


def test_posters_are_card_and_player_sized(setup, make_clip):
    s = setup(min_short_side_px=480)
    video, _ = process(upload(s.entry, make_clip(width=1920, height=1080)))
    assert video.state == "ready"
    assert frame_size(video, 0, 1280) == (1280, 720)
    assert frame_size(video, 0, 480) == (480, 270)


def test_poster_candidates_come_from_different_moments(setup, make_clip):
    s = setup()
    video, _ = process(upload(s.entry, make_clip(duration=6)))
    frames = {storage.frame_path(video, i, 480).read_bytes() for i in range(3)}
    assert len(frames) == 3  # testsrc2 changes every frame: three seeks, three pictures


@pytest.mark.parametrize("kind", ["mkv", "hevc", "high_bitrate"])
def test_incompatible_sources_are_transcoded(setup, make_clip, app, kind):
    if kind == "hevc" and not has_encoder("libx265"):
        pytest.skip("ffmpeg built without libx265")
    clip = {"mkv": lambda: make_clip(container="mkv"),
            "hevc": lambda: make_clip(vcodec="libx265", pix_fmt="yuv420p10le", container="mkv"),
            "high_bitrate": lambda: make_clip()}[kind]()
    s = setup()
    if kind == "high_bitrate":  # a compatible file that is too heavy to stream as it is
        app.config["MEDIA_MAX_REMUX_BITRATE"] = 1000
    try:
        video, outcome = process(upload(s.entry, clip, filename=f"karya.{clip.suffix[1:]}"))
    finally:
        app.config["MEDIA_MAX_REMUX_BITRATE"] = config.DEFAULTS["MEDIA_MAX_REMUX_BITRATE"]
    assert (outcome, video.state, video.rendition) == ("transcode", "ready", "transcode")
    web = probe_file(storage.web_path(video))
    assert (web.video_codec, web.pix_fmt, web.audio_codec) == ("h264", "yuv420p", "aac")
    assert web.duration == pytest.approx(2, abs=0.2)


def test_choose_rendition_is_pure_and_honours_the_bitrate_cap():
    base = dict(format_name="mov,mp4,m4a,3gp,3g2,mj2", duration=60.0, size=1, has_video=True,
                has_audio=True, video_codec="h264", pix_fmt="yuv420p", audio_codec="aac",
                width=1920, height=1080, bit_rate=8_000_000)
    assert pipeline.choose_rendition(MediaInfo(**base), max_bitrate=20_000_000) == "remux"
    heavy = MediaInfo(**{**base, "bit_rate": 40_000_000})
    assert pipeline.choose_rendition(heavy, max_bitrate=20_000_000) == "transcode"
    four_k = MediaInfo(**{**base, "width": 3840, "height": 2160})
    assert pipeline.choose_rendition(four_k, max_bitrate=20_000_000) == "transcode"


# ---------------------------------------------------------------- orientation and privacy


def test_rotated_phone_video_is_portrait_everywhere(setup, make_clip):
    s = setup(orientations="portrait")
    video, outcome = process(upload(s.entry, make_clip(rotate=90)))
    assert (video.state, outcome) == ("ready", "remux")
    assert (video.width, video.height) == (240, 320) and video.rotation in (90, 270)
    assert frame_size(video, 0, 1280) == (240, 320)
    web = probe_file(storage.web_path(video))  # the display matrix survives the remux
    assert (web.width, web.height) == (240, 320)


def test_rotated_source_that_needs_transcoding_is_turned_upright(setup, make_clip):
    s = setup(orientations="portrait")
    video, outcome = process(upload(s.entry, make_clip(rotate=90, pix_fmt="yuv422p")))
    assert (video.state, outcome) == ("ready", "transcode")
    web = probe_file(storage.web_path(video))
    assert web.rotation == 0 and (web.coded_width, web.coded_height) == (240, 320)


@pytest.mark.parametrize("container", ["mp4", "mkv"])  # remux and transcode
def test_metadata_is_stripped_from_every_rendition(setup, make_clip, container):
    s = setup()
    video, _ = process(upload(s.entry, make_clip(metadata=SECRET, container=container),
                              filename=f"x.{container}"))
    assert video.state == "ready"
    files = [storage.web_path(video)] + sorted(storage.rendition_dir(video).glob("*.jpg"))
    for path in files:
        raw = path.read_bytes()
        for value in ("Budi Santoso", "+01.2345+116.1234", "198001012005011001"):
            assert value.encode() not in raw, (path.name, value)
    assert b"Budi Santoso" in storage.original_path(video).read_bytes()  # original kept as is


def test_files_are_named_by_uuid_never_by_the_entrant(setup, make_clip):
    s = setup()
    video, _ = process(upload(s.entry, make_clip(), filename="Budi Santoso 198001012005011001.mp4"))
    names = [p.relative_to(s.root).as_posix() for p in s.root.rglob("*") if p.is_file()]
    assert names and all("Budi" not in n and "1980" not in n for n in names)
    assert video.original_filename == "Budi Santoso 198001012005011001.mp4"
    assert storage.original_path(video).name == f"{video.uuid}.bin"


# ---------------------------------------------------------------- every rejection, end to end


@pytest.fixture
def reject(setup):
    """reject(path, **rules) -> the processed video's problem codes (state must be rejected)."""

    def run(path, filename="karya.mp4", **rules):
        s = setup(**rules)
        video, outcome = process(upload(s.entry, path, filename=filename))
        assert (outcome, video.state) == ("rejected", "rejected"), video.error
        assert not storage.rendition_dir(video).exists()
        return codes(video)

    return run


def test_empty_original_is_rejected_without_probing(setup, make_file, caplog):
    """However an empty original got queued, ffprobe never sees it."""
    s = setup()
    video = Video(entry_id=s.entry_id, original_filename="kosong.mp4", state="queued")
    db.session.add(video)
    db.session.commit()
    storage.original_path(video).parent.mkdir(parents=True, exist_ok=True)
    storage.original_path(video).write_bytes(b"")
    with caplog.at_level("INFO", logger="contest.media.pipeline"):
        video, outcome = process(video)
    assert (outcome, video.state, codes(video)) == ("rejected", "rejected", ["empty"])
    stages = [r.stage_times for r in caplog.records if hasattr(r, "stage_times")]
    assert stages and all("probe" not in times for times in stages)


def test_rejects_text_named_mp4(reject, make_file):
    assert reject(make_file("notes.mp4", b"Bukan video, hanya teks.\n" * 50)) == ["not_a_video"]


def test_rejects_an_image(reject, media_dir):
    png = media_dir / "photo.png"
    Image.new("RGB", (640, 480), "red").save(png)
    assert reject(png, filename="foto.mp4") == ["not_a_video"]


def test_rejects_truncated_upload_as_corrupt(reject, truncated):
    assert reject(truncated(faststart=False)) == ["corrupt"]


def test_rejects_audio_only(reject, make_clip):
    assert reject(make_clip(video=False)) == ["no_video"]


def test_rejects_silent_video_when_audio_is_required(reject, make_clip):
    assert reject(make_clip(audio=False), audio_required=True) == ["no_audio"]


def test_rejects_too_short_and_too_long(reject, make_clip):
    assert reject(make_clip(duration=2), min_duration_s=4, max_duration_s=10) == ["too_short"]
    assert reject(make_clip(duration=5), min_duration_s=1, max_duration_s=3) == ["too_long"]


def test_rejects_low_resolution(reject, make_clip):
    assert reject(make_clip(), min_short_side_px=720) == ["resolution_too_low"]


def test_rejects_resolution_above_the_ceiling_before_any_transcode(reject, make_clip):
    """An 8K-wide H.264 file was accepted and cost ~27 s and ~590 MB to transcode."""
    assert reject(make_clip(duration=1, width=4128, height=240)) == ["resolution_too_high"]


def test_rejects_frame_rate_above_the_editions_ceiling(reject, make_clip):
    assert reject(make_clip(duration=1, fps=120)) == ["frame_rate_too_high"]
    assert reject(make_clip(duration=1, fps=25), max_frame_rate=24) == ["frame_rate_too_high"]


def test_rejects_wrong_orientation(reject, make_clip):
    assert reject(make_clip(), orientations="portrait") == ["wrong_orientation"]


def test_rejects_too_large(reject, make_clip):
    clip = make_clip(duration=4, width=1280, height=720)
    assert clip.stat().st_size > 1024 * 1024
    assert reject(clip, max_size_mb=1, min_short_side_px=200) == ["too_large"]


def test_rejects_unsupported_codec(reject, make_clip):
    clip = make_clip(vcodec="mpeg2video", container="mkv")
    assert reject(clip, filename="karya.mkv") == ["unsupported_codec"]


def test_rejection_lists_every_problem_and_keeps_probe_facts(setup, make_clip):
    s = setup(min_duration_s=5, min_short_side_px=720, orientations="portrait")
    video, _ = process(upload(s.entry, make_clip(audio=False)))
    assert sorted(codes(video)) == ["no_audio", "resolution_too_low", "too_short",
                                    "wrong_orientation"]
    assert (video.width, video.height) == (320, 240) and video.duration == pytest.approx(2, abs=.1)


# ---------------------------------------------------------------- idempotency, failure, supersede


def test_running_the_task_twice_does_nothing_the_second_time(setup, make_clip):
    s = setup()
    video, _ = process(upload(s.entry, make_clip()))
    before = (video.state, video.attempts, video.state_changed_at, video.ready_at)
    mtime = storage.web_path(video).stat().st_mtime_ns
    again, outcome = process(video)
    assert outcome == "skipped"
    assert (again.state, again.attempts, again.state_changed_at, again.ready_at) == before
    assert storage.web_path(video).stat().st_mtime_ns == mtime


def test_missing_video_id_is_skipped(app):
    assert pipeline.process_video(987654) == "skipped"


def test_failure_is_recorded_retried_and_recoverable(setup, make_clip):
    s = setup()
    video = upload(s.entry, make_clip())
    original = storage.original_path(video)
    hidden = original.with_suffix(".hidden")
    original.rename(hidden)  # the storage is briefly unavailable
    with pytest.raises(FileNotFoundError):  # raised so that Huey schedules a retry
        pipeline.process_video(video.id)
    video = reload(video)
    assert (video.state, video.attempts) == ("failed", 1)
    assert "FileNotFoundError" in video.error and video.claim_token is None
    hidden.rename(original)
    video, outcome = process(video)
    assert (outcome, video.state, video.attempts, video.error) == ("remux", "ready", 2, None)


def test_failures_stop_after_the_attempt_budget(setup, make_clip, app):
    s = setup()
    video = upload(s.entry, make_clip())
    storage.original_path(video).unlink()
    for _attempt in (1, 2):
        with pytest.raises(FileNotFoundError):
            pipeline.process_video(video.id)
    assert pipeline.process_video(video.id) == "failed"  # third attempt: no more retries
    assert pipeline.process_video(video.id) == "skipped"
    video = reload(video)
    assert (video.state, video.attempts) == ("failed", 3)


def test_new_upload_replaces_the_ready_video_only_when_ready(setup, make_clip):
    s = setup()
    first, _ = process(upload(s.entry, make_clip(duration=2)))
    second = upload(s.entry, make_clip(duration=3))
    assert latest_video(s.entry).id == second.id
    assert current_video(s.entry).id == first.id  # still in use while the new one waits
    second, _ = process(second)
    assert current_video(s.entry).id == second.id
    assert reload(first).state == "superseded"
    assert storage.web_path(first).exists()  # until the sweep removes superseded files
    report = pipeline.housekeeping()
    db.session.commit()
    assert report["files_deleted"] == [first.id]
    assert not storage.web_path(first).exists() and not storage.original_path(first).exists()
    assert storage.web_path(second).exists()


def test_rejected_replacement_keeps_the_ready_video(setup, make_clip):
    s = setup(max_duration_s=3)
    first, _ = process(upload(s.entry, make_clip(duration=2)))
    second, _ = process(upload(s.entry, make_clip(duration=5)))
    assert second.state == "rejected"
    assert current_video(s.entry).id == first.id and reload(first).state == "ready"


def test_upload_supersedes_a_queued_one_which_then_does_nothing(setup, make_clip):
    s = setup()
    older = upload(s.entry, make_clip(duration=2))
    newer = upload(s.entry, make_clip(duration=3))
    assert reload(older).state == "superseded"
    assert pipeline.process_video(older.id) == "skipped"
    newer, _ = process(newer)
    assert newer.state == "ready"


def test_superseded_during_transcoding_stops_the_encoder(setup, make_clip, app):
    s = setup(max_duration_s=60)
    long_clip = make_clip(duration=50, width=640, height=360, container="mkv")  # long enough to catch mid-way
    video = upload(s.entry, long_clip, filename="lama.mkv")
    better_take = make_clip(duration=2)  # made before the encoder starts: ffmpeg making it would race the transcode
    seen, outcome = [], {}

    def work():
        with app.app_context():
            outcome["value"] = pipeline.process_video(video.id)

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = db.session.execute(db.select(Video.state, Video.progress)
                                 .where(Video.id == video.id)).one()
        db.session.rollback()
        seen.append(row.progress)
        if row.state == "processing" and 0 < row.progress < 60:
            break
        time.sleep(0.05)
    started = time.monotonic()
    upload(s.entry, better_take)  # the entrant uploads a better take
    thread.join(timeout=30)
    assert outcome["value"] == "superseded"
    assert time.monotonic() - started < 5  # the encoder was stopped, not waited for
    assert any(0 < p < 100 for p in seen)  # progress came from ffmpeg's -progress output
    video = reload(video)
    assert video.state == "superseded" and not storage.rendition_dir(video).exists()


def test_transcode_progress_rises_to_100(setup, make_clip, app):
    s = setup(max_duration_s=60)
    video = upload(s.entry, make_clip(duration=20, width=640, height=360, container="mkv"),
                   filename="karya.mkv")
    seen = []
    thread = threading.Thread(target=lambda: _process_in(app, video.id))
    thread.start()
    while thread.is_alive():
        seen.append(db.session.scalar(db.select(Video.progress).where(Video.id == video.id)))
        db.session.rollback()
        time.sleep(0.05)
    thread.join()
    video = reload(video)
    assert video.state == "ready" and video.progress == 100
    middle = [p for p in seen if 0 < p < 100]
    assert middle and middle == sorted(middle)


def _process_in(app, video_id):
    with app.app_context():
        pipeline.process_video(video_id)


def test_problems_are_stored_as_plain_json(setup, make_clip):
    s = setup(min_duration_s=5)
    video, _ = process(upload(s.entry, make_clip()))
    assert json.loads(json.dumps(video.problems)) == [
        {"code": "too_short", "params": {"duration": 2, "min": 5}}]
    assert video.state_changed_at <= utcnow()
