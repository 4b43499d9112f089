"""Read an untrusted PDF's signatures; run as a script in a child process with limits (checking.py).

stdin: the PDF bytes. stdout: one JSON object {"signatures": [...], "title": str}, or {"error": ...}.
Each signature says whether its bytes are intact, how much of the file it covers, the SHA-256
fingerprint of its signing certificate and the SHA-256 of the revision it signed (the file as it
was before anything was appended). Trust is the parent's decision, not this script's: it knows
which keys the platform signed with. No Flask, no database, no imports from the app.
"""
import hashlib
import io
import json
import sys
import warnings


def _fingerprint(der):
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def inspect(data):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    title = ""
    info = reader.trailer_view.get("/Info")
    if info is not None:
        title = str(info.get_object().get("/Title", ""))[:300]
    signatures = []
    for embedded in reader.embedded_signatures:
        cert = embedded.signer_cert
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[cert], allow_fetching=False))
        start, first_len, second_start, second_len = embedded.byte_range
        signed_end = second_start + second_len
        signatures.append({
            "intact": bool(status.intact), "valid": bool(status.valid),
            "coverage": status.coverage.name if status.coverage is not None else "UNCLEAR",
            "subfilter": str(embedded.sig_object.get("/SubFilter", "")),
            "md_algorithm": status.md_algorithm,
            "fingerprint": _fingerprint(cert.dump()),
            "signed_sha256": hashlib.sha256(data[:signed_end]).hexdigest() if start == 0 else "",
        })
    return {"signatures": signatures, "title": title}


def main():
    warnings.simplefilter("ignore")
    data = sys.stdin.buffer.read()
    try:
        result = inspect(data)
    except Exception as error:  # noqa: BLE001 - any parse failure of an untrusted file is an answer
        result = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
