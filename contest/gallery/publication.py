"""What the public may see, decided in one place.

An edition's winners become public once its announcement time has passed *and* a scored
round's results are sealed final; until then no page, JSON document or media URL shows them.
When the committee switches on the gallery of all entries, accepted entries whose entrant
consented are public from that same moment. Never public: drafts, withdrawn entries,
entries failed at the administrative check (disqualified), videos not in use.

The SQL statements are built once per shape with bound parameters (functools.cache):
building a statement cost several times more than running it (measured).
"""
from dataclasses import dataclass, replace
from functools import cache

from sqlalchemy import and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..accounts.models import ASNProfile, User
from ..contests.models import Prize
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..judging.checks.models import AdminCheck, CheckOutcome
from ..judging.results.models import PrizeAward
from ..judging.rounds.models import JudgingRound, RoundKind
from ..media.access import public_policy
from ..media.models import Video, VideoState
from ..records.models import PublicationWithdrawal
from ..voting.models import VotingSettings
from .models import GallerySettings, PublicConsent, WinnerNote

SCORED_KINDS = (RoundKind.SCORING.value, RoundKind.FINAL.value)
MAX_WORDS = 5
CONTEST, ROUND, FAVOURITE = bindparam("contest_id"), bindparam("round_id"), bindparam("favourite_id")


@dataclass(frozen=True)
class ResultsRound:
    """The scored round whose prizes are the winners (just what the public side needs of it)."""

    id: int
    results_final_at: object


@dataclass(frozen=True)
class Publication:
    """An edition's public state at one instant."""

    contest: object
    round: ResultsRound | None
    announced: bool
    show_all: bool
    favourite_id: int | None = None  # the public vote's Video Terfavorit (voting module)
    favourite_prize: object = None

    @property
    def winners_public(self):
        return self.announced and self.round is not None

    @property
    def all_entries_public(self):
        return self.winners_public and self.show_all

    @property
    def params(self):
        return {"contest_id": self.contest.id, "round_id": self.round.id if self.round else -1,
                "favourite_id": self.favourite_id or -1}


@dataclass(frozen=True)
class Card:
    """One public entry as pages and JSON show it (no NIP, no e-mail, no file name)."""

    entry_id: int
    number: int
    code: str
    title: str
    synopsis: str
    entrant: str
    agency: str
    regency: str
    video_uuid: str | None
    frame_count: int
    poster_choice: int
    width: int | None
    height: int | None
    duration: float | None
    note: str
    prize: str | None
    prize_position: int | None
    favourite: bool = False

    @property
    def has_video(self):
        return self.video_uuid is not None

    @property
    def poster_index(self):
        return min(self.poster_choice, self.frame_count - 1) if self.frame_count else None

    @property
    def portrait(self):
        return bool(self.width and self.height and self.height > self.width)


# -- the edition's state -------------------------------------------------------------------

def _results_round_query(column, contest_id=CONTEST):
    return (select(column)
            .where(JudgingRound.contest_id == contest_id, JudgingRound.kind.in_(SCORED_KINDS),
                   JudgingRound.results_final_at.is_not(None))
            .order_by(JudgingRound.position.desc(), JudgingRound.id.desc()).limit(1))


def results_round(contest_id):
    """The last scored round (by position) whose results are sealed final, or None."""
    row = db.session.execute(_results_round_query(JudgingRound.id).add_columns(JudgingRound.results_final_at),
                             {"contest_id": contest_id}).first()
    return ResultsRound(*row) if row else None


@cache
def _state_query():
    favourite = (select(VotingSettings.favourite_entry_id)
                 .where(VotingSettings.contest_id == CONTEST).scalar_subquery())
    return select(
        _results_round_query(JudgingRound.id).scalar_subquery(),
        _results_round_query(JudgingRound.results_final_at).scalar_subquery(),
        select(GallerySettings.show_all_entries)
        .where(GallerySettings.contest_id == CONTEST).scalar_subquery(),
        favourite)


def publication(contest, *, now=None):
    """The edition's Publication, in one query (none before the announcement time)."""
    now = now or utcnow()
    if now < contest.announcement_at:
        return Publication(contest, None, False, False)
    round_id, final_at, show_all, favourite_id = db.session.execute(
        _state_query(), {"contest_id": contest.id}).one()
    if round_id is None:
        return Publication(contest, None, True, False)
    prize = None
    if favourite_id:
        prize = next((p for p in contest.prizes if "favorit" in p.name.casefold()), None)
    return Publication(contest, ResultsRound(round_id, final_at), True, bool(show_all),
                       favourite_id if prize is not None else None, prize)


# -- SQL building blocks -------------------------------------------------------------------

def _disqualified_ids():
    """Entries that failed an administrative check of the edition (Didiskualifikasi)."""
    return (select(AdminCheck.entry_id)
            .join(JudgingRound, JudgingRound.id == AdminCheck.round_id)
            .where(JudgingRound.contest_id == CONTEST, AdminCheck.outcome == CheckOutcome.FAIL.value))


