"""Committee pages: rounds and rubric, administrative check (entrant sees it), judge invitations."""
import email
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.judging.checks.eligibility import eligible_entries
from contest.judging.checks.models import AdminCheck
from contest.judging.rounds.models import AuditEvent, JudgingRound
from contest.notifications.sending import send_due
from tests.conftest import login, post, text_of, unique_nip


@pytest.fixture
def admin_client(client, make_staff):
    login(client, make_staff("admin"))
    return client


def test_default_rounds_use_the_kutim_rubric(admin_client, make_contest):
    contest = make_contest()
    page = text_of(admin_client.get("/admin/judging/", follow_redirects=True))
    assert "Belum ada babak penjurian" in page
    assert "Kutai Timur" not in page and "Kutim" not in page  # a provincial edition, not a regency's
    done = post(admin_client, f"/admin/judging/contests/{contest.id}/default-rounds", follow_redirects=True)
    assert "Kutim" not in text_of(done)
    rounds = db.session.scalars(select(JudgingRound).order_by(JudgingRound.position)).all()
    assert [r.kind for r in rounds] == ["admin_check", "scoring"]
    assert [(c.name, c.weight, c.scale_min, c.scale_max) for c in rounds[1].criteria] == [
        ("Kesesuaian tema", 30, 1, 100), ("Kreativitas & orisinalitas", 25, 1, 100),
        ("Isi & dampak pesan", 25, 1, 100), ("Teknik videografi", 20, 1, 100)]
    overview = text_of(admin_client.get(f"/admin/judging/contests/{contest.id}"))
    assert "Verifikasi Administrasi" in overview and "Penilaian Dewan Juri" in overview


def rubric_form(rows):
    data = {}
    for i, (name, weight, lo, hi, counted, levels) in enumerate(rows):
        data.update({f"criteria-{i}-name": name, f"criteria-{i}-weight": weight, f"criteria-{i}-scale_min": lo,
                     f"criteria-{i}-scale_max": hi, f"criteria-{i}-levels": levels,
                     f"criteria-{i}-description": ""})
        if counted:
            data[f"criteria-{i}-counted"] = "y"
    return data


def test_round_and_rubric_editor(admin_client, make_contest):
    contest = make_contest()
    response = post(admin_client, f"/admin/judging/contests/{contest.id}/rounds/new",
                    {"name": "Penilaian Tahap 1", "kind": "scoring", "assignment_mode": "balanced",
                     "judges_per_entry": "3", "max_per_judge": "20", "source_round_id": "0"})
    assert response.status_code == 302
    rnd = db.session.scalar(select(JudgingRound))
    assert (rnd.assignment_mode, rnd.judges_per_entry, rnd.max_per_judge) == ("balanced", 3, 20)
    url = f"/admin/judging/rounds/{rnd.id}/rubric"
    assert admin_client.get(url).status_code == 200
    bad = post(admin_client, url, rubric_form([("Tema", "40", "1", "10", True, ""),
                                               ("Kreativitas", "30", "1", "10", True, "")]), follow_redirects=True)
    assert "harus 100%" in text_of(bad) and "sekarang 70%" in text_of(bad)
    bad_levels = post(admin_client, url, rubric_form([("Tema", "100", "1", "10", True, "tinggi sekali")]),
                      follow_redirects=True)
    assert "baris tingkat 1" in text_of(bad_levels)
    good = post(admin_client, url, rubric_form([
        ("Tema", "40", "1", "10", True, "1-5 | Kurang\n6-10 | Baik | Jelas dan kuat"),
        ("Kreativitas", "30", "1", "10", True, ""), ("Teknis", "20", "1", "10", True, ""),
        ("Kepatuhan", "10", "1", "10", True, ""), ("Catatan", "0", "0", "10", False, ""),
        ("", "", "", "", False, "")]))
    assert good.status_code == 302
    db.session.expire_all()
    assert [c.name for c in rnd.criteria] == ["Tema", "Kreativitas", "Teknis", "Kepatuhan", "Catatan"]
    assert rnd.criteria[0].levels[1] == {"min": 6, "max": 10, "label": "Baik", "description": "Jelas dan kuat"}
    assert rnd.criteria[4].counted is False
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "rubric.save")) is not None


