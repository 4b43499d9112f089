"""Pure anomaly report over plain vote rows: what the committee should look at before trusting a count.

Signals (each a Finding with the vote ids behind it, so the committee can review and void them):
- `ip_burst`: many votes from one network (/24, /48) within a few minutes;
- `rapid`: many votes for one entry within seconds of each other;
- `concentration`: most of an entry's votes come from one network;
- `disposable`: addresses at domains that look like throwaway mailboxes;
- `domain_volume`: many votes from one unusual (not public-mail, not government) domain.
Also `timeline()`: votes per entry per time bucket, for the committee's chart.
No Flask, no database: rows come in as VoteRow.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

DISPOSABLE_DOMAINS = frozenset({
    "10minutemail.com", "10minutemail.net", "1secmail.com", "1secmail.net", "burnermail.io",
    "crazymailing.com", "discard.email", "dispostable.com", "dropmail.me", "emailfake.com",
    "emailondeck.com", "fakeinbox.com", "getnada.com", "grr.la", "guerrillamail.com",
    "guerrillamail.info", "guerrillamail.net", "inboxkitten.com", "mail.tm", "mailcatch.com",
    "maildrop.cc", "mailinator.com", "mailnesia.com", "mintemail.com", "moakt.com", "mohmal.com",
    "mytemp.email", "nada.email", "sharklasers.com", "spam4.me", "spamgourmet.com", "temp-mail.io",
    "temp-mail.org", "tempinbox.com", "tempmail.com", "tempmail.net", "tempmailo.com", "tempr.email",
    "throwawaymail.com", "tmail.ws", "tmpmail.org", "trashmail.com", "trashmail.de", "yopmail.com",
    "yopmail.fr", "yopmail.net",
})
DISPOSABLE_WORDS = ("temp", "trash", "throwaway", "disposable", "fake", "spam", "burner", "minutemail",
                    "10min", "guerrilla", "discard", "dropmail", "mailinator", "yopmail", "tmpmail")
SUSPICIOUS_TLDS = frozenset({"xyz", "top", "tk", "ml", "ga", "cf", "gq", "click", "icu", "buzz", "rest",
                             "monster"})
PUBLIC_MAIL = frozenset({
    "gmail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "outlook.com", "hotmail.com", "live.com",
    "icloud.com", "me.com", "proton.me", "protonmail.com", "aol.com", "zoho.com", "gmx.com", "mail.com",
})
TRUSTED_SUFFIXES = ("go.id", "ac.id", "sch.id", "mil.id", "desa.id")
BUCKET_SIZES = (timedelta(minutes=15), timedelta(hours=1), timedelta(hours=3), timedelta(hours=6),
                timedelta(hours=12), timedelta(days=1), timedelta(days=7))


@dataclass(frozen=True)
class VoteRow:
    id: int
    entry_id: int
    at: datetime
    ip_hash: str
    ip_prefix_hash: str
    domain: str
    user_agent: str = ""


@dataclass(frozen=True)
class Thresholds:
    burst_window_s: int = 600  # ip_burst: this many seconds …
    burst_min_votes: int = 5  # … holding at least this many votes from one network
    rapid_window_s: int = 30  # rapid: this many seconds …
    rapid_min_votes: int = 4  # … holding at least this many votes for one entry
    concentration_min_votes: int = 10  # concentration: entries with at least this many votes …
    concentration_share: float = 0.5  # … where one network cast at least this share
    domain_volume_min: int = 10  # domain_volume: votes from one unusual domain


@dataclass
class Finding:
    kind: str
    key: str  # the network hash, entry id or domain the finding is about
    vote_ids: list[int]
    entry_ids: list[int]
    start: datetime | None = None
    end: datetime | None = None
    detail: dict = field(default_factory=dict)

    @property
    def count(self):
        return len(self.vote_ids)

    @property
    def seconds(self):
        return (self.end - self.start).total_seconds() if self.start and self.end else None


@dataclass
class Report:
    total: int
    findings: list[Finding]

    @property
    def flagged_ids(self):
        return sorted({i for f in self.findings for i in f.vote_ids})

    def of_kind(self, kind):
        return [f for f in self.findings if f.kind == kind]


def _windows(rows, seconds, minimum):
    """Maximal runs of time-sorted rows where some `seconds`-long window holds `minimum` rows."""
    rows = sorted(rows, key=lambda r: (r.at, r.id))
    spans, j = [], 0
    for i in range(len(rows)):
        j = max(j, i)
        while j + 1 < len(rows) and (rows[j + 1].at - rows[i].at).total_seconds() <= seconds:
            j += 1
        if j - i + 1 >= minimum:
            if spans and i <= spans[-1][1]:
                spans[-1] = (spans[-1][0], j)
            else:
                spans.append((i, j))
    return [rows[a:b + 1] for a, b in spans]


def _finding(kind, key, rows, **detail):
    rows = sorted(rows, key=lambda r: (r.at, r.id))
    return Finding(kind=kind, key=str(key), vote_ids=[r.id for r in rows],
                   entry_ids=sorted({r.entry_id for r in rows}), start=rows[0].at, end=rows[-1].at,
                   detail=detail)


def disposable_reason(domain):
    """'listed', 'keyword' or 'tld' when the domain looks like a throwaway mailbox, else None."""
    domain = (domain or "").lower()
    if domain in PUBLIC_MAIL or is_trusted(domain):
        return None
    labels = domain.split(".")
    if any(".".join(labels[i:]) in DISPOSABLE_DOMAINS for i in range(len(labels) - 1)):
        return "listed"
    if any(word in ".".join(labels[:-1]) for word in DISPOSABLE_WORDS):
        return "keyword"
    if labels[-1] in SUSPICIOUS_TLDS:
        return "tld"
    return None


def is_trusted(domain):
    return any(domain == s or domain.endswith("." + s) for s in TRUSTED_SUFFIXES)


def find_anomalies(rows, thresholds=Thresholds()):
    """The anomaly report over `rows` (pass only votes that count: voided ones are already handled)."""
    rows = list(rows)
    t = thresholds
    findings = []

    by_prefix = defaultdict(list)
    for row in rows:
        by_prefix[row.ip_prefix_hash].append(row)
    for prefix, group in by_prefix.items():
        for run in _windows(group, t.burst_window_s, t.burst_min_votes):
            findings.append(_finding("ip_burst", prefix, run, ips=len({r.ip_hash for r in run})))

    by_entry = defaultdict(list)
    for row in rows:
        by_entry[row.entry_id].append(row)
    for entry_id, group in by_entry.items():
        for run in _windows(group, t.rapid_window_s, t.rapid_min_votes):
            findings.append(_finding("rapid", entry_id, run, networks=len({r.ip_prefix_hash for r in run})))
        if len(group) >= t.concentration_min_votes:
            prefix, n = Counter(r.ip_prefix_hash for r in group).most_common(1)[0]
            if n / len(group) >= t.concentration_share:
                mine = [r for r in group if r.ip_prefix_hash == prefix]
                findings.append(_finding("concentration", entry_id, mine, share=round(n / len(group), 3),
                                         of=len(group), network=prefix))

    by_domain = defaultdict(list)
    for row in rows:
        by_domain[row.domain].append(row)
    for domain, group in sorted(by_domain.items()):
        reason = disposable_reason(domain)
        if reason:
            findings.append(_finding("disposable", domain, group, reason=reason))
        elif (len(group) >= t.domain_volume_min and domain not in PUBLIC_MAIL and not is_trusted(domain)):
            findings.append(_finding("domain_volume", domain, group))

    order = {"ip_burst": 0, "rapid": 1, "concentration": 2, "disposable": 3, "domain_volume": 4}
    findings.sort(key=lambda f: (order[f.kind], -f.count, f.start))
    return Report(total=len(rows), findings=findings)


def bucket_size(start, end, max_buckets=48):
    """The smallest of BUCKET_SIZES that covers [start, end) in at most `max_buckets` buckets."""
    span = max(end - start, timedelta(0))
    for size in BUCKET_SIZES:
        if span / size <= max_buckets:
            return size
    return BUCKET_SIZES[-1]


def timeline(rows, *, start, end, max_buckets=48):
    """(bucket starts, {entry_id: [count per bucket]}) over [start, end); rows outside are left out."""
    size = bucket_size(start, end, max_buckets)
    n = max(1, -(-(end - start) // size))  # ceiling division of timedeltas
    starts = [start + i * size for i in range(n)]
    counts = defaultdict(lambda: [0] * n)
    for row in rows:
        if start <= row.at < end:
            counts[row.entry_id][int((row.at - start) // size)] += 1
    return starts, dict(counts)
