"""The ladder's ffmpeg argv: the untrusted-input safeguards of media/ffmpeg.py, aligned keyframes,
one output per rendition, audio only when the source has it."""
from pathlib import Path

from contest.media.hls import encode as hls_encode
from contest.media.hls import ladder as hls
from contest.media.mediainfo import FORMAT_WHITELIST


def option(argv, name):
    return argv[argv.index(name) + 1]


def test_argv_keeps_the_safeguards_and_aligns_keyframes():
    renditions = hls.ladder_for(1920, 1080)
    argv = hls_encode.ladder_argv(Path("/srv/u/renditions/x/web.mp4"), Path("/srv/u/work/x/hls"), renditions,
                                  fps=50)
    assert argv[:2] == ["ffmpeg", "-nostdin"]
    assert option(argv, "-format_whitelist") == FORMAT_WHITELIST and option(argv, "-protocol_whitelist") == "file"
    assert option(argv, "-i") == "file:/srv/u/renditions/x/web.mp4"
    assert option(argv, "-map_metadata") == "-1"
    assert option(argv, "-sc_threshold") == "0"  # no scene-cut keyframes: the same cuts in every rendition
    assert option(argv, "-force_key_frames") == "expr:gte(t,n_forced*2)"
    assert option(argv, "-g") == "50" and option(argv, "-keyint_min") == "50"  # 25 fps (50 halved), 2 s
    assert option(argv, "-hls_time") == str(hls.SEGMENT_SECONDS)
    assert option(argv, "-hls_segment_type") == "fmp4" and option(argv, "-hls_playlist_type") == "vod"
    assert option(argv, "-var_stream_map") == ("v:0,a:0,name:360p v:1,a:1,name:540p v:2,a:2,name:720p "
                                               "v:3,a:3,name:1080p")
    assert option(argv, "-level:v:3") == "4.0" and option(argv, "-profile:v:0") == "main"
    assert argv[-2:] == ["file:/srv/u/work/x/hls/%v/index.m3u8", "-y"]
    assert "fps=fps=25.000" in option(argv, "-filter_complex")


def test_a_silent_source_gets_video_only_renditions():
    argv = hls_encode.ladder_argv(Path("/a/web.mp4"), Path("/a/hls"), hls.ladder_for(640, 360), fps=25,
                                  has_audio=False)
    assert option(argv, "-var_stream_map") == "v:0,name:360p"
    assert "0:a:0" not in argv
