"""The committee's edition editor: create, edit, copy, make current — and what it refuses."""
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from contest.contests.models import Contest
from contest.contests.services import get_contest_by_slug
from contest.core.extensions import db
from tests.conftest import login, post, text_of


@pytest.fixture
def admin(client, make_staff):
    user = make_staff("admin")
    login(client, user)
    return user


def contest_form(**overrides):
    data = {
        "title": "Sayembara Video Netralitas ASN 2025",
        "slug": "netralitas-2025",
        "theme": "ASN Netral, Pemilu Damai",
        "description": "**Ayo** ikut!",
        "rules": "1. Satu karya per peserta.",
        "timezone": "Asia/Makassar",
        "code_prefix": "NTR-2025",
        "registration_opens_at": "2025-01-06T08:00",
        "submissions_close_at": "2025-01-29T23:59",
        "judging_opens_at": "2025-02-01T08:00",
        "judging_closes_at": "2025-02-07T23:59",
        "voting_opens_at": "",
        "voting_closes_at": "",
        "announcement_at": "2025-02-14T10:00",
        "min_duration_s": "60",
        "max_duration_s": "180",
        "min_short_side_px": "720",
        "orientations": ["landscape", "portrait"],
        "max_size_mb": "500",
        "audio_required": "y",
        "max_entries_per_entrant": "1",
        "prizes-0-name": "Juara I",
        "prizes-0-amount_rp": "7500000",
        "prizes-0-description": "Uang pembinaan",
        "prizes-1-name": "Video Terfavorit",
        "prizes-1-amount_rp": "",
        "prizes-1-description": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def contest_count():
    return db.session.scalar(select(func.count(Contest.id)))


def test_empty_state(client, admin):
    page = text_of(client.get("/admin/contests"))
    assert "Belum ada edisi sayembara" in page and "Buat edisi" in page


def test_create_reads_times_in_the_contests_zone(client, admin):
    assert client.get("/admin/contests/new").status_code == 200
    response = post(client, "/admin/contests/new", contest_form())
    contest = get_contest_by_slug("netralitas-2025")
    assert response.status_code == 302 and response.location.endswith(f"/admin/console/{contest.id}")
    assert contest.submissions_close_at == datetime(2025, 1, 29, 15, 59, tzinfo=UTC)
    assert contest.voting_opens_at is None and contest.voting_closes_at is None
    assert contest.orientations == "landscape,portrait" and contest.audio_required is True
    assert [(p.name, p.amount_rp) for p in contest.prizes] == [("Juara I", 7_500_000), ("Video Terfavorit", 0)]
    assert contest.is_current  # the first edition is shown on the home page
    listing = text_of(client.get("/admin/contests"))
    assert "Rabu, 29 Januari 2025 pukul 23.59 WITA" in listing and "Aktif" in listing


def test_create_in_wib(client, admin):
    post(client, "/admin/contests/new", contest_form(timezone="Asia/Jakarta"))
    contest = get_contest_by_slug("netralitas-2025")
    assert contest.submissions_close_at == datetime(2025, 1, 29, 16, 59, tzinfo=UTC)
    assert "Rabu, 29 Januari 2025 pukul 23.59 WIB" in text_of(client.get("/admin/contests"))


@pytest.mark.parametrize("overrides,message", [
    ({"submissions_close_at": "2025-01-06T08:00"}, "Harus setelah “Pendaftaran & pengumpulan dibuka”."),
    ({"judging_opens_at": "2025-01-29T20:00"}, "Harus setelah “Batas akhir pengumpulan karya”."),
    ({"announcement_at": "2025-02-07T10:00"}, "Harus setelah “Penjurian selesai”."),
    ({"voting_opens_at": "2025-02-01T08:00"}, "Isi tanggal buka dan tutup pemilihan, atau kosongkan keduanya."),
    ({"judging_closes_at": ""}, "Tanggal wajib diisi."),
    ({"judging_closes_at": "besok"}, "Tanggal dan jam tidak valid."),
    ({"max_duration_s": "60"}, "Durasi maksimal harus lebih besar dari durasi minimal."),
    ({"min_short_side_px": "100"}, "Angka harus antara 144 dan 4320."),
    ({"max_size_mb": "banyak"}, "Harus berupa bilangan bulat."),
    ({"orientations": []}, "Pilih minimal satu orientasi."),
    ({"prizes-1-name": "", "prizes-1-amount_rp": "500000"}, "Isi nama hadiah, atau kosongkan seluruh baris."),
    ({"prizes-0-amount_rp": "-5"}, "Nilai hadiah tidak valid."),
    ({"slug": "Pilkada 2025"}, "Gunakan huruf kecil, angka dan tanda hubung."),
    ({"code_prefix": "ntr 2025"}, "Huruf kapital, angka dan tanda hubung."),
    ({"title": ""}, "Wajib diisi."),
])
def test_create_refuses_bad_input_with_a_clear_message(client, admin, overrides, message):
    response = post(client, "/admin/contests/new", contest_form(**overrides))
    assert response.status_code == 200
    page = text_of(response)
    assert message in page
    assert "Periksa kembali isian yang ditandai merah." in page
    assert contest_count() == 0


def test_slug_must_be_unique(client, admin, make_contest):
    make_contest(slug="netralitas-2025")
    response = post(client, "/admin/contests/new", contest_form())
    assert "Slug ini sudah dipakai edisi lain." in text_of(response)
    assert contest_count() == 1


def test_edit_shows_local_times_and_saves_changes(client, admin):
    post(client, "/admin/contests/new", contest_form())
    contest = get_contest_by_slug("netralitas-2025")
    page = client.get(f"/admin/contests/{contest.id}/edit").get_data(as_text=True)
    assert 'name="submissions_close_at-date" value="29-01-2025"' in page
    assert 'name="submissions_close_at-time" value="23.59"' in page
    assert 'value="Juara I"' in page

    changed = contest_form(title="Judul Baru", orientations=["portrait"], audio_required=None,
                           submissions_close_at="2025-01-30T23:59")
    first = post(client, f"/admin/contests/{contest.id}/edit", changed)  # a moved deadline is confirmed first
    assert first.status_code == 200 and "Periksa perubahan jadwal" in text_of(first)
    response = post(client, f"/admin/contests/{contest.id}/edit", {**changed, "timeline_confirmed": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    contest = db.session.get(Contest, contest.id)
    assert contest.title == "Judul Baru" and contest.orientations == "portrait"
    assert contest.audio_required is False
    assert contest.submissions_close_at == datetime(2025, 1, 30, 15, 59, tzinfo=UTC)


def test_edit_keeps_its_own_slug_but_not_anothers(client, admin, make_contest):
    other = make_contest(slug="lain")
    post(client, "/admin/contests/new", contest_form())
    contest = get_contest_by_slug("netralitas-2025")
    assert post(client, f"/admin/contests/{contest.id}/edit", contest_form()).status_code == 302
    response = post(client, f"/admin/contests/{contest.id}/edit", contest_form(slug=other.slug))
    assert "Slug ini sudah dipakai edisi lain." in text_of(response)


def test_edit_page_of_an_edition_with_the_most_prizes(client, admin, make_contest):
    contest = make_contest(prizes=[(f"Hadiah {n}", n * 1000, "") for n in range(1, 13)])
    response = client.get(f"/admin/contests/{contest.id}/edit")
    assert response.status_code == 200
    assert 'value="Hadiah 12"' in response.get_data(as_text=True)


def test_unknown_edition_is_404(client, admin):
    assert client.get("/admin/contests/999/edit").status_code == 404
    assert post(client, "/admin/contests/999/copy").status_code == 404


def test_copy_makes_an_editable_non_current_edition(client, admin, make_contest):
    original = make_contest(slug="pilkada-2024", title="Pilkada 2024")
    response = post(client, f"/admin/contests/{original.id}/copy")
    copy = get_contest_by_slug("pilkada-2024-salinan")
    assert response.status_code == 302 and response.location.endswith(f"/admin/contests/{copy.id}/edit")
    assert copy.title == "Pilkada 2024 (salinan)" and not copy.is_current
    assert [p.name for p in copy.prizes] == [p.name for p in original.prizes]
    assert "Edisi disalin" in text_of(client.get(response.location))
    post(client, f"/admin/contests/{original.id}/copy")
    assert get_contest_by_slug("pilkada-2024-salinan-2") is not None


def test_copy_of_a_long_title_still_fits(client, admin, make_contest):
    original = make_contest(title="J" * 200)
    post(client, f"/admin/contests/{original.id}/copy")
    copy = get_contest_by_slug(f"{original.slug}-salinan")
    assert len(copy.title) <= 200


def test_make_current(client, admin, make_contest):
    first = make_contest()
    second = make_contest(current=False, title="Edisi Kedua")
    listing = text_of(client.get("/admin/contests"))
    assert "Jadikan aktif" in listing
    response = post(client, f"/admin/contests/{second.id}/make-current")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contest, second.id).is_current
    assert not db.session.get(Contest, first.id).is_current
    assert "Edisi Kedua" in text_of(client.get("/"))


def test_destructive_looking_actions_ask_first(client, admin, make_contest):
    make_contest()
    make_contest(current=False)
    assert "data-confirm=" in client.get("/admin/contests").get_data(as_text=True)


def test_resolution_and_frame_rate_ceilings_are_edition_settings(client, admin):
    page = client.get("/admin/contests/new").get_data(as_text=True)
    assert 'name="max_long_side_px"' in page and 'value="4096"' in page
    assert 'name="max_frame_rate"' in page and 'value="60"' in page
    post(client, "/admin/contests/new", contest_form())  # a form without them keeps the defaults
    contest = get_contest_by_slug("netralitas-2025")
    assert (contest.max_long_side_px, contest.max_frame_rate) == (4096, 60)
    response = post(client, f"/admin/contests/{contest.id}/edit",
                    contest_form(max_long_side_px="1920", max_frame_rate="30"))
    assert response.status_code == 302
    db.session.refresh(contest)
    assert (contest.max_long_side_px, contest.max_frame_rate) == (1920, 30)
    refused = post(client, f"/admin/contests/{contest.id}/edit", contest_form(max_long_side_px="640"))
    assert "Sisi terpanjang maksimal tidak boleh lebih kecil dari sisi terpendek minimal." in text_of(refused)
    refused = post(client, f"/admin/contests/{contest.id}/edit", contest_form(max_frame_rate="1000"))
    assert refused.status_code == 200 and contest.max_frame_rate == 30
def split(form, **times):
    """The form as the browser posts it: each time as a day-month-year date and a 24-hour time."""
    data = dict(form)
    for key, (date_text, time_text) in times.items():
        data.pop(key, None)
        data[f"{key}-date"], data[f"{key}-time"] = date_text, time_text
    return data


def test_dates_are_typed_day_month_year_and_24_hour_in_wita(client, admin):
    page = client.get("/admin/contests/new").get_data(as_text=True)
    assert 'type="datetime-local"' not in page  # its display follows the browser's locale (mm/dd/yyyy)
    assert 'name="submissions_close_at-date"' in page and 'placeholder="hh-bb-tttt"' in page
    assert 'name="submissions_close_at-time"' in page and 'placeholder="jj.mm"' in page
    assert '<span class="input-group-text">WITA</span>' in page
    form = split(contest_form(), registration_opens_at=("06-01-2025", "08.00"),
                 submissions_close_at=("29-01-2025", "23.59"), judging_opens_at=("1-2-2025", "08:00"),
                 judging_closes_at=("07/02/2025", "23.59"), announcement_at=("14-02-2025", "10.00"),
                 voting_opens_at=("", ""), voting_closes_at=("", ""))
    response = post(client, "/admin/contests/new", form)
    contest = get_contest_by_slug("netralitas-2025")
    assert response.status_code == 302, text_of(response)
    assert contest.submissions_close_at == datetime(2025, 1, 29, 15, 59, tzinfo=UTC)
    assert contest.judging_opens_at == datetime(2025, 2, 1, 0, 0, tzinfo=UTC)
    assert contest.voting_opens_at is None


def test_a_mistyped_date_keeps_what_was_typed_and_says_how_to_write_it(client, admin):
    form = split(contest_form(), submissions_close_at=("2025-29-01", "11.59 PM"))
    page = post(client, "/admin/contests/new", form).get_data(as_text=True)
    assert "Tulis tanggal sebagai hari-bulan-tahun (27-11-2024) dan jam 24 jam (23.59)." in page
    assert 'value="2025-29-01"' in page and 'value="11.59 PM"' in page
    assert contest_count() == 0


def input_tag(page, name, value=None):
    """The <input> tag named `name` (and with `value`, for checkbox groups)."""
    tags = re.findall(r"<input[^>]*>", page)
    return next(t for t in tags if f'name="{name}"' in t and (value is None or f'value="{value}"' in t))


def test_new_edition_form_starts_from_the_usual_video_rules(client, admin):
    page = client.get("/admin/contests/new").get_data(as_text=True)
    for name, value in (("min_duration_s", "60"), ("max_duration_s", "180"), ("min_short_side_px", "720"),
                        ("max_size_mb", "500"), ("max_entries_per_entrant", "1")):
        assert f'value="{value}"' in input_tag(page, name), name
    assert "checked" in input_tag(page, "audio_required")
    assert "checked" in input_tag(page, "orientations", "landscape")
    assert "checked" in input_tag(page, "orientations", "portrait")
    assert "checked" not in input_tag(page, "orientations", "square")
    assert "Lazimnya 180 detik" in page


def test_saving_a_new_edition_lands_on_its_dashboard_with_the_make_current_step(client, admin, make_contest):
    make_contest(slug="lama")  # an older edition is current: the new one stays hidden until made current
    response = post(client, "/admin/contests/new", contest_form(), follow_redirects=True)
    contest = get_contest_by_slug("netralitas-2025")
    page = text_of(response)
    assert response.request.path == f"/admin/console/{contest.id}"
    assert "Edisi sayembara dibuat." in page and "Tampilkan di beranda (jadikan aktif)" in page
    assert "belum tampil di beranda" in page and not contest.is_current
    shown = post(client, f"/admin/contests/{contest.id}/make-current", {"next": "dashboard"},
                 follow_redirects=True)
    assert shown.request.path == f"/admin/console/{contest.id}"
    db.session.expire_all()
    assert db.session.get(Contest, contest.id).is_current
    assert "Jadikan edisi aktif" not in text_of(shown)
