"""The committee's captions on any entry, at any moment: add, replace, delete — each one audited.
Functions flush; the views (caption_views.py) commit once.

Entrants may upload captions only while submissions are open; a winner announced without them
could then never get them. The committee can, and every change lands in the judging audit log.
"""
from flask_babel import gettext as _

from ..core.aftercommit import after_commit
from ..core.errors import DomainError
from ..judging.rounds.audit import log_event
from ..media.captions import services as caption_services
from ..media.services import current_video


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
