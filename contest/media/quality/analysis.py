"""Pure quality report: the one-pass analysis argv, its stderr parser, warnings and policies.

One ffmpeg decode runs blackdetect + freezedetect on the picture and silencedetect + ebur128
(true peak) + astats on the sound, and writes one small frame per second for the perceptual
hash (fingerprints.py). The thresholds and the per-code policy (ignore / warn / reject) are an
edition's `quality_rules`; the defaults here are those of shared/DOMAIN.md. No Flask, no
database, no ffmpeg-python: tested directly.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field

from contest.media.mediainfo import FORMAT_WHITELIST

CODES = ("black", "frozen", "silence", "too_quiet", "too_loud", "clipping")
POLICIES = ("ignore", "warn", "reject")
DEFAULT_THRESHOLDS = {
    "black_min_s": 2.0, "black_pixel_th": 0.10,
    "frozen_min_s": 3.0, "frozen_noise_db": -60.0,
    "silence_min_s": 3.0, "silence_noise_db": -50.0,
    "quiet_below_lufs": -24.0, "loud_above_lufs": -9.0,
    "clipping_share": 0.001,
}
TARGET_LUFS = -16.0  # web renditions (EBU R128 playback target of DOMAIN.md)
TARGET_TP = -1.5
HASH_FRAME_SIZE = 128  # px square: PDQ works on a 64x64 reduction anyway
SILENT_LUFS = -70.0  # ebur128's floor: nothing to normalize
CLIP_PEAK_DB = -0.1  # "at full scale"


@dataclass(frozen=True)
class QualityRules:
    """An edition's thresholds and the policy of each warning code."""

    thresholds: dict = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    policies: dict = field(default_factory=lambda: {code: "warn" for code in CODES})

    def policy(self, code: str) -> str:
        return self.policies.get(code, "warn")


def rules_from(stored: dict | None) -> QualityRules:
    """QualityRules from an edition's stored JSON; unknown keys and bad values fall back."""
    stored = stored or {}
    thresholds = dict(DEFAULT_THRESHOLDS)
    for key, value in (stored.get("thresholds") or {}).items():
        if key in thresholds and isinstance(value, (int, float)) and math.isfinite(value):
            thresholds[key] = float(value)
    policies = {code: "warn" for code in CODES}
    for code, value in (stored.get("policies") or {}).items():
        if code in policies and value in POLICIES:
            policies[code] = value
    return QualityRules(thresholds=thresholds, policies=policies)


# ---------------------------------------------------------------- argv


def _file_url(path) -> str:
    return "file:" + os.path.abspath(os.fspath(path))


def _num(value: float) -> str:
    return f"{float(value):g}"


def analysis_argv(src, frames_dst, *, rules: QualityRules, has_audio: bool) -> list[str]:
    """One decode of src: picture and sound filters to a null output, 1 fps frames to frames_dst.

    The filters log at `info` level (the parser reads stderr); ebur128's per-frame log goes to
    `verbose` so only its summary is printed.
    """
    t = rules.thresholds
    size = HASH_FRAME_SIZE
    graph = [
        f"[0:V:0]blackdetect=d={_num(t['black_min_s'])}:pix_th={_num(t['black_pixel_th'])},"
        f"freezedetect=n={_num(t['frozen_noise_db'])}dB:d={_num(t['frozen_min_s'])},split[q][h]",
        f"[h]fps=1,scale={size}:{size}:flags=area,format=yuv420p[hv]",
    ]
    outputs = ["-map", "[q]"]
    if has_audio:
        graph.append(
            f"[0:a:0]silencedetect=n={_num(t['silence_noise_db'])}dB:d={_num(t['silence_min_s'])},"
            "ebur128=peak=true:framelog=verbose,"
            "astats=measure_perchannel=none:measure_overall=Peak_level+Number_of_samples+Peak_count"
            "[qa]")
        outputs += ["-map", "[qa]"]
    return ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info",
            "-format_whitelist", FORMAT_WHITELIST, "-protocol_whitelist", "file",
            "-i", _file_url(src), "-filter_complex", ";".join(graph),
            *outputs, "-f", "null", "-",
            "-map", "[hv]", "-c:v", "ffv1", "-map_metadata", "-1", "-f", "matroska", "-y",
            _file_url(frames_dst)]


