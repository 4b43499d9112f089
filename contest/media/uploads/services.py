"""Who may upload a video for which entry, and what happens when an upload is complete.

The tus server (tus.py) speaks the protocol and calls these functions:
authorize_new_upload() when an upload is created, authorize_resume() before more bytes are
accepted, receive_upload() and take_upload() once the last byte is on disk (tus.hand_over
commits between them and enqueues after the last commit). They flush; they never commit.

Replacing a video: the new upload becomes the entry's *latest* video at once (the page shows
its progress), while the entry keeps *using* its newest ready video until the new one is ready
(services.current_video). Older uploads that never became ready are superseded when a new
upload completes; the previous ready video is superseded when the new one is ready. The sweep
deletes the files of superseded videos.
"""
import math
from pathlib import Path

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ...contests.phases import Phase, is_open
from ...contests.timefmt import format_deadline
from ...core.extensions import db
from ...core.i18n import current_language
from ...core.timeutil import utcnow
from ...entries.models import Entry
from .. import services, storage
from ..models import PENDING, Video, VideoState

ALLOWED_EXTENSIONS = ("mp4", "mov", "m4v", "mkv", "webm", "3gp")
MiB = 1024 * 1024


class UploadRefused(Exception):
    """An upload may not start or continue: an HTTP status and a translated message."""

    def __init__(self, status, message):
        super().__init__(str(message))
        self.status = status
        self.message = message


def extension_of(filename):
    """Lower-case extension without the dot, '' when there is none."""
    name = (filename or "").strip()
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _megabytes(size, *, up):
    """Bytes as MB with one decimal in the user's locale, rounded so the message never lies."""
    value = size / MiB
    value = math.ceil(value * 10) / 10 if up else math.floor(value * 10) / 10
    return format_decimal(value, format="#,##0.#", locale=get_locale() or "id")


def _entry_for(user, entry_id):
    """The entry if `user` may upload to it right now; UploadRefused otherwise."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise UploadRefused(401, _("Silakan masuk untuk mengunggah video."))
    entry = db.session.get(Entry, entry_id)
    if entry is None:
        raise UploadRefused(404, _("Karya tidak ditemukan."))
    if entry.user_id != user.id or not user.has_role("entrant"):
        raise UploadRefused(403, _("Anda tidak berhak mengunggah video untuk karya ini."))
    if entry.is_withdrawn:
        raise UploadRefused(403, _("Karya yang sudah ditarik tidak dapat diberi video baru."))
    contest = entry.contest
    if not is_open(contest, Phase.SUBMISSION):
        if utcnow() < contest.registration_opens_at:
            when = format_deadline(contest.registration_opens_at, contest.timezone,
                                   current_language())
            raise UploadRefused(403, _("Pengumpulan karya baru dibuka %(when)s.", when=when))
        deadline = format_deadline(contest.submissions_close_at, contest.timezone,
                                   current_language())
        raise UploadRefused(403, _("Pengumpulan karya sudah ditutup pada %(deadline)s.",
                                   deadline=deadline))
    return entry


def authorize_new_upload(*, user, metadata, length):
    """Check a new upload (tus creation) and return the entry id it belongs to."""
    raw_id = str(metadata.get("entry_id", "")).strip()
    filename = str(metadata.get("filename", "")).strip()
    if not raw_id.isdigit() or not filename:
        raise UploadRefused(400, _("Data unggahan tidak lengkap: nomor karya dan nama berkas "
                                   "wajib dikirim."))
    entry = _entry_for(user, int(raw_id))
    limit = entry.contest.max_size_bytes
    if length > limit:
        raise UploadRefused(413, _("Ukuran berkas %(size)s MB melebihi batas %(max)s MB.",
                                   size=_megabytes(length, up=True),
                                   max=_megabytes(limit, up=False)))
    ext = extension_of(filename)
    if ext not in ALLOWED_EXTENSIONS:
        accepted = ", ".join(e.upper() for e in ALLOWED_EXTENSIONS)
        if ext:
            message = _("Berkas .%(ext)s tidak diterima. Unggah video %(accepted)s.",
                        ext=ext[:10], accepted=accepted)
        else:
            message = _("Nama berkas tidak memiliki ekstensi video. Unggah video %(accepted)s.",
                        accepted=accepted)
        raise UploadRefused(415, message)
    return entry.id


def authorize_resume(*, user, entry_id):
    """Check that `user` may still send bytes for an upload to this entry."""
    _entry_for(user, entry_id)


def receive_upload(*, entry_id, path, filename, size):
    """The video row for a finished upload at `path`, made on the first call (flushes).

    Idempotent: the tus file's path is recorded on the row, so a second call for the same path
    (a retried hand-over) finds the row. The caller commits it before take_upload() moves the
    file, so a crash in between is resumed by the sweep, not lost (see tus.hand_over).
    """
    ref = str(Path(path).resolve())
    video = db.session.scalar(select(Video).where(Video.upload_ref == ref))
    if video is None:
        entry = db.session.get(Entry, entry_id)
        if entry is None:
            raise UploadRefused(404, _("Karya tidak ditemukan."))
        video = Video(entry=entry, upload_ref=ref, original_filename=(filename or "")[:255],
                      original_size=int(size), state=VideoState.UPLOADING.value)
        db.session.add(video)
        db.session.flush()
    return video


def take_upload(*, video, path):
    """Move the upload under originals/ and mark the row queued (flushes; the caller commits,
    then enqueues). Returns False when an earlier call already did it."""
    if video.state != VideoState.UPLOADING.value:
        return False
    _take_file(video, Path(path))
    return True


def _take_file(video, path):
    """Move the upload into place and queue the row (flushes; the caller commits)."""
    target = storage.original_path(video)
    if path.exists():
        storage.place_file(path, target)
    elif not target.exists():
        raise FileNotFoundError(f"upload file {path} is gone")
    video.original_size = target.stat().st_size
    if video.original_size == 0:
        # An empty file never goes near ffprobe or the queue: it is rejected on arrival.
        video.state = VideoState.REJECTED.value
        video.problems = [{"code": "empty", "params": {}}]
    else:
        video.state = VideoState.QUEUED.value
    video.state_changed_at = utcnow()
    db.session.flush()
    services.supersede_older(video=video, states=PENDING + (VideoState.REJECTED.value,
                                                            VideoState.FAILED.value))


def finish_interrupted(*, older_than):
    """Finish hand-overs cut short between the row's commit and the queueing (the sweep)."""
    rows = db.session.scalars(select(Video).where(
        Video.state == VideoState.UPLOADING.value, Video.state_changed_at < older_than)).all()
    done = []
    for video in rows:
        source = Path(video.upload_ref or "/nonexistent")
        if storage.original_path(video).exists() or source.exists():
            _take_file(video, source)
            done.append(video.id)
    return done


def original_path_for_entry(entry_id):
    """Where the original of the entry's newest upload is kept (None without one)."""
    video = db.session.scalar(select(Video).where(Video.entry_id == entry_id)
                              .order_by(Video.id.desc()).limit(1))
    return storage.original_path(video) if video is not None else None
