"""Account services without HTTP: duplicates, staff accounts, authentication, reset tokens."""
import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from contest.accounts.models import User
from contest.accounts.nip import parse_nip
from contest.accounts.services import (
    authenticate,
    create_staff,
    find_user_by_email,
    make_reset_token,
    register_entrant,
    reset_password,
    user_for_reset_token,
)
from contest.core.errors import DomainError
from contest.core.extensions import db
from tests.conftest import unique_nip


def register(**overrides):
    values = dict(
        full_name="  Budi Santoso, A.Md. ", email="Budi@Example.go.id", password="rahasia-123",
        parsed_nip=parse_nip(overrides.pop("nip", unique_nip())), position=" Pengelola ",
        rank="", work_unit="UPTD", agency="Dinas Kesehatan", regency="Kabupaten Kutai Timur",
        phone="+6281234567803",
    )
    values.update(overrides)
    return register_entrant(**values)


def test_register_entrant_normalizes_and_derives():
    user = register(nip="200012312024211001")
    assert user.email == "budi@example.go.id"
    assert user.full_name == "Budi Santoso, A.Md."
    assert user.profile.position == "Pengelola"
    assert user.profile.rank is None
    assert (user.profile.employment_type, user.profile.gender) == ("PPPK", "L")
    assert user.has_role("entrant") and not user.has_role("admin", "judge")


def test_one_account_per_nip_and_per_email():
    register(nip="198609262015051001", email="satu@example.go.id")
    with pytest.raises(DomainError) as nip_error:
        register(nip="198609262015051001", email="dua@example.go.id")
    assert nip_error.value.field == "nip"
    with pytest.raises(DomainError) as email_error:
        register(email="SATU@example.go.id")
    assert email_error.value.field == "email"
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_register_entrant_stores_the_grade_code_that_fits_the_number():
    assert register(nip=unique_nip(kind="PPPK"), rank="XVII").profile.rank == "XVII"
    assert register(nip=unique_nip(), email="pns@example.go.id", rank=" III/a ").profile.rank == "III/a"


@pytest.mark.parametrize("kind, rank, says", [
    ("PPPK", "IV/a", "Pembina (IV/a) adalah pangkat/golongan PNS, sedangkan nomor Anda NI PPPK."),
    ("PNS", "V", "Golongan V adalah golongan PPPK, sedangkan nomor Anda NIP PNS."),
    ("PNS", "Penata / III-c", "Pilih pangkat/golongan dari daftar."),
])
def test_register_entrant_refuses_a_grade_that_does_not_fit(kind, rank, says):
    with pytest.raises(DomainError) as error:
        register(nip=unique_nip(kind=kind), rank=rank)
    assert error.value.field == "rank" and str(error.value.message).startswith(says)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_create_staff_creates_or_promotes():
    judge = create_staff(email="Juri@Example.go.id", password="rahasia-123", full_name="Juri", roles=["judge"])
    assert judge.email == "juri@example.go.id" and judge.role_names == {"judge"}
    same = create_staff(email="juri@example.go.id", password="baru-12345", full_name="Juri", roles=["admin"])
    assert same.id == judge.id and same.role_names == {"judge", "admin"}
    assert same.check_password("baru-12345")


def test_unknown_role_is_a_programming_error():
    with pytest.raises(ValueError):
        create_staff(email="x@example.go.id", password="rahasia-123", full_name="X", roles=["superuser"])


def test_authenticate():
    user = register(email="masuk@example.go.id")
    assert authenticate(email=" MASUK@example.go.id", password="rahasia-123") is user
    assert user.last_login_at is not None
    assert authenticate(email="masuk@example.go.id", password="salah") is None
    assert authenticate(email="siapa@example.go.id", password="rahasia-123") is None
    user.active = False
    assert authenticate(email="masuk@example.go.id", password="rahasia-123") is None


def test_find_user_by_email_is_case_insensitive():
    user = register(email="cari@example.go.id")
    assert find_user_by_email("  CARI@EXAMPLE.GO.ID ") is user
    assert find_user_by_email("") is None


def test_reset_token_is_single_use():
    user = register()
    token = make_reset_token(user)
    assert user_for_reset_token(token) is user
    reset_password(token=token, password="sandi-baru-456")
    assert user.check_password("sandi-baru-456")
    with pytest.raises(DomainError, match="sudah dipakai"):
        user_for_reset_token(token)


def test_reset_token_from_another_secret_is_invalid(app):
    user = register()
    forged = URLSafeTimedSerializer("not-the-secret", salt="password-reset").dumps({"uid": user.id, "pw": "x"})
    with pytest.raises(DomainError, match="tidak valid"):
        user_for_reset_token(forged)
