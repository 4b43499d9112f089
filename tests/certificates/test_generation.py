"""Bulk generation through the queue: idempotent, n of m progress, revocation, the template and its logo."""
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from contest.certificates import services, tasks
from contest.certificates.models import Certificate, CertificateTemplate
from contest.core import tasks as app_tasks
from contest.core.errors import DomainError
from contest.core.extensions import db
from tests.certificates.conftest import pdf_text, qr_payloads

ROOT = "https://sayembara.example.go.id"


@pytest.fixture
def task_queue(tmp_path):
    """The real Huey queue on a fresh SQLite file (restored afterwards)."""
    old = app_tasks.huey.storage
    app_tasks.use_sqlite(tmp_path / "queue.db")
    yield app_tasks.huey
    app_tasks.huey.storage = old


def certs():
    return db.session.scalars(select(Certificate).order_by(Certificate.id)).all()


def test_the_queued_task_makes_every_certificate_once(results, task_queue):
    contest = results["contest"]
    services.template_for(contest).place = "Samarinda"
    db.session.commit()
    assert services.progress(contest)["eligible"] == 3 and services.progress(contest)["generated"] == 0
    tasks.enqueue_generation(contest.id, ROOT)
    assert len(task_queue) == 1
    task = task_queue.dequeue()
    assert task.name == "certificates.generate"
    task_queue.execute(task)
    made = certs()
    assert sorted((c.recipient_name, c.kind, c.award_name) for c in made) == [
        ("Budi Santoso, A.Md.", "participation", ""),
        ("Rina Kartika, S.Sn.", "award", "Juara I"),
        ("Rina Kartika, S.Sn.", "participation", ""),
    ]
    assert all(c.pdf_path and services.absolute(c.pdf_path).is_file() for c in made)
    assert len({c.code for c in made}) == 3
    progress = services.progress(contest)
    assert (progress["generated"], progress["eligible"], progress["running"]) == (3, 3, False)
    # Running it again changes nothing.
    files = {c.code: services.absolute(c.pdf_path).stat().st_mtime_ns for c in made}
    assert tasks.generate_certificates(contest.id, root=ROOT) == {"issued": 0, "rendered": 0}
    assert {c.code: services.absolute(c.pdf_path).stat().st_mtime_ns for c in certs()} == files


def test_certificate_content(results):
    contest = results["contest"]
    template = services.template_for(contest)
    template.organizer = "PEMERINTAH PROVINSI KALIMANTAN TIMUR\nBADAN KESATUAN BANGSA DAN POLITIK"
    template.place, template.signatory1_name, template.signatory1_position = "Samarinda", "Drs. Sufian", "Kepala Badan"
    template.signatory1_nip = "196804111993031009"
    db.session.commit()
    tasks.generate_certificates(contest.id, root=ROOT)
    award = next(c for c in certs() if c.is_award)
    participation = next(c for c in certs() if not c.is_award and c.recipient_name.startswith("Budi"))
    data = services.absolute(award.pdf_path).read_bytes()
    text = pdf_text(data)
    for expected in ("PIAGAM PENGHARGAAN", "Rina Kartika, S.Sn.", "Dinas Pendidikan dan Kebudayaan", "JUARA I",
                     contest.title.split("—")[0].strip(), "Guru Netral, Murid Cerdas", award.entry_code,
                     "Samarinda,", "Drs. Sufian", "NIP 196804111993031009", "BADAN KESATUAN BANGSA DAN POLITIK",
                     f"{award.code[:5]}-{award.code[5:]}"):
        assert expected in text, expected
    assert qr_payloads(data) == [f"{ROOT}/verify/{award.code}"]
    text = pdf_text(services.absolute(participation.pdf_path).read_bytes())
    assert "SERTIFIKAT" in text and "partisipasinya sebagai peserta" in text and "JUARA" not in text
    assert "Budi Santoso" in text and "Tono" not in text


