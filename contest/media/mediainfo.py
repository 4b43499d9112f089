"""Turn ffprobe JSON into MediaInfo: rotation-aware size, codecs, image/truncation hints."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

# Demuxers allowed to open an upload (refuses hls, concat, image2, *_pipe, ... at once).
FORMAT_WHITELIST = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm"
IMAGE_FORMATS = frozenset({"image2", "gif", "apng", "webp", "png", "jpeg", "bmp", "tiff"})
_TEN_BIT = re.compile(r"p0?1[0-6]")  # yuv420p10le, p010le, yuv422p12le, ... (not yuv410p)
IMAGE_CODECS = frozenset({"png", "mjpeg", "jpegls", "bmp", "gif", "webp", "tiff", "apng",
                          "jpeg2000", "jpegxl", "heif", "avif", "qoi", "pam", "ppm", "pgm"})


@dataclass(frozen=True)
class MediaInfo:
    """What validation and the pipeline need to know about a probed file."""

    format_name: str
    duration: float | None
    size: int | None
    has_video: bool
    has_audio: bool
    video_codec: str | None = None
    pix_fmt: str | None = None
    profile: str | None = None
    width: int | None = None  # as displayed (rotation applied)
    height: int | None = None  # as displayed (rotation applied)
    coded_width: int | None = None
    coded_height: int | None = None
    rotation: int = 0  # degrees in [0, 360), as reported by the container
    audio_codec: str | None = None
    frame_rate: float | None = None  # avg_frame_rate
    variable_frame_rate: bool = False
    ten_bit: bool = False
    is_image: bool = False
    truncated: bool = False  # the container indexes more media bytes than the file holds
    bit_rate: int | None = None

    @property
    def short_side(self) -> int | None:
        """The smaller displayed dimension."""
        return None if self.width is None or self.height is None else min(self.width, self.height)


def _num(value, kind=float):
    """Parse an ffprobe number (string, 'N/A' or missing) into kind or None."""
    try:
        result = kind(float(value)) if kind is int else kind(value)
    except (TypeError, ValueError):
        return None
    return result if kind is int or math.isfinite(result) else None


def _rate(value) -> float | None:
    """'30000/1001' -> 29.97; '0/0' or junk -> None."""
    try:
        rate = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None
    return float(rate) if rate > 0 else None


def _rotation(stream: dict) -> int:
    """Display rotation in degrees [0, 360) from side data (ffmpeg 5+) or the rotate tag."""
    raw = None
    for side in stream.get("side_data_list") or []:
        if isinstance(side, dict) and "rotation" in side:
            raw = side["rotation"]
            break
    if raw is None:
        raw = (stream.get("tags") or {}).get("rotate")
    value = _num(raw)
    return 0 if value is None else int(round(value)) % 360


def _is_attached_picture(stream: dict) -> bool:
    """Cover art / thumbnails are video streams that are not the video."""
    return bool((stream.get("disposition") or {}).get("attached_pic"))


def _expected_media_bytes(streams: list[dict], fallback_duration: float | None) -> float:
    """Bytes the container's index promises (sum of stream bit_rate x duration), 0 if unknown."""
    total = 0.0
    for stream in streams:
        rate = _num(stream.get("bit_rate"))
        duration = _num(stream.get("duration")) or fallback_duration
        if rate and duration:
            total += rate * duration / 8
    return total


def parse_probe(data: dict) -> MediaInfo:
    """Turn ffprobe JSON (-show_format -show_streams) into a MediaInfo."""
    fmt = data.get("format") or {}
    streams = [s for s in data.get("streams") or [] if isinstance(s, dict)]
    format_name = str(fmt.get("format_name") or "")
    videos = [s for s in streams
              if s.get("codec_type") == "video" and not _is_attached_picture(s)]
    audios = [s for s in streams if s.get("codec_type") == "audio"]
    video = videos[0] if videos else None
    audio = audios[0] if audios else None

    duration = _num(fmt.get("duration"))
    if not duration or duration <= 0:
        candidates = [_num(s.get("duration")) for s in (video, audio) if s]
        duration = max([c for c in candidates if c and c > 0], default=None)
    size = _num(fmt.get("size"), int)

    width = height = coded_w = coded_h = None
    rotation = 0
    frame_rate = None
    vfr = ten_bit = False
    is_image = format_name in IMAGE_FORMATS or format_name.endswith("_pipe")
    if video:
        coded_w, coded_h = _num(video.get("width"), int), _num(video.get("height"), int)
        rotation = _rotation(video)
        width, height = coded_w, coded_h
        if rotation in (90, 270):
            width, height = coded_h, coded_w
        frame_rate = _rate(video.get("avg_frame_rate"))
        real_rate = _rate(video.get("r_frame_rate"))
        vfr = bool(frame_rate and real_rate and abs(frame_rate - real_rate) > 0.01 * real_rate)
        pix_fmt = str(video.get("pix_fmt") or "")
        ten_bit = bool(_TEN_BIT.search(pix_fmt)) or str(video.get("bits_per_raw_sample")) == "10"
        frames = _num(video.get("nb_frames"), int)
        single = frames <= 1 if frames is not None else not duration
        if video.get("codec_name") in IMAGE_CODECS and single:
            is_image = True

    expected = _expected_media_bytes([s for s in (video, audio) if s], duration)
    truncated = bool(size is not None and expected > 64 * 1024 and size < 0.85 * expected)

    return MediaInfo(
        format_name=format_name, duration=duration, size=size,
        has_video=video is not None, has_audio=audio is not None,
        video_codec=video.get("codec_name") if video else None,
        pix_fmt=video.get("pix_fmt") if video else None,
        profile=video.get("profile") if video else None,
        width=width, height=height, coded_width=coded_w, coded_height=coded_h,
        rotation=rotation, audio_codec=audio.get("codec_name") if audio else None,
        frame_rate=frame_rate, variable_frame_rate=vfr, ten_bit=ten_bit,
        is_image=is_image, truncated=truncated, bit_rate=_num(fmt.get("bit_rate"), int))
