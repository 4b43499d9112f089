"""The HLS ladder, pure: which renditions a video gets, H.264 levels, playlists in and out.

No Flask, no database, no ffmpeg-python (tests/test_purity.py): the encoder's argv is built in
hls/encode.py, the build runs in hls/build.py. Follows Apple's HLS authoring
specification: H.264/AAC, keyframes every KEYFRAME_SECONDS in every rendition (so segments of
all renditions start at the same instants), segments of at most SEGMENT_SECONDS, a master
playlist whose BANDWIDTH is the peak segment bit rate, with AVERAGE-BANDWIDTH, RESOLUTION,
CODECS and FRAME-RATE, and captions as a WebVTT subtitle group.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

SEGMENT_SECONDS = 2  # ≤ 6 s (Apple suggests 6): a first 360p segment of ~150 KB starts in
                     # under 2 s at 1.5 Mbit/s, where 4 s segments measured 3.7 s (bench_streaming.py)
KEYFRAME_SECONDS = 2  # divides SEGMENT_SECONDS: every segment starts on a shared keyframe
MAX_FPS = 30  # the ladder is for phones; a 50/60 fps source is halved
SUBTITLE_GROUP = "subs"
INIT_NAME = "init.mp4"
PLAYLIST_NAME = "index.m3u8"
ENCODER_MASTER = "ffmpeg-master.m3u8"  # ffmpeg's own master: read for CODECS, never served

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


@dataclass(frozen=True)
class Rung:
    """One step of the ladder: the shorter side in pixels and the bit rate caps (kbit/s)."""

    name: str
    short_side: int
    video_kbps: int
    audio_kbps: int
    profile: str  # x264 profile: main up to 540p (older phones), high above


RUNGS = (
    Rung("360p", 360, 700, 96, "main"),
    Rung("540p", 540, 1400, 96, "main"),
    Rung("720p", 720, 2500, 128, "high"),
    Rung("1080p", 1080, 4500, 128, "high"),
)
RUNG_NAMES = tuple(r.name for r in RUNGS)


@dataclass(frozen=True)
class Rendition:
    """A rung sized for one source: output width and height (even, aspect kept)."""

    rung: Rung
    width: int
    height: int

    @property
    def name(self):
        return self.rung.name


def _even(x):
    return max(2, int(round(x / 2.0)) * 2)


def ladder_for(width, height):
    """The renditions for a source of width×height (displayed): every rung up to its size.

    A source smaller than the lowest rung gets one rendition at its own size; 1080p only when
    the source has it. Portrait videos count the shorter side too (360p = 360 px wide).
    """
    width, height = int(width), int(height)
    short = min(width, height)
    chosen = [r for r in RUNGS if r.short_side <= short] or [RUNGS[0]]
    out = []
    for rung in chosen:
        side = min(rung.short_side, short)
        scale = side / short
        out.append(Rendition(rung, _even(width * scale), _even(height * scale)))
    return out


def output_fps(source_fps):
    """Frames per second of the ladder: the source's, halved while above MAX_FPS."""
    fps = float(source_fps or 0) or 30.0
    while fps > MAX_FPS + 0.5:
        fps /= 2
    return fps


# (level, max macroblocks per frame, max macroblocks per second) — H.264 Table A-1
_LEVELS = (("3.0", 1620, 40500), ("3.1", 3600, 108000), ("3.2", 5120, 216000),
           ("4.0", 8192, 245760), ("4.2", 8704, 522240), ("5.0", 22080, 589824),
           ("5.1", 36864, 983040))


def h264_level(width, height, fps):
    """The lowest H.264 level whose frame size and macroblock rate allow width×height at fps."""
    blocks = math.ceil(width / 16) * math.ceil(height / 16)
    for level, max_fs, max_mbps in _LEVELS:
        if blocks <= max_fs and blocks * fps <= max_mbps:
            return level
    return _LEVELS[-1][0]


