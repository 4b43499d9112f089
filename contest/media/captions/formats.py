"""Caption files (WebVTT or SRT): checked and converted to a clean WebVTT. Pure: no Flask, no database.

pysubs2 reads the cues (timings and text). Before it does, blocks that are not cues are dropped —
the header text after "WEBVTT", NOTE comments, STYLE and REGION blocks, cue identifiers and cue
settings — because they can carry anything (an author's name would break blind judging) and
pysubs2 would otherwise fold them into the previous cue's text.

The result keeps WebVTT's own inline markup (<b>, <i>, <u>, <c>, <v>, <lang>, <ruby>, <rt>,
timestamps); any other tag (<font>, <script>, <div>, ...) is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pysubs2
from pysubs2.formats.webvtt import WebVTTFormat

MAX_BYTES = 512 * 1024
EXTENSIONS = ("vtt", "srt")
LANGUAGES = ("id", "en")  # Indonesian first (the default track), English optional
DURATION_SLACK_MS = 500  # a cue may end this much after the video's probed duration

ALLOWED_TAGS = frozenset({"b", "i", "u", "c", "v", "lang", "ruby", "rt"})
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*)>")
_TIMESTAMP_TAG = re.compile(r"<(\d{2,}:)?\d{2}:\d{2}\.\d{3}>")
_ARROW = re.compile(r"-->")
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")


class CaptionProblem(Exception):
    """Why a caption file is refused: a machine code and the parameters of its message."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str  # WebVTT cue text: allowed tags kept, lines joined with "\n"


@dataclass
class Captions:
    cues: list[Cue] = field(default_factory=list)
    source_format: str = "vtt"

    def to_vtt(self):
        """The cues as a WebVTT file with nothing but the signature line before them."""
        parts = ["WEBVTT", ""]
        for cue in self.cues:
            parts.append(f"{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}")
            parts.append(cue.text)
            parts.append("")
        return "\n".join(parts)


def timestamp(ms):
    """hh:mm:ss.mmm"""
    return WebVTTFormat.ms_to_timestamp(int(ms))


