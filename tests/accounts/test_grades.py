"""The pure grade lists: PNS pangkat/golongan I/a–IV/e, PPPK golongan I–XVII."""
import pytest

from contest.accounts import grades


def test_pns_has_seventeen_pangkat_from_juru_muda_to_pembina_utama():
    codes = grades.codes_for("PNS")
    assert len(codes) == 17 and len(set(codes)) == 17
    assert codes[:4] == ("I/a", "I/b", "I/c", "I/d")
    assert codes[-5:] == ("IV/a", "IV/b", "IV/c", "IV/d", "IV/e")
    assert [grades.describe(c) for c in ("I/a", "II/c", "III/a", "III/d", "IV/c", "IV/e")] == [
        "Juru Muda (I/a)", "Pengatur (II/c)", "Penata Muda (III/a)", "Penata Tingkat I (III/d)",
        "Pembina Utama Muda (IV/c)", "Pembina Utama (IV/e)"]


def test_pppk_has_golongan_i_to_xvii_in_roman_numerals():
    assert grades.codes_for("PPPK") == (
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII")
    assert grades.describe("IX") == "IX"  # PPPK have no pangkat


def test_the_two_lists_never_overlap_and_each_code_knows_its_kind():
    pns, pppk = set(grades.codes_for("PNS")), set(grades.codes_for("PPPK"))
    assert not pns & pppk
    assert {grades.kind_of(c) for c in pns} == {"PNS"}
    assert {grades.kind_of(c) for c in pppk} == {"PPPK"}


@pytest.mark.parametrize("value", [None, "", "iii/a", "III-a", "III/f", "XVIII", "Penata / III-c"])
def test_anything_else_has_no_kind(value):
    assert grades.kind_of(value) is None


def test_free_text_stored_before_grades_were_a_choice_is_shown_as_it_is():
    assert grades.describe("Penata / III-c") == "Penata / III-c"
    assert grades.describe(None) == ""


def test_unknown_employment_type_is_an_error():
    with pytest.raises(ValueError):
        grades.codes_for("Honorer")