def test_admin_check_shows_the_committee_each_entrants_status_and_grade(
        client, make_staff, make_contest, make_entry, make_round):
    contest = make_contest()
    check_round = make_round(contest, [], kind="admin_check")
    pns = make_entry(contest, agency="Dinas Pendidikan", rank="III/a")
    pppk = make_entry(contest, agency="Dinas Kesehatan", rank="IX", nip=unique_nip(kind="PPPK"))
    login(client, make_staff("admin"))
    body = client.get(f"/admin/judging/rounds/{check_round.id}/checks").get_data(as_text=True)
    rows = {int(part.split('"', 1)[0]): part for part in body.split('id="entry-')[1:]}
    assert "PNS · Analis · Penata Muda (III/a)" in rows[pns.id]
    assert "PPPK · Analis · Golongan IX" in rows[pppk.id]


def test_admin_check_outcome_reaches_the_entrant(client, make_staff, make_contest, make_entry, make_round, make_judge):
    contest = make_contest()
    judge = make_judge()
    scoring_round = make_round(contest, [judge])
    check_round = make_round(contest, [], kind="admin_check")
    entry = make_entry(contest, email="pemilik@example.go.id")
    admin = make_staff("admin")
    admin_client = client.application.test_client()
    login(admin_client, admin)
    page = text_of(admin_client.get(f"/admin/judging/rounds/{check_round.id}/checks"))
    assert entry.code in page and "Belum diverifikasi" in page
    url = f"/admin/judging/rounds/{check_round.id}/checks/{entry.id}"
    post(admin_client, url, {"outcome": "needs_fix", "reason": ""})
    assert db.session.scalar(select(AdminCheck)) is None  # a reason is required
    post(admin_client, url, {"outcome": "needs_fix", "reason": "Surat pernyataan belum ditandatangani."})
    assert eligible_entries(scoring_round) == []

    login(client, entry.user)
    notice = text_of(client.get(f"/entries/{entry.id}"))
    assert "Perlu Perbaikan" in notice and "Surat pernyataan belum ditandatangani." in notice

    post(admin_client, url, {"outcome": "pass", "reason": ""})
    assert [e.id for e in eligible_entries(scoring_round)] == [entry.id]
    assert "Diterima" in text_of(client.get(f"/entries/{entry.id}"))
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "admin_check")
                                .order_by(AuditEvent.id)).all()
    assert [e.data["outcome"] for e in events] == [[None, "needs_fix"], ["needs_fix", "pass"]]


