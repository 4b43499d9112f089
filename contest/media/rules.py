"""Pure video validation: contest rules, problem codes, remux-or-transcode decision."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from contest.media.mediainfo import FORMAT_WHITELIST, MediaInfo

ALLOWED_FORMATS = frozenset(FORMAT_WHITELIST.split(","))
ALLOWED_VIDEO_CODECS = frozenset({"h264", "hevc", "vp8", "vp9", "av1", "mpeg4"})
ALLOWED_AUDIO_CODECS = frozenset({"aac", "mp3", "opus", "vorbis", "ac3", "eac3", "alac"})
ORIENTATIONS = ("landscape", "portrait", "square")
PROBLEM_CODES = ("empty", "not_a_video", "corrupt", "no_video", "no_audio", "too_short",
                 "too_long", "resolution_too_low", "wrong_orientation", "too_large",
                 "unsupported_codec", "resolution_too_high", "frame_rate_too_high")
# A phone shows 59.6 s as "1:00"; do not reject what the entrant sees as compliant.
DURATION_TOLERANCE = 0.5
# 59.94 and 60.02 fps count as 60.
FRAME_RATE_TOLERANCE = 0.01
# |w - h| within this share of the longer side counts as square (1080x1088 is square).
SQUARE_TOLERANCE = 0.01
MiB = 1024 * 1024
# ISO-BMFF brands of still images (HEIC/AVIF photos share the MP4 container).
_IMAGE_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif",
                           b"avis", b"hevc", b"hevx"})
_ISO_BOXES = frozenset({b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot"})
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"


@dataclass(frozen=True)
class VideoRules:
    """A contest's technical requirements for an entry video."""

    min_duration: float
    max_duration: float
    min_short_side: int
    orientations: frozenset[str] = frozenset(ORIENTATIONS)
    max_size_bytes: int = 500 * MiB
    audio_required: bool = True
    # Ceilings: an 8K or 240 fps file costs minutes of CPU and gigabytes of memory to transcode.
    max_long_side: int = 4096
    max_frame_rate: float = 60

    def __post_init__(self):
        """Reject rules that no video could satisfy or that name unknown orientations."""
        unknown = set(self.orientations) - set(ORIENTATIONS)
        if unknown or not self.orientations:
            raise ValueError(f"orientations must be a non-empty subset of {ORIENTATIONS}")
        if self.min_duration > self.max_duration:
            raise ValueError("min_duration is greater than max_duration")


@dataclass(frozen=True)
class Problem:
    """One reason a video is refused: a machine code plus the numbers for the message."""

    code: str
    params: dict = field(default_factory=dict)


def orientation_of(width: int, height: int) -> str:
    """'landscape', 'portrait' or 'square' for displayed dimensions."""
    if abs(width - height) <= SQUARE_TOLERANCE * max(width, height):
        return "square"
    return "landscape" if width > height else "portrait"


def sniff_container(head: bytes) -> str | None:
    """Guess from the first bytes: 'isobmff', 'matroska', 'image' (HEIC/AVIF) or None."""
    if head.startswith(_EBML_MAGIC):
        return "matroska"
    if len(head) >= 8 and head[4:8] in _ISO_BOXES:
        if head[4:8] == b"ftyp" and head[8:12] in _IMAGE_BRANDS:
            return "image"
        return "isobmff"
    return None


def classify_probe_failure(head: bytes) -> str:
    """Problem code for a file ffprobe refused: 'empty', 'corrupt' (damaged video) or 'not_a_video'.

    ffprobe's message does not tell them apart (a text file named .mp4 also gets "moov atom not
    found"), so look at the file's first bytes instead.
    """
    if not head:
        return "empty"
    return "corrupt" if sniff_container(head) in ("isobmff", "matroska") else "not_a_video"


def format_allowed(format_name: str) -> bool:
    """True when any of the demuxer's names is in the allow-list."""
    return any(name in ALLOWED_FORMATS for name in format_name.split(","))


def audio_codec_allowed(codec: str) -> bool:
    """Allow-listed audio codec (any pcm_* included)."""
    return codec in ALLOWED_AUDIO_CODECS or codec.startswith("pcm_")


def _floor1(value: float) -> float | int:
    """Round down to one decimal (an int when whole), so a message never overstates."""
    result = math.floor(value * 10 + 1e-9) / 10
    return int(result) if result == int(result) else result