def gop_frames(fps):
    """Frames between keyframes: KEYFRAME_SECONDS at fps."""
    return max(1, int(round(fps * KEYFRAME_SECONDS)))


# ---------------------------------------------------------------- reading what ffmpeg wrote

_ATTR = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')


def parse_attributes(text):
    """`A=1,B="x,y"` → {"A": "1", "B": "x,y"}."""
    return {key: value.strip('"') for key, value in _ATTR.findall(text)}


def parse_master(text):
    """{variant URI: attributes} of the EXT-X-STREAM-INF lines of a master playlist."""
    variants, pending = {}, None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXT-X-STREAM-INF:"):
            pending = parse_attributes(line.split(":", 1)[1])
        elif line and not line.startswith("#") and pending is not None:
            variants[line] = pending
            pending = None
    return variants


def parse_media_playlist(text):
    """[(duration seconds, segment URI)] of a media playlist, and the EXT-X-MAP URI (or None)."""
    segments, duration, init = [], None, None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXTINF:"):
            duration = float(line.split(":", 1)[1].split(",", 1)[0])
        elif line.startswith("#EXT-X-MAP:"):
            init = parse_attributes(line.split(":", 1)[1]).get("URI")
        elif line and not line.startswith("#") and duration is not None:
            segments.append((duration, line))
            duration = None
    return segments, init


def bit_rates(segments):
    """(peak, average) bit/s of [(duration, bytes)]: Apple's BANDWIDTH and AVERAGE-BANDWIDTH."""
    timed = [(d, b) for d, b in segments if d > 0]
    if not timed:
        return 0, 0
    peak = max(b * 8 / d for d, b in timed)
    average = sum(b for _, b in timed) * 8 / sum(d for d, _ in timed)
    return int(math.ceil(peak)), int(math.ceil(average))


# ---------------------------------------------------------------- what the player reads


def master_playlist(variants, subtitles=()):
    """The master playlist text.

    variants: dicts with uri, bandwidth, average_bandwidth, width, height, codecs, frame_rate,
    listed lowest first (the first one listed is where a player starts: quick on a slow phone).
    subtitles: (language, uri) pairs, the first one the default.
    """
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for n, (language, uri) in enumerate(subtitles):
        name = LANGUAGE_NAMES.get(language, language)
        lines.append(f'#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="{SUBTITLE_GROUP}",NAME="{name}",'
                     f'LANGUAGE="{language}",DEFAULT={"YES" if n == 0 else "NO"},AUTOSELECT=YES,'
                     f'FORCED=NO,URI="{uri}"')
    for v in sorted(variants, key=lambda v: v["bandwidth"]):
        attrs = (f'BANDWIDTH={int(v["bandwidth"])},AVERAGE-BANDWIDTH={int(v["average_bandwidth"])},'
                 f'CODECS="{v["codecs"]}",RESOLUTION={int(v["width"])}x{int(v["height"])},'
                 f'FRAME-RATE={float(v["frame_rate"]):.3f}')
        if subtitles:
            attrs += f',SUBTITLES="{SUBTITLE_GROUP}"'
        lines += [f"#EXT-X-STREAM-INF:{attrs}", v["uri"]]
    return "\n".join(lines) + "\n"


def subtitle_playlist(duration, uri):
    """A VOD media playlist whose one segment is the whole WebVTT file."""
    seconds = max(float(duration or 0), 0.001)
    return "\n".join(["#EXTM3U", "#EXT-X-VERSION:3", f"#EXT-X-TARGETDURATION:{math.ceil(seconds)}",
                      "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-PLAYLIST-TYPE:VOD",
                      f"#EXTINF:{seconds:.3f},", uri, "#EXT-X-ENDLIST"]) + "\n"


_SERVED = re.compile(r"^(?:index\.m3u8|init(?:_\d{1,2})?\.mp4|seg_\d{3,6}\.m4s)$")


def is_served_name(rendition, name):
    """True for the file names a ladder folder holds (the URL names nothing else)."""
    return rendition in RUNG_NAMES and bool(_SERVED.match(name))
