"""The tus 1.0.0 resumable-upload server at /tus/ (core, creation, termination, expiration, checksum).

Bytes stream from `request.stream` straight to disk in fixed-size blocks (see store.py); nothing
is buffered in memory. Who may upload what is decided by contest.media.uploads (entry owner,
submission window, size cap); this module speaks the protocol. tus clients send no CSRF token, so
the blueprint is CSRF-exempt and relies on the session cookie (SameSite=Lax: not sent on
cross-site POST/PATCH/DELETE) plus a same-origin check on the Origin header.
"""
import base64
import binascii
import errno
import hashlib
import re
import time
import unicodedata
from urllib.parse import urlsplit

from flask import Blueprint, current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import ClientDisconnected, HTTPException
from werkzeug.http import http_date

from ...contests.services import current_contest
from ...core.aftercommit import after_commit
from ...core.extensions import csrf, db, limiter
from ..models import VideoState
from ..tasks import enqueue_video
from . import services as uploads
from .services import UploadRefused, authorize_new_upload, authorize_resume
from .store import UploadLocked, UploadNotFound, UploadStore

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,expiration,checksum"
CHECKSUMS = {"sha1": hashlib.sha1, "md5": hashlib.md5, "sha256": hashlib.sha256}
OFFSET_STREAM = "application/offset+octet-stream"
FREE_SPACE_RESERVE = 64 * 1024 * 1024  # never fill the disk to the last byte
MAX_METADATA_CHARS = 4096  # it is stored in the sidecar and echoed on every HEAD
_DIGITS = re.compile(r"\A[0-9]{1,19}\Z")
_METADATA_KEY = re.compile(r"\A[!-+\--~]+\Z")  # printable ASCII without space and comma

bp = Blueprint("tus", __name__, url_prefix="/tus")
csrf.exempt(bp)


