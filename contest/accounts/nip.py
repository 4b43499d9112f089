"""Parse and validate NIP (PNS) and NI PPPK numbers; pure stdlib so it is testable without Flask."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PNS = "PNS"
PPPK = "PPPK"
KINDS = (PNS, PPPK)
MALE = "L"
FEMALE = "P"
GENDERS = (MALE, FEMALE)
NIP_LENGTH = 18
MIN_BIRTH_YEAR = 1900
MIN_AGE_AT_APPOINTMENT = 18
# Appointment may lie up to one year after `today`: NIPs are issued before the TMT starts.
FUTURE_TOLERANCE_YEARS = 1

# Codes raised by parse_nip, in the order the rules are checked.
ERROR_CODES = (
    "not_digits",
    "length",
    "birth_date",
    "month",
    "pppk_code",
    "contracts",
    "gender",
    "sequence",
    "appointment_before_birth",
    "too_young",
    "future_appointment",
)
# Codes returned by check_declared.
MISMATCH_CODES = ("kind_mismatch", "gender_mismatch")

# Whitespace (incl. no-break space), dots, ASCII hyphen and Unicode dashes/minus.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]+")
_ASCII_DIGITS = re.compile(r"[0-9]*")
_GENDER_BY_DIGIT = {"1": MALE, "2": FEMALE}
_DIGIT_BY_GENDER = {MALE: "1", FEMALE: "2"}


class NIPError(ValueError):
    """Invalid NIP / NI PPPK; `code` names the first failing rule so the UI can pick a message."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class ParsedNIP:
    """Facts derived from a valid NIP / NI PPPK, to store and to compare with what the entrant said."""

    digits: str
    kind: str
    birth_date: date
    appointment_year: int
    appointment_month: int | None
    contracts: int | None
    gender: str
    sequence: int


def normalize_nip(raw: str) -> str:
    """Remove spaces, dots and dashes people type between NIP groups; nothing else is changed."""
    return _SEPARATORS.sub("", raw)


def format_nip(digits: str) -> str:
    """Group 18 digits as the BKN prints them ("19860926 201505 1 001") for display only."""
    d = normalize_nip(digits)
    return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}" if len(d) == NIP_LENGTH else d


def _parse_birth_date(digits: str, today: date) -> date:
    """Read positions 1–8 as a real, plausible birth date (YYYYMMDD)."""
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    try:
        born = date(year, month, day)
    except ValueError:
        raise NIPError("birth_date", f"{digits[:8]} is not a calendar date") from None
    if year < MIN_BIRTH_YEAR or born > today:
        raise NIPError("birth_date", f"{born.isoformat()} is not a plausible birth date")
    return born


def _parse_type_code(code: str) -> tuple[str, int | None, int | None]:
    """Read positions 13–14: a month 01–12 means PNS, `2[1-9]` means PPPK with that many contracts."""
    if code[0] in "01":
        month = int(code)
        if not 1 <= month <= 12:
            raise NIPError("month", f"TMT CPNS month {code} is not 01-12")
        return PNS, month, None
    if code[0] == "2":
        contracts = int(code[1])
        if contracts == 0:
            raise NIPError("contracts", "PPPK contract count must be 1-9")
        return PPPK, None, contracts
    raise NIPError("pppk_code", f"digits 13-14 ({code}) are neither a month nor 2[1-9]")


def _check_chronology(kind: str, born: date, year: int, month: int | None, today: date) -> None:
    """Appointment must follow birth by at least 18 years and not lie beyond today + 1 year."""
    if kind == PNS:
        assert month is not None
        appointed = year * 12 + (month - 1)
        birth = born.year * 12 + (born.month - 1)
        limit = (today.year + FUTURE_TOLERANCE_YEARS) * 12 + (today.month - 1)
        min_gap = MIN_AGE_AT_APPOINTMENT * 12
    else:
        appointed, birth = year, born.year
        limit = today.year + FUTURE_TOLERANCE_YEARS
        min_gap = MIN_AGE_AT_APPOINTMENT
    if appointed < birth:
        raise NIPError("appointment_before_birth", "appointment precedes the birth date")
    if appointed - birth < min_gap:
        raise NIPError("too_young", f"appointment less than {MIN_AGE_AT_APPOINTMENT} years after birth")
    if appointed > limit:
        raise NIPError("future_appointment", "appointment is more than one year in the future")


def parse_nip(raw: str, *, today: date | None = None) -> ParsedNIP:
    """Validate a NIP / NI PPPK rule by rule and return its parts; raises NIPError on the first failure."""
    today = today or date.today()
    digits = normalize_nip(raw)
    if not _ASCII_DIGITS.fullmatch(digits):
        raise NIPError("not_digits", "only the digits 0-9 are allowed")
    if len(digits) != NIP_LENGTH:
        raise NIPError("length", f"expected {NIP_LENGTH} digits, got {len(digits)}")
    born = _parse_birth_date(digits, today)
    kind, month, contracts = _parse_type_code(digits[12:14])
    gender = _GENDER_BY_DIGIT.get(digits[14])
    if gender is None:
        raise NIPError("gender", f"gender digit {digits[14]!r} is not 1 or 2")
    sequence = int(digits[15:18])
    if sequence == 0:
        raise NIPError("sequence", "sequence number 000 is not issued")
    year = int(digits[8:12])
    _check_chronology(kind, born, year, month, today)
    return ParsedNIP(
        digits=digits,
        kind=kind,
        birth_date=born,
        appointment_year=year,
        appointment_month=month,
        contracts=contracts,
        gender=gender,
        sequence=sequence,
    )


def check_declared(parsed: ParsedNIP, *, kind: str, gender: str) -> list[str]:
    """List mismatch codes where the entrant's chosen status or gender contradicts the number."""
    declared_kind, declared_gender = kind.strip().upper(), gender.strip().upper()
    if declared_kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if declared_gender not in GENDERS:
        raise ValueError(f"gender must be one of {GENDERS}, got {gender!r}")
    problems = []
    if declared_kind != parsed.kind:
        problems.append("kind_mismatch")
    if declared_gender != parsed.gender:
        problems.append("gender_mismatch")
    return problems


def build_nip(
    *,
    birth_date: date,
    kind: str,
    appointment_year: int,
    gender: str,
    sequence: int,
    appointment_month: int | None = None,
    contracts: int | None = None,
) -> str:
    """Compose the 18 digits from parts (tests, demo data); checks field shapes, not chronology."""
    if not 1000 <= birth_date.year <= 9999:
        raise ValueError("birth year must have four digits")
    if not 1000 <= appointment_year <= 9999:
        raise ValueError("appointment year must have four digits")
    if gender not in _DIGIT_BY_GENDER:
        raise ValueError(f"gender must be one of {GENDERS}")
    if not 1 <= sequence <= 999:
        raise ValueError("sequence must be 1-999")
    if kind == PNS:
        if appointment_month is None or not 1 <= appointment_month <= 12 or contracts is not None:
            raise ValueError("PNS needs appointment_month 1-12 and no contracts")
        code = f"{appointment_month:02d}"
    elif kind == PPPK:
        if contracts is None or not 1 <= contracts <= 9 or appointment_month is not None:
            raise ValueError("PPPK needs contracts 1-9 and no appointment_month")
        code = f"2{contracts}"
    else:
        raise ValueError(f"kind must be one of {KINDS}")
    born = f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}"
    return f"{born}{appointment_year:04d}{code}{_DIGIT_BY_GENDER[gender]}{sequence:03d}"