def test_a_revoked_certificate_is_not_reissued(results, make_staff):
    contest = results["contest"]
    tasks.generate_certificates(contest.id, root=ROOT)
    budi = next(c for c in certs() if c.recipient_name.startswith("Budi"))
    with pytest.raises(DomainError):
        services.revoke(cert=budi, reason="pendek", actor=make_staff("admin"))
    services.revoke(cert=budi, reason="Karya terbukti menjiplak video lain.", actor=make_staff("admin"))
    db.session.commit()
    assert tasks.generate_certificates(contest.id, root=ROOT) == {"issued": 0, "rendered": 0}
    progress = services.progress(contest)
    assert (progress["generated"], progress["eligible"], progress["revoked"]) == (2, 3, 1)


def test_certificates_no_longer_owed_are_flagged(results):
    contest = results["contest"]
    tasks.generate_certificates(contest.id, root=ROOT)
    from contest.judging.checks.models import AdminCheck

    check = db.session.scalar(select(AdminCheck).where(AdminCheck.entry_id == results["entries"]["budi"].id))
    check.outcome = "fail"
    db.session.commit()
    assert services.progress(contest)["stale"] == [(results["entries"]["budi"].id, "participation")]


def test_a_new_winner_later_gets_only_the_missing_certificate(results):
    contest = results["contest"]
    tasks.generate_certificates(contest.id, root=ROOT)
    from contest.judging.results.models import PrizeAward

    db.session.add(PrizeAward(round_id=results["scoring"].id, prize_id=contest.prizes[1].id,
                              entry_id=results["entries"]["budi"].id, rank=2))
    db.session.commit()
    assert tasks.generate_certificates(contest.id, root=ROOT) == {"issued": 1, "rendered": 1}


def _png(size=(300, 300), fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    out.seek(0)
    return out


def _values(template):
    return {name: getattr(template, name) for name in services.TEMPLATE_FIELDS}


def test_logo_is_validated_and_stored_under_a_server_name(results):
    contest = results["contest"]
    template = services.template_for(contest)
    with pytest.raises(DomainError, match="bukan gambar"):
        services.save_template(contest=contest, values=_values(template), logo=io.BytesIO(b"<svg>bukan png</svg>"))
    with pytest.raises(DomainError, match="2 MB"):
        services.save_template(contest=contest, values=_values(template), logo=io.BytesIO(b"x" * (2 * 1024 * 1024 + 1)))
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    gif.seek(0)
    with pytest.raises(DomainError, match="PNG, JPEG"):
        services.save_template(contest=contest, values=_values(template), logo=gif)
    db.session.rollback()
    template = services.template_for(contest)
    services.save_template(contest=contest, values=_values(template), logo=_png((2000, 1000), "JPEG"))
    db.session.commit()
    path = Path(template.logo_path)
    assert path.parts[:2] == ("certificates", "logos") and path.suffix == ".png"
    with Image.open(services.absolute(template.logo_path)) as stored:
        assert stored.format == "PNG" and max(stored.size) == services.LOGO_MAX_SIDE
    first = services.absolute(template.logo_path)
    services.save_template(contest=contest, values=_values(template), logo=_png())
    db.session.commit()
    assert not first.exists() and services.absolute(template.logo_path).is_file()
    services.save_template(contest=contest, values=_values(template), remove_logo=True)
    db.session.commit()
    assert db.session.get(CertificateTemplate, contest.id).logo_path is None


def test_rerender_keeps_codes_and_takes_the_new_template_and_names(results):
    contest = results["contest"]
    tasks.generate_certificates(contest.id, root=ROOT)
    before = {c.code for c in certs()}
    services.template_for(contest).place = "Balikpapan"
    results["users"]["budi"].full_name = "Budi Santoso, S.Kep."
    db.session.commit()
    assert services.mark_for_rerender(contest=contest) == 3
    db.session.commit()
    assert services.progress(contest)["generated"] == 0
    assert tasks.generate_certificates(contest.id, root=ROOT) == {"issued": 0, "rendered": 3}
    assert {c.code for c in certs()} == before
    budi = next(c for c in certs() if c.recipient_name.startswith("Budi"))
    text = pdf_text(services.absolute(budi.pdf_path).read_bytes())
    assert "Budi Santoso, S.Kep." in text and "Balikpapan" in text
