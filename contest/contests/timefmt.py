"""Deadlines as people in Indonesia read them: "Rabu, 27 November 2024 pukul 23.59 WITA"."""
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

PATTERNS = {
    "id": "EEEE, d MMMM y 'pukul' HH.mm",
    "en": "EEEE, d MMMM y 'at' HH:mm",
}
DATE_PATTERNS = {"id": "EEEE, d MMMM y", "en": "EEEE, d MMMM y"}


def zone_abbreviation(tz_name):
    """WIB/WITA/WIT for Indonesia's zones, the IANA name elsewhere."""
    return ZONE_ABBREVIATIONS.get(tz_name, tz_name)


def format_deadline(instant, tz_name, locale="id"):
    """An aware instant in the contest's zone, with weekday, time and zone abbreviation."""
    local = instant.astimezone(ZoneInfo(tz_name))
    pattern = PATTERNS.get(locale, PATTERNS["en"])
    text = format_datetime(local, pattern, locale=locale)
    return f"{text} {zone_abbreviation(tz_name)}"


def format_day(instant, tz_name, locale="id"):
    """Just the date part in the contest's zone."""
    local = instant.astimezone(ZoneInfo(tz_name))
    return format_datetime(local, DATE_PATTERNS.get(locale, "EEEE, d MMMM y"), locale=locale)


def format_rupiah(amount):
    """Rp 1.500.000 — dots as thousands separators."""
    return "Rp " + f"{int(amount):,}".replace(",", ".")
