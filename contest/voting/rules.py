"""Pure rules of the public vote: who a voter is, which domains may vote, hashed IPs, codes.

No Flask, no database: the service passes the secret key in.
"""
import hashlib
import hmac
import ipaddress
import re
import secrets

CODE_DIGITS = 6
GMAIL_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
_DOMAIN_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def split_email(address):
    """(local, domain) of a plausible address, lower-cased and trimmed; None when malformed."""
    address = (address or "").strip().lower()
    if address.count("@") != 1 or len(address) > 254 or any(c.isspace() for c in address):
        return None
    local, domain = address.split("@")
    domain = domain.rstrip(".")
    if not local or not is_domain(domain) or "." not in domain:
        return None
    return local, domain


def is_domain(text):
    labels = (text or "").split(".")
    return bool(text) and all(_DOMAIN_LABEL.match(label) for label in labels)


def normalize_email(address):
    """The voter's identity: lower-case, `+tag` removed; Gmail also ignores dots.

    `Rina.S+pilih@GoogleMail.com` and `rinas@gmail.com` are one voter. None when malformed.
    """
    parts = split_email(address)
    if parts is None:
        return None
    local, domain = parts
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        domain = GMAIL_DOMAINS[domain]
        local = local.replace(".", "")
    if not local:
        return None
    return f"{local}@{domain}"


def mask_email(address):
    """`ri***@example.go.id`: enough for the committee to tell votes apart, not to contact."""
    local, _, domain = address.partition("@")
    return f"{local[:2]}***@{domain}"


def parse_domains(text):
    """Allow-list text (lines, commas or spaces; `@` and `*.` prefixes tolerated) → sorted domains.

    Raises ValueError naming the first entry that is not a domain.
    """
    domains = set()
    for raw in re.split(r"[\s,;]+", (text or "").strip().lower()):
        item = raw.removeprefix("*.").removeprefix("@").removeprefix(".").rstrip(".")
        if not item:
            continue
        if not is_domain(item):
            raise ValueError(raw)
        domains.add(item)
    return sorted(domains)


def domain_allowed(domain, allowed):
    """True when no allow-list is set, or `domain` is an allowed domain or one of its subdomains.

    `go.id` allows `kaltimprov.go.id`; `kaltimprov.go.id` does not allow `evilkaltimprov.go.id`.
    """
    if not allowed:
        return True
    return any(domain == item or domain.endswith("." + item) for item in allowed)


def keyed_hash(secret, purpose, value):
    """HMAC-SHA256 hex of `value`, separated by `purpose` so hashes of different things never match."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def ip_prefix(address):
    """The network a client address belongs to: /24 for IPv4, /48 for IPv6 (raw text if unparsable)."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return f"?{address or ''}"
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def new_code():
    """A six-digit one-time code, leading zeros kept."""
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def clean_code(text):
    """Digits only, so `123 456` and `123-456` are read as typed."""
    return re.sub(r"\D", "", text or "")


def code_hash(secret, token, code):
    """The stored form of a challenge's code: bound to its challenge so one hash can't serve another."""
    return keyed_hash(secret, f"vote-code:{token}", clean_code(code))


def code_matches(secret, token, code, stored):
    return hmac.compare_digest(code_hash(secret, token, code), stored)
