"""contest/core/text.py: NFC and the invisible characters refused in single-line text."""
import pytest

from contest.core.text import invisible_characters, nfc


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                  "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
                                  "\ufeff"])
def test_every_listed_character_is_found(char):
    assert invisible_characters(f"Rina{char} Wulandari") == [f"U+{ord(char):04X}"]


def test_ordinary_indonesian_text_passes():
    for text in ("Dra. Rina Wulandari, M.M.", "Dinas Komunikasi & Informatika (Diskominfo)",
                 "Juara I — Rp 7.500.000", "André", "Kutai Kartanegara", ""):
        assert invisible_characters(text) == []
    assert invisible_characters(None) == []


def test_each_character_named_once_in_order():
    assert invisible_characters("\u202eab\u200b\u202ec") == ["U+202E", "U+200B"]


def test_nfc_joins_combining_marks():
    decomposed = "Andre\u0301"
    assert decomposed != "André" and nfc(decomposed) == "André"
    assert nfc(None) is None and nfc(5) == 5
