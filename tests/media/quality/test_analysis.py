"""The pure quality report: argv, stderr parsing, warnings, policies (no Flask, no database)."""
import os
import time

import pytest

from contest.media import ffmpeg
from contest.media.quality import analysis as quality
from contest.media.quality.analysis import QualityRules, rules_from

STDERR = """\
[freezedetect @ 0x1] lavfi.freezedetect.freeze_start: 0
[blackdetect @ 0x2] black_start:0 black_end:5.04 black_duration:5.04
[freezedetect @ 0x1] lavfi.freezedetect.freeze_duration: 5.04
[freezedetect @ 0x1] lavfi.freezedetect.freeze_end: 5.04
[freezedetect @ 0x1] lavfi.freezedetect.freeze_start: 20.5
[silencedetect @ 0x3] silence_start: 12.0133
[silencedetect @ 0x3] silence_end: 16.512 | silence_duration: 4.49867
[silencedetect @ 0x3] silence_start: 28
[Parsed_astats_2 @ 0x4] Overall
[Parsed_astats_2 @ 0x4] Peak level dB: 0.000000
[Parsed_astats_2 @ 0x4] Peak count: 4800.000000
[Parsed_astats_2 @ 0x4] Number of samples: 1440000
[Parsed_ebur128_1 @ 0x5] Summary:

  Integrated loudness:
    I:          -7.5 LUFS
    Threshold: -17.5 LUFS

  Loudness range:
    LRA:         3.2 LU
    Threshold: -27.6 LUFS
    LRA low:   -9.1 LUFS
    LRA high:  -6.0 LUFS

  True peak:
    Peak:        0.4 dBFS
"""


def test_parse_report_reads_every_filter():
    report = quality.parse_report(STDERR, duration=30.0)
    assert report["black"] == [[0.0, 5.04]]
    assert report["frozen"] == [[0.0, 5.04], [20.5, 30.0]]  # still frozen at the end
    assert report["silence"] == [[12.013, 16.512], [28.0, 30.0]]
    assert report["loudness"] == {"i": -7.5, "lra": 3.2, "tp": 0.4, "threshold": -17.5}
    assert report["astats"] == {"peak_db": 0.0, "peak_count": 4800.0, "samples": 1440000.0}


def test_warnings_in_time_order_whole_video_ones_last():
    warnings = quality.warnings_for(quality.parse_report(STDERR, duration=30.0), rules=rules_from(None))
    assert [(w["code"], w["start"], w["end"]) for w in warnings] == [
        ("black", 0.0, 5.04), ("silence", 12.013, 16.512), ("frozen", 20.5, 30.0),
        ("silence", 28.0, 30.0), ("too_loud", None, None), ("clipping", None, None)]
    assert warnings[-2]["params"] == {"lufs": -7.5, "limit": -9.0}
    assert warnings[-1]["params"] == {"percent": 0.33}


def test_thresholds_of_the_edition_apply():
    report = quality.parse_report(STDERR, duration=30.0)
    rules = rules_from({"thresholds": {"loud_above_lufs": -5, "clipping_share": 0.01}})
    codes = [w["code"] for w in quality.warnings_for(report, rules=rules)]
    assert "too_loud" not in codes and "clipping" not in codes


def test_policies_fall_back_to_warn_and_split_warnings():
    rules = rules_from({"policies": {"black": "ignore", "silence": "reject", "frozen": "explode",
                                     "nonsense": "reject"}, "thresholds": {"black_min_s": "x"}})
    assert rules.policies == {"black": "ignore", "frozen": "warn", "silence": "reject",
                              "too_quiet": "warn", "too_loud": "warn", "clipping": "warn"}
    assert rules.thresholds["black_min_s"] == 2.0
    found = [{"code": c, "start": None, "end": None, "params": {}} for c in ("black", "silence", "frozen")]
    assert [w["code"] for w in quality.shown(found, rules)] == ["silence", "frozen"]
    assert [w["code"] for w in quality.rejecting(found, rules)] == ["silence"]


def test_silence_everywhere_is_not_too_quiet_and_not_normalized():
    report = {"black": [], "frozen": [], "silence": [[0, 10]], "astats": None,
              "loudness": {"i": -70.0, "lra": 0.0, "tp": -float("inf"), "threshold": -70.0}}
    assert [w["code"] for w in quality.warnings_for(report, rules=QualityRules())] == ["silence"]
    assert not quality.needs_loudnorm(report)


def test_analysis_is_one_safe_decode_with_the_thresholds():
    argv = quality.analysis_argv("/srv/o.mp4", "/srv/w/f.mkv", rules=rules_from(None), has_audio=True)
    assert argv.count("-i") == 1 and "file:/srv/o.mp4" in argv
    assert argv[argv.index("-format_whitelist") + 1] == "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm"
    graph = argv[argv.index("-filter_complex") + 1]
    for part in ("blackdetect=d=2:pix_th=0.1", "freezedetect=n=-60dB:d=3",
                 "silencedetect=n=-50dB:d=3", "ebur128=peak=true", "astats", "fps=1"):
        assert part in graph
    silent = quality.analysis_argv("/srv/o.mp4", "/srv/w/f.mkv", rules=rules_from(None), has_audio=False)
    assert "[0:a:0]" not in silent[silent.index("-filter_complex") + 1]


def test_loudnorm_second_pass_is_linear_at_the_playback_target():
    argv = quality.loudnorm_argv("/srv/web.mp4", "/srv/w/out.mp4",
                                 loudness={"i": -33.0, "lra": 14.2, "tp": -20.0, "threshold": -43.0})
    assert argv[argv.index("-c:v") + 1] == "copy"
    chain = argv[argv.index("-af") + 1]
    assert "I=-16:TP=-1.5:LRA=16" in chain and "measured_I=-33.00" in chain and "linear=true" in chain


def test_crop_only_when_a_border_is_worth_it():
    assert quality.parse_crop("x crop=128:96:0:16\n") == (128, 96, 0, 16)
    assert quality.parse_crop("crop=128:96:0:16\ncrop=128:128:0:0\n") is None
    assert quality.parse_crop("crop=8:8:60:60") is None
    assert quality.parse_crop("") is None


def test_the_analysis_refuses_a_playlist_posing_as_a_video(tmp_path):
    """The analysis keeps the pipeline's demuxer allow-list: an HLS playlist never opens its segment."""
    trap = tmp_path / "segment.ts"
    os.mkfifo(trap)  # opening it would block until the timeout
    playlist = tmp_path / "upload.mp4"
    playlist.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n{trap}\n#EXT-X-ENDLIST\n")
    started = time.monotonic()
    with pytest.raises(ffmpeg.FFmpegError) as error:
        ffmpeg.run(quality.analysis_argv(playlist, tmp_path / "f.mkv", rules=rules_from(None),
                                         has_audio=True), timeout=10)
    assert not isinstance(error.value, ffmpeg.FFmpegTimeout)
    assert time.monotonic() - started < 8
