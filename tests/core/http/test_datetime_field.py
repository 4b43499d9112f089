"""Dates typed as Indonesians write them, read the same whatever the browser's locale."""
from datetime import datetime

import pytest

from contest.core.http.datetime_field import parse_date_time


@pytest.mark.parametrize("date_text,time_text", [
    ("27-11-2024", "23.59"), ("27/11/2024", "23:59"), ("27.11.2024", "23.59"), (" 27-11-2024 ", " 23.59 "),
    ("2024-11-27", "23:59"),
])
def test_day_month_year_and_24_hour_time(date_text, time_text):
    assert parse_date_time(date_text, time_text) == datetime(2024, 11, 27, 23, 59)


@pytest.mark.parametrize("date_text,time_text", [
    ("11-27-2024", "23.59"),  # month-day-year (what Chromium shows in en-US) is not a date here
    ("27-11-2024", "11.59 PM"), ("27-11-2024", "24.00"), ("31-02-2025", "08.00"), ("", "08.00"), ("27-11-2024", ""),
])
def test_anything_else_is_refused(date_text, time_text):
    assert parse_date_time(date_text, time_text) is None
