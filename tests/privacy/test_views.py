"""Data Saya for the entrant, corrections validated like registration, the notice and its version."""
from sqlalchemy import select

from contest.core.extensions import db
from contest.records import consents
from contest.records.models import ConsentRecord, PersonalDataAccessLog
from tests.conftest import login, post, text_of


def test_data_saya_shows_profile_consents_and_empty_states(client, make_entrant):
    user = make_entrant(full_name="Rina Marlina, S.Kom.")
    login(client, user)
    page = text_of(client.get("/profil/data-saya"))
    assert "Rina Marlina, S.Kom." in page and user.profile.nip in page and user.email in page
    assert f"versi pemberitahuan {consents.NOTICE_VERSION}" in page
    assert "Tidak ada suara yang terkait dengan email Anda" in page
    assert "Anda belum membuat karya" in page


def test_data_saya_is_for_the_logged_in_entrant_only(client, make_staff):
    assert client.get("/profil/data-saya").status_code == 302
    login(client, make_staff("judge"))
    assert client.get("/profil/data-saya").status_code == 403


def test_a_newer_notice_asks_to_accept_again(client, make_entrant, monkeypatch):
    user = make_entrant()
    monkeypatch.setattr(consents, "NOTICE_VERSION", "2099-01")
    login(client, user)
    assert "sudah diperbarui (versi 2099-01)" in text_of(client.get("/profil/data-saya"))
    post(client, "/profil/data-saya/pemberitahuan")
    assert db.session.scalar(select(ConsentRecord).where(ConsentRecord.notice_version == "2099-01")).kind == "notice"
    assert "sudah diperbarui" not in text_of(client.get("/profil/data-saya"))


def _form(user, **changes):
    p = user.profile
    return {"full_name": user.full_name, "position": p.position, "rank": p.rank or "", "work_unit": p.work_unit,
            "agency": p.agency, "regency": p.regency, "phone": "081234567890", "email": user.email, **changes}


def test_correction_changes_fields_but_never_the_nip(client, make_entrant):
    user = make_entrant()
    nip = user.profile.nip
    login(client, user)
    response = post(client, "/profil/data-saya/koreksi",
                    {**_form(user, agency="Dinas Sosial", email="Baru@Example.go.id"), "nip": "199001012015031001"})
    assert response.status_code == 302
    db.session.expire_all()
    assert user.profile.agency == "Dinas Sosial" and user.email == "baru@example.go.id"
    assert user.profile.nip == nip
    log = db.session.scalar(select(PersonalDataAccessLog).where(PersonalDataAccessLog.action == "profile.correct"))
    assert "agency" in log.detail and "email" in log.detail


def test_correction_is_validated_like_registration(client, make_entrant):
    user, other = make_entrant(), make_entrant()
    login(client, user)
    page = text_of(post(client, "/profil/data-saya/koreksi", _form(user, phone="12")))
    assert "Nomor WhatsApp tidak valid" in page
    page = text_of(post(client, "/profil/data-saya/koreksi", _form(user, email=other.email)))
    assert "sudah terdaftar pada akun lain" in page
    page = text_of(post(client, "/profil/data-saya/koreksi", _form(user, rank="IX")))  # PPPK grade, PNS NIP
    assert "Golongan IX adalah golongan PPPK" in page
    db.session.expire_all()
    assert user.profile.phone == "+6281234500000" and user.profile.rank is None


def test_notice_is_public_and_states_retention_and_version(client):
    page = text_of(client.get("/privasi"))
    assert consents.NOTICE_VERSION in page and "365 hari" in page and "NIP" in page