def _accepted():
    """Passed the administrative check (or the edition has no check round)."""
    check_round = (select(JudgingRound.id)
                   .where(JudgingRound.contest_id == CONTEST,
                          JudgingRound.kind == RoundKind.ADMIN_CHECK.value)
                   .order_by(JudgingRound.position).limit(1).scalar_subquery())
    has_check = exists(select(JudgingRound.id).where(JudgingRound.contest_id == CONTEST,
                                                     JudgingRound.kind == RoundKind.ADMIN_CHECK.value))
    passed = Entry.id.in_(select(AdminCheck.entry_id).where(AdminCheck.round_id == check_round,
                                                             AdminCheck.outcome == CheckOutcome.PASS.value))
    return or_(~has_check, passed)


def _video_in_use():
    """Join condition: the entry's newest ready video (an index lookup per entry, no grouping)."""
    newer = aliased(Video)
    return and_(Video.entry_id == Entry.id, Video.state == VideoState.READY.value,
                ~exists(select(newer.id).where(newer.entry_id == Video.entry_id,
                                               newer.state == VideoState.READY.value, newer.id > Video.id)))


@cache
def _cards_select(*, winners_only=False, with_video=False):
    """Public-eligible entries of the edition with everything a card shows, in one SELECT.

    winners_only: inner joins on the prizes, so the database starts from the few awards;
    with_video: only entries with a ready video.
    """
    award = and_(PrizeAward.entry_id == Entry.id, PrizeAward.round_id == ROUND)
    stmt = select(Entry.id, Entry.number, Entry.title, Entry.synopsis, User.full_name, ASNProfile.agency,
                  ASNProfile.regency, Video.uuid, Video.frame_count, Video.poster_choice, Video.width,
                  Video.height, Video.duration, WinnerNote.note, Prize.name, Prize.position
                  ).select_from(Entry)
    if winners_only:
        stmt = stmt.join(PrizeAward, award).join(Prize, Prize.id == PrizeAward.prize_id)
    stmt = (stmt.join(User, User.id == Entry.user_id)
            .outerjoin(ASNProfile, ASNProfile.user_id == Entry.user_id))
    stmt = stmt.join(Video, _video_in_use()) if with_video else stmt.outerjoin(Video, _video_in_use())
    stmt = stmt.outerjoin(WinnerNote, WinnerNote.entry_id == Entry.id)
    if not winners_only:
        stmt = stmt.outerjoin(PrizeAward, award).outerjoin(Prize, Prize.id == PrizeAward.prize_id)
    return stmt.where(Entry.contest_id == CONTEST, Entry.status == EntryStatus.SUBMITTED.value,
                      Entry.id.not_in(_disqualified_ids()),
                      Entry.id.not_in(select(PublicationWithdrawal.entry_id)))  # UU PDP: consent withdrawn


def _in_all_entries_gallery():
    """Membership of the all-entries gallery: accepted, consented, with a ready video."""
    return and_(Video.id.is_not(None), _accepted(),
                exists(select(PublicConsent.entry_id).where(PublicConsent.entry_id == Entry.id)))


@cache
def _visible(all_entries):
    """Winners (jury prizes or the public's favourite), plus the all-entries gallery if it is open."""
    winner = or_(Prize.id.is_not(None), Entry.id == FAVOURITE)
    return or_(winner, _in_all_entries_gallery()) if all_entries else winner


def _card(pub, row):
    (entry_id, number, title, synopsis, full_name, agency, regency, uuid, frames, choice, width, height,
     duration, note, prize, position) = row
    return Card(entry_id, number, f"{pub.contest.code_prefix}-{number:04d}", title, synopsis, full_name,
                agency or "", regency or "", uuid, frames or 0, choice or 0, width, height, duration,
                note or "", prize, position, favourite=entry_id == pub.favourite_id)


# -- what pages ask ------------------------------------------------------------------------

@cache
def _winners_query():
    return _cards_select(winners_only=True).order_by(Prize.position)


@cache
def _entry_query():
    return _cards_select().where(Entry.id == bindparam("entry_id"))


def winners(pub):
    """The winners in prize order ([] before publication)."""
    if not pub.winners_public:
        return []
    cards = [_card(pub, row) for row in db.session.execute(_winners_query(), pub.params)]
    if pub.favourite_id is not None:  # the public's prize is a card of its own, in prize order
        row = db.session.execute(_entry_query(), {**pub.params, "entry_id": pub.favourite_id}).first()
        if row is not None:
            cards.append(replace(_card(pub, row), prize=pub.favourite_prize.name,
                                 prize_position=pub.favourite_prize.position))
            cards.sort(key=lambda c: c.prize_position)
    return cards


@cache
def _public_card_query(all_entries):
    return _cards_select().where(Entry.number == bindparam("number"), _visible(all_entries))


def public_card(pub, number):
    """The public card of entry `number`, or None (not public, or no such entry)."""
    if not pub.winners_public or not 0 < number < 2**31:
        return None
    row = db.session.execute(_public_card_query(pub.all_entries_public),
                             {**pub.params, "number": number}).first()
    return _card(pub, row) if row is not None else None


