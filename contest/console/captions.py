"""The committee's captions on any entry, at any moment: add, replace, delete — each one audited.

Entrants may upload captions only while submissions are open; a winner announced without them
could then never get them. The committee can, and every change lands in the judging audit log.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import role_required
from ..aftercommit import after_commit
from ..entries.models import Entry
from ..errors import DomainError
from ..extensions import db
from ..judging.audit import log_event
from ..media import caption_services, captions
from ..media.services import current_video

bp = Blueprint("committee_captions", __name__, url_prefix="/admin/entries")


def _entry_or_404(entry_id):
    return db.session.get(Entry, entry_id) or abort(404)


def upload_caption(*, entry, language, filename, data, actor):
    """Store (or replace) one language's caption of the entry's video in use, audited; flushes."""
    video = current_video(entry)
    caption, replaced = caption_services.save_caption_for_video(video=video, language=language,
                                                                filename=filename, data=data)
    log_event(contest_id=entry.contest_id, entry_id=entry.id, actor=actor,
              action="caption.replace" if replaced else "caption.add",
              data={"language": language, "cues": caption.cue_count, "file": filename[:120]})
    after_commit(caption_services.discard, replaced)
    return caption


def remove_caption(*, entry, language, actor):
    """Delete one language's caption of the entry's video in use, audited; flushes."""
    video = current_video(entry)
    if video is None:
        raise DomainError(_("Karya ini belum punya video."))
    path = caption_services.delete_caption(video=video, language=language)
    log_event(contest_id=entry.contest_id, entry_id=entry.id, actor=actor, action="caption.delete",
              data={"language": language})
    after_commit(caption_services.discard, path)


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
    try:
        caption = upload_caption(entry=entry, language=language, filename=(file.filename if file else "") or "",
                                 data=file.read() if file else b"", actor=current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        flash(_("Takarir %(language)s tersimpan (%(n)s baris takarir) dan tercatat di log audit.",
                language=caption_services.LANGUAGE_LABELS[caption.language], n=caption.cue_count), "success")
    return redirect(url_for("committee_captions.show", entry_id=entry.id))


@bp.post("/<int:entry_id>/captions/<lang>/delete")
@role_required("admin")
def delete(entry_id, lang):
    entry = _entry_or_404(entry_id)
    if lang not in captions.LANGUAGES:
        abort(404)
    try:
        remove_caption(entry=entry, language=lang, actor=current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        flash(_("Takarir %(language)s dihapus dan tercatat di log audit.",
                language=caption_services.LANGUAGE_LABELS[lang]), "success")
    return redirect(url_for("committee_captions.show", entry_id=entry.id))
