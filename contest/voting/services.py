"""Video Terfavorit: settings, candidates, the emailed-code vote, voiding and the favourite.

Services flush, never commit. Emails are never stored: a voter is an HMAC of the normalized
address (one vote per contest by a unique constraint), IPs are HMACs too (and of their /24).
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..contests.phases import Phase, is_open
from ..core.errors import DomainError
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..media.access import public_policy
from ..media.models import VideoState
from ..media.services import current_video
from . import rules
from .anomalies import VoteRow
from .attempts import claim_attempt
from .models import Vote, VoteCandidate, VoteChallenge, VoteLog, VotingSettings

FAVOURITE_WORD = "favorit"


def already_voted_message():
    return _("Email ini sudah memberikan suara dalam sayembara ini. Setiap pemilih hanya punya satu suara.")


class CodeRejected(DomainError):
    """A wrong code: the attempt was counted, so the caller commits instead of rolling back."""


def _config(name):
    """VOTE_CODE_TTL_S, VOTE_CODE_ATTEMPTS: set by contest/core/config.py."""
    return current_app.config[name]


def code_ttl_minutes():
    return _config("VOTE_CODE_TTL_S") // 60


def _secret():
    return current_app.config["SECRET_KEY"]


def log_action(*, contest_id, action, actor=None, vote_id=None, reason="", data=None, now=None):
    """One append-only log row, committed with the change it explains."""
    row = VoteLog(contest_id=contest_id, action=action, actor_id=getattr(actor, "id", actor), vote_id=vote_id,
                  reason=reason or "", data=data or {}, at=now or utcnow())
    db.session.add(row)
    return row


# -- settings and candidates ---------------------------------------------------------------

def get_settings(contest_id):
    return db.session.get(VotingSettings, contest_id)


def settings_for(contest):
    """The contest's settings row, created with defaults (any domain, counts hidden) when missing."""
    settings = get_settings(contest.id)
    if settings is None:
        settings = VotingSettings(contest_id=contest.id, allowed_domains="", counts_public=False)
        db.session.add(settings)
        db.session.flush()
    return settings


def settings_or_default(contest):
    """The settings row, or an unsaved default one for display (GET requests write nothing)."""
    default = VotingSettings(contest_id=contest.id, allowed_domains="", counts_public=False)
    return get_settings(contest.id) or default


def save_settings(*, contest, allowed_domains, counts_public, actor):
    """Store the allow-list (text as typed; raises DomainError naming a bad entry) and visibility."""
    try:
        domains = rules.parse_domains(allowed_domains)
    except ValueError as error:
        message = _("“%(item)s” bukan nama domain.", item=str(error))
        raise DomainError(message, field="allowed_domains") from None
    settings = settings_for(contest)
    old = {"allowed_domains": settings.domain_list, "counts_public": settings.counts_public}
    settings.allowed_domains = "\n".join(domains)
    settings.counts_public = bool(counts_public)
    new = {"allowed_domains": domains, "counts_public": settings.counts_public}
    if old != new:
        log_action(contest_id=contest.id, action="settings", actor=actor, data={"old": old, "new": new})
    db.session.flush()
    return settings


def candidate_ids(contest_id):
    return set(db.session.scalars(
        select(VoteCandidate.entry_id).where(VoteCandidate.contest_id == contest_id)))


def set_candidates(*, contest, entry_ids, actor):
    """Exactly these submitted entries of the contest are in the vote."""
    wanted = {int(i) for i in entry_ids}
    valid = set(db.session.scalars(select(Entry.id).where(
        Entry.contest_id == contest.id, Entry.status == EntryStatus.SUBMITTED.value, Entry.id.in_(wanted))))
    if wanted - valid:
        raise DomainError(_("Hanya karya terkirim dari sayembara ini yang dapat ikut pemilihan."))
    current = candidate_ids(contest.id)
    for row in db.session.scalars(select(VoteCandidate).where(VoteCandidate.contest_id == contest.id,
                                                              VoteCandidate.entry_id.not_in(wanted))):
        db.session.delete(row)
    for entry_id in sorted(wanted - current):
        db.session.add(VoteCandidate(contest_id=contest.id, entry_id=entry_id))
    if wanted != current:
        log_action(contest_id=contest.id, action="candidates", actor=actor,
                   data={"added": sorted(wanted - current), "removed": sorted(current - wanted)})
    db.session.flush()


