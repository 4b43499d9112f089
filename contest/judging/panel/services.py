"""The jury panel: inviting judges, who sits on a round, balanced assignment, recusals."""
import hashlib
import secrets

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select

from ...accounts.models import User
from ...accounts.services import find_user_by_email, normalize_email
from ...contests.services import current_contest
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.timeutil import utcnow
from ..checks.eligibility import eligible_entries
from ..rounds.audit import log_event
from ..rounds.windows import require_open
from ..scoring.models import CardStatus, Scorecard
from .assignment import balanced_assignment
from .conflicts import conflict_map
from .models import ASSIGNED, Assignment, AssignmentSource, Conflict, JudgeProfile

INVITE_SALT = "judge-invite"
DEFAULT_INVITE_MAX_AGE = 7 * 24 * 3600  # busy people: a week to accept


# -- invitations ---------------------------------------------------------------------------

def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITE_SALT)


def _fingerprint(user):
    # Setting a password changes the fingerprint, so an invitation link works once.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_invite_token(user):
    return _serializer().dumps({"uid": user.id, "pw": _fingerprint(user)})


def judge_for_invite(token):
    """The invited judge of a valid, unused, unexpired link; DomainError otherwise."""
    max_age = current_app.config.get("JUDGE_INVITE_MAX_AGE", DEFAULT_INVITE_MAX_AGE)
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise DomainError(_("Tautan undangan sudah kedaluwarsa. Mintalah panitia mengirim ulang.")) from None
    except BadSignature:
        raise DomainError(_("Tautan undangan tidak valid.")) from None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.has_role("judge") or data.get("pw") != _fingerprint(user):
        raise DomainError(_("Tautan undangan ini sudah dipakai. Silakan masuk dengan kata sandi Anda."))
    return user


