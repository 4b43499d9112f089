"""Is an uploaded PDF the certificate the platform issued, a changed copy of one, or unknown?

The upload is untrusted: it is read with a size cap, never written to disk, and parsed by
pdfcheck.py in a child process with CPU, memory and wall-clock limits.
"""
import hashlib
import json
import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..core.extensions import db
from . import codes
from .models import Certificate

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TIMEOUT_S = 15
CPU_S = 10
MEMORY_BYTES = 1024 * 1024 * 1024
SCRIPT = Path(__file__).with_name("pdfcheck.py")


class UploadTooLarge(ValueError):
    pass


@dataclass(frozen=True)
class Verdict:
    """`issued` (unchanged), `changed`, `unknown` or `unreadable`; the certificate it concerns, if any."""

    kind: str
    cert: Certificate | None = None
    signed: bool = False  # the upload carries a signature by the key the platform recorded

    @property
    def ok(self):
        return self.kind == "issued"


def read_capped(stream, limit=MAX_UPLOAD_BYTES):
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadTooLarge(limit)
    return data


def _limits():
    def apply():
        os.setsid()
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_S, CPU_S + 2))
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def inspect_untrusted(data, *, timeout=TIMEOUT_S):
    """pdfcheck's report of `data`, or None when the child failed, ran out of limits or time."""
    if b"%PDF-" not in data[:1024]:  # not a PDF at all: no need to spend a process on it
        return None
    try:
        done = subprocess.run([sys.executable, "-I", str(SCRIPT)], input=data, capture_output=True,
                              timeout=timeout, preexec_fn=_limits(), env={"PATH": os.defpath, "LC_ALL": "C.UTF-8"},
                              check=False)
    except subprocess.TimeoutExpired:
        current_app.logger.warning("certificate check: parsing an upload timed out")
        return None
    if done.returncode != 0:
        return None
    try:
        report = json.loads(done.stdout)
    except ValueError:
        return None
    return None if "error" in report else report


def _by_hash(sha):
    return db.session.scalar(select(Certificate).where(Certificate.pdf_sha256 == sha)) if sha else None


def _recorded_fingerprint(cert):
    return (cert.signature or {}).get("fingerprint")


def _whole_and_intact(sig):
    return sig["intact"] and sig["coverage"] == "ENTIRE_FILE"


def _claimed(report):
    """The certificate an upload claims to be, from the code in its document title."""
    words = report.get("title", "").split()
    return next((c for c in (codes.normalize(w) for w in words[-1:]) if c), None)


def verdict(data):
    """Compare an uploaded PDF with what the platform recorded when it issued certificates."""
    report = inspect_untrusted(data)
    cert = _by_hash(hashlib.sha256(data).hexdigest())
    if cert is not None:
        if _recorded_fingerprint(cert) is None:  # issued unsigned: the recorded hash is all there is
            return Verdict("issued", cert)
        sigs = (report or {}).get("signatures", [])
        if any(_whole_and_intact(s) and s["fingerprint"] == _recorded_fingerprint(cert) for s in sigs):
            return Verdict("issued", cert, signed=True)
        return Verdict("changed", cert)
    if report is None:
        return Verdict("unreadable")
    for sig in report["signatures"]:
        original = _by_hash(sig["signed_sha256"])
        if original is not None:  # ours, with something appended after signing
            return Verdict("changed", original, signed=sig["intact"])
    code = _claimed(report)
    claimed = db.session.scalar(select(Certificate).where(Certificate.code == code)) if code else None
    if claimed is not None:
        return Verdict("changed", claimed)
    return Verdict("unknown")


def max_upload_mb():
    return MAX_UPLOAD_BYTES // (1024 * 1024)

