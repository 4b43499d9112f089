"""What media tells people: why their video was rejected (queued with the rejection itself)."""
from flask_babel import force_locale

from ..notifications.notify import link, notify
from .problem_messages import message_for


def video_rejected(*, video, problems):
    """`problems` are rules.Problem values; the reason is written in Indonesian, one per line."""
    entry = video.entry
    with force_locale("id"):
        reason = "\n".join(f"- {message_for(p)}" for p in problems)
    return notify(kind="video_rejected", contest=entry.contest, user=entry.user, kode_karya=entry.code,
                  judul=entry.title, alasan=reason, tautan=link("entries.detail", entry_id=entry.id))
