"""Run ffmpeg/ffprobe safely on untrusted files: argv builders, a limited runner, probe."""
from __future__ import annotations

import collections
import ctypes
import json
import math
import os
import resource
import signal
import subprocess
import threading

import ffmpeg as ffmpeg_lib  # ffmpeg-python: used only to build argv lists, never to run them

from contest.media.mediainfo import FORMAT_WHITELIST, MediaInfo, parse_probe

__all__ = ["FFmpegError", "FFmpegTimeout", "FORMAT_WHITELIST", "MediaInfo", "extract_poster",
           "parse_probe", "poster_argv", "probe", "probe_argv", "remux", "remux_argv", "run",
           "transcode", "transcode_argv"]

FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"
PROTOCOL_WHITELIST = "file"
GiB = 1024 ** 3
MiB = 1024 ** 2
STDERR_TAIL_BYTES = 16 * 1024
MAX_STDOUT_BYTES = 32 * MiB
PROGRESS_PERIOD = "0.25"  # seconds between -progress reports


class FFmpegError(RuntimeError):
    """ffmpeg/ffprobe exited non-zero (or could not start); carries the stderr tail."""

    def __init__(self, message: str, *, returncode: int | None = None, stderr: str = ""):
        super().__init__(message)
        self.returncode = returncode
        self.stderr = stderr


class FFmpegTimeout(FFmpegError):
    """The process group outlived its wall-clock timeout and was killed."""


# ---------------------------------------------------------------- running


def _capped(which: int, soft: int, hard: int) -> tuple[int, int]:
    """(soft, hard) no higher than the current hard limit, so an unprivileged parent works."""
    current = resource.getrlimit(which)[1]
    if current == resource.RLIM_INFINITY:
        return soft, hard
    return min(soft, current), min(hard, current)


def _limits(cpu_seconds: int, memory_bytes: int, max_file_bytes: int):
    """Return a preexec_fn applying the limits (computed here, in the parent)."""
    limits = [
        (resource.RLIMIT_AS, _capped(resource.RLIMIT_AS, memory_bytes, memory_bytes)),
        (resource.RLIMIT_CPU, _capped(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 5)),
        (resource.RLIMIT_FSIZE, _capped(resource.RLIMIT_FSIZE, max_file_bytes, max_file_bytes)),
        (resource.RLIMIT_CORE, (0, 0)),
    ]

    parent = os.getpid()

    def apply() -> None:
        for which, pair in limits:
            resource.setrlimit(which, pair)
        _die_with_parent(parent)

    return apply


_PR_SET_PDEATHSIG = 1
# Linux only: a killed worker must not leave its encoder running (its own session escapes killpg).
_LIBC = ctypes.CDLL(None, use_errno=True)


def _die_with_parent(parent: int) -> None:
    """In the child: get SIGKILL when the parent dies; exit now if it already has."""
    _LIBC.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _child_env() -> dict[str, str]:
    """A minimal environment: PATH to find the binaries, C locale, few malloc arenas (RLIMIT_AS)."""
    return {"PATH": os.pathsep.join(os.get_exec_path()), "LC_ALL": "C",
            "MALLOC_ARENA_MAX": "4"}


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the child's whole process group (it leads its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _with_progress_args(argv: list[str]) -> list[str]:
    """Insert `-progress pipe:1 -nostats` right after the program name unless present."""
    if "-progress" in argv:
        return list(argv)
    return [argv[0], "-progress", "pipe:1", "-nostats", "-stats_period", PROGRESS_PERIOD,
            *argv[1:]]


def _parse_progress_line(line: str) -> float | None:
    """Seconds done from one `-progress` line (out_time_ms is microseconds too), else None.

    Other keys (frame=, speed=, progress=continue|end) carry no new time and are skipped.
    """
    key, _, value = line.strip().partition("=")
    if key in ("out_time_us", "out_time_ms"):
        try:
            return int(value) / 1_000_000
        except ValueError:
            return None
    return None


