"""Saving a judge's scorecard: autosave drafts, submit, change until the round closes — all audited.

Optimistic concurrency: every write names the card version its page started from; the UPDATE
compares and sets it (the mapper's version column), so a stale tab gets StaleScorecard (409)
instead of silently winning. Autosave never touches a submitted card; changing one is the
explicit "Ubah nilai" action (change=True), while the round is open.

Concurrency: the card row is created with INSERT … ON CONFLICT DO NOTHING and then read under a
row lock (FOR UPDATE on PostgreSQL; SQLite's write lock is already held after the insert), so
two judges never touch each other's rows and one judge's autosave racing their own submit is
serialized instead of failing on the unique constraint.
"""
import logging
import math

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.exc import StaleDataError

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ..rounds.audit import log_event
from ..rounds.weights import Criterion, weighted_total
from ..rounds.windows import require_open, round_state
from .models import CardStatus, Score, Scorecard
from .queue import entry_for_judge
from .sequence import mark_opened, mark_submitted

log = logging.getLogger(__name__)
WATCH_THRESHOLD = 0.8  # submitting before this share of the video was played asks for confirmation
DECIMALS = 2
MAX_COMMENT = 5000


class WatchConfirmationNeeded(DomainError):
    """The judge submits before watching most of the video; the view asks them to confirm."""


class StaleScorecard(DomainError):
    """The card changed since the judge's page read it (another tab or device): the views answer 409."""


def stale_message():
    return _("Nilai karya ini sudah diubah di tab atau perangkat lain. "
             "Halaman dimuat ulang dengan nilai terbaru; periksa lalu simpan lagi bila perlu.")


def submitted_message():
    return _("Nilai karya ini sudah terkirim. Untuk mengubahnya, pilih “Ubah nilai”.")


def _insert_for(dialect_name):
    return postgresql.insert if dialect_name == "postgresql" else sqlite.insert


def lock_card(*, round_id, entry_id, judge_id, now):
    """The judge's card for this entry, created if missing, locked for this transaction."""
    insert = _insert_for(db.session.get_bind().dialect.name)
    db.session.execute(
        insert(Scorecard).values(round_id=round_id, entry_id=entry_id, judge_id=judge_id,
                                 status=CardStatus.DRAFT.value, comment="", watched=0.0,
                                 submitted_unwatched=False, version=0, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["round_id", "entry_id", "judge_id"]))
    query = select(Scorecard).where(Scorecard.round_id == round_id, Scorecard.entry_id == entry_id,
                                    Scorecard.judge_id == judge_id).execution_options(populate_existing=True)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return db.session.scalars(query).one()


def criteria_for(rnd):
    """The round's rubric as pure scoring criteria."""
    return [Criterion(c.id, c.weight, c.scale_min, c.scale_max, c.counted) for c in rnd.criteria]


def parse_values(rnd, raw):
    """{criterion_id: float | None} from form strings; DomainError naming the first bad field."""
    values = {}
    for criterion in rnd.criteria:
        text = raw.get(criterion.id)
        if text is None:
            continue
        text = str(text).strip().replace(",", ".")
        if text == "":
            values[criterion.id] = None
            continue
        try:
            value = round(float(text), DECIMALS)
        except ValueError:
            raise DomainError(_("Nilai “%(name)s” harus berupa angka.", name=criterion.name),
                              field=f"c{criterion.id}") from None
        if not math.isfinite(value) or not criterion.scale_min <= value <= criterion.scale_max:
            raise DomainError(
                _("Nilai “%(name)s” harus antara %(lo)s dan %(hi)s.", name=criterion.name,
                  lo=f"{criterion.scale_min:g}", hi=f"{criterion.scale_max:g}"),
                field=f"c{criterion.id}")
        values[criterion.id] = value
    return values


def card_total(rnd, values):
    """The 0–100 weighted total, or None while a counted criterion is missing."""
    criteria = criteria_for(rnd)
    if any(c.counted and values.get(c.id) is None for c in criteria):
        return None
    return weighted_total({k: v for k, v in values.items() if v is not None}, criteria)