def decode(data):
    """UTF-8 text (a byte-order mark is allowed); line endings normalised to \\n."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaptionProblem("caption_bad_encoding") from error
    if "\x00" in text:
        raise CaptionProblem("caption_bad_encoding")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_vtt(text):
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))


def _cue_blocks(text, *, vtt):
    """Only the cue blocks, each reduced to its timing line (without settings) and its text lines."""
    blocks = _BLOCK_SPLIT.split(text.strip("\n"))
    if vtt:
        blocks = blocks[1:]  # the header: "WEBVTT" and whatever text follows it
    kept = []
    for block in blocks:
        lines = block.split("\n")
        if vtt and lines[0].split(" ", 1)[0].split("\t", 1)[0] in _SKIPPED_BLOCKS:
            continue
        timing = next((i for i, line in enumerate(lines) if _ARROW.search(line)), None)
        if timing is None:
            if kept and not vtt:  # SRT: a blank line inside a cue's text
                kept[-1] += "\n" + block
                continue
            raise CaptionProblem("caption_unreadable", line=lines[0][:60])
        start, _, end = lines[timing].partition("-->")
        end = end.strip().split()[0] if end.strip() else ""
        kept.append("\n".join([f"{start.strip()} --> {end}", *lines[timing + 1:]]))
    return kept


def _check_markup(text):
    """Refuses tags WebVTT does not define; escapes a lone "<" so the file stays valid."""
    out, pos = [], 0
    for match in re.finditer(r"<", text):
        if match.start() < pos:
            continue
        rest = text[match.start():]
        stamp = _TIMESTAMP_TAG.match(rest)
        tag = _TAG.match(rest)
        if stamp:
            length = stamp.end()
        elif tag:
            name = tag.group(2)
            if name.lower() not in ALLOWED_TAGS or name != name.lower():
                raise CaptionProblem("caption_markup", tag=f"<{name}>")
            length = tag.end()
        elif re.match(r"</?[A-Za-z!?]", rest):
            raise CaptionProblem("caption_markup", tag=rest[:12].split(">")[0] + ">")
        else:
            out.append(text[pos:match.start()] + "&lt;")
            pos = match.start() + 1
            continue
        out.append(text[pos:match.start() + length])
        pos = match.start() + length
    out.append(text[pos:])
    return "".join(out)


def parse(data, *, filename="", max_bytes=MAX_BYTES):
    """Captions from the bytes of a .vtt or .srt file; raises CaptionProblem with a code."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in EXTENSIONS:
        raise CaptionProblem("caption_bad_type", ext=ext)
    if len(data) > max_bytes:
        raise CaptionProblem("caption_too_large", size_kb=len(data) // 1024, max_kb=max_bytes // 1024)
    text = decode(data)
    if not text.strip():
        raise CaptionProblem("caption_empty")
    vtt = _is_vtt(text)
    if ext == "vtt" and not vtt:
        raise CaptionProblem("caption_unreadable", line=text.strip().split("\n", 1)[0][:60])
    blocks = _cue_blocks(text, vtt=vtt)
    if not blocks:
        raise CaptionProblem("caption_empty")
    fmt = "vtt" if vtt else "srt"
    source = ("WEBVTT\n\n" if vtt else "") + "\n\n".join(
        f"{i}\n{block}" if not vtt else block for i, block in enumerate(blocks, 1)) + "\n"
    try:
        subs = pysubs2.SSAFile.from_string(source, format_=fmt, keep_html_tags=True)
    except Exception as error:  # pysubs2 raises several kinds on malformed input
        raise CaptionProblem("caption_unreadable", line="") from error
    if len(subs) != len(blocks):  # a timing line pysubs2 could not read
        bad = next((b for b in blocks if len(WebVTTFormat.TIMESTAMP.findall(b.split("\n")[0])) != 2
                    and len(pysubs2.formats.subrip.SubripFormat.TIMESTAMP.findall(b.split("\n")[0])) != 2),
                   blocks[0])
        raise CaptionProblem("caption_unreadable", line=bad.split("\n")[0][:60])
    cues = []
    for event in subs:
        body = event.text.replace("\\N", "\n").replace("\\n", "\n").strip()
        body = "\n".join(line for line in body.split("\n") if line.strip())
        if not body:
            continue
        if event.start < 0 or event.end <= event.start:
            raise CaptionProblem("caption_bad_timing", start=timestamp(max(event.start, 0)),
                                 end=timestamp(max(event.end, 0)))
        cues.append(Cue(event.start, event.end, _check_markup(body)))
    if not cues:
        raise CaptionProblem("caption_empty")
    cues.sort(key=lambda c: (c.start_ms, c.end_ms))
    return Captions(cues, fmt)


def check_duration(captions, duration_s):
    """Every cue must end within the video (plus a little slack for rounding)."""
    limit = round(duration_s * 1000) + DURATION_SLACK_MS
    for cue in captions.cues:
        if cue.end_ms > limit:
            raise CaptionProblem("caption_outside_video", at=timestamp(cue.end_ms),
                                 duration=timestamp(round(duration_s * 1000)))
    return captions


def convert(data, *, filename, duration_s, max_bytes=MAX_BYTES):
    """Bytes of an uploaded caption file -> clean WebVTT text (or CaptionProblem)."""
    return check_duration(parse(data, filename=filename, max_bytes=max_bytes), duration_s).to_vtt()


def plain_text(cue_text):
    """A cue's words without markup (for the transcript)."""
    text = _TIMESTAMP_TAG.sub("", cue_text)
    text = re.sub(r"<rt>.*?</rt>", "", text, flags=re.DOTALL)
    text = _TAG.sub("", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&nbsp;", "\u00a0")


def transcript(vtt_text):
    """[(start_ms, plain text)] from a stored (already clean) WebVTT file."""
    captions = parse(vtt_text.encode("utf-8"), filename="x.vtt", max_bytes=len(vtt_text.encode()) + 1)
    return [(cue.start_ms, plain_text(cue.text)) for cue in captions.cues]