def loudnorm_filter(loudness: dict) -> str:
    """Second pass of EBU R128 loudnorm from our ebur128 measurement (linear when it can be)."""
    lra_target = min(50.0, max(11.0, math.ceil(loudness["lra"] + 1)))  # keeps linear mode possible
    return (f"loudnorm=I={_num(TARGET_LUFS)}:TP={_num(TARGET_TP)}:LRA={_num(lra_target)}"
            f":measured_I={loudness['i']:.2f}:measured_LRA={loudness['lra']:.2f}"
            f":measured_TP={loudness['tp']:.2f}:measured_thresh={loudness['threshold']:.2f}"
            ":linear=true:print_format=none,"
            "aresample=48000,aformat=sample_rates=48000:channel_layouts=mono|stereo")


def loudnorm_argv(src, dst, *, loudness: dict) -> list[str]:
    """Copy the picture of our web rendition, re-encode only its sound at the playback target."""
    return ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
            "-format_whitelist", FORMAT_WHITELIST, "-protocol_whitelist", "file",
            "-i", _file_url(src), "-map", "0:V:0", "-map", "0:a:0",
            "-c:v", "copy", "-af", loudnorm_filter(loudness), "-c:a", "aac", "-b:a", "128k",
            "-map_metadata", "-1", "-map_chapters", "-1", "-movflags", "+faststart",
            "-f", "mp4", "-y", _file_url(dst)]


def cropdetect_argv(frames) -> list[str]:
    """Find black borders (letterbox, pillarbox) over all of our own hash frames at once."""
    return ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info",
            "-protocol_whitelist", "file", "-i", _file_url(frames),
            "-vf", "cropdetect=limit=24:round=2:reset=0", "-f", "null", "-"]


def crop_argv(frames, dst, crop: tuple[int, int, int, int]) -> list[str]:
    """Our hash frames without their borders, back at the hash size."""
    w, h, x, y = crop
    size = HASH_FRAME_SIZE
    return ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
            "-protocol_whitelist", "file", "-i", _file_url(frames),
            "-vf", f"crop={w}:{h}:{x}:{y},scale={size}:{size}:flags=area,format=yuv420p",
            "-c:v", "ffv1", "-f", "matroska", "-y", _file_url(dst)]


_CROP = re.compile(r"crop=(\d+):(\d+):(\d+):(\d+)")


def parse_crop(stderr: str, *, min_border: int = 4) -> tuple[int, int, int, int] | None:
    """The last crop cropdetect proposed, if it removes a border worth removing."""
    found = _CROP.findall(stderr)
    if not found:
        return None
    w, h, x, y = (int(v) for v in found[-1])
    size = HASH_FRAME_SIZE
    if w < size // 4 or h < size // 4 or (size - w < min_border and size - h < min_border):
        return None
    return w, h, x, y


# ---------------------------------------------------------------- parsing

_FLOAT = r"(-?(?:\d+(?:\.\d*)?|\.\d+)|-?inf|nan)"
_BLACK = re.compile(r"black_start:\s*" + _FLOAT + r"\s+black_end:\s*" + _FLOAT)
_FREEZE_START = re.compile(r"freezedetect\.freeze_start:\s*" + _FLOAT)
_FREEZE_END = re.compile(r"freezedetect\.freeze_end:\s*" + _FLOAT)
_SILENCE_START = re.compile(r"silence_start:\s*" + _FLOAT)
_SILENCE_END = re.compile(r"silence_end:\s*" + _FLOAT)
_SUMMARY = {"i": re.compile(r"^\s*I:\s*" + _FLOAT + r"\s*LUFS", re.M),
            "lra": re.compile(r"^\s*LRA:\s*" + _FLOAT + r"\s*LU\b", re.M),
            "tp": re.compile(r"^\s*Peak:\s*" + _FLOAT + r"\s*dBFS", re.M)}
_THRESHOLD = re.compile(r"Integrated loudness:\s*\n\s*I:.*\n\s*Threshold:\s*" + _FLOAT)
_ASTATS = {"peak_db": re.compile(r"Peak level dB:\s*" + _FLOAT),
           "peak_count": re.compile(r"Peak count:\s*" + _FLOAT),
           "samples": re.compile(r"Number of samples:\s*" + _FLOAT)}


def _f(text: str) -> float:
    value = float(text)
    return value if math.isfinite(value) else -math.inf


