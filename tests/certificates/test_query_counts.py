"""The certificates admin page and the entrant's certificate list cost the same for 5 rows as for 50."""
from datetime import timedelta

from contest.certificates.models import Certificate, CertificateKind
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.judging.checks.models import AdminCheck
from contest.judging.results.models import PrizeAward
from contest.judging.rounds.models import JudgingRound, RoundKind
from tests import bulk
from tests.conftest import login, query_count

SIZES = (5, 50)


def certified_edition(make_contest, n, *, owner=None):
    """n entries that passed the check, final results with prizes, and a made certificate each."""
    now = utcnow()
    contest = make_contest(current=False, announcement_at=now - timedelta(hours=1))
    entries = bulk.entries(contest, n, owners=[owner] if owner else None)
    check = JudgingRound(contest=contest, kind=RoundKind.ADMIN_CHECK.value, name="Verifikasi", position=1)
    scoring = JudgingRound(contest=contest, kind=RoundKind.SCORING.value, name="Penilaian", position=2,
                           locked_at=now, results_final_at=now)
    db.session.add_all([check, scoring])
    db.session.flush()
    for entry in entries:
        db.session.add(AdminCheck(round_id=check.id, entry_id=entry.id, outcome="pass"))
    for prize, entry in zip(contest.prizes, entries, strict=False):
        db.session.add(PrizeAward(round_id=scoring.id, prize_id=prize.id, entry_id=entry.id, rank=prize.position))
    for i, entry in enumerate(entries):
        award = i < len(contest.prizes)
        db.session.add(Certificate(
            code=f"C{contest.id:03d}{i:05d}", contest_id=contest.id, entry_id=entry.id, user_id=entry.user_id,
            kind=CertificateKind.AWARD.value if award else CertificateKind.PARTICIPATION.value,
            award_key=f"prize-{contest.prizes[i].id}" if award else "participation",
            prize_id=contest.prizes[i].id if award else None, award_name=contest.prizes[i].name if award else "",
            recipient_name=f"Peserta {i}", recipient_agency="Dinas Sosial", entry_code=entry.code,
            entry_title=entry.title, contest_title=contest.title, pdf_path=f"certificates/{i}.pdf",
            pdf_generated_at=now, revoked_at=now if i % 10 == 9 else None))
    db.session.flush()
    return contest


def test_admin_certificates_page(client, make_staff, make_contest):
    login(client, make_staff("admin"))
    urls = [f"/admin/certificates/{certified_edition(make_contest, n).id}" for n in SIZES]
    db.session.commit()
    few, many = [query_count(client, url) for url in urls]
    assert few == many, (few, many)


def test_entrants_certificate_list(app, make_contest, make_entrant):
    make_contest()  # the current edition; the certified ones are past editions
    counts = []
    for n in SIZES:
        entrant = make_entrant()
        certified_edition(make_contest, n, owner=entrant)
        db.session.commit()
        client = app.test_client()
        login(client, entrant)
        counts.append(query_count(client, "/entries/"))
    assert counts[0] == counts[1], counts