def run(argv: list[str], *, timeout: float, cpu_seconds: int | None = None,
        memory_bytes: int = 4 * GiB, max_file_bytes: int = 8 * GiB,
        progress_cb=None, stderr_bytes: int = STDERR_TAIL_BYTES) -> subprocess.CompletedProcess:
    """Run argv (no shell) in a new session with rlimits; kill the group on timeout.

    Only the last stderr_bytes of stderr are kept (analysis filters log what they find there).
    """
    argv = [str(a) for a in argv]
    if progress_cb is not None:
        argv = _with_progress_args(argv)
    if cpu_seconds is None:
        cpu_seconds = int(math.ceil(timeout * (os.cpu_count() or 1))) + 1
    try:
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True, close_fds=True, env=_child_env(),
            preexec_fn=_limits(int(cpu_seconds), int(memory_bytes), int(max_file_bytes)))
    except (OSError, subprocess.SubprocessError) as exc:
        raise FFmpegError(f"cannot start {argv[0]}: {exc}") from exc

    timed_out = threading.Event()

    def on_deadline() -> None:
        if proc.returncode is None:  # not yet reaped, so the group id is still ours
            timed_out.set()
            _kill_group(proc)

    stderr_tail: collections.deque[bytes] = collections.deque()
    stdout_chunks: list[bytes] = []
    overflow = threading.Event()

    def drain_stderr() -> None:
        size = 0
        for chunk in iter(lambda: proc.stderr.read1(4096), b""):
            stderr_tail.append(chunk)
            size += len(chunk)
            while size - len(stderr_tail[0]) >= stderr_bytes:
                size -= len(stderr_tail.popleft())

    watchdog = threading.Timer(timeout, on_deadline)
    watchdog.daemon = True
    reader = threading.Thread(target=drain_stderr, daemon=True)
    watchdog.start()
    reader.start()
    try:
        if progress_cb is None:
            total = 0
            for chunk in iter(lambda: proc.stdout.read1(65536), b""):
                total += len(chunk)
                if total > MAX_STDOUT_BYTES:
                    overflow.set()
                    _kill_group(proc)
                    break
                stdout_chunks.append(chunk)
        else:
            last = -1.0
            for raw in proc.stdout:
                line = raw.decode("ascii", "replace")
                seconds = _parse_progress_line(line)
                if seconds is not None and seconds > last:
                    last = seconds
                    progress_cb(seconds)
        proc.wait()
    finally:
        watchdog.cancel()
        if proc.poll() is None:  # progress_cb raised, or we were interrupted: leave nothing behind
            _kill_group(proc)
            proc.wait()
        reader.join(timeout=5)
        proc.stdout.close()
        proc.stderr.close()
    stderr = b"".join(stderr_tail).decode("utf-8", "replace")
    if timed_out.is_set():
        raise FFmpegTimeout(f"{argv[0]} timed out after {timeout}s", returncode=proc.returncode,
                            stderr=stderr)
    if overflow.is_set():
        raise FFmpegError(f"{argv[0]} wrote more than {MAX_STDOUT_BYTES} bytes to stdout",
                          returncode=proc.returncode, stderr=stderr)
    if proc.returncode != 0:
        tail = stderr.strip().splitlines()[-1:] or [""]
        raise FFmpegError(f"{argv[0]} exited {proc.returncode}: {tail[0]}",
                          returncode=proc.returncode, stderr=stderr)
    return subprocess.CompletedProcess(argv, 0, b"".join(stdout_chunks), stderr)


# ---------------------------------------------------------------- argv builders


def _file_url(path) -> str:
    """Absolute `file:` URL for a server-generated path (never a bare or relative name)."""
    return "file:" + os.path.abspath(os.fspath(path))


def _input(src, **options):
    """An ffmpeg-python input restricted to the allowed demuxers and the file protocol."""
    return ffmpeg_lib.input(_file_url(src), format_whitelist=FORMAT_WHITELIST,
                            protocol_whitelist=PROTOCOL_WHITELIST, **options)


def _output(*streams_and_target, **options):
    """ffmpeg-python's output node, for argv builders beside this module (hls/encode.py)."""
    return ffmpeg_lib.output(*streams_and_target, **options)


