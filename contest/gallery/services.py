"""Gallery operations: the per-edition switch, the entrant's consent, the jury's notes.

They flush; the view commits once.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..contests.models import Contest, Prize
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..judging.results.models import PrizeAward
from ..judging.rounds.audit import log_event
from ..judging.rounds.models import JudgingRound
from ..records.models import PublicationWithdrawal
from . import cache, publication
from .models import GallerySettings, PublicConsent, WinnerNote

NOTE_MAX = 1000


def settings_for(contest):
    """The edition's GallerySettings (an unsaved default when none is stored)."""
    return db.session.get(GallerySettings, contest.id) or GallerySettings(
        contest_id=contest.id, show_all_entries=False)


DEFAULT_BANNER_TITLE = _l("ASN Netral, Pemilu dan Pilkada Damai")
DEFAULT_BANNER_TEXT = _l(
    "ASN wajib bebas dari pengaruh dan intervensi semua golongan dan partai politik (UU Nomor 20 Tahun 2023 "
    "tentang ASN, Pasal 9 ayat 2). Karya-karya ini dibuat oleh ASN Kalimantan Timur untuk mengajak kita menjaga "
    "netralitas.")


def banner(contest):
    """(title, text) of the edition's neutrality banner: the committee's own words, else the default."""
    settings = settings_for(contest)
    return (settings.banner_title or str(DEFAULT_BANNER_TITLE), settings.banner_text or str(DEFAULT_BANNER_TEXT))


def set_banner(*, contest, title, text, actor):
    """Save the edition's banner wording (empty means the default); flushes and clears the page cache."""
    settings = db.session.get(GallerySettings, contest.id)
    if settings is None:
        settings = GallerySettings(contest_id=contest.id, show_all_entries=False)
        db.session.add(settings)
    new = ((title or "").strip() or None, (text or "").strip() or None)
    if new != (settings.banner_title, settings.banner_text):
        settings.banner_title, settings.banner_text = new
        settings.updated_at = utcnow()
        settings.updated_by_id = getattr(actor, "id", None)
        log_event(contest_id=contest.id, actor=actor, action="gallery.banner", data={"title": new[0] or ""})
        cache.clear()
    db.session.flush()
    return settings


def set_show_all_entries(*, contest, show, actor):
    """Switch the gallery of all accepted (and consenting) entries on or off."""
    settings = db.session.get(GallerySettings, contest.id)
    if settings is None:
        settings = GallerySettings(contest_id=contest.id)
        db.session.add(settings)
    old = bool(settings.show_all_entries)
    settings.show_all_entries = bool(show)
    settings.updated_at = utcnow()
    settings.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    if old != settings.show_all_entries:
        log_event(contest_id=contest.id, actor=actor, action="gallery.show_all",
                  data={"show_all_entries": [old, settings.show_all_entries]})
        cache.clear()
    return settings


def has_public_consent(entry):
    return db.session.get(PublicConsent, entry.id) is not None


def set_public_consent(*, entry, consent, now=None):
    """The entrant agrees (or no longer agrees) to show the entry in the public gallery."""
    if entry.status == EntryStatus.WITHDRAWN.value and consent:
        raise DomainError(_("Karya yang sudah ditarik tidak ditampilkan di galeri."))
    row = db.session.get(PublicConsent, entry.id)
    withdrawal = db.session.get(PublicationWithdrawal, entry.id)
    if consent and withdrawal is not None:  # consenting again lifts an earlier withdrawal (UU PDP)
        db.session.delete(withdrawal)
    if consent and row is None:
        db.session.add(PublicConsent(entry_id=entry.id, given_at=now or utcnow()))
    elif not consent and row is not None:
        db.session.delete(row)
    db.session.flush()
    cache.clear()


def award_round(contest):
    """The scored round whose prizes the committee is writing notes for: the last with awards."""
    return db.session.scalar(
        select(JudgingRound).join(PrizeAward, PrizeAward.round_id == JudgingRound.id)
        .where(JudgingRound.contest_id == contest.id, JudgingRound.kind.in_(publication.SCORED_KINDS))
        .order_by(JudgingRound.position.desc(), JudgingRound.id.desc()).limit(1))


def awards_with_notes(contest):
    """[(PrizeAward, note text)] of award_round() in prize order, for the committee's form."""
    rnd = award_round(contest)
    if rnd is None:
        return None, []
    awards = db.session.scalars(  # the form shows each prize, entry and entrant
        select(PrizeAward).options(joinedload(PrizeAward.prize), joinedload(PrizeAward.entry).joinedload(Entry.user))
        .where(PrizeAward.round_id == rnd.id)).all()
    notes = dict(db.session.execute(select(WinnerNote.entry_id, WinnerNote.note).where(
        WinnerNote.entry_id.in_([a.entry_id for a in awards]))).all()) if awards else {}
    awards.sort(key=lambda a: a.prize.position)
    return rnd, [(a, notes.get(a.entry_id, "")) for a in awards]


def save_winner_note(*, entry, note, actor, now=None):
    """The jury's public note on an entry (empty text removes it)."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(_("Catatan juri maksimal %(n)s karakter.", n=NOTE_MAX), field="note")
    row = db.session.get(WinnerNote, entry.id)
    old = row.note if row is not None else ""
    if not note:
        if row is not None:
            db.session.delete(row)
    else:
        if row is None:
            row = WinnerNote(entry_id=entry.id)
            db.session.add(row)
        row.note = note
        row.updated_at = now or utcnow()
        row.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    if old != note:
        log_event(contest_id=entry.contest_id, actor=actor, action="gallery.note", entry_id=entry.id,
                  data={"note": [old, note]})
        cache.clear()


def past_editions(contest, *, now=None):
    """Other editions whose winners are public, newest first, each with its winners."""
    now = now or utcnow()
    others = db.session.scalars(
        select(Contest).where(Contest.id != contest.id, Contest.announcement_at <= now)
        .order_by(Contest.announcement_at.desc()).limit(10)).all()
    editions = []
    for other in others:
        pub = publication.publication(other, now=now)
        if pub.winners_public:
            editions.append((pub, publication.winners(pub)))
    return editions


def home_sections(contest, *, now=None):
    """What an edition's home page (main/home.html) shows of the gallery: a way to its winners
    once public, and the other editions whose winners are."""
    return {"winners_public": publication.publication(contest, now=now).winners_public,
            "past_editions": past_editions(contest, now=now)}


def latest_published(*, now=None):
    """The newest edition whose winners are public, or None."""
    now = now or utcnow()
    for contest in db.session.scalars(select(Contest).where(Contest.announcement_at <= now)
                                      .order_by(Contest.announcement_at.desc()).limit(10)):
        if publication.results_round(contest.id) is not None:
            return contest
    return None


def my_awards(user):
    """{entry_id: prize name} of the user's entries whose edition has announced its winners."""
    entries = db.session.scalars(select(Entry).where(Entry.user_id == user.id,
                                                     Entry.status == EntryStatus.SUBMITTED.value)).all()
    found = {}
    for contest in {e.contest for e in entries}:
        pub = publication.publication(contest)
        if not pub.winners_public:
            continue
        ids = [e.id for e in entries if e.contest_id == contest.id]
        for entry_id, name in db.session.execute(
                select(PrizeAward.entry_id, Prize.name).join(Prize, Prize.id == PrizeAward.prize_id)
                .where(PrizeAward.round_id == pub.round.id, PrizeAward.entry_id.in_(ids))):
            found[entry_id] = name
        if pub.favourite_id in ids and pub.favourite_prize is not None:
            found.setdefault(pub.favourite_id, pub.favourite_prize.name)
    return found
