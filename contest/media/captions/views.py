"""Caption upload (the owner), tracks and transcripts (whoever may watch the video), the edition's rule."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...contests.access import phase_required
from ...contests.models import Contest
from ...contests.phases import Phase, is_open
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.http.access import role_required
from ...entries.models import Entry
from ..access import may_watch
from ..models import Video, VideoState
from ..services import current_video
from ..serving import send_media
from . import formats as captions
from . import services as caption_services
from .models import Caption

bp = Blueprint("captions", __name__)


@bp.app_template_global("caption_panel")
def caption_panel(entry):
    """Data for the owner's caption form (templates/media/_captions.html)."""
    video = current_video(entry)
    by_language = caption_services.captions_of(video)
    return {
        "video": video,
        "tracks": caption_services.tracks(video.uuid, by_language) if video else [],
        "have": by_language,
        "required": caption_services.captions_required(entry.contest),
        "can_upload": video is not None and is_open(entry.contest, Phase.SUBMISSION) and not entry.is_withdrawn,
        "languages": [(lang, str(caption_services.LANGUAGE_LABELS[lang])) for lang in captions.LANGUAGES],
        "max_kb": captions.MAX_BYTES // 1024,
    }


@bp.app_template_global("caption_tracks")
def caption_tracks(video):
    """The <track> data of one video (a Video or its uuid)."""
    if not video:
        return []
    if isinstance(video, str):
        video = db.session.scalar(select(Video).where(Video.uuid == video))
        if video is None:
            return []
    return caption_services.tracks(video.uuid, caption_services.captions_of(video))


@bp.app_template_global("caption_tracks_by_uuid")
def caption_tracks_by_uuid(uuids):
    """{uuid: tracks} for a list page, in one query."""
    uuids = [u for u in uuids if u]
    if not uuids:
        return {}
    found = {}
    for uuid, caption in db.session.execute(
            select(Video.uuid, Caption).join(Caption, Caption.video_id == Video.id).where(Video.uuid.in_(uuids))):
        found.setdefault(uuid, {})[caption.language] = caption
    return {u: caption_services.tracks(u, langs) for u, langs in found.items()}


@bp.app_template_global("caption_settings")
def caption_settings(contest):
    return caption_services.settings_for(contest)


@bp.app_template_global("captions_lacking")
def captions_lacking(entries):
    """For the committee's check page: ids of entries whose video has no Indonesian captions."""
    return caption_services.entries_lacking_captions(
        e[0] if isinstance(e, tuple) else e for e in entries)


def _own_entry(entry_id):
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.user_id != current_user.id:
        abort(404)
    return entry


@bp.post("/entries/<int:entry_id>/captions")
@role_required("entrant")
@phase_required(Phase.SUBMISSION, contest_for=lambda entry_id: _own_entry(entry_id).contest)
def upload(entry_id):
    """The owner uploads a .vtt or .srt file for one language; it replaces that language's track."""
    entry = _own_entry(entry_id)
    wants_json = request.accept_mimetypes.best == "application/json"
    file = request.files.get("file")
    data = file.read() if file else b""
    caption = replaced = None
    try:
        caption, replaced = caption_services.save_caption(
            entry=entry, language=request.form.get("language", ""),
            filename=(file.filename if file else "") or "", data=data)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if caption is not None:  # pragma: no cover  (the commit failed after the file was placed)
            caption_services.discard(caption_services.caption_path(caption.video, caption))
        code = getattr(error, "code", "caption_refused")
        if wants_json:
            return jsonify(error={"code": code, "message": str(error.message)}), 400
        flash(error.message, "danger")
        return redirect(url_for("entries.detail", entry_id=entry.id, _anchor="captions"))
    caption_services.discard(replaced)
    label = caption_services.LANGUAGE_LABELS[caption.language]
    if wants_json:
        return jsonify(language=caption.language, cues=caption.cue_count,
                       url=caption_services.track_url(caption.video.uuid, caption))
    flash(_("Takarir %(language)s tersimpan (%(n)s baris takarir).", language=label, n=caption.cue_count),
          "success")
    return redirect(url_for("entries.detail", entry_id=entry.id, _anchor="captions"))


def _watchable_caption(uuid, lang):
    """The video and its caption in `lang` if the viewer may watch the video; 404 otherwise."""
    video = db.session.scalar(select(Video).where(Video.uuid == uuid))
    if video is None or video.state != VideoState.READY.value or lang not in captions.LANGUAGES:
        abort(404)
    if not may_watch(current_user, video):
        abort(404)
    caption = db.session.scalar(select(Caption).where(Caption.video_id == video.id, Caption.language == lang))
    if caption is None:
        abort(404)
    path = caption_services.caption_path(video, caption)
    if not path.exists():
        abort(404)
    return video, caption, path


@bp.get("/media/v/<uuid>/captions/<lang>.vtt")
def track(uuid, lang):
    """The WebVTT track, under the same access rule as the video (nginx sends it when configured)."""
    _video, _caption, path = _watchable_caption(uuid, lang)
    response = send_media(path, mimetype="text/vtt")
    response.charset = "utf-8"
    return response


@bp.get("/media/v/<uuid>/transcript/<lang>")
def transcript(uuid, lang):
    """The captions as readable text (for people who cannot watch or prefer to read)."""
    video, caption, path = _watchable_caption(uuid, lang)
    lines = captions.transcript(path.read_text(encoding="utf-8"))
    return render_template("media/transcript.html", video=video, caption=caption, lines=lines,
                           language=caption_services.LANGUAGE_LABELS[lang], lang=lang)


@bp.post("/admin/contests/<int:contest_id>/captions")
@role_required("admin")
def settings(contest_id):
    """The committee decides whether this edition requires Indonesian captions before submission."""
    contest = db.session.get(Contest, contest_id) or abort(404)
    caption_services.set_required(contest=contest, required=request.form.get("required") == "1",
                                  actor=current_user)
    db.session.commit()
    flash(_("Aturan takarir tersimpan."), "success")
    return redirect(url_for("admin.edit_contest", contest_id=contest.id) + "#captions")
