"""Fixtures that generate small real media files with the system ffmpeg (cached per session)."""
from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from tests.media.helpers import ffmpeg_help

_VCODEC_ARGS = {
    "libx264": ["-preset", "ultrafast"],
    "libx265": ["-preset", "ultrafast", "-x265-params", "log-level=error"],
    "libvpx-vp9": ["-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"],
    "mpeg2video": [],
    "mjpeg": [],
}
_DEFAULT_ACODEC = {"webm": "libopus", "mkv": "aac", "mp4": "aac", "mov": "aac", "m4a": "aac"}


def _ffmpeg(*args: str) -> None:
    """Run the real ffmpeg to make a fixture (our runner is what is under test)."""
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                   check=True, stdin=subprocess.DEVNULL, timeout=60)


@pytest.fixture(autouse=True)
def _clean_state():
    """The media core touches no database: skip the suite-wide per-test table cleanup."""
    yield


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    """A per-session scratch folder for generated media."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def make_clip(media_dir):
    """Factory: make_clip(**params) -> Path of a generated clip, cached per parameters."""
    cache: dict[str, Path] = {}
    display_rotation = "display_rotation" in ffmpeg_help()

    def make(duration: float = 2, width: int = 320, height: int = 240, *,
             vcodec: str = "libx264", pix_fmt: str = "yuv420p", audio: bool = True,
             acodec: str | None = None, video: bool = True, container: str = "mp4",
             rotate: int | None = None, vfr: bool = False, fps: int = 25,
             metadata: dict | None = None, faststart: bool = False) -> Path:
        params = dict(locals())
        params.pop("make", None)
        key = hashlib.sha1(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
        if key in cache:
            return cache[key]
        out = media_dir / f"clip-{key[:12]}.{container}"
        args: list[str] = []
        if video:
            args += ["-f", "lavfi", "-i",
                     f"testsrc2=size={width}x{height}:rate={fps}:duration={duration}"]
        if audio:
            args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={duration}"]
        if video:
            if vfr:  # drop every third frame: 40 ms and 80 ms gaps, like phone footage
                args += ["-vf", "select='not(eq(mod(n,3),0))'", "-fps_mode", "vfr"]
            args += ["-c:v", vcodec, *_VCODEC_ARGS.get(vcodec, []), "-pix_fmt", pix_fmt]
        if audio:
            args += ["-c:a", acodec or _DEFAULT_ACODEC[container]]
        for k, v in (metadata or {}).items():
            args += ["-metadata", f"{k}={v}"]
        if faststart:
            args += ["-movflags", "+faststart"]
        if video and audio:
            args += ["-shortest"]
        if not rotate:
            _ffmpeg(*args, str(out))
        else:
            plain = media_dir / f"plain-{key[:12]}.{container}"
            _ffmpeg(*args, str(plain))
            if display_rotation:  # ffmpeg 6+: input option, counter-clockwise degrees
                _ffmpeg("-display_rotation", str(rotate), "-i", str(plain), "-c", "copy",
                        "-map", "0", str(out))
            else:  # ffmpeg 5.x: the rotate tag (clockwise) becomes a display matrix
                _ffmpeg("-i", str(plain), "-c", "copy", "-map", "0",
                        "-metadata:s:v", f"rotate={rotate}", str(out))
        cache[key] = out
        return out

    return make


@pytest.fixture(scope="session")
def make_file(media_dir):
    """Factory: make_file(name, content: bytes) -> Path with exactly that content."""

    def make(name: str, content: bytes) -> Path:
        path = media_dir / name
        path.write_bytes(content)
        return path

    return make


@pytest.fixture(scope="session")
def truncated(media_dir, make_clip):
    """Factory: truncated(faststart) -> the first half of a 4 s H.264 MP4."""

    def make(faststart: bool) -> Path:
        src = make_clip(duration=4, faststart=faststart)
        out = media_dir / f"half-{'fs' if faststart else 'end'}.mp4"
        data = src.read_bytes()
        out.write_bytes(data[: len(data) // 2])
        return out

    return make