def latest_mail(app):
    send_due()  # what the worker does after the request's commit (no worker runs in tests)
    outbox = Path(app.config["MAIL_OUTBOX"])
    newest = max(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    return email.message_from_bytes(newest.read_bytes())


def test_invite_a_judge_who_sets_a_password_once(app, client, make_staff, make_contest):
    make_contest()
    admin_client = app.test_client()
    login(admin_client, make_staff("admin"))
    response = post(admin_client, "/admin/judging/judges", {
        "full_name": "Dr. Ratna Sari, M.I.Kom.", "email": "ratna@unmul.ac.id", "agency": "Universitas Mulawarman",
        "affiliation": "Akademisi"})
    assert response.status_code == 302
    message = latest_mail(app)
    assert message["To"] == "ratna@unmul.ac.id"
    link = re.search(r"https?://\S+/judging/invite/\S+", message.get_payload(decode=True).decode()).group(0)
    path = link.split("localhost", 1)[1]
    from contest.accounts.services import authenticate, find_user_by_email

    judge = find_user_by_email("ratna@unmul.ac.id")
    assert judge.has_role("judge") and judge.judge_profile.agency == "Universitas Mulawarman"
    assert client.get(path).status_code == 200
    done = post(client, path, {"password": "kata-sandi-juri", "password_confirm": "kata-sandi-juri"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/judging/")
    assert authenticate(email="ratna@unmul.ac.id", password="kata-sandi-juri") is not None
    again = app.test_client().get(path)
    assert again.status_code == 302  # single use
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "judge.invite")) is not None


def test_entrants_cannot_be_judges(admin_client, make_entrant):
    entrant = make_entrant(email="peserta@example.go.id")
    page = post(admin_client, "/admin/judging/judges", {"full_name": "X", "email": entrant.email})
    assert page.status_code == 200 and "terdaftar sebagai peserta" in text_of(page)
    db.session.expire_all()
    assert not entrant.has_role("judge")


def test_judges_cannot_open_committee_pages(client, make_judge, make_contest):
    contest = make_contest()
    login(client, make_judge())
    for path in (f"/admin/judging/contests/{contest.id}", "/admin/judging/judges",
                 f"/admin/judging/contests/{contest.id}/audit"):
        assert client.get(path).status_code == 403


def test_inviting_a_pending_judge_again_sends_a_fresh_link(app, admin_client, make_contest):
    make_contest()
    data = {"full_name": "Ir. Budi", "email": "budi.juri@example.go.id", "agency": "", "affiliation": ""}
    post(admin_client, "/admin/judging/judges", data)
    first = latest_mail(app).get_payload(decode=True).decode()
    post(admin_client, "/admin/judging/judges", data)
    second = latest_mail(app).get_payload(decode=True).decode()
    old, new = (re.search(r"/judging/invite/\S+", m).group(0) for m in (first, second))
    assert old != new
    fresh = app.test_client()
    assert fresh.get(old).status_code == 302  # the first link no longer works
    assert fresh.get(new).status_code == 200


def test_rubric_editor_adds_removes_and_reorders_without_javascript(admin_client, make_contest):
    contest = make_contest()
    post(admin_client, f"/admin/judging/contests/{contest.id}/rounds/new",
         {"name": "Penilaian", "kind": "scoring", "assignment_mode": "all", "source_round_id": "0"})
    rnd = db.session.scalar(select(JudgingRound))
    url = f"/admin/judging/rounds/{rnd.id}/rubric"
    page = admin_client.get(url).get_data(as_text=True)
    assert page.count("data-criterion-row") == 3 and "Tambah kriteria" in page and "Total bobot:" in page
    rows = [("Tema", "40", "1", "100", True, "1-50 | Kurang\n51-100 | Baik"),
            ("Kreativitas", "35", "1", "100", True, ""), ("Teknik", "25", "1", "100", True, "")]
    added = post(admin_client, url, {**rubric_form(rows), "action": "add"})
    text = added.get_data(as_text=True)
    assert added.status_code == 200 and text.count("data-criterion-row") == 4  # nothing saved, one more row
    assert 'value="Kreativitas"' in text and '<strong id="weight-total">100%</strong>' in text
    db.session.expire_all()
    assert rnd.criteria == []
    form = rubric_form(rows + [("Catatan", "10", "1", "100", True, "")])
    form.update({"criteria-0-position": "3", "criteria-1-position": "1", "criteria-2-position": "2",
                 "criteria-3-position": "4", "criteria-3-remove": "y", "action": "save"})
    assert post(admin_client, url, form).status_code == 302
    db.session.expire_all()
    assert [(c.name, c.weight) for c in rnd.criteria] == [("Kreativitas", 35), ("Teknik", 25), ("Tema", 40)]
    assert rnd.criteria[2].levels[1]["label"] == "Baik"  # level descriptors per criterion


def test_round_dates_are_typed_day_month_year_and_24_hour(admin_client, make_contest):
    contest = make_contest()
    url = f"/admin/judging/contests/{contest.id}/rounds/new"
    assert 'type="datetime-local"' not in admin_client.get(url).get_data(as_text=True)
    post(admin_client, url, {"name": "Penilaian", "kind": "scoring", "assignment_mode": "all", "source_round_id": "0",
                             "opens_at-date": "02-02-2025", "opens_at-time": "08.00"})
    rnd = db.session.scalar(select(JudgingRound))
    assert rnd.opens_at.astimezone(ZoneInfo("Asia/Makassar")).strftime("%d-%m-%Y %H.%M") == "02-02-2025 08.00"
    page = admin_client.get(f"/admin/judging/rounds/{rnd.id}/edit").get_data(as_text=True)
    assert 'name="opens_at-date" value="02-02-2025"' in page and '<span class="input-group-text">WITA</span>' in page
