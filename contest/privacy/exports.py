"""The entrant's data export: one ZIP with data.json and their own original videos.

Originals can be 500 MB each, so the worker builds the ZIP on disk (videos stored, not
compressed: they are compressed already) under a temporary name, then renames it into place;
the page offers the download once the row says it is ready. Services flush, never commit.
"""
import json
import os
import uuid
import zipfile
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..media.models import Video
from ..media.storage import original_path, upload_root
from ..records.access_log import log_access
from . import inventory
from .duties import requests as duties
from .duties.models import RequestKind
from .models import DataExport, RequestState

EXPORT_DIR = "privacy-exports"
KEEP_FOR = timedelta(days=7)  # a ready ZIP is deleted after a week (the sweep)


def request_export(*, user, now=None):
    """Ask the worker for a fresh ZIP; refused while one is still being prepared."""
    pending = db.session.scalar(select(DataExport.id).where(
        DataExport.user_id == user.id, DataExport.state == RequestState.PENDING.value))
    if pending is not None:
        raise DomainError(_("Arsip data Anda sedang disiapkan. Muat ulang halaman ini sebentar lagi."))
    export = DataExport(user_id=user.id, requested_at=now or utcnow(), state=RequestState.PENDING.value)
    db.session.add(export)
    db.session.flush()
    log_access(actor=user, action="export.self", subject_user_id=user.id,
               detail=_("Unduhan Data Saya #%(id)s diminta", id=export.id))
    duties.record_self_service(kind=RequestKind.ACCESS.value, user=user, reference=f"export:{export.id}",
                               done=False, now=export.requested_at)
    return export


def latest_export(user):
    return db.session.scalar(select(DataExport).where(DataExport.user_id == user.id)
                             .order_by(DataExport.id.desc()).limit(1))


def absolute(export):
    return upload_root() / export.path


def _video_name(video, codes):
    ext = video.original_ext or "bin"
    return f"videos/{codes.get(video.entry_id, 'karya')}-video-{video.id}.{ext}"


def build_export(export_id, *, now=None):
    """Write the ZIP for one export request (a task: re-checks state; safe to run twice)."""
    export = db.session.get(DataExport, export_id)
    if export is None or export.state != RequestState.PENDING.value:
        return None
    user = db.session.get(User, export.user_id)
    data = inventory.gather(user)
    folder = upload_root() / EXPORT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{export.id}-{uuid.uuid4().hex}.zip"
    final, tmp = folder / name, folder / f".{name}.part"
    entry_ids = [e["id"] for e in data["entries"]]
    codes = {e["id"]: e["code"] for e in data["entries"]}
    videos = db.session.scalars(select(Video).where(Video.entry_id.in_(entry_ids)).order_by(Video.id)).all()
    included = []
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
            for video in videos:
                path = original_path(video)
                if video.files_deleted_at is None and path.is_file():
                    arcname = _video_name(video, codes)
                    archive.write(path, arcname, compress_type=zipfile.ZIP_STORED)
                    included.append(arcname)
            data["files"] = included
            archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2),
                             compress_type=zipfile.ZIP_DEFLATED)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    export.path = f"{EXPORT_DIR}/{name}"
    export.size = final.stat().st_size
    export.state = RequestState.DONE.value
    export.finished_at = now or utcnow()
    duties.complete_reference(f"export:{export.id}", now=export.finished_at)
    db.session.flush()
    return export


def delete_old_exports(*, now=None):
    """Ready ZIPs older than KEEP_FOR go (files and rows); returns how many."""
    now = now or utcnow()
    old = db.session.scalars(select(DataExport).where(DataExport.requested_at < now - KEEP_FOR)).all()
    for export in old:
        if export.path:
            absolute(export).unlink(missing_ok=True)
        db.session.delete(export)
    db.session.flush()
    return len(old)