def save_scorecard(*, rnd, entry_id, judge, raw_values, comment=None, watched=None, submit=False,
                   change=False, version=None, confirm_unwatched=False, require_watch=True, now=None):
    """Save (and maybe submit) one card; returns it. Every change is written to the audit log.

    A draft may be partial; a submitted card stays complete and stays submitted, and only
    change=True ("Ubah nilai") writes to it. version: the card version the judge's page started
    from (None: not checked, but a submitted card still needs change=True); a stale one raises
    StaleScorecard. require_watch: the entry has a playable video.
    """
    now = now or utcnow()
    require_open(rnd, now=now)
    if entry_for_judge(rnd, judge, entry_id) is None:
        raise DomainError(_("Karya ini tidak ada dalam daftar penilaian Anda."))
    if comment is not None and len(comment) > MAX_COMMENT:
        raise DomainError(_("Catatan terlalu panjang (maksimal %(n)s karakter).", n=MAX_COMMENT), field="comment")
    values_in = parse_values(rnd, raw_values)
    card = lock_card(round_id=rnd.id, entry_id=entry_id, judge_id=judge.id, now=now)
    if card.status == CardStatus.RECUSED.value:
        raise DomainError(_("Anda sudah menyatakan konflik kepentingan untuk karya ini."))
    if version is not None and card.version != version:
        raise StaleScorecard(stale_message())
    if card.is_submitted and not change:
        raise StaleScorecard(submitted_message())
    submit = submit or change
    mark_opened(card)  # a judge without JavaScript never sent the opening: the first save stands for it
    old_values = card.values()
    new_values = dict(old_values)
    new_values.update(values_in)
    new_values = {k: v for k, v in new_values.items() if v is not None}
    total = card_total(rnd, new_values)
    becomes_submitted = submit or card.is_submitted
    if becomes_submitted and total is None:
        missing = [c.name for c in rnd.criteria if c.counted and c.id not in new_values]
        raise DomainError(_("Lengkapi nilai: %(names)s.", names=", ".join(missing)))

    old_watched = card.watched
    if watched is not None:
        try:
            reported = min(1.0, max(0.0, float(watched)))
        except (TypeError, ValueError):
            reported = 0.0
        card.watched = max(card.watched, round(reported, 3))
    unwatched = require_watch and card.watched < WATCH_THRESHOLD
    if submit and not card.is_submitted and unwatched and not confirm_unwatched:
        raise WatchConfirmationNeeded(_(
            "Anda baru menonton %(pct)s%% video. Kirim nilai tetap?", pct=round(card.watched * 100)))

    changes = {}
    scores = {s.criterion_id: s for s in card.scores}
    names = {c.id: c.name for c in rnd.criteria}
    for criterion_id in set(old_values) | set(new_values):
        old, new = old_values.get(criterion_id), new_values.get(criterion_id)
        if old == new:
            continue
        changes[names.get(criterion_id, str(criterion_id))] = [old, new]
        if new is None:
            card.scores.remove(scores[criterion_id])
        elif old is None:
            card.scores.append(Score(criterion_id=criterion_id, value=new))
        else:
            scores[criterion_id].value = new
    data = {}
    if changes:
        data["scores"] = changes
    if comment is not None and comment.strip() != card.comment:
        data["comment"] = [card.comment, comment.strip()]
        card.comment = comment.strip()
    if submit and not card.is_submitted:
        data["status"] = [card.status, CardStatus.SUBMITTED.value]
        card.status = CardStatus.SUBMITTED.value
        card.submitted_at = now
        mark_submitted(card)
        if unwatched:
            card.submitted_unwatched = True
            data["unwatched_confirmed"] = True
    if data:
        if card.total != total:
            data["total"] = [None if card.total is None else round(card.total, 4),
                             None if total is None else round(total, 4)]
        data["watched"] = card.watched
        card.total = total
        card.version += 1
        card.updated_at = now
        action = ("score.submit" if "status" in data
                  else "score.change" if card.is_submitted else "score.draft")
        log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=judge, action=action,
                  entry_id=entry_id, judge_id=judge.id, data=data, at=now)
    elif card.watched != old_watched:
        card.updated_at = now
    try:
        db.session.flush()  # UPDATE … WHERE version = <read>: a writer that got there first wins
    except StaleDataError:
        raise StaleScorecard(stale_message()) from None
    return card


def record_opening(*, rnd, entry_id, judge, now=None):
    """The judge opened this entry's scoring page: stamp the card's opening position (once)."""
    now = now or utcnow()
    if round_state(rnd, now=now) != "open":
        return None  # a closed round's page is read-only; nothing to measure
    if entry_for_judge(rnd, judge, entry_id) is None:
        raise DomainError(_("Karya ini tidak ada dalam daftar penilaian Anda."))
    card = lock_card(round_id=rnd.id, entry_id=entry_id, judge_id=judge.id, now=now)
    if card.status != CardStatus.RECUSED.value:
        mark_opened(card)
    db.session.flush()
    return card