def _segments(text: str, start: re.Pattern, end: re.Pattern, duration: float | None) -> list:
    """Pairs (start, end) from start/end log lines; an open segment runs to the end."""
    events = sorted([(m.start(), "s", _f(m.group(1))) for m in start.finditer(text)]
                    + [(m.start(), "e", _f(m.group(1))) for m in end.finditer(text)])
    out, opened = [], None
    for _pos, kind, value in events:
        if kind == "s":
            opened = max(0.0, value)
        elif opened is not None:
            out.append((opened, value))
            opened = None
    if opened is not None and duration:
        out.append((opened, duration))
    return out


def parse_report(stderr: str, *, duration: float | None = None) -> dict:
    """The measurements in the analysis' stderr (see analysis_argv), as plain JSON-able data."""
    report = {
        "black": [(_f(a), _f(b)) for a, b in _BLACK.findall(stderr)],
        "frozen": _segments(stderr, _FREEZE_START, _FREEZE_END, duration),
        "silence": _segments(stderr, _SILENCE_START, _SILENCE_END, duration),
        "loudness": None, "astats": None,
    }
    summary = stderr[stderr.rfind("Summary:"):] if "Summary:" in stderr else ""
    found = {k: p.search(summary) for k, p in _SUMMARY.items()}
    threshold = _THRESHOLD.search(summary)
    if all(found.values()):
        report["loudness"] = {k: _f(m.group(1)) for k, m in found.items()}
        report["loudness"]["threshold"] = _f(threshold.group(1)) if threshold else -70.0
    stats = {k: p.findall(stderr) for k, p in _ASTATS.items()}
    if all(stats.values()):
        report["astats"] = {k: _f(v[-1]) for k, v in stats.items()}
    report = {k: [[round(a, 3), round(b, 3)] for a, b in v] if isinstance(v, list) else v
              for k, v in report.items()}
    return report


# ---------------------------------------------------------------- warnings


def _covered(segment, others, slack=0.5) -> bool:
    return any(o[0] - slack <= segment[0] and segment[1] <= o[1] + slack for o in others)


def warnings_for(report: dict, *, rules: QualityRules) -> list[dict]:
    """[{"code", "start", "end", "params"}] in time order; whole-video ones (null times) last.

    A black stretch is also a frozen one: the frozen warning is left out where black covers it.
    """
    t = rules.thresholds
    found = [{"code": "black", "start": a, "end": b, "params": {}} for a, b in report["black"]]
    found += [{"code": "frozen", "start": a, "end": b, "params": {}} for a, b in report["frozen"]
              if not _covered((a, b), report["black"])]
    found += [{"code": "silence", "start": a, "end": b, "params": {}}
              for a, b in report["silence"]]
    found.sort(key=lambda w: (w["start"], w["code"]))
    loudness = report.get("loudness")
    if loudness and loudness["i"] > SILENT_LUFS:
        lufs = round(loudness["i"], 1)
        if lufs < t["quiet_below_lufs"]:
            found.append({"code": "too_quiet", "start": None, "end": None,
                          "params": {"lufs": lufs, "limit": t["quiet_below_lufs"]}})
        if lufs > t["loud_above_lufs"]:
            found.append({"code": "too_loud", "start": None, "end": None,
                          "params": {"lufs": lufs, "limit": t["loud_above_lufs"]}})
    stats = report.get("astats")
    if stats and stats["samples"] > 0 and stats["peak_db"] >= CLIP_PEAK_DB:
        share = stats["peak_count"] / stats["samples"]
        if share > t["clipping_share"]:
            found.append({"code": "clipping", "start": None, "end": None,
                          "params": {"percent": round(100 * min(share, 1.0), 2)}})
    return found


def shown(warnings: list[dict], rules: QualityRules) -> list[dict]:
    """The warnings an edition wants shown (policy warn or reject)."""
    return [w for w in warnings if rules.policy(w["code"]) != "ignore"]


def rejecting(warnings: list[dict], rules: QualityRules) -> list[dict]:
    """The warnings that reject the video under the edition's policy."""
    return [w for w in warnings if rules.policy(w["code"]) == "reject"]


def needs_loudnorm(report: dict) -> bool:
    """True when the sound was measured and is not silence."""
    loudness = report.get("loudness")
    return bool(loudness) and loudness["i"] > SILENT_LUFS and math.isfinite(loudness["tp"])
