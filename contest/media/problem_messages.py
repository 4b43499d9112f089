"""Entrant-facing (Indonesian, translatable) messages for rules.Problem codes."""
from __future__ import annotations

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

from contest.media.quality.analysis import CODES as QUALITY_CODES
from contest.media.quality.messages import warning_message
from contest.media.rules import Problem

ACCEPTED_FILES = "MP4, MOV, MKV, WebM"


def _number(value) -> str:
    """A number in the current locale (Indonesian by default): 59,4 and 1.080."""
    locale = get_locale() or "id"
    return format_decimal(value, format="#,##0.#", locale=locale)


def _orientation(name: str) -> str:
    """Translated name of an orientation code."""
    names = {"landscape": _("lanskap (mendatar)"), "portrait": _("potret (tegak)"),
             "square": _("persegi")}
    return names.get(name, name)


def _either(names: list[str]) -> str:
    """'a', 'a atau b', 'a, b atau c'."""
    words = [_orientation(n) for n in names]
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s atau %(last)s", first=", ".join(words[:-1]), last=words[-1])


def _not_a_video(params: dict) -> str:
    """Message for not_a_video, by reason."""
    if params.get("reason") == "image":
        return _("Berkas ini berupa gambar, bukan video. Unggah berkas video %(formats)s.",
                 formats=ACCEPTED_FILES)
    return _("Berkas bukan video yang dikenali. Unggah berkas MP4, MOV, MKV atau WebM.")


def _corrupt(params: dict) -> str:
    """Message for corrupt."""
    return _("Berkas video rusak atau tidak lengkap (mungkin unggahan terputus). Pastikan "
             "video dapat diputar di perangkat Anda, lalu unggah ulang.")


def _unsupported_codec(params: dict) -> str:
    """Message for unsupported_codec, for the video or the audio stream."""
    if params.get("stream") == "audio":
        return _("Format suara %(codec)s tidak didukung. Simpan ulang video sebagai MP4 "
                 "(video H.264, suara AAC), lalu unggah lagi.", codec=params.get("codec", "?"))
    return _("Format video %(codec)s tidak didukung. Simpan ulang video sebagai MP4 "
             "(H.264), lalu unggah lagi.", codec=params.get("codec", "?"))


def message_for(problem: Problem) -> str:
    """One sentence telling the entrant what is wrong and what to fix."""
    p = problem.params or {}
    code = problem.code
    if code == "empty":
        return _("Berkas kosong. Pilih kembali berkas video Anda lalu unggah ulang.")
    if code == "not_a_video":
        return _not_a_video(p)
    if code == "corrupt":
        return _corrupt(p)
    if code == "no_video":
        return _("Berkas hanya berisi suara tanpa gambar. Unggah berkas video.")
    if code == "no_audio":
        return _("Video tidak memiliki suara; karya wajib bersuara.")
    if code == "too_short":
        return _("Durasi video %(duration)s detik; minimal %(min)s detik.",
                 duration=_number(p["duration"]), min=_number(p["min"]))
    if code == "too_long":
        return _("Durasi video %(duration)s detik; maksimal %(max)s detik.",
                 duration=_number(p["duration"]), max=_number(p["max"]))
    if code == "resolution_too_low":
        return _("Resolusi video %(width)s×%(height)s; sisi terpendek minimal %(min)s piksel.",
                 width=p["width"], height=p["height"], min=p["min"])
    if code == "resolution_too_high":
        return _("Resolusi video %(width)s×%(height)s; sisi terpanjang maksimal %(max)s piksel. Ekspor "
                 "ulang video Anda dengan resolusi lebih kecil (mis. 1920×1080), lalu unggah ulang.",
                 width=p["width"], height=p["height"], max=p["max"])
    if code == "frame_rate_too_high":
        return _("Laju bingkai video %(fps)s fps; maksimal %(max)s fps. Ekspor ulang video Anda dengan "
                 "30 atau %(max)s fps, lalu unggah ulang.", fps=_number(p["fps"]), max=_number(p["max"]))
    if code == "wrong_orientation":
        return _("Video harus berorientasi %(allowed)s; video Anda %(actual)s.",
                 allowed=_either(p["allowed"]), actual=_orientation(p["actual"]))
    if code == "too_large":
        return _("Ukuran berkas %(size)s MB; maksimal %(max)s MB. Kompres atau potong video "
                 "Anda, lalu unggah ulang.", size=_number(p["size_mb"]), max=_number(p["max_mb"]))
    if code == "unsupported_codec":
        return _unsupported_codec(p)
    if code in QUALITY_CODES:  # the edition rejects videos with this quality warning
        return _("%(warning)s: video ditolak menurut ketentuan edisi ini.",
                 warning=warning_message(code, p.get("start"), p.get("end"), p))
    return _("Video tidak dapat diproses (%(code)s).", code=code)