@cache
def _public_cards_query(all_entries):
    return _cards_select().where(_visible(all_entries)).order_by(Entry.number)


def public_cards(pub):
    """Every public entry of the edition in number order (the sitemap)."""
    if not pub.winners_public:
        return []
    rows = db.session.execute(_public_cards_query(pub.all_entries_public), pub.params)
    return [_card(pub, row) for row in rows]


def _like(text):
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


@cache
def _gallery_query(words, agency, regency):
    """The all-entries gallery filtered by `words` title words, maybe agency and regency."""
    stmt = _cards_select(with_video=True).where(_in_all_entries_gallery())
    for n in range(words):
        stmt = stmt.where(Entry.title.ilike(bindparam(f"word{n}"), escape="\\"))
    if agency:
        stmt = stmt.where(ASNProfile.agency == bindparam("agency"))
    if regency:
        stmt = stmt.where(ASNProfile.regency == bindparam("regency"))
    return stmt


@cache
def _gallery_page_query(words, agency, regency):
    """A page of it and the total, in one pass (a window count)."""
    return (_gallery_query(words, agency, regency).add_columns(func.count().over()).order_by(Entry.number)
            .limit(bindparam("limit")).offset(bindparam("offset")))


def all_entries(pub, *, page=1, per_page=24, query="", agency="", regency=""):
    """A page of the all-entries gallery, filtered by title words, agency and regency."""
    if not pub.all_entries_public:
        return Page([], 0, 1, per_page)
    words = (query or "").split()[:MAX_WORDS]
    shape = (len(words), bool(agency), bool(regency))
    params = {**pub.params, "agency": agency, "regency": regency, "limit": per_page,
              **{f"word{n}": _like(word) for n, word in enumerate(words)}}
    page = max(1, page)

    def fetch(n):
        return db.session.execute(_gallery_page_query(*shape), {**params, "offset": (n - 1) * per_page}).all()

    rows = fetch(page)
    if not rows and page > 1:  # past the end: the last page
        total = db.session.scalar(select(func.count()).select_from(_gallery_query(*shape).subquery()), params)
        page = max(1, -(-total // per_page))
        rows = fetch(page)
    total = rows[0][-1] if rows else 0
    return Page([_card(pub, row[:-1]) for row in rows], total, page, per_page)


@cache
def _choices_query():
    members = _gallery_query(0, False, False).subquery()
    return select(members.c.agency, members.c.regency).distinct()


def filter_choices(pub):
    """(agencies, regencies) present in the all-entries gallery, sorted, for the filter menus."""
    if not pub.all_entries_public:
        return [], []
    pairs = db.session.execute(_choices_query(), pub.params).all()
    return sorted({a for a, _ in pairs if a}), sorted({r for _, r in pairs if r})


@public_policy
def video_is_public(video, *, now=None):
    """The media access policy: True only for the video in use of an entry the public may see now."""
    if video is None or video.state != VideoState.READY.value:
        return False
    entry = video.entry
    card = public_card(publication(entry.contest, now=now), entry.number)
    return card is not None and card.video_uuid == video.uuid


@cache
def _fingerprint_query():
    entry_ids = select(Entry.id).where(Entry.contest_id == CONTEST)
    watched = ((PrizeAward.id, PrizeAward.awarded_at, PrizeAward.round_id == ROUND),
               (WinnerNote.entry_id, WinnerNote.updated_at, WinnerNote.entry_id.in_(entry_ids)),
               (PublicConsent.entry_id, PublicConsent.given_at, PublicConsent.entry_id.in_(entry_ids)),
               (Entry.id, Entry.updated_at, Entry.contest_id == CONTEST),
               (Video.id, Video.state_changed_at, Video.entry_id.in_(entry_ids)),
               (AdminCheck.id, AdminCheck.checked_at, AdminCheck.entry_id.in_(entry_ids)),
               (GallerySettings.contest_id, GallerySettings.updated_at,
                GallerySettings.contest_id == CONTEST))
    columns = []
    for key, changed_at, condition in watched:
        columns.append(select(func.count(key)).where(condition).scalar_subquery())
        columns.append(select(func.max(changed_at)).where(condition).scalar_subquery())
    # An outcome can change without a new timestamp (a direct fix in the database): count them too.
    columns.append(select(func.count(AdminCheck.id)).where(
        AdminCheck.entry_id.in_(entry_ids), AdminCheck.outcome == CheckOutcome.PASS.value).scalar_subquery())
    return select(*columns)


def fingerprint(contest_id, round_id):
    """One query whose result changes whenever what a gallery page shows may have changed.

    Covers prizes, notes, consents, the switch, entries (title, status), videos (state) and
    administrative checks of the edition. Changes elsewhere (an entrant renaming themselves)
    are picked up when the cached page expires.
    """
    return tuple(db.session.execute(_fingerprint_query(), {"contest_id": contest_id,
                                                           "round_id": round_id}).one())
