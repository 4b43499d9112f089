"""Caption tracks: saving an upload beside the rendition, the edition's rule, what pages show.

Operations flush and never commit. save_caption() writes the new file before the commit (under
a temporary name, then renamed into place); the view deletes the replaced file after the commit,
or the new one if the commit fails.
"""
import os
import uuid
from pathlib import Path

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ...entries.hooks import submission_check
from .. import storage
from ..models import Video, VideoState
from ..services import current_video, latest_video
from . import formats as captions
from .models import Caption, CaptionSettings

LANGUAGE_LABELS = {"id": _l("Bahasa Indonesia"), "en": _l("English")}


class CaptionError(DomainError):
    """A refused caption upload: `code` for scripts and tests, the message for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def problem_message(code, params=None):
    """The Indonesian (translatable) sentence for a caption problem code."""
    p = params or {}
    if code == "caption_unreadable":
        if p.get("line"):
            return _("Berkas takarir tidak dapat dibaca sebagai WebVTT atau SRT. Periksa baris “%(line)s”.",
                     line=p["line"])
        return _("Berkas takarir tidak dapat dibaca sebagai WebVTT atau SRT.")
    messages = {
        "caption_bad_type": lambda: _("Berkas .%(ext)s tidak diterima. Unggah takarir WebVTT (.vtt) atau "
                                      "SRT (.srt).", ext=p.get("ext") or "?"),
        "caption_too_large": lambda: _("Ukuran berkas takarir %(size)s KB melebihi batas %(max)s KB.",
                                       size=p.get("size_kb"), max=p.get("max_kb")),
        "caption_bad_encoding": lambda: _("Berkas takarir harus berenkode UTF-8. Simpan ulang sebagai UTF-8, "
                                          "lalu unggah kembali."),
        "caption_empty": lambda: _("Berkas takarir kosong: tidak ada teks takarir di dalamnya."),
        "caption_bad_timing": lambda: _("Waktu takarir %(start)s --> %(end)s tidak valid: waktu selesai harus "
                                        "setelah waktu mulai.", start=p.get("start"), end=p.get("end")),
        "caption_outside_video": lambda: _("Takarir berakhir pada %(at)s, melewati durasi video %(duration)s.",
                                           at=p.get("at"), duration=p.get("duration")),
        "caption_markup": lambda: _("Takarir memuat tag %(tag)s yang tidak diizinkan. Hanya format WebVTT "
                                    "(<b>, <i>, <u>, <c>, <v>, <lang>, <ruby>, <rt>) yang boleh dipakai.",
                                    tag=p.get("tag")),
        "caption_video_not_ready": lambda: _("Takarir dapat diunggah setelah video selesai diproses."),
        "caption_bad_language": lambda: _("Pilih bahasa takarir: Bahasa Indonesia atau English."),
        "caption_no_file": lambda: _("Pilih berkas takarir terlebih dahulu."),
    }
    return messages[code]()


def refuse(code, **params):
    raise CaptionError(code, problem_message(code, params))


# -- the edition's rule ----------------------------------------------------------------------

def settings_for(contest):
    """The edition's caption settings (defaults, not added, when it has none)."""
    return db.session.get(CaptionSettings, contest.id) or CaptionSettings(contest_id=contest.id, required=False)


def captions_required(contest):
    return bool(settings_for(contest).required)


def set_required(*, contest, required, actor):
    settings = db.session.get(CaptionSettings, contest.id)
    if settings is None:
        settings = CaptionSettings(contest_id=contest.id)
        db.session.add(settings)
    settings.required = bool(required)
    settings.updated_at = utcnow()
    settings.updated_by_id = actor.id
    db.session.flush()
    return settings


# -- reading ---------------------------------------------------------------------------------

def captions_of(video):
    """{language: Caption} of one video."""
    if video is None:
        return {}
    rows = db.session.scalars(select(Caption).where(Caption.video_id == video.id)).all()
    return {c.language: c for c in rows}


def captions_for(video_ids):
    """{video_id: {language: Caption}} for many videos in one query."""
    ids = [i for i in video_ids if i is not None]
    found = {}
    if ids:
        for c in db.session.scalars(select(Caption).where(Caption.video_id.in_(ids))):
            found.setdefault(c.video_id, {})[c.language] = c
    return found


def caption_path(video, caption):
    return storage.rendition_dir(video) / caption.name


def track_url(video_uuid, caption):
    """The opaque track URL; `v` changes with each upload so a cached old track is never reused."""
    return url_for("captions.track", uuid=video_uuid, lang=caption.language, v=caption.name.rsplit("-", 1)[-1][:8])


