"""Certificate codes: short, unambiguous, typed forgivingly."""
import pytest

from contest.certificates import codes


def test_new_codes_are_ten_crockford_symbols_and_differ():
    made = {codes.new_code() for _ in range(500)}
    assert len(made) == 500
    for code in made:
        assert len(code) == 10 and set(code) <= set(codes.ALPHABET)
        assert not set(code) & set("ILOU")


@pytest.mark.parametrize("typed, code", [
    ("7K3QX-M9P2D", "7K3QXM9P2D"),
    ("7k3qx m9p2d", "7K3QXM9P2D"),
    ("o1lI0-abcde", "01110ABCDE"),  # O reads as 0, I and L as 1
])
def test_normalize_reads_what_people_type(typed, code):
    assert codes.normalize(typed) == code


@pytest.mark.parametrize("typed", ["", "7K3QX", "7K3QXM9P2DX", "7K3QX-M9P2U", "7K3QX/M9P2D", None])
def test_normalize_refuses_what_cannot_be_a_code(typed):
    assert codes.normalize(typed) is None


def test_display_groups_in_fives():
    assert codes.display("7K3QXM9P2D") == "7K3QX-M9P2D"
