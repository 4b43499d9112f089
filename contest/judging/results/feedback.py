"""Feedback to entrants (optional per edition): after the announcement, an entrant reads the
panel's comments on their own entry — submitted scorecard comments and notes marked "for the
entrant" — never the judges' names. The committee may hide individual comments."""
from dataclasses import dataclass

from sqlalchemy import select

from ...core.extensions import db
from ...core.timeutil import utcnow
from ..rounds.audit import log_event
from ..rounds.models import JudgingRound, RoundKind
from ..rounds.settings import settings_for
from ..scoring.models import CardStatus, JudgeNote, Scorecard
from ..scoring.timecode import format_timecode
from .models import HiddenComment


@dataclass(frozen=True)
class FeedbackItem:
    text: str
    at: str | None  # a note's time in the video, or None for a scorecard comment


def feedback_open(contest, *, now=None):
    """Released by the committee and the results announced (the gallery's publication rules)."""
    if not settings_for(contest.id).feedback_enabled:
        return False
    return results_announced(contest, now=now)


def results_announced(contest, *, now=None):
    """The announcement time has passed and a scored round's results are sealed final: the rule
    by which the gallery makes the winners public (gallery.publication's winners_public, which
    reads the same rows; judging sits below the gallery and cannot ask it)."""
    if (now or utcnow()) < contest.announcement_at:
        return False
    return db.session.scalar(
        select(JudgingRound.id).where(JudgingRound.contest_id == contest.id,
                                      JudgingRound.kind.in_((RoundKind.SCORING.value, RoundKind.FINAL.value)),
                                      JudgingRound.results_final_at.is_not(None)).limit(1)) is not None


def released_feedback(entry, *, now=None):
    """What the entrant may read; [] while feedback is not open. No judge is named or counted."""
    if not feedback_open(entry.contest, now=now):
        return []
    scored = select(JudgingRound.id).where(JudgingRound.contest_id == entry.contest_id)
    comments = db.session.scalars(
        select(Scorecard.comment).where(
            Scorecard.entry_id == entry.id, Scorecard.round_id.in_(scored),
            Scorecard.status == CardStatus.SUBMITTED.value, Scorecard.comment != "",
            ~Scorecard.id.in_(select(HiddenComment.scorecard_id)))
        .order_by(Scorecard.round_id, Scorecard.id)).all()
    notes = db.session.execute(
        select(JudgeNote.body, JudgeNote.seconds).where(
            JudgeNote.entry_id == entry.id, JudgeNote.round_id.in_(scored), JudgeNote.for_entrant.is_(True),
            JudgeNote.hidden.is_(False)).order_by(JudgeNote.seconds, JudgeNote.id)).all()
    return ([FeedbackItem(c.strip(), None) for c in comments if c.strip()]
            + [FeedbackItem(body, format_timecode(seconds)) for body, seconds in notes])


def set_comment_hidden(*, card, hidden, actor):
    row = db.session.get(HiddenComment, card.id)
    if hidden and row is None:
        db.session.add(HiddenComment(scorecard_id=card.id, hidden_by_id=actor.id, hidden_at=utcnow()))
    elif not hidden and row is not None:
        db.session.delete(row)
    db.session.flush()
    log_event(contest_id=db.session.get(JudgingRound, card.round_id).contest_id, round_id=card.round_id,
              actor=actor, action="feedback.hide" if hidden else "feedback.show", entry_id=card.entry_id,
              judge_id=card.judge_id, data={"scorecard_id": card.id})


def set_note_hidden(*, note, hidden, actor):
    note.hidden = bool(hidden)
    db.session.flush()
    log_event(contest_id=db.session.get(JudgingRound, note.round_id).contest_id, round_id=note.round_id,
              actor=actor, action="feedback.hide" if hidden else "feedback.show", entry_id=note.entry_id,
              judge_id=note.judge_id, data={"note_id": note.id})


def hidden_card_ids(card_ids):
    if not card_ids:
        return set()
    return set(db.session.scalars(select(HiddenComment.scorecard_id).where(HiddenComment.scorecard_id.in_(card_ids))))
