"""Where a ?next= or form `next` may send people: back into this site, never elsewhere."""
from urllib.parse import urlsplit


def safe_next(target):
    """`target` when it is a same-site path ("/entries/"), else None.

    Browsers read "//host" and "/\\host" as another site, and strip tabs and newlines
    before parsing, so any of those make the target unsafe.
    """
    if not target or not target.startswith("/") or any(c in target for c in "\\\t\r\n"):
        return None
    parts = urlsplit(target)
    if target.startswith("//") or parts.scheme or parts.netloc:
        return None
    return target
