"""Deadlines as people in Indonesia read them, in the contest's own timezone."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from contest.contests.timefmt import format_day, format_deadline, format_rupiah, zone_abbreviation

DEADLINE_UTC = datetime(2024, 11, 27, 15, 59, tzinfo=UTC)  # 23.59 WITA


def test_deadline_in_indonesian_with_wita():
    assert format_deadline(DEADLINE_UTC, "Asia/Makassar") == "Rabu, 27 November 2024 pukul 23.59 WITA"


def test_the_same_instant_in_other_indonesian_zones():
    assert format_deadline(DEADLINE_UTC, "Asia/Jakarta") == "Rabu, 27 November 2024 pukul 22.59 WIB"
    assert format_deadline(DEADLINE_UTC, "Asia/Jayapura") == "Kamis, 28 November 2024 pukul 00.59 WIT"


def test_deadline_in_english():
    assert format_deadline(DEADLINE_UTC, "Asia/Makassar", "en") == "Wednesday, 27 November 2024 at 23:59 WITA"


def test_input_zone_does_not_matter():
    local = DEADLINE_UTC.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert format_deadline(local, "Asia/Makassar") == format_deadline(DEADLINE_UTC, "Asia/Makassar")


def test_day_only():
    assert format_day(DEADLINE_UTC, "Asia/Makassar") == "Rabu, 27 November 2024"
    assert format_day(DEADLINE_UTC, "Asia/Jayapura") == "Kamis, 28 November 2024"


def test_unknown_zones_show_their_iana_name():
    assert zone_abbreviation("Asia/Singapore") == "Asia/Singapore"


@pytest.mark.parametrize("amount,text", [(0, "Rp 0"), (750, "Rp 750"), (1_500_000, "Rp 1.500.000"),
                                         (7_500_000, "Rp 7.500.000")])
def test_rupiah(amount, text):
    assert format_rupiah(amount) == text
