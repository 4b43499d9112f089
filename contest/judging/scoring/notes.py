"""Timestamped notes: a judge pins a remark to a moment of the entry's video.

A note belongs to its judge. Other judges never see it; the committee reads notes only when
the edition allows it (JudgingSettings.committee_reads_notes); entrants read the notes marked
"for the entrant" once feedback is released (feedback.py). A judge with a conflict on an entry
cannot reach it at all (services.entry_for_judge), so cannot add notes to it.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ...accounts.models import User
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ...entries.models import Entry
from ..rounds.settings import settings_for
from ..rounds.windows import require_open
from .models import JudgeNote
from .queue import entry_for_judge
from .timecode import clean_seconds, format_timecode

MAX_BODY = 2000
MAX_NOTES = 200  # per judge and entry


@dataclass(frozen=True)
class NoteView:
    """A note as a page or JSON shows it (no entrant fields exist here)."""

    id: int
    seconds: float
    at: str
    body: str
    for_entrant: bool

    def as_json(self):
        return {"id": self.id, "seconds": self.seconds, "at": self.at, "body": self.body,
                "for_entrant": self.for_entrant}


def view(note):
    return NoteView(note.id, note.seconds, format_timecode(note.seconds), note.body, note.for_entrant)


def _clean(body, seconds):
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Tuliskan isi catatan."), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(_("Catatan terlalu panjang (maksimal %(n)s karakter).", n=MAX_BODY), field="body")
    value = clean_seconds(seconds)
    if value is None:
        raise DomainError(_("Waktu video tidak valid. Tuliskan seperti 1:05."), field="at")
    return body, round(value, 2)


def _may_write(rnd, judge, entry_id):
    if entry_for_judge(rnd, judge, entry_id) is None:
        raise DomainError(_("Karya ini tidak ada dalam daftar penilaian Anda."))
    require_open(rnd)


def add_note(*, rnd, entry_id, judge, seconds, body, for_entrant=False, now=None):
    body, seconds = _clean(body, seconds)
    _may_write(rnd, judge, entry_id)
    count = db.session.scalar(select(db.func.count()).select_from(JudgeNote).where(
        JudgeNote.round_id == rnd.id, JudgeNote.entry_id == entry_id, JudgeNote.judge_id == judge.id))
    if count >= MAX_NOTES:
        raise DomainError(_("Catatan untuk karya ini sudah terlalu banyak."))
    now = now or utcnow()
    note = JudgeNote(round_id=rnd.id, entry_id=entry_id, judge_id=judge.id, seconds=seconds, body=body,
                     for_entrant=bool(for_entrant), created_at=now, updated_at=now)
    db.session.add(note)
    db.session.flush()
    return note


def own_note(*, rnd, entry_id, judge, note_id):
    """The judge's own note on this entry in this round, or None."""
    note = db.session.get(JudgeNote, note_id)
    if note is None or note.judge_id != judge.id or note.entry_id != entry_id or note.round_id != rnd.id:
        return None
    return note


def update_note(*, rnd, note, judge, body, seconds, for_entrant=False):
    body, seconds = _clean(body, seconds)
    _may_write(rnd, judge, note.entry_id)
    note.body, note.seconds, note.for_entrant, note.updated_at = body, seconds, bool(for_entrant), utcnow()
    db.session.flush()
    return note


def delete_note(*, rnd, note, judge):
    _may_write(rnd, judge, note.entry_id)
    db.session.delete(note)
    db.session.flush()


def judge_notes(rnd, entry_id, judge_id):
    """The judge's own notes on an entry, in video order."""
    return [view(n) for n in db.session.scalars(
        select(JudgeNote).where(JudgeNote.round_id == rnd.id, JudgeNote.entry_id == entry_id,
                                JudgeNote.judge_id == judge_id)
        .order_by(JudgeNote.seconds, JudgeNote.id))]


@dataclass(frozen=True)
class CommitteeNote:
    judge: str
    at: str
    seconds: float
    body: str
    for_entrant: bool
    code: str = ""


def committee_notes(rnd, *, entry_id=None):
    """Every judge's notes in the round (one entry, or all) for the committee — only when the
    edition lets the committee read them; otherwise an empty list. One query."""
    if not settings_for(rnd.contest_id).committee_reads_notes:
        return []
    query = (select(JudgeNote, User.full_name, Entry.number)
             .join(User, User.id == JudgeNote.judge_id).join(Entry, Entry.id == JudgeNote.entry_id)
             .where(JudgeNote.round_id == rnd.id))
    if entry_id is not None:
        query = query.where(JudgeNote.entry_id == entry_id)
    prefix = rnd.contest.code_prefix
    rows = db.session.execute(query.order_by(Entry.number, User.full_name, JudgeNote.seconds, JudgeNote.id))
    return [CommitteeNote(name, format_timecode(n.seconds), n.seconds, n.body, n.for_entrant,
                          f"{prefix}-{number:04d}") for n, name, number in rows]
