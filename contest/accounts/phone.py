"""Normalise Indonesian mobile (WhatsApp) numbers to +628… so they are stored once and work in wa.me links."""

from __future__ import annotations

import re
from urllib.parse import quote

# Whitespace, dots, parentheses, ASCII hyphen and Unicode dashes/minus people type in numbers.
_SEPARATORS = re.compile(r"[\s.()\-\u2010-\u2015\u2212]+")
# Mobile pattern from DOMAIN.md; ASCII so that non-Latin digits are rejected, not stored.
_MOBILE = re.compile(r"(?:\+62|62|0)(8[1-9][0-9]{6,10})", re.ASCII)


class PhoneError(ValueError):
    """Not an Indonesian mobile number; `code` is "empty" or "invalid" for the UI to pick a message."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def normalize_phone(raw: str) -> str:
    """Accept +62…, 62… or 08… with separators and return the canonical +628… form."""
    compact = _SEPARATORS.sub("", raw)
    if not compact:
        raise PhoneError("empty", "no phone number given")
    match = _MOBILE.fullmatch(compact)
    if match is None:
        raise PhoneError("invalid", f"{raw!r} is not an Indonesian mobile number")
    return "+62" + match.group(1)


def wa_link(phone: str, text: str | None = None) -> str:
    """WhatsApp click-to-chat URL (https://wa.me/628…), optionally with a prefilled message."""
    url = "https://wa.me/" + normalize_phone(phone)[1:]
    return f"{url}?text={quote(text)}" if text else url
