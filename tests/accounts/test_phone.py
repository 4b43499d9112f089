"""Tests for Indonesian mobile number normalisation and wa.me links."""

import ast
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.accounts.phone import PhoneError, normalize_phone, wa_link

FAST = settings(max_examples=200, deadline=None)
CANONICAL = re.compile(r"\+628[1-9][0-9]{6,10}")


@pytest.mark.parametrize(
    "raw",
    [
        "081234567890",
        "6281234567890",
        "+6281234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "0812.3456.7890",
        "(0812) 3456-7890",
        "+62 812-3456-7890",
        "+62 (812) 3456 7890",
        "  0812 3456 7890\n",
        "0812\u00a03456\u00a07890",
        "0812\u20133456\u20137890",
    ],
)
def test_accepted_forms_normalise_to_plus_62(raw):
    assert normalize_phone(raw) == "+6281234567890"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("081234567", "+6281234567"),  # shortest: 8, [1-9], six digits
        ("0812345678901", "+62812345678901"),  # longest: 8, [1-9], ten digits
        ("+6289912345678", "+6289912345678"),
    ],
)
def test_length_bounds_are_accepted(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "08123456",  # one digit too short
        "08123456789012",  # one digit too long
        "0801234567",  # 80 is not a mobile prefix
        "021-1234567",  # Jakarta landline
        "+6221234567",
        "+62081234567890",  # trunk 0 kept after the country code
        "0062812345678",
        "++6281234567890",
        "81234567890",  # no prefix
        "+6581234567",  # Singapore
        "0812345678a",
        "0812/3456/7890",
        "0812,3456,7890",  # commas are not separators we strip
        "٠٨١٢٣٤٥٦٧٨٩٠",  # Arabic-Indic digits
        "0812+34567890",
    ],
)
def test_invalid_numbers_are_rejected(raw):
    with pytest.raises(PhoneError) as info:
        normalize_phone(raw)
    assert info.value.code == "invalid"


@pytest.mark.parametrize("raw", ["", "   ", " - ( ) . "])
def test_empty_input_has_its_own_code(raw):
    with pytest.raises(ValueError) as info:
        normalize_phone(raw)
    assert info.value.code == "empty"


def test_wa_link_uses_international_digits_without_plus():
    assert wa_link("0812-3456-7890") == "https://wa.me/6281234567890"
    assert wa_link("+6281234567890") == "https://wa.me/6281234567890"


def test_wa_link_quotes_prefilled_text():
    assert wa_link("081234567890", "Halo Panitia & Juri") == (
        "https://wa.me/6281234567890?text=Halo%20Panitia%20%26%20Juri"
    )


def test_wa_link_rejects_invalid_numbers():
    with pytest.raises(PhoneError):
        wa_link("021-1234567")


def test_phone_module_imports_only_the_standard_library():
    source = Path(__file__).resolve().parents[2] / "contest" / "accounts" / "phone.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    imported = {
        (alias.name if isinstance(node, ast.Import) else node.module).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__"}


subscriber = st.from_regex(r"8[1-9][0-9]{6,10}", fullmatch=True)


@FAST
@given(subscriber, st.sampled_from(["+62", "62", "0"]), st.sampled_from(["", " ", "-", "."]))
def test_every_prefix_form_gives_the_same_canonical_number(body, prefix, sep):
    spaced = sep.join([body[:4], body[4:8], body[8:]]).strip(sep)
    canonical = normalize_phone(prefix + spaced)
    assert canonical == "+62" + body
    assert normalize_phone(canonical) == canonical
    assert wa_link(prefix + body) == "https://wa.me/62" + body


@FAST
@given(st.text(max_size=25))
def test_arbitrary_text_is_either_canonical_or_phone_error(raw):
    try:
        result = normalize_phone(raw)
    except PhoneError as error:
        assert error.code in ("empty", "invalid")
    else:
        assert CANONICAL.fullmatch(result)