def invite_judge(*, email, full_name, agency, affiliation, actor, now=None):
    """Create a judge with an unusable random password; returns (user, token or None).

    An existing staff account only gains the role (it already has a password: no token).
    Entrants cannot sit on the jury.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    if user is not None and user.has_role("entrant"):
        raise DomainError(_("Akun ini terdaftar sebagai peserta dan tidak dapat menjadi juri."), field="email")
    profile = user.judge_profile if user is not None else None
    pending = profile is not None and profile.invited_at is not None and profile.accepted_at is None
    token_needed = user is None or pending
    if user is None:
        user = User(email=normalize_email(email), full_name=full_name.strip())
        db.session.add(user)
    if token_needed:
        user.set_password(secrets.token_urlsafe(32))  # nobody knows it: unusable until the link is used
    user.add_role("judge")
    profile = user.judge_profile or JudgeProfile(user=user)
    profile.agency = (agency or "").strip()
    profile.affiliation = (affiliation or "").strip()
    profile.invited_at = now
    profile.invited_by_id = actor.id
    db.session.add(profile)
    db.session.flush()
    log_event(contest_id=_any_contest_id(), actor=actor, action="judge.invite", judge_id=user.id,
              data={"email": user.email, "agency": profile.agency}, at=now)
    return user, (make_invite_token(user) if token_needed else None)


def renew_invite(*, user):
    """A fresh link; the old one stops working because the password fingerprint changes."""
    if user.judge_profile is not None and user.judge_profile.accepted_at is not None:
        raise DomainError(_("Juri ini sudah mengatur kata sandi. Ia dapat memakai Lupa Kata Sandi."))
    user.set_password(secrets.token_urlsafe(32))
    db.session.flush()
    return make_invite_token(user)


def accept_invite(*, token, password, now=None):
    user = judge_for_invite(token)
    user.set_password(password)
    if user.judge_profile is not None:
        user.judge_profile.accepted_at = now or utcnow()
    db.session.flush()
    return user


def update_judge(*, user, full_name, agency, affiliation, actor):
    profile = user.judge_profile or JudgeProfile(user=user)
    before = {"agency": profile.agency, "affiliation": profile.affiliation, "name": user.full_name}
    user.full_name = full_name.strip()
    profile.agency = (agency or "").strip()
    profile.affiliation = (affiliation or "").strip()
    db.session.add(profile)
    db.session.flush()
    after = {"agency": profile.agency, "affiliation": profile.affiliation, "name": user.full_name}
    if before != after:
        log_event(contest_id=_any_contest_id(), actor=actor, action="judge.update", judge_id=user.id,
                  data={"before": before, "after": after})


def _any_contest_id():
    """Judges serve across editions; their events are filed under the current one."""
    contest = current_contest()
    return contest.id if contest else None


# -- the round's panel and assignment ------------------------------------------------------

def set_round_judges(*, rnd, judges, actor):
    before = sorted(j.id for j in rnd.judges)
    rnd.judges = list(judges)
    after = sorted(j.id for j in rnd.judges)
    if before != after:
        log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="panel.set",
                  data={"before": before, "after": after})
    db.session.flush()


def _rows(rnd):
    return db.session.scalars(select(Assignment).where(Assignment.round_id == rnd.id)).all()


def generate_assignment(*, rnd, actor, reset=False, reason=""):
    """Balanced assignment of the round's judges; returns the Plan.

    Keeps manual pins, admin removals and every pair whose card is started; without `reset`
    it also keeps the current automatic pairs and only fills gaps (new entries, recusals).
    """
    if not rnd.is_balanced:
        raise DomainError(_("Babak ini memakai mode semua juri menilai semua karya."))
    entries = [e.id for e in eligible_entries(rnd)]
    judges = [j.id for j in rnd.judges]
    conflicts = conflict_map(rnd.contest_id, judge_ids=judges)
    rows = _rows(rnd)
    started = set(db.session.execute(
        select(Scorecard.entry_id, Scorecard.judge_id).where(
            Scorecard.round_id == rnd.id, Scorecard.status != CardStatus.RECUSED.value)).all())
    forbidden = {(e, j) for (j, e) in conflicts}
    forbidden |= {(r.entry_id, r.judge_id) for r in rows if r.source == AssignmentSource.REMOVED.value}
    pinned = {(r.entry_id, r.judge_id) for r in rows
              if r.source == AssignmentSource.MANUAL.value or (not reset and r.source in ASSIGNED)}
    pinned |= {pair for pair in started if pair not in forbidden}
    plan = balanced_assignment(entries, judges, per_entry=rnd.judges_per_entry or len(judges),
                               cap=rnd.max_per_judge, forbidden=forbidden, pinned=pinned)
    current = {(r.entry_id, r.judge_id): r for r in rows if r.source in ASSIGNED}
    wanted = plan.pairs()
    removed = [pair for pair in current if pair not in wanted]
    added = [pair for pair in wanted if pair not in current]
    for pair in removed:
        db.session.delete(current[pair])
    for entry_id, judge_id in added:
        db.session.add(Assignment(round_id=rnd.id, entry_id=entry_id, judge_id=judge_id,
                                  source=AssignmentSource.AUTO.value))
    db.session.flush()
    if added or removed or reset:
        log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="assignment.generate",
                  reason=reason, data={"reset": reset, "added": sorted(added), "removed": sorted(removed),
                                       "shortfall": {str(k): v for k, v in plan.shortfall.items()},
                                       "max_load": plan.max_load})
    return plan


def override_assignment(*, rnd, entry_id, judge_id, assign, actor, reason=""):
    """Pin a judge on an entry (assign=True) or keep them off it (assign=False)."""
    if assign and (judge_id, entry_id) in conflict_map(rnd.contest_id, judge_ids=[judge_id]):
        raise DomainError(_("Juri ini memiliki konflik kepentingan dengan karya tersebut."))
    if assign and judge_id not in {j.id for j in rnd.judges}:
        raise DomainError(_("Juri ini belum menjadi anggota panel babak ini."))
    row = db.session.get(Assignment, (rnd.id, entry_id, judge_id))
    old = row.source if row else None
    if row is None:
        row = Assignment(round_id=rnd.id, entry_id=entry_id, judge_id=judge_id)
        db.session.add(row)
    row.source = AssignmentSource.MANUAL.value if assign else AssignmentSource.REMOVED.value
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action="assignment.override",
              entry_id=entry_id, judge_id=judge_id, reason=reason, data={"source": [old, row.source]})


def clear_assignments(*, rnd):
    db.session.execute(delete(Assignment).where(Assignment.round_id == rnd.id))


# -- recusal -------------------------------------------------------------------------------

def declare_conflict(*, rnd, entry_id, judge, reason, now=None):
    """A judge recuses from an entry: logged, the entry leaves their queue, the round rebalances."""
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError(_("Tuliskan alasan konflik kepentingan."), field="reason")
    now = now or utcnow()
    require_open(rnd, now=now)  # after the round closes, results change only through the committee
    existing = db.session.scalar(select(Conflict).where(Conflict.judge_id == judge.id,
                                                        Conflict.entry_id == entry_id))
    if existing is not None:
        raise DomainError(_("Anda sudah menyatakan konflik kepentingan untuk karya ini."))
    db.session.add(Conflict(contest_id=rnd.contest_id, judge_id=judge.id, entry_id=entry_id,
                            reason=reason, declared_at=now))
    voided = []
    for card in db.session.scalars(select(Scorecard).where(Scorecard.judge_id == judge.id,
                                                           Scorecard.entry_id == entry_id)):
        if card.status != CardStatus.RECUSED.value:
            voided.append({"round_id": card.round_id, "status": card.status, "total": card.total})
            card.status = CardStatus.RECUSED.value
            card.updated_at = now
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=judge, action="conflict.declare",
              entry_id=entry_id, judge_id=judge.id, reason=reason, data={"voided_cards": voided}, at=now)
    if rnd.is_balanced:
        row = db.session.get(Assignment, (rnd.id, entry_id, judge.id))
        if row is not None and row.source in ASSIGNED:
            db.session.delete(row)
            db.session.flush()
        generate_assignment(rnd=rnd, actor=judge, reason=_("Penyeimbangan ulang setelah konflik kepentingan."))


# -- what the committee sees of the assignment ---------------------------------------------

def assignment_overview(rnd):
    """Per entry, each panel judge's cell: assigned/manual/removed/conflict/none; plus loads."""
    entries = eligible_entries(rnd)
    judges = list(rnd.judges)
    conflicts = conflict_map(rnd.contest_id, judge_ids=[j.id for j in judges])
    rows = {(r.entry_id, r.judge_id): r.source for r in _rows(rnd)} if rnd.is_balanced else {}
    loads = {j.id: 0 for j in judges}
    matrix, short = [], 0
    for entry in entries:
        cells = []
        for judge in judges:
            if (judge.id, entry.id) in conflicts:
                cell = "conflict"
            elif not rnd.is_balanced:
                cell = "all"
            else:
                cell = rows.get((entry.id, judge.id), "none")
            if cell in ("all", *ASSIGNED):
                loads[judge.id] += 1
            cells.append(cell)
        count = sum(1 for c in cells if c in ("all", *ASSIGNED))
        if rnd.is_balanced and count < (rnd.judges_per_entry or 0):
            short += 1
        matrix.append((entry, cells, count))
    names = {j.id: j.full_name for j in judges}
    codes = {e.id: e.code for e in entries}
    conflict_rows = [(names[j], codes[e], info) for (j, e), info in conflicts.items() if e in codes and j in names]
    return {"judges": judges, "matrix": matrix, "loads": loads, "short": short,
            "conflicts": sorted(conflict_rows, key=lambda row: (row[1], row[0]))}
