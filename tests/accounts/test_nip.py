"""Tests for NIP / NI PPPK parsing, declared-data checks, number building and the messages."""

import ast
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.accounts.nip import (
    ERROR_CODES,
    MISMATCH_CODES,
    NIPError,
    ParsedNIP,
    build_nip,
    check_declared,
    format_nip,
    normalize_nip,
    parse_nip,
)

TODAY = date(2025, 6, 1)
FAST = settings(max_examples=200, deadline=None)


def code_of(raw, today=TODAY):
    """Return the NIPError code parse_nip raises for raw (fails the test if it parses)."""
    with pytest.raises(NIPError) as info:
        parse_nip(raw, today=today)
    return info.value.code


# --- DOMAIN.md examples ---------------------------------------------------------------------

EXAMPLES = [
    ("198609262015051001", "PNS", date(1986, 9, 26), 2015, 5, None, "L", 1),
    ("198012302010012005", "PNS", date(1980, 12, 30), 2010, 1, None, "P", 5),
    ("196804111993031009", "PNS", date(1968, 4, 11), 1993, 3, None, "L", 9),
    ("200012312024211001", "PPPK", date(2000, 12, 31), 2024, None, 1, "L", 1),
    ("199009132025242014", "PPPK", date(1990, 9, 13), 2025, None, 4, "P", 14),
]


@pytest.mark.parametrize("digits,kind,born,year,month,contracts,gender,seq", EXAMPLES)
def test_domain_examples_parse_to_their_parts_and_rebuild(
    digits, kind, born, year, month, contracts, gender, seq
):
    parts = dict(kind=kind, birth_date=born, appointment_year=year, appointment_month=month,
                 contracts=contracts, gender=gender, sequence=seq)
    assert parse_nip(digits, today=TODAY) == ParsedNIP(digits=digits, **parts)
    assert build_nip(**parts) == digits


@pytest.mark.parametrize("digits", [row[0] for row in EXAMPLES])
def test_domain_examples_parse_with_the_real_today(digits):
    assert parse_nip(digits).digits == digits


# --- normalisation ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw",
    [
        "19860926 201505 1 001",
        "19860926.201505.1.001",
        "19860926-201505-1-001",
        "  198609262015051001\n",
        "19860926\u00a0201505\u00a01\u00a0001",  # no-break spaces from copy-paste
        "19860926\u2013201505\u20131\u2013001",  # en dashes
        "1986.09.26 2015-05 1 001",
    ],
)
def test_separators_are_stripped(raw):
    assert normalize_nip(raw) == "198609262015051001"
    assert parse_nip(raw, today=TODAY).digits == "198609262015051001"


def test_normalize_keeps_other_characters():
    assert normalize_nip("1986,09/26") == "1986,09/26"


def test_format_nip_groups_digits_for_display():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert format_nip("123") == "123"


# --- each failure code ------------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw",
    [
        "19860926201505,001",  # comma in the gender position (nusantara-valid's `[1,2]` bug)
        "19860926201505A001",
        "１９８６０９２６２０１５０５１００１",  # full-width digits
        "١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١",  # Arabic-Indic digits: str.isdigit() would accept them
        "+198609262015051001",
        "19860926/201505/1/001",
    ],
)
def test_non_digits_are_rejected(raw):
    assert code_of(raw) == "not_digits"


@pytest.mark.parametrize("raw", ["", "   ", "19860926201505100", "1986092620150510011", "1" * 30])
def test_wrong_length(raw):
    assert code_of(raw) == "length"


@pytest.mark.parametrize(
    "birth",
    [
        "19870229",  # 29 Feb in a non-leap year
        "19000229",  # 1900 is not a leap year
        "19861326",  # month 13
        "19860026",  # month 00
        "19860900",  # day 00
        "19860931",  # 31 Sep
        "18991231",  # implausibly old
        "20300101",  # born after today
    ],
)
def test_invalid_birth_date(birth):
    assert code_of(birth + "2015051001") == "birth_date"


def test_29_february_in_a_leap_year_is_a_real_birth_date():
    parsed = parse_nip("20000229" + "2020011001", today=TODAY)
    assert parsed.birth_date == date(2000, 2, 29)


@pytest.mark.parametrize("code", ["13", "00", "19", "14"])
def test_pns_month_out_of_range(code):
    assert code_of("19860926" + "2015" + code + "1001") == "month"


def test_pppk_code_20_means_zero_contracts():
    assert code_of("20001231" + "2024" + "20" + "1001") == "contracts"


@pytest.mark.parametrize("code", ["30", "45", "99", "31"])
def test_digits_13_14_neither_month_nor_pppk(code):
    assert code_of("19860926" + "2015" + code + "1001") == "pppk_code"


@pytest.mark.parametrize("base", ["198609262015051001", "200012312024211001"])
@pytest.mark.parametrize("digit", "0345789")
def test_gender_digit_must_be_1_or_2(base, digit):
    assert code_of(base[:14] + digit + base[15:]) == "gender"


