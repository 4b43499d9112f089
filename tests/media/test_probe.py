"""parse_probe on real generated clips and on refused files."""
from __future__ import annotations

import json

import pytest

from contest.media import ffmpeg as F
from contest.media.rules import VideoRules, check, classify_probe_failure, needs_transcode
from tests.media.helpers import has_encoder

RULES = VideoRules(min_duration=1, max_duration=10, min_short_side=200,
                   orientations=frozenset({"landscape", "portrait", "square"}),
                   max_size_bytes=50_000_000, audio_required=True)


def info_of(path):
    """Probe and parse a file."""
    return F.parse_probe(F.probe(path))


def problems_of(path):
    """Run the whole validation the way the pipeline will."""
    path_size = path.stat().st_size
    try:
        info = info_of(path)
    except F.FFmpegError:
        with open(path, "rb") as fh:
            head = fh.read(64)
        return check(None, size_bytes=path_size, rules=RULES, failure=classify_probe_failure(head))
    return check(info, size_bytes=path_size, rules=RULES)


def codes(problems):
    """Just the codes."""
    return [p.code for p in problems]


def test_h264_mp4(make_clip):
    info = info_of(make_clip())
    assert "mp4" in info.format_name.split(",")
    assert info.duration == pytest.approx(2, abs=0.1)
    assert (info.width, info.height, info.rotation) == (320, 240, 0)
    assert (info.video_codec, info.pix_fmt, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert info.has_video and info.has_audio
    assert info.frame_rate == pytest.approx(25)
    assert not (info.variable_frame_rate or info.ten_bit or info.is_image or info.truncated)
    assert info.size == make_clip().stat().st_size
    assert not needs_transcode(info)
    assert check(info, size_bytes=info.size, rules=RULES) == []


@pytest.mark.skipif(not has_encoder("libx265"), reason="ffmpeg built without libx265")
def test_hevc_10bit_mkv(make_clip):
    info = info_of(make_clip(vcodec="libx265", pix_fmt="yuv420p10le", container="mkv"))
    assert info.format_name == "matroska,webm"
    assert (info.video_codec, info.pix_fmt) == ("hevc", "yuv420p10le")
    assert info.ten_bit and info.profile == "Main 10"
    assert info.duration == pytest.approx(2, abs=0.1)  # from the format (mkv streams have none)
    assert needs_transcode(info)
    assert check(info, size_bytes=info.size, rules=RULES) == []


def test_vp9_webm(make_clip):
    info = info_of(make_clip(vcodec="libvpx-vp9", container="webm"))
    assert "webm" in info.format_name.split(",")
    assert (info.video_codec, info.audio_codec) == ("vp9", "opus")
    assert needs_transcode(info)
    assert check(info, size_bytes=info.size, rules=RULES) == []


def test_h264_in_mkv_needs_transcode_for_container(make_clip):
    info = info_of(make_clip(container="mkv"))
    assert (info.video_codec, info.pix_fmt, info.audio_codec) == ("h264", "yuv420p", "aac")
    assert needs_transcode(info)


def test_rotated_phone_clip_is_portrait(make_clip):
    info = info_of(make_clip(rotate=90))
    assert info.rotation in (90, 270)
    assert (info.coded_width, info.coded_height) == (320, 240)
    assert (info.width, info.height) == (240, 320)
    portrait_only = VideoRules(1, 10, 200, frozenset({"portrait"}), 50_000_000, True)
    assert check(info, size_bytes=info.size, rules=portrait_only) == []


def test_vfr_clip(make_clip):
    info = info_of(make_clip(vfr=True, fps=30))
    assert info.variable_frame_rate
    assert info.frame_rate == pytest.approx(20, rel=0.05)  # 2 of every 3 frames at 30 fps
    assert info.duration == pytest.approx(2, abs=0.1)


def test_audio_only_m4a_is_no_video(make_clip):
    path = make_clip(video=False, container="m4a")
    info = info_of(path)
    assert not info.has_video and info.has_audio and info.width is None
    assert codes(problems_of(path)) == ["no_video"]


def test_png_renamed_mp4_is_refused_by_demuxer_whitelist(make_clip, make_file):
    png = make_file("still.png", b"")
    F.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
           "testsrc2=size=64x48", "-frames:v", "1", f"file:{png}"], timeout=30)
    fake = make_file("still.mp4", png.read_bytes())
    with pytest.raises(F.FFmpegError) as err:
        F.probe(fake)
    assert "whitelist" in err.value.stderr
    assert codes(problems_of(fake)) == ["not_a_video"]


