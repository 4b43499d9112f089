"""Declared crew of an entry and judges' declared affiliations, matched before any assignment.

Crew names are for the committee only: judges' pages never receive them (test_blind.py).
A detected match becomes a conflict only when the committee confirms it; a dismissal is
recorded too (who, when), and both go to the audit log.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ...accounts.models import ASNProfile
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.text import invisible_characters, nfc
from ...core.timeutil import utcnow
from ...entries.models import Entry, EntryStatus
from ..rounds.audit import log_event
from ..scoring.models import CardStatus, Scorecard
from .matching import find_matches
from .models import AffiliationDecision, Conflict, CrewMember, JudgeAffiliation
from .services import _any_contest_id, generate_assignment

CREW_ROLES = {
    "sutradara": _l("Sutradara"), "penulis": _l("Penulis naskah"), "kamerawan": _l("Kamerawan"),
    "editor": _l("Editor"), "pemeran": _l("Pemeran"), "musik": _l("Penata musik"), "lainnya": _l("Lainnya"),
}
MAX_CREW = 10
MAX_AFFILIATIONS = 30


def crew_of(entry_id):
    return db.session.scalars(select(CrewMember).where(CrewMember.entry_id == entry_id)
                              .order_by(CrewMember.position)).all()


def save_crew(*, entry, rows):
    """Replace the entry's crew with rows of (name, role); blank rows are skipped."""
    clean = []
    for n, (name, role) in enumerate(rows, start=1):
        name = nfc(" ".join((name or "").split()))
        if not name and not role:
            continue
        if found := invisible_characters(name):
            raise DomainError(_("Baris kru %(n)s: nama memuat karakter tersembunyi (%(chars)s), biasanya terbawa "
                                "saat menyalin teks. Hapus lalu ketik ulang nama ini.", n=n, chars=", ".join(found)),
                              field="crew")
        if not 2 <= len(name) <= 120:
            raise DomainError(_("Baris kru %(n)s: tuliskan nama (2–120 karakter).", n=n), field="crew")
        if role not in CREW_ROLES:
            raise DomainError(_("Baris kru %(n)s: pilih peran.", n=n), field="crew")
        clean.append((name, role))
    if len(clean) > MAX_CREW:
        raise DomainError(_("Paling banyak %(n)s anggota kru.", n=MAX_CREW), field="crew")
    db.session.execute(delete(CrewMember).where(CrewMember.entry_id == entry.id))
    for position, (name, role) in enumerate(clean, start=1):
        db.session.add(CrewMember(entry_id=entry.id, position=position, name=name, role=role))
    db.session.flush()


def affiliations_of(judge_id):
    return db.session.scalars(select(JudgeAffiliation).where(JudgeAffiliation.judge_id == judge_id)
                              .order_by(JudgeAffiliation.kind, JudgeAffiliation.name)).all()


def _lines(text):
    seen, out = set(), []
    for line in (text or "").splitlines():
        line = " ".join(line.split())[:200]
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            out.append(line)
    return out


def save_affiliations(*, judge, orgs_text, people_text, actor):
    """Replace a judge's declared organisations and people (one a line)."""
    orgs, people = _lines(orgs_text), _lines(people_text)
    if len(orgs) + len(people) > MAX_AFFILIATIONS:
        raise DomainError(_("Paling banyak %(n)s keterkaitan.", n=MAX_AFFILIATIONS), field="orgs")
    before = sorted((a.kind, a.name) for a in affiliations_of(judge.id))
    db.session.execute(delete(JudgeAffiliation).where(JudgeAffiliation.judge_id == judge.id))
    for kind, names in (("org", orgs), ("person", people)):
        for name in names:
            db.session.add(JudgeAffiliation(judge_id=judge.id, kind=kind, name=name))
    db.session.flush()
    after = sorted([("org", n) for n in orgs] + [("person", n) for n in people])
    if before != after:
        log_event(contest_id=_any_contest_id(), actor=actor, action="judge.affiliations", judge_id=judge.id,
                  data={"before": before, "after": after})


def pending_matches(contest_id, judge_ids):
    """Matches between the judges' affiliations and the edition's entries still undecided (3 queries)."""
    if not judge_ids:
        return []
    affiliations = db.session.execute(select(JudgeAffiliation.judge_id, JudgeAffiliation.kind, JudgeAffiliation.name)
                                      .where(JudgeAffiliation.judge_id.in_(judge_ids))).all()
    if not affiliations:
        return []
    live = (Entry.contest_id == contest_id, Entry.status != EntryStatus.DRAFT.value)
    crews = db.session.execute(select(CrewMember.entry_id, CrewMember.name).join(Entry, Entry.id == CrewMember.entry_id)
                               .where(*live)).all()
    agencies = db.session.execute(select(Entry.id, ASNProfile.agency)
                                  .join(ASNProfile, ASNProfile.user_id == Entry.user_id).where(*live)).all()
    decided = set(db.session.execute(select(AffiliationDecision.judge_id, AffiliationDecision.entry_id,
                                            AffiliationDecision.match_key)
                                     .where(AffiliationDecision.contest_id == contest_id)).all())
    return [m for m in find_matches(affiliations, crews, agencies) if (m.judge_id, m.entry_id, m.key) not in decided]


def decide_match(*, rnd, judge_id, entry_id, key, confirm, actor, now=None):
    """Confirm (a Conflict; the round rebalances) or dismiss a detected match; both audited."""
    match = next((m for m in pending_matches(rnd.contest_id, [judge_id])
                  if m.entry_id == entry_id and m.key == key), None)
    if match is None:
        raise DomainError(_("Kecocokan ini sudah diputuskan atau tidak ada lagi."))
    now = now or utcnow()
    decision = "confirmed" if confirm else "dismissed"
    db.session.add(AffiliationDecision(contest_id=rnd.contest_id, judge_id=judge_id, entry_id=entry_id,
                                       match_key=key, decision=decision, decided_by_id=actor.id, decided_at=now))
    reason = _("Keterkaitan yang dideklarasikan juri (%(aff)s) cocok dengan %(found)s.",
               aff=match.affiliation, found=match.found)
    if confirm and db.session.scalar(select(Conflict.id).where(Conflict.judge_id == judge_id,
                                                               Conflict.entry_id == entry_id)) is None:
        db.session.add(Conflict(contest_id=rnd.contest_id, judge_id=judge_id, entry_id=entry_id, reason=reason,
                                declared_at=now))
        for card in db.session.scalars(select(Scorecard).where(Scorecard.judge_id == judge_id,
                                                               Scorecard.entry_id == entry_id)):
            card.status, card.updated_at = CardStatus.RECUSED.value, now  # never counted
    db.session.flush()
    log_event(contest_id=rnd.contest_id, round_id=rnd.id, actor=actor, action=f"affiliation.{decision}",
              entry_id=entry_id, judge_id=judge_id, reason=reason, data={"key": key, "source": match.source}, at=now)
    if confirm and rnd.is_balanced:
        generate_assignment(rnd=rnd, actor=actor, reason=_("Penyeimbangan ulang setelah konflik dikonfirmasi."))
    return match