@pytest.mark.parametrize("base", ["198609262015051001", "200012312024211001"])
def test_sequence_000_is_invalid(base):
    assert code_of(base[:15] + "000") == "sequence"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("19860926" + "198505" + "1001", "appointment_before_birth"),  # PNS: years before birth
        ("19860926" + "198608" + "1001", "appointment_before_birth"),  # PNS: month before birth
        ("20001231" + "1999" + "21" + "1001", "appointment_before_birth"),  # PPPK: year before
        ("19860926" + "199605" + "1001", "too_young"),  # PNS: 10 years after birth
        ("19860926" + "198609" + "1001", "too_young"),  # PNS: the birth month itself
        ("20001231" + "2010" + "21" + "1001", "too_young"),  # PPPK: 10 years after birth
        ("20001231" + "2000" + "21" + "1001", "too_young"),  # PPPK: the birth year itself
    ],
)
def test_appointment_before_or_too_soon_after_birth(raw, expected):
    assert code_of(raw) == expected


@pytest.mark.parametrize(
    "accepted,rejected,expected",
    [  # PNS is month-exact, PPPK year-exact; up to one year ahead of TODAY is allowed
        ("19900515" + "200805" + "1001", "19900515" + "200804" + "1001", "too_young"),
        ("19901231" + "2008" + "21" + "1001", "19901231" + "2007" + "21" + "1001", "too_young"),
        ("19900515" + "202606" + "1001", "19900515" + "202607" + "1001", "future_appointment"),
        ("19900515" + "2026" + "23" + "2001", "19900515" + "2027" + "23" + "2001",
         "future_appointment"),
    ],
)
def test_chronology_boundaries(accepted, rejected, expected):
    assert parse_nip(accepted, today=TODAY).digits == accepted
    assert code_of(rejected) == expected


def test_future_check_follows_the_given_today():
    raw = "19900515" + "2027" + "23" + "2001"
    assert code_of(raw, today=date(2025, 12, 31)) == "future_appointment"
    assert parse_nip(raw, today=date(2026, 1, 1)).appointment_year == 2027


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("19870229" + "2015" + "13" + "0000", "birth_date"),  # birth date before month/gender
        ("19860926" + "2015" + "13" + "0000", "month"),  # month before gender
        ("19860926" + "2015" + "05" + "0000", "gender"),  # gender before sequence
        ("19860926" + "1985" + "05" + "1000", "sequence"),  # sequence before chronology
    ],
)
def test_first_failing_rule_is_reported(raw, expected):
    assert code_of(raw) == expected


def test_nip_error_is_a_value_error_with_a_known_code():
    with pytest.raises(ValueError) as info:
        parse_nip("123", today=TODAY)
    assert info.value.code in ERROR_CODES


# --- declared kind and gender -----------------------------------------------------------------

@pytest.mark.parametrize(
    "digits,kind,gender,expected",
    [
        ("198012302010012005", "PNS", "P", []),
        ("200012312024211001", "pppk", "l", []),  # case-insensitive
        ("200012312024211001", "PNS", "L", ["kind_mismatch"]),  # PPPK number, chose PNS
        ("198609262015051001", "PPPK", "L", ["kind_mismatch"]),  # PNS number, chose PPPK
        ("199009132025242014", "PPPK", "L", ["gender_mismatch"]),  # female number, chose male
        ("198012302010012005", "PPPK", "L", ["kind_mismatch", "gender_mismatch"]),
    ],
)
def test_check_declared(digits, kind, gender, expected):
    assert check_declared(parse_nip(digits, today=TODAY), kind=kind, gender=gender) == expected


@pytest.mark.parametrize("kind,gender", [("ASN", "L"), ("PNS", "X"), ("", "P")])
def test_unknown_declared_values_are_a_programming_error(kind, gender):
    parsed = parse_nip("198609262015051001", today=TODAY)
    with pytest.raises(ValueError):
        check_declared(parsed, kind=kind, gender=gender)


# --- build_nip shape checks -------------------------------------------------------------------

PNS_PARTS = dict(birth_date=date(1986, 9, 26), kind="PNS", appointment_year=2015,
                 appointment_month=5, gender="L", sequence=1)
PPPK_PARTS = dict(birth_date=date(2000, 12, 31), kind="PPPK", appointment_year=2024,
                  contracts=1, gender="L", sequence=1)


@pytest.mark.parametrize(
    "base,overrides",
    [(PNS_PARTS, o) for o in ({"kind": "ASN"}, {"gender": "X"}, {"sequence": 0}, {"sequence": 1000},
                              {"appointment_month": 13}, {"appointment_month": None},
                              {"contracts": 1}, {"appointment_year": 999})]
    + [(PPPK_PARTS, o) for o in ({"contracts": 0}, {"contracts": 10}, {"appointment_month": 5})],
)
def test_build_nip_rejects_unrepresentable_parts(base, overrides):
    build_nip(**base)  # the base itself is fine
    with pytest.raises(ValueError):
        build_nip(**{**base, **overrides})