def _ceil1(value: float) -> float | int:
    """Round up to one decimal (an int when whole), so a message never understates."""
    result = math.ceil(value * 10 - 1e-9) / 10
    return int(result) if result == int(result) else result


def _plain(value: float) -> float | int:
    """An int when whole, for tidy message numbers."""
    return int(value) if float(value) == int(value) else value


def _fatal(info: MediaInfo) -> Problem | None:
    """The one problem that makes every other check meaningless, if any."""
    if not format_allowed(info.format_name):
        return Problem("not_a_video", {"reason": "format", "format": info.format_name})
    if info.is_image:
        return Problem("not_a_video", {"reason": "image", "format": info.format_name})
    if not info.has_video:
        if info.has_audio:
            return Problem("no_video", {})
        return Problem("corrupt", {"reason": "no_streams"})
    if not info.duration or info.duration <= 0:
        return Problem("corrupt", {"reason": "no_duration"})
    if info.truncated:
        return Problem("corrupt", {"reason": "truncated"})
    if not info.width or not info.height:
        return Problem("corrupt", {"reason": "no_dimensions"})
    return None


def check(info: MediaInfo | None, *, size_bytes: int, rules: VideoRules,
          failure: str | None = None) -> list[Problem]:
    """Every problem that stops this file from entering the contest ([] means acceptable).

    info is None when probing failed; failure is then classify_probe_failure(first bytes).
    """
    if size_bytes <= 0:
        return [Problem("empty", {})]
    extra = []
    if size_bytes > rules.max_size_bytes:
        extra.append(Problem("too_large", {
            "size": size_bytes, "max": rules.max_size_bytes,
            "size_mb": _ceil1(size_bytes / MiB), "max_mb": _floor1(rules.max_size_bytes / MiB)}))
    if info is None:
        code = failure if failure in ("corrupt", "not_a_video") else "not_a_video"
        return [Problem(code, {"reason": "unreadable"}), *extra]
    fatal = _fatal(info)
    if fatal is not None:
        return [fatal, *extra]

    problems = []
    if info.video_codec not in ALLOWED_VIDEO_CODECS:
        problems.append(Problem("unsupported_codec", {"stream": "video",
                                                      "codec": info.video_codec or "?"}))
    if info.has_audio and not audio_codec_allowed(info.audio_codec or ""):
        problems.append(Problem("unsupported_codec", {"stream": "audio",
                                                      "codec": info.audio_codec or "?"}))
    if rules.audio_required and not info.has_audio:
        problems.append(Problem("no_audio", {}))
    if info.duration < rules.min_duration - DURATION_TOLERANCE:
        problems.append(Problem("too_short", {"duration": _floor1(info.duration),
                                              "min": _plain(rules.min_duration)}))
    if info.duration > rules.max_duration + DURATION_TOLERANCE:
        problems.append(Problem("too_long", {"duration": _ceil1(info.duration),
                                             "max": _plain(rules.max_duration)}))
    if info.short_side < rules.min_short_side:
        problems.append(Problem("resolution_too_low", {
            "width": info.width, "height": info.height, "min": rules.min_short_side}))
    if max(info.width, info.height) > rules.max_long_side:
        problems.append(Problem("resolution_too_high", {
            "width": info.width, "height": info.height, "max": rules.max_long_side}))
    if info.frame_rate and info.frame_rate > rules.max_frame_rate * (1 + FRAME_RATE_TOLERANCE):
        problems.append(Problem("frame_rate_too_high", {"fps": _ceil1(info.frame_rate),
                                                        "max": _plain(rules.max_frame_rate)}))
    actual = orientation_of(info.width, info.height)
    if actual not in rules.orientations:
        allowed = [o for o in ORIENTATIONS if o in rules.orientations]
        problems.append(Problem("wrong_orientation", {"actual": actual, "allowed": allowed,
                                                      "width": info.width,
                                                      "height": info.height}))
    return problems + extra


def needs_transcode(info: MediaInfo, *, max_short_side: int = 1080) -> bool:
    """False only for MP4/MOV + H.264 yuv420p + (AAC or no audio) within max_short_side."""
    names = set(info.format_name.split(","))
    remuxable = (
        bool(names & {"mov", "mp4"})
        and info.video_codec == "h264"
        and info.pix_fmt == "yuv420p"
        and info.audio_codec in (None, "aac")
        and info.short_side is not None
        and info.short_side <= max_short_side
    )
    return not remuxable