def tracks(video_uuid, by_language):
    """What a <track> element needs, Indonesian first (the default), for one video."""
    return [{"src": track_url(video_uuid, by_language[lang]), "srclang": lang,
             "label": str(LANGUAGE_LABELS[lang]), "default": lang == "id",
             "transcript": url_for("captions.transcript", uuid=video_uuid, lang=lang)}
            for lang in captions.LANGUAGES if lang in by_language]


def entries_lacking_captions(entries):
    """Ids of those entries whose video in use has no Indonesian track (one query)."""
    entries = list(entries)
    ids = [e.id for e in entries]
    if not ids:
        return set()
    newest = {}
    for video_id, entry_id in db.session.execute(
            select(Video.id, Video.entry_id).where(Video.entry_id.in_(ids), Video.state == VideoState.READY.value)
            .order_by(Video.id)):
        newest[entry_id] = video_id
    have = set(db.session.scalars(select(Caption.video_id).where(
        Caption.video_id.in_(list(newest.values()) or [-1]), Caption.language == "id")))
    return {e for e in ids if newest.get(e) not in have}


@submission_check
def caption_blocker(entry):
    """Why missing captions stop submission (the edition requires them), or None."""
    if not captions_required(entry.contest):
        return None
    if "id" in captions_of(current_video(entry)):
        return None
    return _("Takarir (captions) belum diunggah: unggah takarir Bahasa Indonesia untuk video Anda.")


# -- writing ---------------------------------------------------------------------------------

def save_caption(*, entry, language, filename, data):
    """Check, convert and store a caption file for the entry's video in use.

    Returns (caption, replaced_path or None): the caller deletes replaced_path after the commit.
    """
    if entry.is_withdrawn:
        raise DomainError(_("Karya yang sudah ditarik tidak dapat diubah."))
    if language not in captions.LANGUAGES:
        refuse("caption_bad_language")
    if not filename and not data:
        refuse("caption_no_file")
    video = current_video(entry)
    latest = latest_video(entry)
    if video is None or video.duration is None or (latest is not None and latest.id != video.id
                                                    and latest.is_pending):
        refuse("caption_video_not_ready")
    try:
        text = captions.convert(data, filename=filename or "", duration_s=video.duration)
    except captions.CaptionProblem as problem:
        refuse(problem.code, **problem.params)
    return store_caption(video=video, language=language, vtt_text=text)


def store_caption(*, video, language, vtt_text):
    """Place clean WebVTT text beside the video's rendition (temporary name, then renamed) and
    record it, replacing that language's track. Returns (caption, replaced_path or None)."""
    name = f"captions-{language}-{uuid.uuid4().hex[:12]}.vtt"
    folder = storage.rendition_dir(video)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{name}.tmp"
    tmp.write_text(vtt_text, encoding="utf-8")
    os.replace(tmp, folder / name)
    caption = db.session.scalar(select(Caption).where(Caption.video_id == video.id, Caption.language == language))
    replaced = None
    if caption is None:
        caption = Caption(video_id=video.id, language=language)
        db.session.add(caption)
    else:
        replaced = folder / caption.name
    caption.name, caption.size = name, len(vtt_text.encode("utf-8"))
    caption.cue_count = vtt_text.count(" --> ")
    caption.created_at = utcnow()
    db.session.flush()
    return caption, replaced


def discard(path):
    """Remove a caption file (a replaced one, or a new one whose commit failed)."""
    if path is not None:
        Path(path).unlink(missing_ok=True)


def save_caption_for_video(*, video, language, filename, data):
    """The committee's upload: check, convert and store a caption for `video`, at any time and in any
    phase (a winner announced without captions can still get them). Returns (caption, replaced path)."""
    if language not in captions.LANGUAGES:
        refuse("caption_bad_language")
    if not filename and not data:
        refuse("caption_no_file")
    if video is None or video.duration is None:
        refuse("caption_video_not_ready")
    try:
        text = captions.convert(data, filename=filename or "", duration_s=video.duration)
    except captions.CaptionProblem as problem:
        refuse(problem.code, **problem.params)
    return store_caption(video=video, language=language, vtt_text=text)


def delete_caption(*, video, language):
    """Remove one language's track of `video`; returns the file path to discard after the commit."""
    caption = db.session.scalar(select(Caption).where(Caption.video_id == video.id, Caption.language == language))
    if caption is None:
        raise DomainError(_("Takarir bahasa ini sudah tidak ada."))
    path = caption_path(video, caption)
    db.session.delete(caption)
    db.session.flush()
    return path
