"""On-disk store for resumable (tus) uploads; no Flask, no database.

Each upload is `<root>/tus/<id>.part` (the bytes so far) plus a JSON sidecar `<id>.json`
(length, owner, entry, metadata). The size of the .part file IS the upload offset, so after a
crash the offset is whatever reached the disk, and its mtime is the last activity, from which
expiry is computed. Writers hold an exclusive, non-blocking `flock` on the .part file: a second
writer is refused (UploadLocked) instead of interleaving bytes.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

UPLOAD_ID_RE = re.compile(r"\A[0-9a-f]{32}\Z")
ORPHAN_GRACE_S = 60 * 60  # a .part without sidecar (creation or deletion cut short)
BLOCK_SIZE = 1024 * 1024  # bytes read from the request and written per os.write
MAX_PARTIALS_PER_ENTRY = 3  # older incomplete uploads of the same entry are evicted


class UploadNotFound(Exception):
    """No such upload (never existed, terminated, swept or malformed id)."""


class UploadLocked(Exception):
    """Another request is writing to this upload right now."""


@dataclass(frozen=True)
class Upload:
    """What the sidecar says plus what the disk says (offset, last activity)."""

    id: str
    length: int
    user_id: int
    entry_id: int
    metadata: dict = field(default_factory=dict)
    created_at: float = 0.0
    completed_at: float | None = None  # set once handed to the pipeline; .part is gone then
    offset: int = 0
    last_activity: float = 0.0

    @property
    def is_complete(self):
        return self.offset >= self.length

    def expires_at(self, ttl):
        return self.last_activity + ttl


def valid_id(upload_id):
    return bool(UPLOAD_ID_RE.match(upload_id or ""))


class UploadStore:
    """The uploads under `<root>/tus`; `ttl` is seconds of inactivity before expiry."""

    def __init__(self, root, *, ttl):
        self.dir = Path(root) / "tus"
        self.ttl = ttl

    # -- paths ------------------------------------------------------------------------------
    def part_path(self, upload_id):
        if not valid_id(upload_id):
            raise UploadNotFound(upload_id)
        return self.dir / f"{upload_id}.part"

    def _sidecar_path(self, upload_id):
        if not valid_id(upload_id):
            raise UploadNotFound(upload_id)
        return self.dir / f"{upload_id}.json"

    # -- reading ----------------------------------------------------------------------------
    def get(self, upload_id):
        """The upload as it stands on disk; raises UploadNotFound."""
        try:
            data = json.loads(self._sidecar_path(upload_id).read_text())
        except (FileNotFoundError, ValueError) as error:
            raise UploadNotFound(upload_id) from error
        if data.get("completed_at") is not None:
            stamp = data["completed_at"]
            return Upload(**data, offset=data["length"], last_activity=stamp)
        try:
            st = self.part_path(upload_id).stat()
        except FileNotFoundError as error:
            raise UploadNotFound(upload_id) from error
        return Upload(**data, offset=st.st_size, last_activity=st.st_mtime)

    def is_expired(self, upload, now=None):
        return (now if now is not None else time.time()) >= upload.expires_at(self.ttl)

    def free_bytes(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        return shutil.disk_usage(self.dir).free

    # -- creating ---------------------------------------------------------------------------
    def create(self, *, length, user_id, entry_id, metadata, now=None):
        """A new, empty upload with a server-generated id."""
        self.dir.mkdir(parents=True, exist_ok=True)
        self._evict_older_partials(user_id=user_id, entry_id=entry_id)
        now = now if now is not None else time.time()
        while True:
            upload_id = secrets.token_hex(16)
            try:
                fd = os.open(self.part_path(upload_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # pragma: no cover - 128 random bits
                continue
            os.close(fd)
            break
        record = {"id": upload_id, "length": int(length), "user_id": int(user_id),
                  "entry_id": int(entry_id), "metadata": dict(metadata), "created_at": now,
                  "completed_at": None}
        self._write_sidecar(upload_id, record)
        os.utime(self.part_path(upload_id), (now, now))
        return self.get(upload_id)

    def _write_sidecar(self, upload_id, record):
        final = self._sidecar_path(upload_id)
        tmp = final.with_name(f".{upload_id}.{secrets.token_hex(4)}.tmp")
        tmp.write_text(json.dumps(record))
        os.replace(tmp, final)

    def _evict_older_partials(self, *, user_id, entry_id):
        """Keep at most MAX_PARTIALS_PER_ENTRY - 1 idle incomplete uploads of this entry."""
        mine = [u for u in self._all_uploads()
                if u.user_id == user_id and u.entry_id == entry_id and u.completed_at is None]
        mine.sort(key=lambda u: u.last_activity)
        for upload in mine[: max(0, len(mine) - (MAX_PARTIALS_PER_ENTRY - 1))]:
            try:
                with self.writer(upload.id) as writer:
                    writer.terminate()
            except (UploadLocked, UploadNotFound):
                pass  # being written right now, or already gone: leave it

    def _all_uploads(self):
        if not self.dir.is_dir():
            return []
        uploads = []
        for path in self.dir.glob("*.json"):
            try:
                uploads.append(self.get(path.stem))
            except UploadNotFound:
                continue
        return uploads

    # -- writing ----------------------------------------------------------------------------
    @contextmanager
    def writer(self, upload_id):
        """Exclusive access to one upload; raises UploadLocked at once if someone else has it."""
        path = self.part_path(upload_id)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        except FileNotFoundError:
            fd = None
        if fd is None:  # a completed upload keeps only its sidecar (tombstone)
            yield UploadWriter(self, self.get(upload_id), None)
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as error:
                raise UploadLocked(upload_id) from error
            # The file may have been terminated (unlinked) between open() and flock().
            mine = os.fstat(fd)
            try:
                linked = os.stat(path)
            except FileNotFoundError as error:
                raise UploadNotFound(upload_id) from error
            if (mine.st_dev, mine.st_ino) != (linked.st_dev, linked.st_ino):
                raise UploadNotFound(upload_id)
            yield UploadWriter(self, self.get(upload_id), fd)
        finally:
            os.close(fd)  # releases the lock

    # -- expiry -----------------------------------------------------------------------------
    def sweep_expired(self, now=None):
        """Delete expired uploads and stray files; returns how many uploads were removed."""
        now = now if now is not None else time.time()
        if not self.dir.is_dir():
            return 0
        removed = 0
        for path in list(self.dir.iterdir()):
            stem, suffix = path.stem, path.suffix
            if suffix == ".json" and valid_id(stem):
                removed += self._sweep_one(stem, now)
            elif suffix == ".part" and valid_id(stem) and not path.with_suffix(".json").exists():
                _unlink_if_older(path, now - ORPHAN_GRACE_S)
            elif suffix == ".tmp" and path.name.startswith("."):
                _unlink_if_older(path, now - ORPHAN_GRACE_S)
        return removed

    def _sweep_one(self, upload_id, now):
        try:
            upload = self.get(upload_id)
        except UploadNotFound:
            # A sidecar whose .part vanished: a hand-over that crashed before the tombstone.
            _unlink_if_older(self._sidecar_path(upload_id), now - ORPHAN_GRACE_S)
            return 0
        if not self.is_expired(upload, now):
            return 0
        try:
            with self.writer(upload_id) as writer:
                writer.terminate()
        except (UploadLocked, UploadNotFound):
            return 0  # a PATCH is streaming into it: it is not idle after all
        return 1


def _unlink_if_older(path, cutoff):
    try:
        if path.stat().st_mtime < cutoff:
            path.unlink()
    except FileNotFoundError:
        pass


class UploadWriter:
    """Operations allowed while holding an upload's lock."""

    def __init__(self, store, upload, fd):
        self.store, self.upload, self.fd = store, upload, fd

    @property
    def offset(self):
        """Bytes on disk now (the truth), or the length for a completed upload."""
        if self.fd is None:
            return self.upload.length
        return os.fstat(self.fd).st_size

    def append(self, stream, max_bytes, hasher=None):
        """Copy up to `max_bytes` from `stream` to the end of the file, block by block.

        Whatever arrived stays on disk even if reading fails (a dropped connection is what
        resuming is for); the exception then propagates. Returns the number of bytes written.
        """
        if self.fd is None:
            raise UploadNotFound(self.upload.id)
        written = 0
        try:
            while written < max_bytes:
                data = stream.read(min(BLOCK_SIZE, max_bytes - written))
                if not data:
                    break
                view = memoryview(data)
                while view:
                    n = os.write(self.fd, view)
                    view = view[n:]
                    written += n
                if hasher is not None:
                    hasher.update(data)
        finally:
            if written:
                os.fsync(self.fd)
        return written

    def truncate(self, size):
        """Drop bytes after `size` (a chunk that failed its checksum)."""
        os.ftruncate(self.fd, size)
        os.fsync(self.fd)

    def mark_completed(self, now=None):
        """Replace the sidecar with a tombstone saying the bytes were handed over."""
        record = {k: getattr(self.upload, k) for k in
                  ("id", "length", "user_id", "entry_id", "metadata", "created_at")}
        record["completed_at"] = now if now is not None else time.time()
        self.store._write_sidecar(self.upload.id, record)

    def terminate(self):
        """Remove the upload: the sidecar first (it is then gone for everyone), then the bytes."""
        try:
            self.store._sidecar_path(self.upload.id).unlink()
        except FileNotFoundError:
            pass
        try:
            self.store.part_path(self.upload.id).unlink()
        except FileNotFoundError:
            pass


def sweep_expired(root, now=None, *, ttl):
    """Delete expired incomplete uploads under `<root>/tus` (for the periodic task)."""
    return UploadStore(root, ttl=ttl).sweep_expired(now)
