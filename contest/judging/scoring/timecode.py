"""Video timecodes as judges write them: "m:ss" / "mm:ss" / "h:mm:ss". Pure: no Flask, no database."""
import math
import re

MAX_SECONDS = 6 * 3600
_PATTERN = re.compile(r"^\s*(?:(\d{1,2}):)?(\d{1,3}):(\d{1,2})(?:[.,]\d+)?\s*$")


class TimecodeError(ValueError):
    pass


def format_timecode(seconds):
    """12.7 → "0:12"; 754 → "12:34"; 3725 → "1:02:05" (whole seconds, rounded down)."""
    total = max(0, math.floor(float(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_timecode(text):
    """"1:05" → 65.0; a plain number of seconds is accepted too; TimecodeError otherwise."""
    text = (text or "").strip()
    if re.fullmatch(r"\d{1,5}(?:[.,]\d+)?", text):
        value = float(text.replace(",", "."))
    else:
        match = _PATTERN.match(text)
        if match is None:
            raise TimecodeError(text)
        hours, minutes, secs = (int(g) if g else 0 for g in match.groups())
        if secs >= 60 or (hours and minutes >= 60):
            raise TimecodeError(text)
        value = float(hours * 3600 + minutes * 60 + secs)
    if not 0 <= value <= MAX_SECONDS:
        raise TimecodeError(text)
    return value


def clean_seconds(value):
    """A number of seconds from JSON or a form (None if it is not a finite, sane number)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or not 0 <= number <= MAX_SECONDS:
        return None
    return number
