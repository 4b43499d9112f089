"""Registration, login and logout through the browser's eyes (Flask test client)."""
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from contest.accounts.models import ASNProfile, User
from contest.core.extensions import db
from tests.conftest import csrf_token, login, post, text_of, unique_nip


def registration(**overrides):
    """A complete, valid registration form for a male PNS."""
    data = {
        "full_name": "Andi Pratama, S.Kom.",
        "nip": "19860926 201505 1 001",
        "employment_type": "PNS",
        "gender": "L",
        "position": "Pranata Komputer Ahli Muda",
        "rank": "III/c",
        "work_unit": "Bidang Aplikasi Informatika",
        "agency": "Dinas Komunikasi dan Informatika",
        "regency": "Kota Samarinda",
        "phone": "0812-3456-7801",
        "email": "Andi.Pratama@Example.go.id",
        "password": "rahasia-123",
        "password_confirm": "rahasia-123",
        "accept_terms": "y",
        "accept_data": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def user_count():
    return db.session.scalar(select(func.count(User.id)))


# --- registration -------------------------------------------------------------------------------

def test_register_page_renders_the_form(client):
    response = client.get("/register")
    assert response.status_code == 200
    page = text_of(response)
    for label in ("Formulir Pendaftaran", "NIP / NI PPPK", "Nomor WhatsApp", "Syarat dan Ketentuan"):
        assert label in page


def test_successful_registration_stores_derived_facts_and_logs_in(client):
    response = post(client, "/register", registration())
    assert response.status_code == 302
    assert response.location.endswith("/entries/")

    user = db.session.scalar(select(User))
    profile = user.profile
    assert user.email == "andi.pratama@example.go.id"
    assert user.role_names == {"entrant"}
    assert profile.nip == "198609262015051001"  # digits only
    assert (profile.employment_type, profile.gender) == ("PNS", "L")
    assert profile.birth_date == date(1986, 9, 26)
    assert profile.phone == "+6281234567801"
    assert profile.rank == "III/c"  # the canonical code; shown as "Penata (III/c)"
    assert profile.terms_accepted_at is not None and profile.data_consent_at is not None
    # Passwords are stored hashed, never as given.
    assert "rahasia-123" not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert user.check_password("rahasia-123")

    welcome = client.get("/entries/")
    assert welcome.status_code == 200
    assert "Pendaftaran berhasil" in text_of(welcome)


@pytest.mark.parametrize("raw", ["+6281234567801", "6281234567801", "081234567801", "0812 3456 7801"])
def test_phone_is_normalized_to_plus_62(client, raw):
    assert post(client, "/register", registration(phone=raw)).status_code == 302
    assert db.session.scalar(select(ASNProfile.phone)) == "+6281234567801"


@pytest.mark.parametrize("raw", ["021-5551234", "12345", "+1 202 555 0100"])
def test_invalid_phone_is_refused(client, raw):
    response = post(client, "/register", registration(phone=raw))
    assert response.status_code == 200
    assert "Nomor WhatsApp tidak valid" in text_of(response)
    assert user_count() == 0


@pytest.mark.parametrize(
    "missing,message",
    [
        ("accept_terms", "Anda harus menyetujui Syarat dan Ketentuan."),
        ("accept_data", "Anda harus menyetujui pemrosesan data pribadi."),
    ],
)
def test_consent_is_required(client, missing, message):
    response = post(client, "/register", registration(**{missing: None}))
    assert response.status_code == 200
    assert message in text_of(response)
    assert user_count() == 0


def test_invalid_nip_gets_the_specific_message(client):
    response = post(client, "/register", registration(nip="19860926201505100"))
    assert "NIP harus terdiri dari 18 angka" in text_of(response)
    response = post(client, "/register", registration(nip="198609262015131001"))
    assert "Bulan TMT CPNS pada NIP tidak valid" in text_of(response)
    assert user_count() == 0


def test_employment_type_must_match_the_number(client):
    pppk = unique_nip(kind="PPPK")
    response = post(client, "/register", registration(nip=pppk, employment_type="PNS", rank=""))
    assert response.status_code == 200
    assert "NIP menunjukkan Anda PPPK, tetapi Anda memilih PNS" in text_of(response)
    assert user_count() == 0


def test_gender_must_match_the_number(client):
    response = post(client, "/register", registration(nip="198012302010012005", gender="L"))
    assert response.status_code == 200
    assert "NIP menunjukkan jenis kelamin perempuan, tetapi Anda memilih laki-laki" in text_of(response)
    assert user_count() == 0


class _Options(HTMLParser):
    """The rank select's options as (optgroup label, value, data-kind, text)."""

    def __init__(self):
        super().__init__()
        self.options, self.group, self.inside, self.current = [], None, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("name") == "rank"
        elif self.inside and tag == "optgroup":
            self.group = attrs["label"]
        elif self.inside and tag == "option":
            self.current = [self.group, attrs["value"], attrs.get("data-kind"), ""]

    def handle_data(self, data):
        if self.current is not None:
            self.current[3] += data

    def handle_endtag(self, tag):
        if tag == "option" and self.current is not None:
            self.options.append(tuple(self.current))
            self.current = None
        elif tag == "optgroup":
            self.group = None
        elif tag == "select":
            self.inside = False


def test_register_page_offers_both_grade_groups_without_javascript(client):
    page = client.get("/register").get_data(as_text=True)
    parser = _Options()
    parser.feed(page)
    options = parser.options
    assert options[0] == (None, "", None, "— Tidak diisi —")
    pns = [o for o in options if o[0] == "PNS — pangkat/golongan"]
    pppk = [o for o in options if o[0] == "PPPK — golongan"]
    assert len(options) == 1 + len(pns) + len(pppk) and len(pns) == len(pppk) == 17
    assert pns[0] == ("PNS — pangkat/golongan", "I/a", "PNS", "Juru Muda (I/a)")
    assert ("PNS — pangkat/golongan", "III/a", "PNS", "Penata Muda (III/a)") in pns
    assert pns[-1] == ("PNS — pangkat/golongan", "IV/e", "PNS", "Pembina Utama (IV/e)")
    assert pppk[0] == ("PPPK — golongan", "I", "PPPK", "Golongan I")
    assert pppk[-1] == ("PPPK — golongan", "XVII", "PPPK", "Golongan XVII")
    assert '<script src="/static/js/register.js"></script>' in page  # a file, not inline (CSP)


def test_grade_mismatch_speaks_english_too(client):
    post(client, "/lang", {"lang": "en", "next": "/register"})
    response = post(client, "/register", registration(rank="IX"))
    html, page = response.get_data(as_text=True), text_of(response)
    assert "Rank/grade (optional)" in page and "Grade XVII" in html
    assert '<optgroup label="PPPK — grade">' in html
    assert ("Grade IX is a PPPK grade, but your number is a PNS NIP. Choose a PNS rank/grade "
            "(I/a–IV/e) or leave it empty.") in page


def test_pppk_registers_with_a_golongan(client):
    pppk = unique_nip(kind="PPPK", gender="P")
    response = post(client, "/register", registration(nip=pppk, employment_type="PPPK", gender="P",
                                                      rank="IX"))
    assert response.status_code == 302
    profile = db.session.scalar(select(ASNProfile))
    assert (profile.employment_type, profile.gender, profile.rank) == ("PPPK", "P", "IX")


@pytest.mark.parametrize("kind", ["PNS", "PPPK"])
def test_grade_is_optional(client, kind):
    nip = unique_nip(kind=kind)
    assert post(client, "/register", registration(nip=nip, employment_type=kind, rank="")).status_code == 302
    assert db.session.scalar(select(ASNProfile.rank)) is None


def test_pns_grade_with_a_pppk_number_is_refused(client):
    pppk = unique_nip(kind="PPPK")
    response = post(client, "/register", registration(nip=pppk, employment_type="PPPK", rank="III/a"))
    assert response.status_code == 200
    assert ("Penata Muda (III/a) adalah pangkat/golongan PNS, sedangkan nomor Anda NI PPPK. PPPK "
            "hanya memiliki golongan I–XVII: pilih dari kelompok PPPK atau kosongkan.") in text_of(response)
    assert user_count() == 0


def test_pppk_grade_with_a_pns_number_is_refused(client):
    response = post(client, "/register", registration(rank="IX"))  # the default NIP is a PNS one
    assert response.status_code == 200
    assert ("Golongan IX adalah golongan PPPK, sedangkan nomor Anda NIP PNS. Pilih pangkat/golongan "
            "PNS (I/a–IV/e) atau kosongkan.") in text_of(response)
    assert user_count() == 0


def test_grade_is_checked_against_the_number_not_the_ticked_type(client):
    """A PPPK number with 'PNS' ticked and a PNS grade: both mistakes are named."""
    pppk = unique_nip(kind="PPPK")
    page = text_of(post(client, "/register", registration(nip=pppk, employment_type="PNS", rank="II/b")))
    assert "NIP menunjukkan Anda PPPK, tetapi Anda memilih PNS" in page
    assert "Pengatur Muda Tingkat I (II/b) adalah pangkat/golongan PNS" in page
    assert user_count() == 0


@pytest.mark.parametrize("value", ["Penata / III-c", "III/f", "XVIII", "iii/a"])
def test_a_grade_outside_the_list_is_refused(client, value):
    response = post(client, "/register", registration(rank=value))
    assert response.status_code == 200
    assert "Pilihan tidak valid." in text_of(response)
    assert user_count() == 0


@pytest.mark.parametrize("field,value", [("employment_type", "ASN"), ("gender", "X")])
def test_tampered_choices_are_form_errors_not_500(client, field, value):
    response = post(client, "/register", registration(**{field: value}))
    assert response.status_code == 200
    assert "Pilihan tidak valid." in text_of(response)
    assert user_count() == 0


def test_missing_fields_get_indonesian_messages(client):
    response = post(client, "/register", registration(full_name="", position="   "))
    page = text_of(response)
    assert page.count("Wajib diisi.") >= 2
    assert "This field is required" not in page
    assert "Periksa kembali isian yang ditandai merah." in page


def test_password_rules(client):
    short = post(client, "/register", registration(password="pendek", password_confirm="pendek"))
    assert "Kata sandi minimal 8 karakter." in text_of(short)
    different = post(client, "/register", registration(password_confirm="lain-lain-123"))
    assert "Kata sandi tidak sama." in text_of(different)
    assert user_count() == 0


def test_second_account_for_the_same_nip_gets_a_clear_message(client, make_entrant):
    make_entrant(nip="198609262015051001")
    # The same number typed with separators is still the same NIP.
    response = post(client, "/register", registration(nip="19860926.201505.1.001", email="lain@example.go.id"))
    assert response.status_code == 200
    assert "NIP ini sudah terdaftar. Satu NIP hanya untuk satu akun." in text_of(response)
    assert user_count() == 1


def test_second_account_for_the_same_email_gets_a_clear_message(client, make_entrant):
    make_entrant(email="andi.pratama@example.go.id")
    response = post(client, "/register", registration(email="  ANDI.PRATAMA@example.go.id "))
    assert response.status_code == 200
    assert "Email ini sudah terdaftar" in text_of(response)
    assert user_count() == 1


def test_staff_email_cannot_be_reused_by_an_entrant(client, make_staff):
    make_staff("judge", email="juri@example.go.id")
    response = post(client, "/register", registration(email="juri@example.go.id"))
    assert "Email ini sudah terdaftar" in text_of(response)


def test_logged_in_user_is_sent_away_from_register(client, make_entrant):
    login(client, make_entrant())
    response = client.get("/register")
    assert response.status_code == 302 and response.location.endswith("/entries/")


def test_registration_in_english(client):
    post(client, "/lang", {"lang": "en", "next": "/register"})
    response = post(client, "/register", registration(full_name=""))
    assert 'lang="en"' in response.get_data(as_text=True)
    assert "This field is required." in text_of(response)


# --- login / logout -----------------------------------------------------------------------------

def test_login_page_renders(client):
    page = text_of(client.get("/login"))
    assert "Masuk" in page and "Lupa Kata Sandi?" in page


@pytest.mark.parametrize("role,home", [("admin", "/admin/console/"), ("entrant", "/entries/")])
def test_login_lands_on_the_role_home(client, make_entrant, make_staff, role, home):
    user = make_entrant() if role == "entrant" else make_staff(role)
    response = login(client, user)
    assert response.location.endswith(home)
    assert client.get(home, follow_redirects=True).status_code == 200  # the console opens the current edition
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None


def test_judge_login_does_not_land_on_a_forbidden_page(client, make_staff):
    response = login(client, make_staff("judge"))
    assert client.get(response.location).status_code == 200


def test_login_ignores_case_and_spaces_in_email(client, make_entrant):
    user = make_entrant(email="siti@example.go.id")
    response = post(client, "/login", {"email": "  SITI@Example.go.id ", "password": "rahasia-123"})
    assert response.status_code == 302
    assert client.get("/entries/").status_code == 200
    assert user.email == "siti@example.go.id"


@pytest.mark.parametrize("email,password", [
    ("peserta@example.go.id", "salah-sandi"),
    ("tidak-ada@example.go.id", "rahasia-123"),
])
def test_wrong_credentials_get_one_message(client, make_entrant, email, password):
    make_entrant(email="peserta@example.go.id")
    response = post(client, "/login", {"email": email, "password": password})
    assert response.status_code == 200
    assert "Email atau kata sandi salah." in text_of(response)
    assert client.get("/entries/").status_code == 302


def test_deactivated_account_cannot_log_in(client, make_entrant):
    user = make_entrant()
    user.active = False
    db.session.commit()
    response = post(client, "/login", {"email": user.email, "password": "rahasia-123"})
    assert "Email atau kata sandi salah." in text_of(response)


def test_login_follows_a_safe_next(client, make_entrant):
    user = make_entrant()
    response = post(client, "/login?next=/terms", {"email": user.email, "password": "rahasia-123"})
    assert response.location.endswith("/terms")


@pytest.mark.parametrize("target", [
    "//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/\t/evil.example",
])
def test_login_ignores_an_unsafe_next(client, make_entrant, target):
    user = make_entrant()
    response = client.post(
        "/login", query_string={"next": target},
        data={"email": user.email, "password": "rahasia-123", "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    assert response.location.endswith("/entries/")


def test_protected_page_sends_anonymous_to_login_with_a_message(client):
    response = client.get("/entries/")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    assert "Silakan masuk untuk membuka halaman ini." in text_of(client.get(response.location))


def test_remember_me_sets_a_long_lived_cookie(client, make_entrant):
    user = make_entrant()
    post(client, "/login", {"email": user.email, "password": "rahasia-123", "remember": "y"})
    assert client.get_cookie("remember_token") is not None


def test_logout_ends_the_session(client, make_entrant):
    login(client, make_entrant())
    response = post(client, "/logout")
    assert response.status_code == 302
    assert "Anda telah keluar." in text_of(client.get("/"))
    assert client.get("/entries/").status_code == 302


def test_eleventh_login_attempt_in_a_minute_is_rate_limited(client, make_entrant):
    user = make_entrant()
    for _ in range(10):
        response = post(client, "/login", {"email": user.email, "password": "salah-sandi"})
        assert response.status_code == 200
    response = post(client, "/login", {"email": user.email, "password": "rahasia-123"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in text_of(response)
    assert client.get("/entries/").status_code == 302  # even the right password was not used
    assert client.get("/login").status_code == 200  # reading the page is not limited


def test_registration_derives_employment_type_and_gender_from_the_number(client):
    page = client.get("/register").get_data(as_text=True)  # the page no longer asks for them
    assert 'name="employment_type"' not in page and 'name="gender"' not in page and "Dari NIP:" in page
    form = registration(nip="199009132025242014", rank="", employment_type=None, gender=None)
    assert post(client, "/register", form).status_code == 302
    assert db.session.scalar(select(ASNProfile.employment_type + ASNProfile.gender)) == "PPPKP"
