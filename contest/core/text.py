"""Pure rules for text people type: NFC normalization and the invisible characters refused in
single-line fields (names, titles, agencies, crew, prize names).

Bidi controls (U+202A–202E, U+2066–2069) can make a title read differently from what is stored
("Trojan Source"); zero-width characters (U+200B–200F, U+FEFF) make two names that look alike
compare unequal. Neither belongs in a one-line name, so such input is refused with a message.
No Flask and no database here.
"""
import re
import unicodedata

INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def nfc(value):
    """The NFC form of a string (anything else unchanged): "é" typed two ways is stored one way."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def invisible_characters(value):
    """The refused characters in value as code points ("U+202E"), in order of first appearance."""
    if not isinstance(value, str):
        return []
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in INVISIBLE.findall(value)))
