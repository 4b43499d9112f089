"""Showing a NIP without giving it away (pure: no Flask, no database)."""

DOT = "\u2022"


def mask_nip(nip):
    """`198609262015051001` → `1986••••••••••1001`: first and last four digits stay readable.

    Anything shorter than nine characters is hidden whole, so a short value never shows in full.
    """
    text = (nip or "").strip()
    if len(text) < 9:
        return DOT * len(text)
    return text[:4] + DOT * (len(text) - 8) + text[-4:]


def placeholder_nip(user_id):
    """The NIP of an erased entrant: unique (the id), 18 characters, never a valid NIP (the X)."""
    return f"X{int(user_id):017d}"