# --- property-based ---------------------------------------------------------------------------

LATEST_MONTH = (TODAY.year + 1) * 12 + TODAY.month - 1  # months since year 0, inclusive


@st.composite
def pns_parts(draw):
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2008, 6, 30)))
    earliest = (born.year + 18) * 12 + born.month - 1
    year, month0 = divmod(draw(st.integers(earliest, LATEST_MONTH)), 12)
    return dict(birth_date=born, kind="PNS", appointment_year=year, appointment_month=month0 + 1,
                contracts=None, gender=draw(st.sampled_from("LP")),
                sequence=draw(st.integers(1, 999)))


@st.composite
def pppk_parts(draw):
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2008, 12, 31)))
    return dict(birth_date=born, kind="PPPK",
                appointment_year=draw(st.integers(born.year + 18, TODAY.year + 1)),
                appointment_month=None, contracts=draw(st.integers(1, 9)),
                gender=draw(st.sampled_from("LP")), sequence=draw(st.integers(1, 999)))


any_parts = st.one_of(pns_parts(), pppk_parts())


@FAST
@given(pns_parts())
def test_pns_round_trip(parts):
    digits = build_nip(**parts)
    assert parse_nip(digits, today=TODAY) == ParsedNIP(digits=digits, **parts)


@FAST
@given(pppk_parts())
def test_pppk_round_trip(parts):
    digits = build_nip(**parts)
    assert parse_nip(digits, today=TODAY) == ParsedNIP(digits=digits, **parts)


@FAST
@given(any_parts)
def test_round_trip_survives_display_formatting(parts):
    digits = build_nip(**parts)
    assert parse_nip(format_nip(digits), today=TODAY).digits == digits


@FAST
@given(any_parts, st.sampled_from("03456789"))
def test_any_gender_digit_other_than_1_or_2_fails(parts, digit):
    digits = build_nip(**parts)
    assert code_of(digits[:14] + digit + digits[15:]) == "gender"


@FAST
@given(pns_parts(), st.integers(-600, 18 * 12 - 1))
def test_pns_appointment_under_18_years_after_birth_fails(parts, offset):
    born = parts["birth_date"]
    year, month0 = divmod(born.year * 12 + born.month - 1 + offset, 12)
    raw = build_nip(**{**parts, "appointment_year": year, "appointment_month": month0 + 1})
    assert code_of(raw) == ("appointment_before_birth" if offset < 0 else "too_young")


@FAST
@given(st.text(max_size=40))
def test_arbitrary_text_either_parses_or_raises_nip_error(raw):
    try:
        parsed = parse_nip(raw, today=TODAY)
    except NIPError as error:
        assert error.code in ERROR_CODES
    else:
        assert len(parsed.digits) == 18


@FAST
@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_random_18_digit_strings_are_classified_by_digit_13(raw):
    try:
        parsed = parse_nip(raw, today=TODAY)
    except NIPError as error:
        assert error.code in ERROR_CODES and error.code not in ("not_digits", "length")
    else:
        assert parsed.kind == ("PPPK" if raw[12] == "2" else "PNS")
        assert parsed.gender == {"1": "L", "2": "P"}[raw[14]]
        assert build_nip(**{k: getattr(parsed, k) for k in (
            "birth_date", "kind", "appointment_year", "appointment_month",
            "contracts", "gender", "sequence")}) == raw


# --- purity and messages ----------------------------------------------------------------------

def test_nip_module_imports_only_the_standard_library():
    source = Path(__file__).resolve().parents[2] / "contest" / "accounts" / "nip.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    imported = {
        (alias.name if isinstance(node, ast.Import) else node.module).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__"}


@pytest.fixture
def babel_request():
    from flask import Flask
    from flask_babel import Babel

    app = Flask(__name__)
    Babel(app, locale_selector=lambda: "id")
    with app.test_request_context():
        yield


def test_every_code_has_its_own_message(babel_request):
    from contest.accounts.nip_messages import nip_error_message

    texts = [str(nip_error_message(code)) for code in ERROR_CODES + MISMATCH_CODES]
    assert all(texts) and len(set(texts)) == len(texts)
    assert str(nip_error_message("length")) == "NIP harus terdiri dari 18 angka"
    assert str(nip_error_message("sequence")) == "Nomor urut pada NIP tidak boleh 000"


def test_mismatch_messages_interpolate_values(babel_request):
    from contest.accounts.nip_messages import nip_error_message

    kind = nip_error_message("kind_mismatch", actual="PPPK", declared="PNS")
    gender = nip_error_message("gender_mismatch", actual="P", declared="L")
    assert str(kind) == "NIP menunjukkan Anda PPPK, tetapi Anda memilih PNS"
    assert str(gender) == "NIP menunjukkan jenis kelamin perempuan, tetapi Anda memilih laki-laki"


def test_unknown_message_code_raises():
    from contest.accounts.nip_messages import nip_error_message

    with pytest.raises(KeyError):
        nip_error_message("nonsense")