def test_image_is_not_a_video_even_if_probed_without_whitelist(make_file):
    """Defence in depth: parse_probe/check refuse image data that got past a probe."""
    png = make_file("still2.png", b"")
    F.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
           "testsrc2=size=640x480", "-frames:v", "1", f"file:{png}"], timeout=30)
    raw = F.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                 "-show_streams", f"file:{png}"], timeout=30).stdout
    info = F.parse_probe(json.loads(raw))
    assert info.is_image
    assert codes(check(info, size_bytes=png.stat().st_size, rules=RULES)) == ["not_a_video"]


def test_single_mjpeg_frame_in_mov_is_an_image(make_clip):
    path = make_clip(duration=0.04, vcodec="mjpeg", pix_fmt="yuvj420p", audio=False,
                     container="mov")
    info = info_of(path)
    assert info.video_codec == "mjpeg" and info.is_image
    assert codes(problems_of(path)) == ["not_a_video"]


def test_text_file_named_mp4(make_file):
    path = make_file("notes.mp4", b"Nama: Budi Santoso\nNIP: 198001012005011001\n" * 20)
    with pytest.raises(F.FFmpegError):
        F.probe(path)
    assert codes(problems_of(path)) == ["not_a_video"]


def test_empty_file(make_file):
    path = make_file("empty.mp4", b"")
    with pytest.raises(F.FFmpegError):
        F.probe(path)
    assert classify_probe_failure(b"") == "empty"
    assert codes(problems_of(path)) == ["empty"]


def test_truncated_mp4_moov_at_end_is_corrupt(truncated):
    path = truncated(faststart=False)
    with pytest.raises(F.FFmpegError) as err:
        F.probe(path)
    assert "moov atom not found" in err.value.stderr
    assert codes(problems_of(path)) == ["corrupt"]


def test_truncated_faststart_mp4_is_corrupt(truncated, make_clip):
    whole = info_of(make_clip(duration=4, faststart=True))
    assert not whole.truncated
    info = info_of(truncated(faststart=True))  # the index is intact, half the media is missing
    assert info.truncated
    assert codes(problems_of(truncated(faststart=True))) == ["corrupt"]


def test_parse_probe_rotation_sources_and_fallbacks():
    base = {"format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "N/A"},
            "streams": [
                {"codec_type": "video", "codec_name": "mjpeg", "width": 600, "height": 600,
                 "disposition": {"attached_pic": 1}},
                {"codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080,
                 "pix_fmt": "yuv420p", "duration": "61.5", "avg_frame_rate": "30000/1001",
                 "r_frame_rate": "30000/1001",
                 "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]},
                {"codec_type": "audio", "codec_name": "aac", "duration": "61.4"}]}
    info = F.parse_probe(base)
    assert (info.width, info.height, info.rotation) == (1080, 1920, 270)
    assert info.duration == 61.5 and info.video_codec == "h264"  # cover art is not the video
    assert info.frame_rate == pytest.approx(29.97, abs=0.01) and not info.variable_frame_rate
    old = {"format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "10"},
           "streams": [{"codec_type": "video", "codec_name": "h264", "width": 1280,
                        "height": 720, "tags": {"rotate": "90"}}]}
    info = F.parse_probe(old)
    assert (info.width, info.height, info.rotation, info.has_audio) == (720, 1280, 90, False)
    upside_down = {"format": {"format_name": "matroska,webm", "duration": "5"},
                   "streams": [{"codec_type": "video", "codec_name": "vp9", "width": 1280,
                                "height": 720, "side_data_list": [{"rotation": 180}]}]}
    assert (F.parse_probe(upside_down).width, F.parse_probe(upside_down).height) == (1280, 720)
    cover_only = {"format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "5"},
                  "streams": [base["streams"][0], base["streams"][2]]}
    assert not F.parse_probe(cover_only).has_video


def test_parse_probe_ten_bit_hint():
    def fmt(pix):
        return F.parse_probe({"format": {"format_name": "matroska,webm", "duration": "1"},
                              "streams": [{"codec_type": "video", "codec_name": "hevc",
                                           "width": 2, "height": 2, "pix_fmt": pix}]}).ten_bit
    assert fmt("yuv420p10le") and fmt("p010le") and fmt("yuv422p10le")
    assert not fmt("yuv420p") and not fmt("yuv410p") and not fmt("yuvj420p")
