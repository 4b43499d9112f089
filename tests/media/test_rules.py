"""rules.check: every problem code with its params; needs_transcode; module purity."""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from contest.media import ffmpeg as F
from contest.media.rules import (
    PROBLEM_CODES,
    Problem,
    VideoRules,
    check,
    classify_probe_failure,
    needs_transcode,
    orientation_of,
    sniff_container,
)

MiB = 1024 * 1024
RULES = VideoRules(min_duration=60, max_duration=180, min_short_side=720,
                   orientations=frozenset({"portrait"}), max_size_bytes=500 * MiB,
                   audio_required=True)
GOOD = F.MediaInfo(format_name="mov,mp4,m4a,3gp,3g2,mj2", duration=90.0, size=200 * MiB,
                   has_video=True, has_audio=True, video_codec="h264", pix_fmt="yuv420p",
                   width=1080, height=1920, audio_codec="aac")


def run_check(size=200 * MiB, rules=RULES, **changes):
    """check() on GOOD with some fields changed."""
    return check(dataclasses.replace(GOOD, **changes), size_bytes=size, rules=rules)


def test_good_video_has_no_problems():
    assert run_check() == []


@pytest.mark.parametrize("changes, expected", [
    (dict(duration=3.0), Problem("too_short", {"duration": 3, "min": 60})),
    (dict(duration=59.46), Problem("too_short", {"duration": 59.4, "min": 60})),
    (dict(duration=181.01), Problem("too_long", {"duration": 181.1, "max": 180})),
    (dict(width=480, height=854), Problem("resolution_too_low",
                                          {"width": 480, "height": 854, "min": 720})),
    (dict(width=4320, height=7680), Problem("resolution_too_high",
                                            {"width": 4320, "height": 7680, "max": 4096})),
    (dict(frame_rate=120.0), Problem("frame_rate_too_high", {"fps": 120, "max": 60})),
    (dict(frame_rate=60.61), Problem("frame_rate_too_high", {"fps": 60.7, "max": 60})),
    (dict(width=1920, height=1080), Problem("wrong_orientation", {
        "actual": "landscape", "allowed": ["portrait"], "width": 1920, "height": 1080})),
    (dict(width=1080, height=1080), Problem("wrong_orientation", {
        "actual": "square", "allowed": ["portrait"], "width": 1080, "height": 1080})),
    (dict(has_audio=False, audio_codec=None), Problem("no_audio", {})),
    (dict(video_codec="prores"), Problem("unsupported_codec",
                                         {"stream": "video", "codec": "prores"})),
    (dict(audio_codec="wmav2"), Problem("unsupported_codec",
                                        {"stream": "audio", "codec": "wmav2"})),
    (dict(has_video=False, video_codec=None, width=None, height=None),
     Problem("no_video", {})),
    (dict(has_video=False, has_audio=False, video_codec=None, audio_codec=None),
     Problem("corrupt", {"reason": "no_streams"})),
    (dict(duration=None), Problem("corrupt", {"reason": "no_duration"})),
    (dict(truncated=True), Problem("corrupt", {"reason": "truncated"})),
    (dict(format_name="avi"), Problem("not_a_video", {"reason": "format", "format": "avi"})),
    (dict(format_name="hls"), Problem("not_a_video", {"reason": "format", "format": "hls"})),
    (dict(is_image=True), Problem("not_a_video", {"reason": "image",
                                                  "format": "mov,mp4,m4a,3gp,3g2,mj2"})),
])
def test_single_problem(changes, expected):
    assert run_check(**changes) == [expected]


def test_empty_and_too_large_and_probe_failure():
    assert check(GOOD, size_bytes=0, rules=RULES) == [Problem("empty", {})]
    assert check(None, size_bytes=0, rules=RULES) == [Problem("empty", {})]
    big = 600 * MiB + 1
    assert run_check(size=big) == [Problem("too_large", {
        "size": big, "max": 500 * MiB, "size_mb": 600.1, "max_mb": 500})]
    assert check(None, size_bytes=10, rules=RULES, failure="corrupt") == [
        Problem("corrupt", {"reason": "unreadable"})]
    assert [p.code for p in check(None, size_bytes=big, rules=RULES)] == [
        "not_a_video", "too_large"]


def test_all_problems_reported_together():
    got = run_check(size=501 * MiB, duration=12.0, width=640, height=360, has_audio=False,
                    audio_codec=None, video_codec="mpeg2video")
    assert [p.code for p in got] == ["unsupported_codec", "no_audio", "too_short",
                                     "resolution_too_low", "wrong_orientation", "too_large"]


def test_every_code_is_reachable():
    seen = {p.code for changes in [
        {}, dict(duration=1.0), dict(duration=999.0), dict(width=10, height=20),
        dict(width=2000, height=1000), dict(has_audio=False, audio_codec=None),
        dict(width=4320, height=7680), dict(frame_rate=240.0),
        dict(video_codec="theora"), dict(has_video=False), dict(truncated=True),
        dict(is_image=True)] for p in run_check(**changes)}
    seen |= {p.code for p in run_check(size=10**10)}
    seen |= {p.code for p in check(None, size_bytes=0, rules=RULES)}
    assert seen == set(PROBLEM_CODES)