def candidates(contest_id):
    return db.session.scalars(
        select(Entry).join(VoteCandidate, VoteCandidate.entry_id == Entry.id)
        .where(VoteCandidate.contest_id == contest_id).order_by(Entry.number)).all()


# -- the public side -----------------------------------------------------------------------

PUBLIC_PHASES = ("open", "closed")


@public_policy
def candidate_video_public(video, *, now=None):
    """Media access policy: the public watches a candidate's video in use once the vote opened."""
    if video is None or video.state != VideoState.READY.value:
        return False
    entry = video.entry
    if not entry.is_submitted or entry.id not in candidate_ids(entry.contest_id):
        return False
    if voting_phase(entry.contest, now=now) not in PUBLIC_PHASES:
        return False
    current = current_video(entry)
    return current is not None and current.id == video.id

def voting_phase(contest, *, now=None):
    """'unset' (no window on the timeline), 'upcoming', 'open' or 'closed'."""
    now = now or utcnow()
    if contest.voting_opens_at is None or contest.voting_closes_at is None:
        return "unset"
    if is_open(contest, Phase.VOTING, now=now):
        return "open"
    return "upcoming" if now < contest.voting_opens_at else "closed"


def tallies(contest_id):
    """{entry_id: votes that count}."""
    return dict(db.session.execute(
        select(Vote.entry_id, func.count(Vote.id))
        .where(Vote.contest_id == contest_id, Vote.voided_at.is_(None)).group_by(Vote.entry_id)).all())


def vote_state(entry, *, now=None):
    """What the entry's vote button shows: phase, candidacy, count (None when hidden), domains."""
    contest = entry.contest
    settings = get_settings(contest.id)
    is_candidate = entry.is_submitted and entry.id in candidate_ids(contest.id)
    count = None
    if is_candidate and settings is not None and settings.counts_public:
        count = db.session.scalar(select(func.count(Vote.id)).where(
            Vote.entry_id == entry.id, Vote.contest_id == contest.id, Vote.voided_at.is_(None)))
    return {"contest": contest, "phase": voting_phase(contest, now=now), "candidate": is_candidate,
            "count": count, "domains": settings.domain_list if settings else []}


def vote_states(contest, entries, *, now=None):
    """vote_state() for many entries of one contest in three queries: {entry_id: state}."""
    settings = get_settings(contest.id)
    chosen = candidate_ids(contest.id)
    counts = tallies(contest.id) if settings is not None and settings.counts_public else None
    phase = voting_phase(contest, now=now)
    domains = settings.domain_list if settings else []
    states = {}
    for entry in entries:
        is_candidate = entry.is_submitted and entry.id in chosen
        count = counts.get(entry.id, 0) if is_candidate and counts is not None else None
        states[entry.id] = {"contest": contest, "phase": phase, "candidate": is_candidate, "count": count,
                            "domains": domains}
    return states


def _require_votable(entry, now):
    if voting_phase(entry.contest, now=now) != "open":
        raise DomainError(_("Pemilihan Video Terfavorit sedang tidak dibuka."))
    if not entry.is_submitted or entry.id not in candidate_ids(entry.contest_id):
        raise DomainError(_("Karya ini tidak termasuk dalam pemilihan Video Terfavorit."))


def voter_hash(normalized_email):
    return rules.keyed_hash(_secret(), "voter", normalized_email)


@dataclass
class Started:
    challenge: VoteChallenge
    code: str
    already_voted: bool  # mail "you already voted" instead of the code (the page says the same)


