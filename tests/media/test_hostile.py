"""Hostile uploads: playlists and concat scripts named .mp4 must not make ffmpeg open other files.

Proof by FIFO: the playlist names a named pipe. Opening a FIFO for reading blocks until a writer
appears (never, here), so a probe that returns promptly with an error did not open it; the control
test shows that ffprobe without the demuxer whitelist does open it (and hangs until killed).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from contest.media import ffmpeg as F
from contest.media.rules import check, classify_probe_failure
from tests.media.test_probe import RULES

HLS = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n{target}\n#EXT-X-ENDLIST\n"


@pytest.fixture
def trap(tmp_path):
    """A FIFO named like a media segment: opening it would block forever."""
    path = tmp_path / "segment.ts"
    os.mkfifo(path)
    return path


@pytest.fixture
def hls_upload(tmp_path, trap):
    """An HLS playlist, saved as an upload, whose only segment is the trap."""
    path = tmp_path / "upload-hls.mp4"
    path.write_text(HLS.format(target=trap))
    return path


@pytest.fixture
def concat_upload(tmp_path):
    """An ffconcat script, saved as an upload, naming a relative FIFO (allowed by safe mode)."""
    os.mkfifo(tmp_path / "part.mp4")
    path = tmp_path / "upload-concat.mp4"
    path.write_text("ffconcat version 1.0\nfile 'part.mp4'\n")
    return path


def unrestricted_probe_argv(path):
    """probe_argv without the demuxer whitelist (protocol whitelist kept): the unsafe baseline."""
    argv = F.probe_argv(path)
    i = argv.index("-format_whitelist")
    return argv[:i] + argv[i + 2:]


def probe_fails_fast(path):
    """Probe must fail (not time out) within a few seconds; return the error."""
    start = time.monotonic()
    with pytest.raises(F.FFmpegError) as err:
        F.probe(path, timeout=10)
    assert not isinstance(err.value, F.FFmpegTimeout), "probe opened the FIFO and blocked"
    assert time.monotonic() - start < 5
    return err.value


def refused_as_not_a_video(path):
    """The whole validation classifies the file as not_a_video."""
    head = path.read_bytes()[:64]
    problems = check(None, size_bytes=path.stat().st_size, rules=RULES,
                     failure=classify_probe_failure(head))
    assert [p.code for p in problems] == ["not_a_video"]


@pytest.mark.parametrize("upload", ["hls_upload", "concat_upload"])
def test_control_unrestricted_probe_opens_the_fifo(request, upload):
    """Without -format_whitelist (even with -protocol_whitelist file) ffprobe opens the trap."""
    with pytest.raises(F.FFmpegTimeout):
        F.run(unrestricted_probe_argv(request.getfixturevalue(upload)), timeout=1.5)


@pytest.mark.parametrize("upload", ["hls_upload", "concat_upload"])
def test_playlist_upload_is_refused_without_opening_targets(request, upload):
    path = request.getfixturevalue(upload)
    err = probe_fails_fast(path)
    assert "whitelist" in err.stderr
    refused_as_not_a_video(path)


@pytest.mark.parametrize("upload", ["hls_upload", "concat_upload"])
@pytest.mark.parametrize("builder", ["remux", "transcode", "poster"])
def test_renditions_refuse_playlists_too(request, tmp_path, upload, builder):
    src, dst = request.getfixturevalue(upload), tmp_path / "out"
    argv = {"remux": lambda: F.remux_argv(src, dst),
            "transcode": lambda: F.transcode_argv(src, dst),
            "poster": lambda: F.poster_argv(src, dst, at_seconds=0, width=64)}[builder]()
    start = time.monotonic()
    with pytest.raises(F.FFmpegError) as err:
        F.run(argv, timeout=10)
    assert not isinstance(err.value, F.FFmpegTimeout)
    assert time.monotonic() - start < 5
    assert not dst.exists()


@pytest.mark.parametrize("content", [
    HLS.format(target="file:///etc/passwd"),
    "ffconcat version 1.0\nfile '/etc/passwd'\n",
])
def test_playlists_naming_etc_passwd(tmp_path, content):
    path = tmp_path / "upload.mp4"
    path.write_text(content)
    probe_fails_fast(path)
    refused_as_not_a_video(path)


def _strace_ok() -> bool:
    """strace is installed and ptrace is permitted here."""
    if shutil.which("strace") is None:
        return False
    done = subprocess.run(["strace", "-f", "-qq", "-o", "/dev/null", "true"],
                          capture_output=True, stdin=subprocess.DEVNULL)
    return done.returncode == 0


@pytest.mark.skipif(not _strace_ok(), reason="strace missing or ptrace not permitted")
def test_strace_shows_only_the_upload_is_opened(tmp_path):
    secret = tmp_path / "secret.ts"
    secret.write_bytes(b"\x47" * 188 * 10)  # a plausible MPEG-TS segment that exists
    path = tmp_path / "upload.mp4"
    path.write_text(HLS.format(target=secret) + "#EXTINF:2.0,\nfile:///etc/passwd\n")
    log = tmp_path / "trace.log"
    trace = ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2,stat,newfstatat,access",
             "-o", str(log)]
    with pytest.raises(F.FFmpegError):
        F.run(trace + F.probe_argv(path), timeout=20)
    calls = log.read_text()
    assert str(path) in calls  # the trace works: the upload itself was opened
    assert str(secret) not in calls
    assert "/etc/passwd" not in calls
    # and the unsafe baseline would have opened the segment:
    baseline = tmp_path / "baseline.log"
    trace[-1] = str(baseline)
    path.write_text(HLS.format(target=secret))
    try:
        F.run(trace + unrestricted_probe_argv(path), timeout=20)
    except F.FFmpegError:
        pass
    assert str(secret) in baseline.read_text()
