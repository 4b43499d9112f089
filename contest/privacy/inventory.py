"""Everything the platform holds about one entrant, read in a fixed handful of queries."""
from sqlalchemy import or_, select

from ..accounts.services import normalize_email
from ..certificates.models import Certificate
from ..core.extensions import db
from ..core.timeutil import utcnow
from ..entries.models import Entry
from ..gallery.models import PublicConsent
from ..judging.results.models import PrizeAward
from ..judging.rounds.models import JudgingRound
from ..judging.scoring.models import Scorecard
from ..media.models import Video
from ..notifications.models import OutboxMessage
from ..records.consents import consents_of
from ..voting.models import Vote, VotingSettings
from ..voting.rules import normalize_email as vote_normalize
from ..voting.services import voter_hash
from .duties.models import DataSubjectRequest
from .models import DataExport, ErasureRequest

SCORED_KINDS = ("scoring", "final")


def judging_started(contest, *, now=None):
    """Judging has started for an edition once a scoring round has opened or holds a scorecard."""
    now = now or utcnow()
    rounds = db.session.scalars(select(JudgingRound).where(
        JudgingRound.contest_id == contest.id, JudgingRound.kind.in_(SCORED_KINDS))).all()
    if any(r.starts is not None and r.starts <= now for r in rounds):
        return True
    return db.session.scalar(select(Scorecard.id).join(JudgingRound, JudgingRound.id == Scorecard.round_id)
                             .where(JudgingRound.contest_id == contest.id).limit(1)) is not None


def winning_entry_ids(contest_ids=None):
    """Entries holding a jury prize or the Video Terfavorit title (in the given editions)."""
    prizes = select(PrizeAward.entry_id).join(Entry, Entry.id == PrizeAward.entry_id)
    favourites = select(VotingSettings.favourite_entry_id).where(VotingSettings.favourite_entry_id.is_not(None))
    if contest_ids is not None:
        prizes = prizes.where(Entry.contest_id.in_(contest_ids))
        favourites = favourites.where(VotingSettings.contest_id.in_(contest_ids))
    return set(db.session.scalars(prizes)) | set(db.session.scalars(favourites))


def _iso(value):
    return value.isoformat() if value is not None else None


def votes_cast_by(user):
    """Votes whose voter hash is the hash of this person's email (votes keep no address)."""
    normalized = vote_normalize(user.email)
    if normalized is None:
        return []
    return db.session.scalars(select(Vote).where(Vote.voter_hash == voter_hash(normalized))
                              .order_by(Vote.created_at)).all()


def _registration_consents(profile, records):
    """The profile's registration timestamps, for accounts made before consents named a notice version."""
    if profile is None or {r.kind for r in records} >= {"terms", "data"}:
        return []
    return [{"kind": "terms", "notice_version": None, "given_at": _iso(profile.terms_accepted_at),
             "source": "registration"},
            {"kind": "data", "notice_version": None, "given_at": _iso(profile.data_consent_at),
             "source": "registration"}]


def gather(user):
    """A dict of everything held about `user`, ready for the page and for data.json."""
    profile = user.profile
    entries = db.session.scalars(select(Entry).where(Entry.user_id == user.id).order_by(Entry.id)).all()
    entry_ids = [e.id for e in entries]
    videos = db.session.scalars(select(Video).where(Video.entry_id.in_(entry_ids)).order_by(Video.id)).all()
    consents = {c.entry_id: c for c in db.session.scalars(
        select(PublicConsent).where(PublicConsent.entry_id.in_(entry_ids)))}
    certificates = db.session.scalars(select(Certificate).where(
        or_(Certificate.user_id == user.id, Certificate.entry_id.in_(entry_ids))).order_by(Certificate.id)).all()
    outbox = db.session.scalars(select(OutboxMessage).where(or_(
        OutboxMessage.user_id == user.id, OutboxMessage.to_address == normalize_email(user.email)))
        .order_by(OutboxMessage.id)).all()
    exports = db.session.scalars(select(DataExport).where(DataExport.user_id == user.id)
                                 .order_by(DataExport.id.desc())).all()
    records = consents_of(user)
    requests = db.session.scalars(select(ErasureRequest).where(ErasureRequest.user_id == user.id)
                                  .order_by(ErasureRequest.id.desc())).all()
    subject_requests = db.session.scalars(select(DataSubjectRequest).where(DataSubjectRequest.user_id == user.id)
                                          .order_by(DataSubjectRequest.id)).all()
    return {
        "account": {"id": user.id, "full_name": user.full_name, "email": user.email,
                    "created_at": _iso(user.created_at), "last_login_at": _iso(user.last_login_at),
                    "roles": sorted(user.role_names)},
        "profile": None if profile is None else {
            "nip": profile.nip, "employment_type": profile.employment_type, "gender": profile.gender,
            "birth_date": _iso(profile.birth_date), "position": profile.position, "rank": profile.rank,
            "work_unit": profile.work_unit, "agency": profile.agency, "regency": profile.regency,
            "phone": profile.phone},
        "consents": (
            _registration_consents(profile, records)
            + [{"kind": c.kind, "notice_version": c.notice_version, "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at), "source": "consent_record"} for c in records]
            + [{"kind": "gallery_publication", "entry_id": entry_id, "given_at": _iso(c.given_at),
                "source": "gallery"} for entry_id, c in consents.items()]),
        "entries": [{"id": e.id, "contest": e.contest.title, "code": e.code, "title": e.title,
                     "synopsis": e.synopsis, "social_url": e.social_url, "status": e.status,
                     "originality_accepted_at": _iso(e.originality_accepted_at),
                     "submitted_at": _iso(e.submitted_at), "withdrawn_at": _iso(e.withdrawn_at),
                     "created_at": _iso(e.created_at), "gallery_consent": e.id in consents}
                    for e in entries],
        "videos": [{"id": v.id, "entry_id": v.entry_id, "state": v.state, "original_filename": v.original_filename,
                    "original_size": v.original_size, "duration": v.duration, "width": v.width, "height": v.height,
                    "created_at": _iso(v.created_at), "ready_at": _iso(v.ready_at),
                    "files_deleted_at": _iso(v.files_deleted_at)} for v in videos],
        "votes": [{"contest_id": v.contest_id, "entry_id": v.entry_id, "email_masked": v.email_masked,
                   "created_at": _iso(v.created_at), "counted": v.counts} for v in votes_cast_by(user)],
        "certificates": [{"code": c.code, "kind": c.kind, "award_name": c.award_name,
                          "recipient_name": c.recipient_name, "entry_code": c.entry_code,
                          "contest_title": c.contest_title, "issued_at": _iso(c.issued_at),
                          "revoked_at": _iso(c.revoked_at)} for c in certificates],
        "messages": [{"id": m.id, "to": m.to_address, "subject": m.subject, "kind": m.kind, "state": m.state,
                      "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)} for m in outbox],
        "exports": [{"id": x.id, "requested_at": _iso(x.requested_at), "state": x.state} for x in exports],
        "erasure_requests": [{"id": r.id, "requested_at": _iso(r.requested_at), "state": r.state,
                              "outcome": r.outcome} for r in requests],
        "data_subject_requests": [{"id": r.id, "kind": r.kind, "detail": r.detail, "received_at": _iso(r.received_at),
                                   "due_at": _iso(r.due_at), "state": r.state, "resolution": r.resolution}
                                  for r in subject_requests],
    }
