"""Certificate fixtures: a contest whose admin check passed some entries and whose results are final."""
import io
from datetime import timedelta

import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import Entry, EntryStatus
from contest.judging.checks.models import AdminCheck
from contest.judging.results.models import PrizeAward
from contest.judging.rounds.models import JudgingRound, RoundKind


def submitted(contest, user, title):
    number = (db.session.scalar(select(func.max(Entry.number)).where(Entry.contest_id == contest.id)) or 0) + 1
    entry = Entry(contest=contest, user=user, number=number, title=title, synopsis="Sinopsis.",
                  originality_accepted_at=utcnow(), status=EntryStatus.SUBMITTED.value, submitted_at=utcnow())
    db.session.add(entry)
    db.session.flush()
    return entry


@pytest.fixture
def results(make_contest, make_entrant):
    """Three entrants: Rina (passed, Juara I), Budi (passed), Tono (failed the check). Results final.

    The winners are announced (announcement_at in the past) unless a test moves it.
    """
    now = utcnow()
    contest = make_contest(announcement_at=now - timedelta(hours=1))
    rina = make_entrant(full_name="Rina Kartika, S.Sn.", agency="Dinas Pendidikan dan Kebudayaan")
    budi = make_entrant(full_name="Budi Santoso, A.Md.", agency="Dinas Kesehatan")
    tono = make_entrant(full_name="Tono Prasetyo", agency="Dinas Sosial")
    entries = {
        "rina": submitted(contest, rina, "Guru Netral, Murid Cerdas"),
        "budi": submitted(contest, budi, "Stetoskop Tanpa Warna Partai"),
        "tono": submitted(contest, tono, "Bansos Bukan Milik Calon"),
    }
    check = JudgingRound(contest=contest, kind=RoundKind.ADMIN_CHECK.value, name="Verifikasi Administrasi", position=1)
    scoring = JudgingRound(contest=contest, kind=RoundKind.SCORING.value, name="Penilaian", position=2,
                           locked_at=now, results_final_at=now)
    db.session.add_all([check, scoring])
    db.session.flush()
    for key, outcome in (("rina", "pass"), ("budi", "pass"), ("tono", "fail")):
        db.session.add(AdminCheck(round_id=check.id, entry_id=entries[key].id, outcome=outcome,
                                  reason="" if outcome == "pass" else "Durasi kurang dari 60 detik."))
    juara1 = contest.prizes[0]
    db.session.add(PrizeAward(round_id=scoring.id, prize_id=juara1.id, entry_id=entries["rina"].id, rank=1))
    db.session.commit()
    return {"contest": contest, "entries": entries, "users": {"rina": rina, "budi": budi, "tono": tono},
            "check": check, "scoring": scoring}


def pdf_text(data):
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


def qr_payloads(data):
    """Every QR code found in the PDF's images, decoded (zxing-cpp reads the embedded bitmap)."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            found += [b.text for b in zxingcpp.read_barcodes(image.image.convert("L"))]
    return found
