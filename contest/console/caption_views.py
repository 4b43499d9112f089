"""The committee's caption page of an entry: list, upload (add or replace), delete."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..entries.models import Entry
from ..media.captions import formats as captions
from ..media.captions import services as caption_services
from ..media.services import current_video
from .captions import remove_caption, upload_caption

bp = Blueprint("committee_captions", __name__, url_prefix="/admin/entries")


def _entry_or_404(entry_id):
    return db.session.get(Entry, entry_id) or abort(404)


@bp.get("/<int:entry_id>/captions")
@role_required("admin")
def show(entry_id):
    entry = _entry_or_404(entry_id)
    video = current_video(entry)
    have = caption_services.captions_of(video)
    return render_template(
        "admin/console/captions.html", entry=entry, contest=entry.contest, video=video, have=have,
        tracks=caption_services.tracks(video.uuid, have) if video else [], max_kb=captions.MAX_BYTES // 1024,
        languages=[(lang, str(caption_services.LANGUAGE_LABELS[lang])) for lang in captions.LANGUAGES])


@bp.post("/<int:entry_id>/captions")
@role_required("admin")
def upload(entry_id):
    entry = _entry_or_404(entry_id)
    file = request.files.get("file")
    language = request.form.get("language", "")
    filename, data = (file.filename if file else "") or "", file.read() if file else b""
    commit_action(lambda: upload_caption(entry=entry, language=language, filename=filename, data=data,
                                         actor=current_user),
                  success=lambda caption: _(
                      "Takarir %(language)s tersimpan (%(n)s baris takarir) dan tercatat di log audit.",
                      language=caption_services.LANGUAGE_LABELS[caption.language], n=caption.cue_count))
    return redirect(url_for("committee_captions.show", entry_id=entry.id))


@bp.post("/<int:entry_id>/captions/<lang>/delete")
@role_required("admin")
def delete(entry_id, lang):
    entry = _entry_or_404(entry_id)
    if lang not in captions.LANGUAGES:
        abort(404)
    commit_action(lambda: remove_caption(entry=entry, language=lang, actor=current_user),
                  success=_("Takarir %(language)s dihapus dan tercatat di log audit.",
                            language=caption_services.LANGUAGE_LABELS[lang]))
    return redirect(url_for("committee_captions.show", entry_id=entry.id))