def _compile(stream) -> list[str]:
    """Compile an ffmpeg-python graph with our global options first."""
    return ffmpeg_lib.compile(stream.overwrite_output(),
                              cmd=[FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error"])


_NO_METADATA = {"map_metadata": -1, "map_metadata:s:v": -1, "map_metadata:s:a": -1,
                "map_chapters": -1}


def probe_argv(path) -> list[str]:
    """ffprobe argv printing format+streams as JSON, allowed demuxers and file protocol only."""
    return [FFPROBE, "-hide_banner", "-v", "error",  # ffprobe has no -nostdin; stdin is DEVNULL
            "-format_whitelist", FORMAT_WHITELIST, "-protocol_whitelist", PROTOCOL_WHITELIST,
            "-print_format", "json", "-show_format", "-show_streams", _file_url(path)]


def poster_argv(src, dst, *, at_seconds: float, width: int,
                keyframes_only: bool = False) -> list[str]:
    """One autorotated JPEG frame at at_seconds (input seek), at most width px wide.

    keyframes_only: the first keyframe at or after at_seconds, decoding nothing in between
    (a long GOP otherwise costs a decode of every frame since the previous keyframe).
    """
    skip = {"skip_frame": "nokey"} if keyframes_only else {}
    inp = _input(src, ss=f"{max(0.0, float(at_seconds)):.3f}", **skip)
    video = inp["V:0"].filter("scale", w=f"trunc(min(iw,{int(width)})/2)*2", h=-2)
    out = ffmpeg_lib.output(video, _file_url(dst), f="image2", update=1, **{
        "frames:v": 1, "c:v": "mjpeg", "q:v": 3, **_NO_METADATA})
    return _compile(out)


def remux_argv(src, dst) -> list[str]:
    """Copy the first video (+ first audio if any) into faststart MP4 with metadata stripped."""
    inp = _input(src)
    out = ffmpeg_lib.output(inp["V:0"], inp["a:0?"], _file_url(dst), c="copy", f="mp4",
                            movflags="+faststart", **_NO_METADATA)
    return _compile(out)


def transcode_argv(src, dst, *, max_height: int = 1080, preset: str = "veryfast") -> list[str]:
    """H.264/AAC faststart MP4, shorter side at most max_height, even dims, no metadata."""
    limit = int(max_height)
    # Autorotation runs before this filter, so iw/ih are the displayed dimensions.
    w = f"if(lte(iw,ih),trunc(min(iw,{limit})/2)*2,-2)"
    h = f"if(gt(iw,ih),trunc(min(ih,{limit})/2)*2,-2)"
    inp = _input(src)
    video = inp["V:0"].filter("scale", w=w, h=h).filter("format", "yuv420p")
    out = ffmpeg_lib.output(video, inp["a:0?"], _file_url(dst), f="mp4", movflags="+faststart",
                            **{"c:v": "libx264", "preset": str(preset), "crf": 23,
                               "pix_fmt": "yuv420p", "fps_mode": "vfr", "c:a": "aac",
                               "b:a": "128k", "ac": 2, **_NO_METADATA})
    return _compile(out)


# ---------------------------------------------------------------- high-level calls


def probe(path, *, timeout: float = 30) -> dict:
    """ffprobe an untrusted file and return the parsed JSON (FFmpegError on failure)."""
    result = run(probe_argv(path), timeout=timeout, memory_bytes=2 * GiB, max_file_bytes=0)
    try:
        data = json.loads(result.stdout.decode("utf-8", "replace") or "{}")
    except ValueError as exc:
        raise FFmpegError(f"ffprobe printed invalid JSON: {exc}", stderr=result.stderr) from exc
    if not isinstance(data, dict) or "format" not in data:
        raise FFmpegError("ffprobe printed no format section", stderr=result.stderr)
    return data


def extract_poster(src, dst, *, at_seconds: float, width: int = 640, timeout: float = 30,
                   keyframes_only: bool = False) -> None:
    """Write a JPEG poster frame (see poster_argv); FFmpegError if there is no frame at T."""
    if os.path.exists(dst):
        os.unlink(dst)
    run(poster_argv(src, dst, at_seconds=at_seconds, width=width,
                    keyframes_only=keyframes_only), timeout=timeout,
        memory_bytes=2 * GiB, max_file_bytes=64 * MiB)
    if not os.path.exists(dst) or os.path.getsize(dst) == 0:  # ffmpeg exits 0 past the end
        raise FFmpegError(f"no video frame at {at_seconds}s")


def remux(src, dst, *, timeout: float = 300) -> None:
    """Stream-copy into a clean faststart MP4 (see remux_argv)."""
    limit = 2 * os.path.getsize(src) + 64 * MiB
    run(remux_argv(src, dst), timeout=timeout, memory_bytes=2 * GiB, max_file_bytes=limit)


def transcode(src, dst, *, max_height: int = 1080, timeout: float = 3600,
              memory_bytes: int = 6 * GiB, max_file_bytes: int = 8 * GiB,
              progress_cb=None, preset: str = "veryfast") -> None:
    """Re-encode to H.264/AAC MP4 (see transcode_argv), reporting seconds done."""
    run(transcode_argv(src, dst, max_height=max_height, preset=preset), timeout=timeout,
        memory_bytes=memory_bytes, max_file_bytes=max_file_bytes, progress_cb=progress_cb)
