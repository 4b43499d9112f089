"""run(): timeouts kill the process group, resource limits bite, progress is reported."""
from __future__ import annotations

import os
import sys
import time

import pytest

from contest.media import ffmpeg as F
from tests.media.helpers import pid_alive, read_pid

MiB = 1024 * 1024


def test_timeout_kills_the_whole_process_group(tmp_path):
    leader, child = tmp_path / "leader.pid", tmp_path / "child.pid"
    script = f"echo $$ > {leader}; sleep 30 & echo $! > {child}; wait"
    start = time.monotonic()
    with pytest.raises(F.FFmpegTimeout):
        F.run(["sh", "-c", script], timeout=1)
    assert time.monotonic() - start < 2.5
    for pidfile in (leader, child):
        pid = read_pid(pidfile)
        deadline = time.monotonic() + 1
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not pid_alive(pid), f"{pidfile.name} {pid} survived"


def test_timeout_on_endless_ffmpeg():
    argv = ["ffmpeg", "-nostdin", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25",
            "-f", "null", "-"]
    start = time.monotonic()
    with pytest.raises(F.FFmpegTimeout) as err:
        F.run(argv, timeout=1)
    assert time.monotonic() - start < 2.5
    assert err.value.returncode == -9


def test_timeout_while_reading_progress():
    argv = ["ffmpeg", "-nostdin", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25",
            "-f", "null", "-"]
    seen = []
    start = time.monotonic()
    with pytest.raises(F.FFmpegTimeout):
        F.run(argv, timeout=1.5, progress_cb=seen.append)
    assert time.monotonic() - start < 3
    assert seen, "progress was reported before the timeout"


def test_nonzero_exit_carries_stderr_tail(tmp_path):
    with pytest.raises(F.FFmpegError) as err:
        F.probe(tmp_path / "missing.mp4")
    assert not isinstance(err.value, F.FFmpegTimeout)
    assert err.value.returncode == 1
    assert "No such file or directory" in err.value.stderr
    assert "No such file or directory" in str(err.value)


def test_argv_is_never_a_shell(tmp_path):
    marker = tmp_path / "pwned"
    result = F.run(["echo", f"x; touch {marker}", "$(id)"], timeout=5)
    assert result.stdout.decode().strip() == f"x; touch {marker} $(id)"
    assert not marker.exists()


def test_stdin_is_closed():
    assert F.run(["cat"], timeout=5).stdout == b""


def test_file_size_limit(tmp_path):
    out = tmp_path / "big.nut"
    argv = ["ffmpeg", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
            "-t", "20", "-c:v", "rawvideo", f"file:{out}"]
    with pytest.raises(F.FFmpegError):
        F.run(argv, timeout=20, max_file_bytes=MiB)
    assert out.stat().st_size <= MiB


def test_memory_limit():
    argv = [sys.executable, "-c", "x = bytearray(512 * 1024 * 1024)"]
    F.run(argv, timeout=20, memory_bytes=2048 * MiB)  # fits
    with pytest.raises(F.FFmpegError) as err:
        F.run(argv, timeout=20, memory_bytes=256 * MiB)
    assert "MemoryError" in err.value.stderr


def test_cpu_limit():
    start = time.monotonic()
    with pytest.raises(F.FFmpegError) as err:
        F.run([sys.executable, "-c", "while True: pass"], timeout=20, cpu_seconds=1)
    assert not isinstance(err.value, F.FFmpegTimeout)
    assert err.value.returncode in (-24, -9)  # SIGXCPU at the soft limit, SIGKILL at hard
    assert time.monotonic() - start < 10


def test_progress_increases_during_transcode(make_clip, tmp_path):
    src = make_clip(duration=8, width=640, height=360)
    seen: list[float] = []
    F.transcode(src, tmp_path / "out.mp4", progress_cb=seen.append)
    assert len(seen) >= 2, seen
    assert all(b > a for a, b in zip(seen, seen[1:], strict=False)), seen
    assert seen[-1] == pytest.approx(8, abs=0.3)


def test_progress_callback_can_abort(make_clip, tmp_path):
    src = make_clip(duration=8, width=640, height=360)

    class Stop(Exception):
        pass

    def stop(_seconds):
        raise Stop

    with pytest.raises(Stop):
        F.transcode(src, tmp_path / "aborted.mp4", progress_cb=stop)


def test_progress_line_parsing():
    assert F._parse_progress_line("out_time_us=1500000\n") == 1.5
    assert F._parse_progress_line("out_time_ms=2500000") == 2.5  # microseconds, despite the name
    assert F._parse_progress_line("out_time_us=N/A") is None
    assert F._parse_progress_line("progress=end") is None


def _before_input(argv):
    """Options given before -i."""
    return argv[: argv.index("-i")]


@pytest.mark.parametrize("build", [
    lambda: F.poster_argv("rel/in.mp4", "/out/p.jpg", at_seconds=12.5, width=480),
    lambda: F.remux_argv("rel/in.mp4", "/out/r.mp4"),
    lambda: F.transcode_argv("rel/in.mp4", "/out/t.mp4"),
])
def test_ffmpeg_builders_are_locked_down(build):
    argv = build()
    assert argv[0] == "ffmpeg" and argv[1:3] == ["-nostdin", "-hide_banner"]
    head = _before_input(argv)
    assert head[head.index("-format_whitelist") + 1] == F.FORMAT_WHITELIST
    assert head[head.index("-protocol_whitelist") + 1] == "file"
    assert argv[argv.index("-i") + 1] == "file:" + os.path.abspath("rel/in.mp4")
    assert argv[-2].startswith("file:/out/")
    assert argv[argv.index("-map_metadata") + 1] == "-1"
    assert "-map_metadata:s:v" in argv and "-map_metadata:s:a" in argv


def test_poster_uses_input_seek():
    argv = F.poster_argv("/in.mp4", "/p.jpg", at_seconds=12.5, width=480)
    assert argv.index("-ss") < argv.index("-i")
    assert argv[argv.index("-ss") + 1] == "12.500"
    assert argv.count("-ss") == 1


def test_remux_and_transcode_argv_details():
    remux = F.remux_argv("/in.mov", "/out.mp4")
    assert remux[remux.index("-c") + 1] == "copy"
    assert "+faststart" in remux and "0:V:0" in remux and "0:a:0?" in remux
    transcode = F.transcode_argv("/in.mkv", "/out.mp4")
    for option, value in [("-c:v", "libx264"), ("-preset", "veryfast"), ("-crf", "23"),
                          ("-pix_fmt", "yuv420p"), ("-c:a", "aac"), ("-b:a", "128k"),
                          ("-movflags", "+faststart")]:
        assert transcode[transcode.index(option) + 1] == value


def test_probe_argv():
    argv = F.probe_argv("x.mp4")
    assert argv[0] == "ffprobe"
    for option, value in [("-format_whitelist", F.FORMAT_WHITELIST),
                          ("-protocol_whitelist", "file"), ("-print_format", "json"),
                          ("-v", "error")]:
        assert argv[argv.index(option) + 1] == value
    assert "-show_format" in argv and "-show_streams" in argv
    assert argv[-1] == "file:" + os.path.abspath("x.mp4")
