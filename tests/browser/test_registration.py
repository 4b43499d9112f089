"""Registration's grade select in Chromium: with JavaScript it follows the NIP; without, it still works."""
import pytest
from sqlalchemy import select

from contest.accounts.models import ASNProfile
from contest.core.extensions import db
from tests.browser.conftest import PHONE
from tests.conftest import unique_nip

pytestmark = pytest.mark.browser

GROUPS = """() => Array.from(document.querySelectorAll('#rank optgroup'))
                  .map(g => [g.label, g.hidden, g.disabled])"""


def test_the_grade_list_follows_the_number_typed(live_server, phone):
    phone.goto(live_server + "/register")
    assert phone.evaluate(GROUPS) == [["PNS — pangkat/golongan", False, False],
                                      ["PPPK — golongan", False, False]]
    phone.fill("#nip", unique_nip(kind="PPPK"))
    assert phone.evaluate(GROUPS) == [["PNS — pangkat/golongan", True, True],
                                      ["PPPK — golongan", False, False]]
    phone.select_option("#rank", "IX")
    phone.fill("#nip", "19860926 201505 1 001")  # a PNS number, typed with spaces
    assert phone.evaluate(GROUPS) == [["PNS — pangkat/golongan", False, False],
                                      ["PPPK — golongan", True, True]]
    assert phone.input_value("#rank") == ""  # the PPPK golongan no longer fits: dropped


def test_the_number_typed_says_employment_type_gender_and_birth_date(live_server, phone):
    phone.goto(live_server + "/register")
    assert phone.locator("input[name=employment_type], input[name=gender]").count() == 0  # not asked
    derived = "#nip-derived [data-role=derived]"
    assert "setelah 18 angka diketik" in phone.inner_text(derived)
    phone.fill("#nip", "199009132025242014")
    assert phone.inner_text(derived) == "PPPK · Perempuan · lahir 13-09-1990"
    phone.fill("#nip", "19860926 201505 1 001")
    assert phone.inner_text(derived) == "PNS · Laki-laki · lahir 26-09-1986"


def test_a_pppk_entrant_registers_with_a_golongan_without_javascript(live_server, browser, make_contest):
    make_contest()
    context = browser.new_context(**PHONE, java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(live_server + "/register")
        page.fill("#full_name", "Rina Lestari, S.Pd.")
        page.fill("#nip", unique_nip(kind="PPPK", gender="P"))  # type and gender come from the number
        page.fill("#position", "Guru Ahli Pertama")
        page.select_option("#rank", "III/a")  # a PNS grade: the server says why not
        for name, value in (("work_unit", "SMA Negeri 1"), ("agency", "Dinas Pendidikan"),
                            ("phone", "081234567890"), ("email", "rina@example.go.id"),
                            ("password", "rahasia-123"), ("password_confirm", "rahasia-123")):
            page.fill(f"#{name}", value)
        page.select_option("#regency", "Kota Samarinda")
        page.check("#accept_terms")
        page.check("#accept_data")
        page.click("button.btn-primary.btn-lg")
        assert "adalah pangkat/golongan PNS, sedangkan nomor Anda NI PPPK" in page.inner_text("body")
        page.select_option("#rank", "IX")
        for name in ("password", "password_confirm"):
            page.fill(f"#{name}", "rahasia-123")
        page.click("button.btn-primary.btn-lg")
        assert page.url.endswith("/entries/")
    finally:
        context.close()
    db.session.expire_all()
    assert db.session.scalar(select(ASNProfile.rank)) == "IX"