def test_the_ceilings_accept_what_they_allow_and_follow_the_edition():
    assert run_check(width=2304, height=4096, frame_rate=60.0) == []  # 4096 itself is allowed
    assert run_check(frame_rate=59.94) == [] and run_check(frame_rate=60.02) == []
    assert run_check(frame_rate=None) == []  # unknown rate: nothing to hold against the entrant
    strict = dataclasses.replace(RULES, max_long_side=1920, max_frame_rate=30)
    assert [p.code for p in run_check(rules=strict, frame_rate=50.0)] == [
        "frame_rate_too_high"]
    assert run_check(rules=strict, width=1080, height=1920, frame_rate=29.97) == []
    assert [p.code for p in run_check(rules=strict, width=1440, height=2560)] == [
        "resolution_too_high"]


def test_tolerances_and_optional_audio():
    assert run_check(duration=59.6) == []  # a phone shows this as 1:00
    assert run_check(duration=180.4) == []
    no_audio_ok = dataclasses.replace(RULES, audio_required=False)
    assert run_check(rules=no_audio_ok, has_audio=False, audio_codec=None) == []
    assert run_check(audio_codec="pcm_s16le") == []
    assert run_check(video_codec="hevc", audio_codec="opus") == []


def test_orientation_of():
    assert orientation_of(1920, 1080) == "landscape"
    assert orientation_of(1080, 1920) == "portrait"
    assert orientation_of(1080, 1080) == orientation_of(1080, 1088) == "square"
    assert orientation_of(1080, 1200) == "portrait"


def test_rules_refuse_nonsense():
    with pytest.raises(ValueError):
        VideoRules(60, 180, 720, frozenset({"diagonal"}), MiB, True)
    with pytest.raises(ValueError):
        VideoRules(200, 180, 720, frozenset({"portrait"}), MiB, True)


def test_real_clip_with_bad_codecs(make_clip):
    """MPEG-2 video with FLAC sound in MKV: both streams are refused, by name."""
    path = make_clip(vcodec="mpeg2video", acodec="flac", container="mkv")
    info = F.parse_probe(F.probe(path))
    got = check(info, size_bytes=path.stat().st_size,
                rules=VideoRules(1, 10, 100, frozenset({"landscape"}), MiB, True))
    assert got == [Problem("unsupported_codec", {"stream": "video", "codec": "mpeg2video"}),
                   Problem("unsupported_codec", {"stream": "audio", "codec": "flac"})]


def test_real_clip_many_problems(make_clip):
    path = make_clip(duration=1, width=160, height=120, audio=False)
    info = F.parse_probe(F.probe(path))
    got = check(info, size_bytes=path.stat().st_size,
                rules=VideoRules(5, 10, 720, frozenset({"portrait"}), 1000, True))
    assert [p.code for p in got] == ["no_audio", "too_short", "resolution_too_low",
                                     "wrong_orientation", "too_large"]
    assert got[1].params == {"duration": 1, "min": 5}


@pytest.mark.parametrize("changes, transcode", [
    ({}, False),
    (dict(has_audio=False, audio_codec=None), False),
    (dict(format_name="matroska,webm"), True),
    (dict(video_codec="hevc"), True),
    (dict(video_codec="vp9"), True),
    (dict(pix_fmt="yuv420p10le", ten_bit=True), True),
    (dict(pix_fmt="yuv422p"), True),
    (dict(audio_codec="mp3"), True),
    (dict(width=1440, height=2560), True),
    (dict(width=1920, height=1080), False),
])
def test_needs_transcode(changes, transcode):
    assert needs_transcode(dataclasses.replace(GOOD, **changes)) is transcode


def test_sniff_and_classify():
    assert sniff_container(b"\x00\x00\x00\x20ftypisom") == "isobmff"
    assert sniff_container(b"\x00\x00\x00\x18ftypheic") == "image"
    assert sniff_container(b"\x1a\x45\xdf\xa3\x01") == "matroska"
    assert classify_probe_failure(b"\x00\x00\x00\x20ftypmp42") == "corrupt"
    assert classify_probe_failure(b"\x00\x00\x00\x18ftypheic") == "not_a_video"
    assert classify_probe_failure(b"#EXTM3U\n") == "not_a_video"
    assert classify_probe_failure(b"\x89PNG\r\n\x1a\n") == "not_a_video"


MEDIA = Path(__file__).resolve().parents[2] / "contest" / "media"


def _imports(path: Path) -> set[str]:
    """Top-level module names a file imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_media_core_is_pure():
    for name in ("ffmpeg.py", "mediainfo.py", "rules.py"):
        roots = {n.split(".")[0] for n in _imports(MEDIA / name)}
        assert not roots & {"flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy"}, name
        # rules.py and mediainfo.py stay free of ffmpeg-python: only the pure probe parsing.
        assert not {n for n in _imports(MEDIA / name) if n.startswith("contest.")} - {
            "contest.media.mediainfo"}, name


def test_only_ffmpeg_py_imports_ffmpeg_python():
    offenders = [str(p) for p in MEDIA.parents[0].rglob("*.py")
                 if p != MEDIA / "ffmpeg.py" and "ffmpeg" in {
                     n.split(".")[0] for n in _imports(p)}]
    assert offenders == []