def start_vote(*, entry, email, now=None):
    """Check the address, then open a challenge whose code the caller mails (the old one is closed)."""
    now = now or utcnow()
    _require_votable(entry, now)
    normalized = rules.normalize_email(email)
    if normalized is None:
        raise DomainError(_("Alamat email tidak valid."), field="email")
    domain = normalized.split("@", 1)[1]
    settings = get_settings(entry.contest_id)
    allowed = settings.domain_list if settings else []
    if not rules.domain_allowed(domain, allowed):
        raise DomainError(_("Pemilihan ini hanya untuk alamat email berdomain: %(domains)s.",
                            domains=", ".join(allowed)), field="email")
    voter = voter_hash(normalized)
    for old in db.session.scalars(select(VoteChallenge).where(
            VoteChallenge.contest_id == entry.contest_id, VoteChallenge.voter_hash == voter,
            VoteChallenge.closed_at.is_(None))):
        old.closed_at = now
    token, code = secrets.token_urlsafe(32), rules.new_code()
    challenge = VoteChallenge(
        token=token, contest_id=entry.contest_id, entry_id=entry.id, voter_hash=voter, email_domain=domain,
        email_masked=rules.mask_email(normalized), code_hash=rules.code_hash(_secret(), token, code),
        created_at=now, expires_at=now + timedelta(seconds=_config("VOTE_CODE_TTL_S")))
    db.session.add(challenge)
    db.session.flush()
    already = db.session.scalar(select(Vote.id).where(Vote.contest_id == entry.contest_id,
                                                      Vote.voter_hash == voter)) is not None
    return Started(challenge=challenge, code=code, already_voted=already)


def open_challenge(token, *, now=None):
    """The browser's pending challenge, or None when unknown, used or expired."""
    if not token:
        return None
    challenge = db.session.scalar(select(VoteChallenge).where(VoteChallenge.token == token))
    if challenge is None or challenge.closed_at is not None or (now or utcnow()) >= challenge.expires_at:
        return None
    return challenge


def confirm_vote(*, token, code, ip, user_agent, now=None):
    """Check the code and record the vote; one vote per voter per contest, whatever the race."""
    now = now or utcnow()
    challenge = open_challenge(token, now=now)
    if challenge is None:
        raise DomainError(_("Kode sudah kedaluwarsa atau tidak berlaku. Minta kode baru."))
    attempt = claim_attempt(challenge, now=now)
    if attempt is None:  # a parallel guess used the last attempt (or closed the code) first
        raise DomainError(_("Kode sudah kedaluwarsa atau tidak berlaku. Minta kode baru."))
    if not rules.code_matches(_secret(), challenge.token, code, challenge.code_hash):
        left = _config("VOTE_CODE_ATTEMPTS") - attempt
        if left <= 0:
            challenge.closed_at = now
        db.session.flush()
        if left <= 0:
            raise CodeRejected(_("Kode salah terlalu sering. Minta kode baru."))
        raise CodeRejected(_("Kode salah. Sisa percobaan: %(n)s.", n=left), field="code")
    challenge.closed_at = now
    entry = challenge.entry
    _require_votable(entry, now)
    if db.session.scalar(select(Vote.id).where(Vote.contest_id == challenge.contest_id,
                                               Vote.voter_hash == challenge.voter_hash)) is not None:
        db.session.flush()
        raise CodeRejected(already_voted_message())
    secret = _secret()
    vote = Vote(contest_id=challenge.contest_id, entry_id=entry.id, voter_hash=challenge.voter_hash,
                email_domain=challenge.email_domain, email_masked=challenge.email_masked,
                ip_hash=rules.keyed_hash(secret, "ip", ip or ""),
                ip_prefix_hash=rules.keyed_hash(secret, "net", rules.ip_prefix(ip)),
                user_agent=(user_agent or "")[:300], created_at=now)
    db.session.add(vote)
    # An IntegrityError here: the same voter confirmed two codes at once (the view says so).
    db.session.flush()
    return vote


# -- the committee's side ------------------------------------------------------------------

def _votes_of(contest, vote_ids):
    ids = {int(i) for i in vote_ids}
    if not ids:
        raise DomainError(_("Pilih suara terlebih dahulu."))
    votes = db.session.scalars(select(Vote).where(Vote.contest_id == contest.id, Vote.id.in_(ids))).all()
    if len(votes) != len(ids):
        raise DomainError(_("Sebagian suara tidak ditemukan dalam sayembara ini."))
    return votes


def _reason(reason):
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError(_("Tuliskan alasannya (minimal 10 karakter)."), field="reason")
    return reason


