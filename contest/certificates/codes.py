"""Certificate codes: 10 symbols of Crockford base32 (no I, L, O, U), read forgivingly.

50 random bits: guessing a valid code is hopeless, and a person can read one aloud or type it
from paper. Shown as XXXXX-XXXXX; typed with or without the dash, in any case, with O for 0
and I or L for 1.
"""
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text):
    """The canonical code for what a person typed, or None when it cannot be a code."""
    cleaned = re.sub(r"[\s\-_.]", "", (text or "").upper()).translate(_CONFUSABLE)
    return cleaned if _VALID.match(cleaned) else None


def display(code):
    """XXXXX-XXXXX."""
    return f"{code[:5]}-{code[5:]}"
