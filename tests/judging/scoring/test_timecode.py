"""mm:ss timecodes of notes (pure)."""
import pytest

from contest.judging.scoring.timecode import TimecodeError, clean_seconds, format_timecode, parse_timecode


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (12.7, "0:12"), (65, "1:05"), (754, "12:34"),
                                               (3725, "1:02:05"), (-3, "0:00")])
def test_format(seconds, text):
    assert format_timecode(seconds) == text


@pytest.mark.parametrize(("text", "seconds"), [("1:05", 65.0), ("01:05", 65.0), ("0:00", 0.0), ("12:34", 754.0),
                                               ("1:02:05", 3725.0), ("42", 42.0), ("7,5", 7.5), (" 2:03 ", 123.0)])
def test_parse(text, seconds):
    assert parse_timecode(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1:75", "1:2:3:4", "-1:00", "1:60:00", "99999"])
def test_parse_refuses(text):
    with pytest.raises(TimecodeError):
        parse_timecode(text)


def test_clean_seconds():
    assert clean_seconds("12.5") == 12.5
    assert clean_seconds(None) is None and clean_seconds("nan") is None and clean_seconds(-1) is None
    assert clean_seconds("inf") is None and clean_seconds("x") is None
