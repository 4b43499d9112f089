"""What the platform tells people, one function per event; each queues in the caller's transaction.

Features call these where the change happens (a submitted entry, a rejected video, a check
result), so the message exists exactly when the change commits.
"""
from flask_babel import force_locale
from sqlalchemy import exists, select

from ..contests.services import current_contest
from ..contests.timefmt import format_deadline
from ..extensions import db
from .models import OutboxMessage
from .notify import link, notify, settings_for

CHECK_OUTCOME_WORDS = {"pass": "Diterima", "fail": "Ditolak", "needs_fix": "Perlu Perbaikan"}


def registration_confirmed(*, user):
    return notify(kind="registration_confirmed", contest=current_contest(), user=user,
                  tautan=link("entries.mine"))


def entry_submitted(*, entry):
    return notify(kind="entry_submitted", contest=entry.contest, user=entry.user, kode_karya=entry.code,
                  judul=entry.title, tautan=link("entries.detail", entry_id=entry.id))


def video_rejected(*, video, problems):
    """`problems` are rules.Problem values; the reason is written in Indonesian, one per line."""
    from ..media.problem_messages import message_for  # (media imports this module)

    entry = video.entry
    with force_locale("id"):
        reason = "\n".join(f"- {message_for(p)}" for p in problems)
    return notify(kind="video_rejected", contest=entry.contest, user=entry.user, kode_karya=entry.code,
                  judul=entry.title, alasan=reason, tautan=link("entries.detail", entry_id=entry.id))


def admin_check_result(*, entry, outcome, reason):
    contest = entry.contest
    deadline = settings_for(contest).fix_deadline or contest.submissions_close_at
    return notify(kind="admin_check_result", contest=contest, user=entry.user, kode_karya=entry.code,
                  judul=entry.title, hasil=CHECK_OUTCOME_WORDS.get(outcome, outcome), alasan=reason or "-",
                  batas_perbaikan=format_deadline(deadline, contest.timezone) if outcome == "needs_fix" else "-",
                  tautan=link("entries.detail", entry_id=entry.id))


def judge_invite(*, user, invite_link):
    return notify(kind="judge_invite", contest=current_contest(), user=user, tautan=invite_link)


def certificates_ready(*, contest, base=""):
    """One message per person with a made certificate in this edition, never twice; returns how many."""
    from ..accounts.models import User
    from ..certificates.models import Certificate  # (certificates imports this module)

    told = exists().where(OutboxMessage.kind == "certificate_ready", OutboxMessage.contest_id == contest.id,
                          OutboxMessage.user_id == User.id)
    users = db.session.scalars(
        select(User).where(User.id.in_(select(Certificate.user_id).where(
            Certificate.contest_id == contest.id, Certificate.pdf_path.is_not(None),
            Certificate.revoked_at.is_(None))), ~told).order_by(User.id)).all()
    for user in users:
        notify(kind="certificate_ready", contest=contest, user=user,
               tautan=link("entries.mine", _base=base))
    return len(users)
