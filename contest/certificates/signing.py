"""Signing certificate PDFs: one small interface, a PKCS#12 implementation (pyHanko PAdES).

The certificate code never knows which signer runs: it calls `sign(pdf_bytes, block=...)` and
shows `describe()` on the verify page. A province's signing service (BSrE's API or its own) is
another class with these two methods, chosen in `from_config`. No Flask, no database here.
"""
import asyncio
import hashlib
import io
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import load_der_private_key
from pyhanko import stamp
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

FIELD_NAME = "TandaTanganElektronik"
# The organizational unit a demo certificate carries; the verify page says "demo" when it sees it.
DEMO_UNIT = "SERTIFIKAT DEMO - TIDAK SAH"


class SigningError(RuntimeError):
    """The key cannot be loaded or the document cannot be signed."""


@dataclass(frozen=True)
class SignatureBlock:
    """The visible block on the page: who signs (as printed), where, and why."""

    name: str
    nip: str
    position: str
    box: tuple  # (x1, y1, x2, y2) in PDF points on the first page
    reason: str = ""
    location: str = ""
    heading: str = "Ditandatangani secara elektronik oleh"


@dataclass(frozen=True)
class SignerInfo:
    """What the verify page shows about the signing certificate (JSON-ready via as_json)."""

    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    fingerprint: str  # SHA-256 of the DER certificate, hex upper case in pairs
    demo: bool
    self_signed: bool

    def as_json(self):
        values = asdict(self)
        values["not_before"], values["not_after"] = self.not_before.isoformat(), self.not_after.isoformat()
        return values

    @classmethod
    def from_json(cls, values):
        return cls(**{**values, "not_before": datetime.fromisoformat(values["not_before"]),
                      "not_after": datetime.fromisoformat(values["not_after"])})


class Signer(Protocol):
    def sign(self, pdf_bytes: bytes, *, block: SignatureBlock) -> bytes: ...

    def describe(self) -> SignerInfo: ...


def fingerprint(der):
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def describe_certificate(der):
    """SignerInfo of a DER-encoded X.509 certificate."""
    cert = x509.load_der_x509_certificate(der)
    units = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATIONAL_UNIT_NAME)
    return SignerInfo(subject=cert.subject.rfc4514_string(), issuer=cert.issuer.rfc4514_string(),
                      not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
                      fingerprint=fingerprint(der), demo=any(u.value == DEMO_UNIT for u in units),
                      self_signed=cert.subject == cert.issuer)


def _ascii(text):
    """The stamp uses a standard PDF font: accented letters become their base letter."""
    parts = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in parts if not unicodedata.combining(c)).encode("latin-1", "replace").decode("latin-1")


_TIGHT = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MIN,
                                     y_align=layout.AxisAlignment.ALIGN_MID, margins=layout.Margins())


def stamp_text(block, when):
    lines = [block.heading, block.name]
    if block.nip:
        lines.append(f"NIP {block.nip}")
    if block.position:
        lines.append(block.position if len(block.position) <= 52 else block.position[:49] + "...")
    lines.append(when)
    return "\n".join(_ascii(line).replace("%", "%%") for line in lines)


def _outside_event_loop(work):
    """pyHanko's sync API runs its own event loop: inside a running one (an ASGI server, a sync
    Playwright session) do the work on a short-lived thread instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses (and for RSA re-checks) the private key at every signature, about
    0.8 s for RSA-3072 and twice per PDF; this one parses it once and keeps it."""

    _kept_key = None

    def sign_raw(self, data, digest_algorithm):
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism not in ("rsassa_pkcs1v15", "ecdsa"):
            return super().sign_raw(data, digest_algorithm)
        if self._kept_key is None:
            self._kept_key = load_der_private_key(self.signing_key.dump(), password=None)
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "ecdsa":
            return self._kept_key.sign(data, ECDSA(hash_algo))
        return self._kept_key.sign(data, PKCS1v15(), hash_algo)


class Pkcs12Signer:
    """PAdES (ETSI.CAdES.detached, SHA-256, whole file) with a key from a PKCS#12 file."""

    def __init__(self, p12_bytes, password=None, *, tsa_url=""):
        try:
            loaded = signers.SimpleSigner.load_pkcs12_data(
                p12_bytes, other_certs=[], passphrase=password.encode() if password else None)
        except (ValueError, TypeError) as error:
            raise SigningError(f"PKCS#12 tidak dapat dibuka: {error}") from None
        if loaded is None or loaded.signing_cert is None:
            raise SigningError("PKCS#12 tidak berisi kunci dan sertifikat penandatangan")
        self._signer = _KeptKeySigner(signing_cert=loaded.signing_cert, signing_key=loaded.signing_key,
                                      cert_registry=loaded.cert_registry)
        self._timestamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
        self._info = describe_certificate(self._signer.signing_cert.dump())

    @classmethod
    def from_file(cls, path, password=None, *, tsa_url=""):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise SigningError(f"SIGNING_P12 {path}: {error.strerror}") from None
        return cls(data, password, tsa_url=tsa_url)

    def describe(self):
        return self._info

    def sign(self, pdf_bytes, *, block):
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        fields.append_signature_field(writer, fields.SigFieldSpec(FIELD_NAME, on_page=0, box=block.box))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
            reason=_ascii(block.reason) or None, location=_ascii(block.location) or None,
            name=_ascii(block.name) or None)
        style = stamp.TextStampStyle(
            stamp_text=stamp_text(block, when), border_width=1,
            text_box_style=TextBoxStyle(font_size=7, leading=7, box_layout_rule=_TIGHT),
            inner_content_layout=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins.uniform(3)))
        pdf_signer = signers.PdfSigner(meta, signer=self._signer, timestamper=self._timestamper,
                                       stamp_style=style)
        return _outside_event_loop(lambda: pdf_signer.sign_pdf(writer).getvalue())


def from_config(config):
    """The configured signer, or None when no key is installed (certificates are then unsigned)."""
    path = config.get("SIGNING_P12") or ""
    if not path or not Path(path).is_file():
        return None
    return Pkcs12Signer.from_file(path, config.get("SIGNING_P12_PASSWORD") or None,
                                  tsa_url=config.get("SIGNING_TSA_URL") or "")

