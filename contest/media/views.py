"""Video status JSON, media files (access-checked, Range), poster choice, committee actions."""
from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..contests.access import phase_required
from ..contests.phases import Phase
from ..core.aftercommit import after_commit
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..entries.models import Entry
from . import services, status, storage
from .access import may_watch, viewer_role
from .models import Video, VideoState
from .serving import send_media
from .tasks import enqueue_video

bp = Blueprint("media", __name__)


@bp.app_template_global("video_panel")
def video_panel(entry):
    """Data for the upload panel on the owner's entry page (templates/entries/_video.html)."""
    return status.upload_panel(entry)


def _entry_or_404(entry_id):
    entry = db.session.get(Entry, entry_id)
    if entry is None:
        abort(404)
    return entry


def _own_entry(entry_id):
    entry = _entry_or_404(entry_id)
    if entry.user_id != current_user.id:
        abort(404)
    return entry


def _video_or_404(uuid, *, ready=True):
    video = db.session.scalar(select(Video).where(Video.uuid == uuid))
    if video is None or (ready and video.state != VideoState.READY.value):
        abort(404)
    return video


@bp.get("/entries/<int:entry_id>/video.json", endpoint="status")
def status_json(entry_id):
    """State of the entry's video for its owner, the committee and (blind) judges."""
    if not current_user.is_authenticated:
        return jsonify(error=_("Silakan masuk terlebih dahulu.")), 401
    entry = _entry_or_404(entry_id)
    role = viewer_role(current_user, entry)
    if role is None:
        abort(404)
    response = jsonify(status.status_document(entry, role))
    response.cache_control.no_store = True
    return response



@bp.get("/media/v/<uuid>/web.mp4")
def stream(uuid):
    """The web rendition, with Range support so the player can seek."""
    video = _video_or_404(uuid)
    if not may_watch(current_user, video):
        abort(404)
    path = storage.web_path(video)
    if not path.exists():
        abort(404)
    return send_media(path, mimetype="video/mp4")


@bp.get("/media/v/<uuid>/frame-<int:index>-<int:width>.jpg")
def frame(uuid, index, width):
    """A poster candidate at card or player width."""
    video = _video_or_404(uuid)
    if width not in storage.FRAME_WIDTHS or not 0 <= index < video.frame_count:
        abort(404)
    if not may_watch(current_user, video):
        abort(404)
    path = storage.frame_path(video, index, width)
    if not path.exists():
        abort(404)
    return send_media(path, mimetype="image/jpeg")


@bp.get("/media/v/<uuid>/original")
@role_required("admin")
def original(uuid):
    """The upload exactly as received, for the committee only."""
    video = _video_or_404(uuid, ready=False)
    path = storage.original_path(video)
    if not path.exists():
        abort(404)
    ext = video.original_ext or "bin"
    return send_media(path, mimetype="application/octet-stream",
                      download_name=f"{video.entry.code}-{video.uuid[:8]}.{ext}")


@bp.post("/entries/<int:entry_id>/video/poster")
@role_required("entrant")
@phase_required(Phase.SUBMISSION, contest_for=lambda entry_id: _own_entry(entry_id).contest)
def choose_poster(entry_id):
    """The owner picks one of the three poster candidates."""
    entry = _own_entry(entry_id)
    video = services.latest_video(entry)
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        if video is None:
            raise DomainError(_("Belum ada video."))
        services.choose_poster(video=video, index=request.form.get("choice", -1, type=int))
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if wants_json:
            return jsonify(error=str(error.message)), 400
        flash(error.message, "danger")
    else:
        if wants_json:
            return jsonify(poster_choice=video.poster_choice, poster_url=status.poster_url(video))
        flash(_("Sampul video tersimpan."), "success")
    return redirect(url_for("entries.detail", entry_id=entry.id))


@bp.post("/media/v/<uuid>/retry")
@role_required("admin")
def retry(uuid):
    """The committee re-queues a video that failed to process."""
    video = _video_or_404(uuid, ready=False)

    def retry_and_enqueue():
        services.retry_failed(video=video)
        after_commit(enqueue_video, video.id)

    commit_action(retry_and_enqueue, success=_("Video dimasukkan kembali ke antrean pemrosesan."))
    return redirect(url_for("admin.contests"))