def void_votes(*, contest, vote_ids, reason, actor, now=None):
    """Void the votes (already-void ones are left alone); each is logged with the reason. Returns n."""
    reason, now = _reason(reason), now or utcnow()
    changed = 0
    for vote in _votes_of(contest, vote_ids):
        if vote.voided_at is not None:
            continue
        vote.voided_at, vote.voided_by_id, vote.void_reason = now, actor.id, reason
        log_action(contest_id=contest.id, action="void", actor=actor, vote_id=vote.id, reason=reason,
                   data={"entry_id": vote.entry_id}, now=now)
        changed += 1
    db.session.flush()
    return changed


def restore_votes(*, contest, vote_ids, reason, actor, now=None):
    """Count voided votes again (a mistake corrected), logged with the reason. Returns n."""
    reason, now = _reason(reason), now or utcnow()
    changed = 0
    for vote in _votes_of(contest, vote_ids):
        if vote.voided_at is None:
            continue
        log_action(contest_id=contest.id, action="restore", actor=actor, vote_id=vote.id, reason=reason,
                   data={"entry_id": vote.entry_id, "was": vote.void_reason}, now=now)
        vote.voided_at, vote.voided_by_id, vote.void_reason = None, None, ""
        changed += 1
    db.session.flush()
    return changed


def vote_rows(contest_id, *, include_voided=False):
    """Votes as plain rows for anomalies.py, oldest first."""
    query = select(Vote).where(Vote.contest_id == contest_id)
    if not include_voided:
        query = query.where(Vote.voided_at.is_(None))
    return [VoteRow(id=v.id, entry_id=v.entry_id, at=v.created_at, ip_hash=v.ip_hash,
                    ip_prefix_hash=v.ip_prefix_hash, domain=v.email_domain, user_agent=v.user_agent)
            for v in db.session.scalars(query.order_by(Vote.created_at, Vote.id))]


def standings(contest):
    """[(entry, votes, voided)] for candidates and any entry holding votes, most votes first."""
    rows = db.session.execute(
        select(Vote.entry_id, func.count(Vote.id), func.count(Vote.voided_at))
        .where(Vote.contest_id == contest.id).group_by(Vote.entry_id)).all()
    counted = {entry_id: (total - voided, voided) for entry_id, total, voided in rows}
    ids = candidate_ids(contest.id) | set(counted)
    entries = db.session.scalars(select(Entry).where(Entry.id.in_(ids))).all() if ids else []
    out = [(e, *counted.get(e.id, (0, 0))) for e in entries]
    out.sort(key=lambda row: (-row[1], row[0].number))
    return out


def favourite_prize(contest):
    """The contest's public-vote prize (its name says "Favorit"), or None."""
    return next((p for p in contest.prizes if FAVOURITE_WORD in p.name.casefold()), None)


def set_favourite(*, contest, entry_id, reason, actor, now=None):
    """Name the Video Terfavorit after the vote closes; anything but a clear winner needs a reason."""
    now = now or utcnow()
    if voting_phase(contest, now=now) != "closed":
        raise DomainError(_("Video Terfavorit ditetapkan setelah pemilihan ditutup."))
    if int(entry_id) not in candidate_ids(contest.id):
        raise DomainError(_("Karya ini tidak termasuk dalam pemilihan Video Terfavorit."), field="entry_id")
    counts = tallies(contest.id)
    top = max(counts.values(), default=0)
    leaders = [e for e, n in counts.items() if n == top and top > 0]
    reason = (reason or "").strip()
    if leaders != [int(entry_id)]:
        reason = _reason(reason)
    settings = settings_for(contest)
    old = settings.favourite_entry_id
    settings.favourite_entry_id = int(entry_id)
    settings.favourite_set_at, settings.favourite_set_by_id = now, actor.id
    log_action(contest_id=contest.id, action="favourite", actor=actor, reason=reason, now=now,
               data={"entry_id": [old, int(entry_id)], "votes": counts.get(int(entry_id), 0), "top": top})
    db.session.flush()
    return settings


def favourite_entry(contest):
    """The entry named Video Terfavorit, or None."""
    settings = get_settings(contest.id)
    return settings.favourite_entry if settings is not None and settings.favourite_entry_id else None


def log_for(contest_id, limit=500):
    return db.session.scalars(select(VoteLog).where(VoteLog.contest_id == contest_id)
                              .order_by(VoteLog.at.desc(), VoteLog.id.desc()).limit(limit)).all()
