"""Remux, transcode and poster outputs: metadata gone, rotation right, sizes capped."""
from __future__ import annotations

import json

import pytest

from contest.media import ffmpeg as F
from contest.media.rules import needs_transcode
from tests.media.helpers import has_encoder

SECRET = {"title": "Budi Santoso", "location": "+01.2345+116.1234/",
          "comment": "NIP 198001012005011001"}


def all_tags(data: dict) -> str:
    """Every format and stream tag value, joined."""
    tags = [data["format"].get("tags") or {}] + [s.get("tags") or {} for s in data["streams"]]
    return " ".join(f"{k}={v}" for t in tags for k, v in t.items())


def image_stream(path) -> dict:
    """ffprobe's stream entry for an image file (no demuxer whitelist: it is our own JPEG)."""
    data = F.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
                  f"file:{path}"], timeout=10).stdout
    return json.loads(data)["streams"][0]


@pytest.fixture(scope="module")
def tagged(make_clip):
    """A clip that names its author, with a GPS location."""
    return make_clip(metadata=SECRET)


def assert_clean(path):
    """Neither the tags nor the raw bytes carry the entrant's identity."""
    text = all_tags(F.probe(path))
    raw = path.read_bytes()
    for value in ("Budi Santoso", "+01.2345+116.1234", "198001012005011001"):
        assert value not in text
        assert value.encode() not in raw


def test_source_really_carries_the_secrets(tagged):
    text = all_tags(F.probe(tagged))
    assert "Budi Santoso" in text and "+01.2345+116.1234" in text
    assert b"Budi Santoso" in tagged.read_bytes()


def test_remux_strips_metadata(tagged, tmp_path):
    out = tmp_path / "remux.mp4"
    F.run(F.remux_argv(tagged, out), timeout=30)
    assert_clean(out)
    info = F.parse_probe(F.probe(out))
    assert (info.video_codec, info.audio_codec, info.width) == ("h264", "aac", 320)


def test_transcode_strips_metadata(tagged, tmp_path):
    out = tmp_path / "transcode.mp4"
    F.run(F.transcode_argv(tagged, out), timeout=60)
    assert_clean(out)


def test_remux_is_faststart(make_clip, tmp_path):
    out = tmp_path / "fast.mp4"
    F.remux(make_clip(), out)
    head = out.read_bytes()[:4096]
    assert 0 <= head.find(b"moov") < 4096 and head.find(b"mdat") > head.find(b"moov")


def test_remux_keeps_rotation_and_transcode_bakes_it_in(make_clip, tmp_path):
    src = make_clip(rotate=90)
    F.remux(src, tmp_path / "r.mp4")
    remuxed = F.parse_probe(F.probe(tmp_path / "r.mp4"))
    assert remuxed.rotation in (90, 270) and (remuxed.width, remuxed.height) == (240, 320)
    F.transcode(src, tmp_path / "t.mp4")
    encoded = F.parse_probe(F.probe(tmp_path / "t.mp4"))
    assert encoded.rotation == 0
    assert (encoded.coded_width, encoded.coded_height) == (240, 320)


@pytest.mark.parametrize("rotate, max_height, expected", [
    (None, 180, (240, 180)),    # landscape: height capped
    (90, 180, (180, 240)),      # portrait after rotation: width is the short side
    (None, 101, (134, 100)),    # odd limits round down to even
    (None, 1080, (320, 240)),   # never upscale
])
def test_transcode_scales_short_side(make_clip, tmp_path, rotate, max_height, expected):
    out = tmp_path / "scaled.mp4"
    F.transcode(make_clip(rotate=rotate), out, max_height=max_height)
    info = F.parse_probe(F.probe(out))
    assert (info.width, info.height) == expected
    assert info.width % 2 == 0 and info.height % 2 == 0


@pytest.mark.skipif(not has_encoder("libx265"), reason="ffmpeg built without libx265")
def test_transcode_hevc_10bit_to_browser_safe(make_clip, tmp_path):
    src = make_clip(vcodec="libx265", pix_fmt="yuv420p10le", container="mkv")
    out = tmp_path / "h264.mp4"
    F.transcode(src, out)
    info = F.parse_probe(F.probe(out))
    assert (info.video_codec, info.pix_fmt, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert not info.ten_bit and not needs_transcode(info)
    assert info.duration == pytest.approx(2, abs=0.15)


def test_transcode_keeps_vfr_timing(make_clip, tmp_path):
    """Variable frame rate stays variable: no duplicated frames to fill the gaps."""
    src = make_clip(vfr=True, fps=30, audio=False)
    out = tmp_path / "vfr.mp4"
    F.transcode(src, out)

    def frames(path):
        streams = F.probe(path)["streams"]
        return int(next(s for s in streams if s["codec_type"] == "video")["nb_frames"])

    assert frames(out) == frames(src)
    assert F.parse_probe(F.probe(out)).duration == pytest.approx(2, abs=0.1)


def test_poster_from_rotated_clip_is_portrait(make_clip, tmp_path):
    out = tmp_path / "poster.jpg"
    F.extract_poster(make_clip(rotate=90), out, at_seconds=1.0, width=120)
    assert out.read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG
    stream = image_stream(out)
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("mjpeg", 120, 160)


def test_poster_of_landscape_never_upscales(make_clip, tmp_path):
    out = tmp_path / "small.jpg"
    F.extract_poster(make_clip(), out, at_seconds=0.5, width=4000)
    stream = image_stream(out)
    assert (stream["width"], stream["height"]) == (320, 240)


def test_poster_past_the_end_raises(make_clip, tmp_path):
    out = tmp_path / "none.jpg"
    with pytest.raises(F.FFmpegError, match="no video frame"):
        F.extract_poster(make_clip(), out, at_seconds=30, width=120)
    assert not out.exists()