class TusError(Exception):
    """Ends a tus request with `status` and a short plain-text message."""

    def __init__(self, status, message="", headers=None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


# -- request plumbing ------------------------------------------------------------------------

def _store():
    return UploadStore(current_app.config["UPLOAD_ROOT"], ttl=current_app.config["TUS_EXPIRY_SECONDS"])


def _method():
    """The request method, honouring X-HTTP-Method-Override on POST (for clients behind proxies)."""
    override = request.headers.get("X-HTTP-Method-Override", "").strip().upper()
    if request.method == "POST" and override in {"PATCH", "DELETE", "HEAD"}:
        return override
    return request.method


def _cross_origin():
    """True when a browser says this request comes from another site."""
    origin = request.headers.get("Origin")
    if origin is None:
        return request.headers.get("Sec-Fetch-Site") == "cross-site"
    # Host names only: a proxy may drop the port from Host, and ports do not separate sites
    # for cookies anyway.
    allowed = {urlsplit(f"//{request.host}").hostname}
    if current_app.config.get("PUBLIC_URL"):
        allowed.add(urlsplit(current_app.config["PUBLIC_URL"]).hostname)
    try:
        return urlsplit(origin).hostname not in allowed - {None}
    except ValueError:
        return True


def _expires_header(store, upload):
    return {"Upload-Expires": http_date(upload.expires_at(store.ttl))}


def _empty(status, headers=None):
    return "", status, headers or {}


@bp.after_request
def _tus_headers(response):
    response.headers["Tus-Resumable"] = TUS_VERSION
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(TusError)
def _tus_error(error):
    headers = {"Content-Type": "text/plain; charset=utf-8", **error.headers}
    return error.message, error.status, headers


@bp.errorhandler(HTTPException)
def _http_error(error):
    """Plain-text errors here (rate limits, bad requests), not the HTML error pages."""
    return error.description or error.name, error.code, {"Content-Type": "text/plain; charset=utf-8"}


def _preflight():
    """Checks every non-OPTIONS tus request passes: protocol version, origin, session."""
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        raise TusError(412, _("Versi protokol tus tidak didukung."), {"Tus-Version": TUS_VERSION})
    if _cross_origin():
        raise TusError(403, _("Permintaan dari situs lain ditolak."))
    if not current_user.is_authenticated:
        raise TusError(401, _("Silakan masuk untuk mengunggah video."))
    return current_user._get_current_object()


def _refusal(refused):
    return TusError(refused.status, refused.message)


# -- routes -----------------------------------------------------------------------------------

@bp.route("/", methods=["OPTIONS", "POST"], strict_slashes=False)
@limiter.limit("60/hour", methods=["POST"], key_func=lambda: f"tus-create:{getattr(current_user, 'id', None)}")
def collection():
    method = _method()
    if method == "OPTIONS":
        return _options()
    if method != "POST":
        raise TusError(405, headers={"Allow": "OPTIONS, POST"})
    return _create(_preflight())


@bp.route("/<upload_id>", methods=["OPTIONS", "HEAD", "GET", "PATCH", "DELETE", "POST"])
def upload(upload_id):
    method = _method()
    if method == "OPTIONS":
        return _options()
    if method not in {"HEAD", "PATCH", "DELETE"}:
        raise TusError(405, headers={"Allow": "OPTIONS, HEAD, PATCH, DELETE"})
    user = _preflight()
    store = _store()
    found = _owned_upload(store, upload_id, user)
    if method == "DELETE":
        return _terminate(store, found)
    _authorize_resume(user, found)
    if method == "HEAD":
        return _head(store, found)
    return _patch(store, found)


def _options():
    headers = {"Tus-Version": TUS_VERSION, "Tus-Extension": TUS_EXTENSIONS,
               "Tus-Checksum-Algorithm": ",".join(CHECKSUMS)}
    contest = current_contest()
    if contest is not None:
        headers["Tus-Max-Size"] = str(contest.max_size_bytes)
    return _empty(204, headers)


def _create(user):
    if request.headers.get("Upload-Defer-Length"):
        raise TusError(400, _("Ukuran berkas harus diketahui sejak awal."))
    length = _header_int("Upload-Length")
    if request.content_length:
        raise TusError(400, _("Permintaan pembuatan unggahan tidak boleh berisi data."))
    raw_metadata = request.headers.get("Upload-Metadata", "")
    if len(raw_metadata) > MAX_METADATA_CHARS:
        raise TusError(400, _("Header Upload-Metadata terlalu panjang."))
    metadata = parse_metadata(raw_metadata)
    try:
        entry_id = authorize_new_upload(user=user, metadata=metadata, length=length)
    except UploadRefused as refused:
        raise _refusal(refused) from refused
    store = _store()
    store.sweep_expired()
    if store.free_bytes() < length + FREE_SPACE_RESERVE:
        current_app.logger.error("tus: disk full, refusing an upload of %s bytes", length)
        raise TusError(507, _("Ruang penyimpanan server sedang penuh. Coba lagi nanti."))
    created = store.create(length=length, user_id=user.id, entry_id=entry_id, metadata=metadata)
    location = url_for("tus.upload", upload_id=created.id)
    if length == 0:
        # Nothing will ever be PATCHed: the upload is complete now (the hand-over rejects it as
        # `empty`, which the entrant sees like any other rejection).
        _retry_completion(store, created.id)
        return _empty(201, {"Location": location, "Upload-Offset": "0"})
    return _empty(201, {"Location": location, "Upload-Offset": "0",
                        **_expires_header(store, created)})


def _owned_upload(store, upload_id, user):
    """The upload if it exists, is still live and was created by `user`."""
    try:
        found = store.get(upload_id)
    except UploadNotFound:
        raise TusError(404, _("Unggahan tidak ditemukan.")) from None
    if found.user_id != user.id:
        raise TusError(404, _("Unggahan tidak ditemukan."))
    if found.completed_at is None and store.is_expired(found):
        try:
            with store.writer(upload_id) as writer:
                writer.terminate()
        except (UploadLocked, UploadNotFound):
            pass
        raise TusError(410, _("Unggahan sudah kedaluwarsa. Silakan unggah ulang."))
    return found


def _authorize_resume(user, found):
    if found.completed_at is not None:
        return  # already handed over; reporting its offset changes nothing
    try:
        authorize_resume(user=user, entry_id=found.entry_id)
    except UploadRefused as refused:
        raise _refusal(refused) from refused


def _head(store, found):
    offset = found.offset
    if found.completed_at is None and found.is_complete:
        offset = _retry_completion(store, found.id)
    headers = {"Upload-Offset": str(offset), "Upload-Length": str(found.length)}
    if found.metadata:
        headers["Upload-Metadata"] = encode_metadata(found.metadata)
    if found.completed_at is None:
        headers.update(_expires_header(store, found))
    return _empty(200, headers)


def _retry_completion(store, upload_id):
    """All bytes are here but the hand-over failed earlier: try it again now."""
    try:
        with store.writer(upload_id) as writer:
            if writer.upload.completed_at is None and writer.offset == writer.upload.length:
                _complete(writer)
            return writer.offset
    except UploadLocked:
        raise TusError(423, _("Unggahan sedang diproses. Coba lagi sebentar.")) from None
    except UploadNotFound:
        raise TusError(404, _("Unggahan tidak ditemukan.")) from None


def _patch(store, found):
    if request.mimetype != OFFSET_STREAM:
        raise TusError(415, _("Jenis isi harus %(type)s.", type=OFFSET_STREAM))
    client_offset = _header_int("Upload-Offset")
    checksum = _parse_checksum(request.headers.get("Upload-Checksum"))
    declared = request.content_length
    if declared is not None and client_offset + declared > found.length:
        raise TusError(413, _("Data melebihi ukuran berkas yang diumumkan."))
    try:
        with store.writer(found.id) as writer:
            start = writer.offset
            if client_offset != start:
                raise TusError(409, _("Posisi unggahan tidak cocok."), {"Upload-Offset": str(start)})
            if writer.upload.completed_at is None:
                db.session.rollback()  # hold no database connection while the bytes stream in
                _receive(writer, start, declared, checksum)
                if writer.offset == writer.upload.length:
                    _complete(writer)
            offset = writer.offset
            length = writer.upload.length
            expiry = _expires_header(store, store.get(found.id)) if offset < length else {}
    except UploadLocked:
        raise TusError(423, _("Unggahan ini sedang menerima data dari permintaan lain.")) from None
    except UploadNotFound:
        raise TusError(404, _("Unggahan tidak ditemukan.")) from None
    return _empty(204, {"Upload-Offset": str(offset), **expiry})


def _terminate(store, found):
    """Termination: the creator may drop their upload at any time (it frees disk space)."""
    try:
        with store.writer(found.id) as writer:
            writer.terminate()
    except UploadLocked:
        raise TusError(423, _("Unggahan ini sedang menerima data dari permintaan lain.")) from None
    except UploadNotFound:
        raise TusError(404, _("Unggahan tidak ditemukan.")) from None
    return _empty(204)


def _receive(writer, start, declared, checksum):
    """Stream the body to disk; keep what arrived if the client goes away (unless checksummed)."""
    remaining = writer.upload.length - start
    want = remaining if declared is None else declared
    # MAX_CONTENT_LENGTH is sized for forms; this stream may legitimately be as big as the upload.
    request.max_content_length = remaining
    hasher = checksum[0]() if checksum else None
    try:
        written = writer.append(request.stream, want, hasher)
    except (ClientDisconnected, OSError) as error:
        if checksum:
            writer.truncate(start)  # an unverifiable chunk is discarded, as the spec requires
        if getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
            current_app.logger.error("tus: disk full while receiving upload %s", writer.upload.id)
            raise TusError(507, _("Ruang penyimpanan server sedang penuh. Coba lagi nanti.")) from error
        raise TusError(400, _("Sambungan terputus; unggahan dapat dilanjutkan.")) from error
    if checksum and (written != want or hasher.digest() != checksum[1]):
        writer.truncate(start)
        raise TusError(460, _("Checksum tidak cocok."))
    if declared is not None and written < declared:
        # Some servers report a dropped client as a short body; the bytes stay for resuming.
        raise TusError(400, _("Sambungan terputus; unggahan dapat dilanjutkan."))


def hand_over(*, entry_id, path, filename, size):
    """Give a finished upload to the pipeline: this request's unit of work, in two commits.

    The row is committed before the file moves (a crash in between leaves an `uploading` row
    the sweep finishes), then the move is committed and the worker enqueued after that commit.
    Idempotent, so a retried hand-over only finishes what the first one left undone.
    """
    video = uploads.receive_upload(entry_id=entry_id, path=path, filename=filename, size=size)
    db.session.commit()
    if uploads.take_upload(video=video, path=path):
        if video.state == VideoState.QUEUED.value:  # an empty file is rejected on arrival instead
            after_commit(enqueue_video, video.id)
        db.session.commit()
    return video


def _complete(writer):
    """Hand the finished file to the pipeline once; on failure it stays for a retry."""
    upload = writer.upload
    try:
        hand_over(entry_id=upload.entry_id, path=writer.store.part_path(upload.id),
                  filename=display_filename(upload.metadata.get("filename", "")), size=upload.length)
    except Exception as error:
        db.session.rollback()
        current_app.logger.exception("tus: completing upload %s failed", upload.id)
        raise TusError(500, _("Video diterima tetapi gagal diproses. Coba lagi.")) from error
    writer.mark_completed(time.time())


# -- header helpers (pure) --------------------------------------------------------------------

def _header_int(name):
    value = request.headers.get(name, "").strip()
    if not _DIGITS.match(value):
        raise TusError(400, _("Header %(name)s tidak valid.", name=name))
    return int(value)


def _parse_checksum(value):
    if not value:
        return None
    algorithm, _sep, encoded = value.strip().partition(" ")
    if algorithm not in CHECKSUMS:
        raise TusError(400, _("Algoritma checksum tidak didukung."))
    try:
        return CHECKSUMS[algorithm], base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise TusError(400, _("Header Upload-Checksum tidak valid.")) from None


def parse_metadata(header):
    """`key base64,key2 base64` → {key: text}; a value may be absent (empty string)."""
    metadata = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        parts = pair.split(" ")
        key = parts[0]
        if len(parts) > 2 or not _METADATA_KEY.match(key) or key in metadata:
            raise TusError(400, _("Header Upload-Metadata tidak valid."))
        try:
            metadata[key] = base64.b64decode(parts[1], validate=True).decode() if len(parts) == 2 else ""
        except (binascii.Error, ValueError):
            raise TusError(400, _("Header Upload-Metadata tidak valid.")) from None
    return metadata


def encode_metadata(metadata):
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode()}" if value else key
                    for key, value in metadata.items())


def display_filename(name):
    """The user's file name for display only: no directories, no control characters, bounded."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or "video"
