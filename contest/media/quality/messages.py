"""The quality warnings in the viewer's language ("Layar hitam 0:00–0:05"), for video.json and pages."""
from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

from ...core.extensions import db
from . import analysis as quality
from .models import QualitySettings, VideoQuality


def clock(seconds):
    """0:05, 1:02:03 — the player's own way of writing a time."""
    total = int(max(0, seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _number(value):
    return format_decimal(value, format="#,##0.#", locale=get_locale() or "id")


def warning_message(code, start=None, end=None, params=None):
    """One short sentence for a warning (or a quality rejection) with its times."""
    p = params or {}
    span = f"{clock(start)}–{clock(end)}" if start is not None and end is not None else ""
    if code == "black":
        return _("Layar hitam %(span)s", span=span)
    if code == "frozen":
        return _("Gambar diam (beku) %(span)s", span=span)
    if code == "silence":
        return _("Tanpa suara %(span)s", span=span)
    if code == "too_quiet":
        return _("Suara terlalu pelan (%(lufs)s LUFS; minimal %(limit)s LUFS)",
                 lufs=_number(p.get("lufs", 0)), limit=_number(p.get("limit", 0)))
    if code == "too_loud":
        return _("Suara terlalu keras (%(lufs)s LUFS; maksimal %(limit)s LUFS)",
                 lufs=_number(p.get("lufs", 0)), limit=_number(p.get("limit", 0)))
    if code == "clipping":
        return _("Suara pecah (clipping) pada %(percent)s %% sampel",
                 percent=_number(p.get("percent", 0)))
    return code


def policy_label(policy):
    return {"ignore": _("Abaikan"), "warn": _("Peringatkan"), "reject": _("Tolak")}[policy]


def code_label(code):
    return {"black": _("Layar hitam"), "frozen": _("Gambar diam"), "silence": _("Tanpa suara"),
            "too_quiet": _("Suara terlalu pelan"), "too_loud": _("Suara terlalu keras"),
            "clipping": _("Suara pecah (clipping)")}[code]


def describe(warnings):
    """[{"code", "start", "end", "message"}] as video.json carries them."""
    return [{"code": w["code"], "start": w["start"], "end": w["end"],
             "message": warning_message(w["code"], w["start"], w["end"], w.get("params"))}
            for w in warnings]


def shown_warnings(row, rules):
    """A VideoQuality row's warnings the edition shows (policy warn or reject), described."""
    if row is None or row.analysed_at is None:
        return []
    return describe(quality.shown(row.warnings or [], rules))


def quality_status(video):
    """video.json's quality part: 'pending' | 'done' | 'failed' and the shown warnings."""
    row = db.session.get(VideoQuality, video.id)
    settings = db.session.get(QualitySettings, video.entry.contest_id)
    rules = quality.rules_from(settings.rules if settings else None)
    if row is None or (row.analysed_at is None and not row.error):
        state = "pending"
    else:
        state = "done" if row.analysed_at is not None else "failed"
    return {"quality": state, "warnings": shown_warnings(row, rules)}


def rejection_rule(code, thresholds):
    """What a rejecting code means, for the upload panel ("layar hitam 2 detik atau lebih")."""
    t = thresholds
    if code == "black":
        return _("layar hitam %(s)s detik atau lebih", s=_number(t["black_min_s"]))
    if code == "frozen":
        return _("gambar diam %(s)s detik atau lebih", s=_number(t["frozen_min_s"]))
    if code == "silence":
        return _("tanpa suara %(s)s detik atau lebih", s=_number(t["silence_min_s"]))
    if code == "too_quiet":
        return _("suara lebih pelan dari %(lufs)s LUFS", lufs=_number(t["quiet_below_lufs"]))
    if code == "too_loud":
        return _("suara lebih keras dari %(lufs)s LUFS", lufs=_number(t["loud_above_lufs"]))
    return _("suara pecah (clipping)")
