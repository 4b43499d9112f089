"""A brand-new edition from an empty database, through the UI only, the committee's way.

The committee on a laptop types the edition (dates as dd-mm-yyyy and 24-hour WITA), lands on its
dashboard, builds a three-criterion rubric in the editor (remove, add, reorder, running total),
invites two judges; three entrants register and submit on phones (employment type and gender read
from the NIP, the Indonesian file picker); the check is done as soon as every entry has a decision;
judging opens and the winners are announced by the dashboard's one-click actions (with their impact
preview and a reason); judges see the formula beside their total; captions are added by the
committee after the deadline; certificates close the checklist. The worker's part (video pipeline,
queued tasks) runs in the test thread. It also counts the committee's pages and form submissions
from "Edisi baru" to "judging open" (printed; README "Committee flow").
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from contest.certificates import tasks as certificate_tasks
from contest.contests.models import Contest
from contest.contests.timeline_models import TimelineChange
from contest.core.extensions import db
from contest.core.tasks import huey
from contest.core.timeutil import utcnow
from contest.entries.models import Entry
from contest.judging.results.models import PrizeAward
from contest.judging.rounds.models import AuditEvent, JudgingRound, RoundKind
from contest.media.captions.models import Caption
from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_edition_e2e import (
    LAPTOP,
    PASSWORD,
    ZONE,
    click,
    clip,
    log_in,
    new_page,
    outbox,
    upload_and_process,
)
from tests.conftest import unique_nip

pytestmark = pytest.mark.browser
ENTRANTS = [("Andi Pratama, S.Kom.", "andi@example.go.id", "Dinas Kominfo", "Netral di Media Sosial"),
            ("Siti Rahmawati, S.E.", "siti@example.go.id", "Dinas Kesehatan", "Stetoskop Tanpa Warna"),
            ("Budi Santoso, A.Md.", "budi@example.go.id", "Dinas Sosial", "Bansos Bukan Milik Calon")]
JUDGES = [("Dr. Ratna Sari, M.I.Kom.", "ratna@unmul.ac.id"), ("Hendra Wijaya, S.Sn.", "hendra@isbi.ac.id")]
SRT = "1\n00:00:00,200 --> 00:00:01,500\nASN harus netral.\n\n2\n00:00:01,600 --> 00:00:01,900\nPilkada damai.\n"


class Counter:
    """The committee page's own pages (main-frame loads) and form submissions (POST navigations)."""

    def __init__(self, page):
        self.pages = self.forms = 0
        self.on = False
        page.on("framenavigated", lambda frame: self._page(page, frame))
        page.on("request", self._request)

    def _page(self, page, frame):
        if self.on and frame == page.main_frame:
            self.pages += 1

    def _request(self, request):
        if self.on and request.method == "POST" and request.is_navigation_request():
            self.forms += 1


def typed(page, name, when):
    """Type a date and a time the way the form asks: 27-11-2024 and 23.59 (WITA)."""
    local = when.astimezone(ZONE)
    page.fill(f"#{name}", local.strftime("%d-%m-%Y"))
    page.fill(f"#{name}-time", local.strftime("%H.%M"))


def create_edition(page, base, now):
    click(page, "text=+ Edisi baru")
    # The video rules start from the usual contest (shared/DOMAIN.md); the dates read dd-mm-yyyy, 24 h, WITA.
    assert [page.input_value(f"#{n}") for n in ("min_duration_s", "max_duration_s", "min_short_side_px",
                                                 "max_size_mb")] == ["60", "180", "720", "500"]
    assert page.is_checked("#audio_required") and page.locator("input[type=datetime-local]").count() == 0
    assert page.get_attribute("#submissions_close_at", "placeholder") == "hh-bb-tttt"
    assert page.inner_text("#submissions_close_at ~ .input-group-text") == "WITA"
    page.select_option("#timezone", "Asia/Jayapura")  # the zone after each date follows the choice
    assert page.inner_text("#submissions_close_at ~ .input-group-text") == "WIT"
    page.select_option("#timezone", "Asia/Makassar")
    for name, value in (("title", "Sayembara Video Netralitas ASN 2029"), ("slug", "netralitas-2029"),
                        ("theme", "ASN Netral, Pemilu Damai"), ("code_prefix", "NTR-2029"),
                        ("min_duration_s", "2"), ("max_duration_s", "10"), ("min_short_side_px", "200"),
                        ("max_size_mb", "20"), ("prizes-0-name", "Juara I"), ("prizes-0-amount_rp", "7500000")):
        page.fill(f"#{name}", value)
    typed(page, "registration_opens_at", now - timedelta(days=1))
    typed(page, "submissions_close_at", now + timedelta(days=2))
    typed(page, "judging_opens_at", now + timedelta(days=3))
    typed(page, "judging_closes_at", now + timedelta(days=5))
    typed(page, "announcement_at", now + timedelta(days=6))
    click(page, "form button.btn-primary")
    contest_id = db.session.scalar(select(Contest.id).where(Contest.slug == "netralitas-2029"))
    # Straight to the new edition's dashboard; the first step says whether entrants can see it.
    assert page.url.endswith(f"/admin/console/{contest_id}"), page.url
    assert "Edisi sayembara dibuat." in page.inner_text("main")
    first = page.locator("#checklist [data-step]").first
    assert first.get_attribute("data-step") == "make_current"
    assert "Tampilkan di beranda (jadikan aktif)" in first.inner_text() and "Selesai" in first.inner_text()
    close = (now + timedelta(days=2)).astimezone(ZONE).strftime("pukul %H.%M WITA")
    assert close in page.inner_text("#phase")
    return contest_id


def build_rubric(page, base, contest_id):
    """Default rounds, then the four-criterion default becomes three: remove two, add one, move it up."""
    click(page, "[data-step=rubric] a")
    click(page, "text=Buat babak bawaan")
    scoring = db.session.scalar(select(JudgingRound).where(JudgingRound.contest_id == contest_id,
                                                           JudgingRound.kind == RoundKind.SCORING.value))
    click(page, f"a[href='/admin/judging/rounds/{scoring.id}/rubric']")
    rows = page.locator("[data-criterion-row]")
    assert rows.count() == 4 and page.inner_text("#weight-total") == "100%"
    page.check("#criteria-1-remove")  # Kreativitas & orisinalitas
    page.check("#criteria-3-remove")  # Teknik videografi
    assert page.inner_text("#weight-total") == "55%" and page.inner_text("#weight-total-state") == "harus 100%"
    page.click("#add-criterion")  # JavaScript adds the row in place: no round trip
    assert rows.count() == 5
    new = rows.nth(4)
    new.locator("input[name$='-name']").fill("Teknik & kreativitas")
    new.locator("input[name$='-weight']").fill("25")
    new.locator("textarea[name$='-levels']").fill("1-50 | Cukup | Gambar dan suara jelas.\n51-100 | Baik | Rapi.")
    page.fill("#criteria-0-weight", "40")
    page.fill("#criteria-2-weight", "35")
    assert page.inner_text("#weight-total") == "100%" and page.inner_text("#weight-total-state") == "pas 100%"
    new.locator("[data-move='-1']").click()
    rows.nth(3).locator("[data-move='-1']").click()  # the new row, now fourth, moves up once more
    screenshot(page, "committee-flow-rubric")
    click(page, "button[value=save]")
    assert "Rubrik tersimpan." in page.inner_text("main")
    db.session.expire_all()
    criteria = db.session.get(JudgingRound, scoring.id).criteria
    assert [(c.name, c.weight) for c in criteria] == [
        ("Kesesuaian tema", 40), ("Teknik & kreativitas", 25), ("Isi & dampak pesan", 35)]
    assert criteria[1].levels[1]["label"] == "Baik"
    return scoring.id


def invite_judges(page, base, browser, contest_id):
    page.goto(f"{base}/admin/console/{contest_id}")
    click(page, "[data-step=judges] a")
    for name, email in JUDGES:
        page.fill("#full_name", name)
        page.fill("#email", email)
        page.fill("#agency", "Universitas")
        page.fill("#affiliation", "Akademisi")
        click(page, "text=Kirim undangan")
    for message in outbox("judge_invite"):
        link = re.search(r"http://127\.0\.0\.1:\d+/judging/invite/\S+", message.body).group(0)
        judge = new_page(browser, **LAPTOP)
        judge.goto(link)
        judge.fill("#password", PASSWORD)
        judge.fill("#password_confirm", PASSWORD)
        click(judge, "text=Simpan kata sandi dan mulai")
        judge.context.close()
    page.goto(f"{base}/admin/console/{contest_id}")
    click(page, "[data-step=judges] a")
    for box in page.locator("input[name=judges]").all():
        box.check()
    click(page, "text=Simpan anggota")


def register_and_submit(browser, base, name, email, agency, title, video):
    phone = new_page(browser, **PHONE, locale="id-ID", timezone_id="Asia/Makassar")
    phone.goto(base + "/register")
    assert phone.locator("input[name=employment_type], input[name=gender]").count() == 0
    phone.fill("#full_name", name)
    phone.fill("#nip", unique_nip(kind="PNS", gender="L"))
    assert phone.inner_text("#nip-derived [data-role=derived]").startswith("PNS · Laki-laki · lahir ")
    for field, value in (("position", "Analis Kebijakan"), ("work_unit", "Sekretariat"), ("agency", agency),
                         ("phone", "081234567890"), ("email", email), ("password", PASSWORD),
                         ("password_confirm", PASSWORD)):
        phone.fill(f"#{field}", value)
    phone.select_option("#regency", "Kota Samarinda")
    phone.check("#accept_terms")
    phone.check("#accept_data")
    click(phone, "button.btn-primary.btn-lg")
    phone.goto(base + "/entries/new")
    phone.fill("#title", title)
    phone.fill("#synopsis", f"Sinopsis {title}.")
    phone.check("#originality")
    click(phone, "form button.btn-primary")
    entry_id = int(re.search(r"/entries/(\d+)", phone.url).group(1))
    assert phone.inner_text("[data-role=pick]") == "Pilih video"
    assert upload_and_process(phone, entry_id, video) != "rejected"
    phone.wait_for_selector("video[src^='/media/v/']", timeout=30_000)
    assert phone.inner_text("[data-role=pick]") == "Ganti video"
    click(phone, "text=Kirim karya")
    assert "Karya berhasil dikirim." in phone.inner_text("main")
    phone.context.close()
    return entry_id


def check_all(page, base, contest_id, entry_ids):
    page.goto(f"{base}/admin/console/{contest_id}")
    click(page, "[data-step=admin_check] a")
    for entry_id in entry_ids:
        form = page.locator(f"form:has(label[for=o-{entry_id}-pass])")
        form.locator(f"label[for=o-{entry_id}-pass]").click()
        with page.expect_navigation():
            form.locator("button.btn-primary").click()


def phase_action(page, action, reason):
    """The dashboard's one-click action: its preview names what moves; a reason; confirmed."""
    click(page, f"[data-phase-action={action}]" if action != "announce" else "[data-step=announcement] a")
    assert page.locator("#phase-impact").count() == 1, page.inner_text("main")
    preview = page.inner_text("#phase-impact")
    page.fill("#reason", reason)
    click(page, "#phase-confirm")
    return preview


def score_all(browser, base):
    for index, (_name, email) in enumerate(JUDGES):
        judge = new_page(browser, **LAPTOP)
        log_in(judge, base, email)
        judge.goto(base + "/judging/")
        click(judge, "text=Mulai menilai")
        for _ in range(3):  # every judge sees the same clear order (whatever order the queue shows)
            text = judge.inner_text("main")
            base_score = next(score for (*_, title), score in zip(ENTRANTS, (95, 70, 40), strict=True)
                              if title in text)
            inputs = judge.locator("input.score-input")
            for i in range(inputs.count()):
                inputs.nth(i).fill(str(base_score - i - index))
            terms = judge.inner_text("#total-terms")  # the total a judge can check by hand
            assert terms.startswith("40% × (") and terms.endswith(judge.inner_text("#weighted-total"))
            click(judge, "button[value=submit_next]")
        judge.context.close()


def run_queued(name, *args):
    """What the worker does with the queued task `name` (args as queued); returns how many ran."""
    tasks = [t for t in huey.pending() if t.name.endswith(name) and (not args or t.args == args)]
    for task in tasks:
        huey.execute(task)
    db.session.remove()
    return len(tasks)


def test_a_new_edition_the_committees_way(app, live_server, browser, make_staff, tmp_path):
    base, now = live_server, utcnow()
    admin = make_staff("admin", email="panitia@kaltimprov.go.id")  # the one account a fresh install makes
    committee = new_page(browser, **LAPTOP)
    errors = []
    committee.on("pageerror", lambda error: errors.append(str(error)))
    log_in(committee, base, admin.email)
    committee.goto(f"{base}/admin/contests")
    counter = Counter(committee)
    counter.on = True

    contest_id = create_edition(committee, base, now)
    scoring_id = build_rubric(committee, base, contest_id)
    invite_judges(committee, base, browser, contest_id)

    # -- entrants on phones ------------------------------------------------------------------------------
    counter.on = False
    video = clip(tmp_path / "karya.mp4", 2)
    entry_ids = [register_and_submit(browser, base, *person, video) for person in ENTRANTS]
    counter.on = True

    # -- the check is done once every entry has a decision, with submissions still open ------------------
    check_all(committee, base, contest_id, entry_ids)
    committee.goto(f"{base}/admin/console/{contest_id}")
    assert "step-done" in committee.get_attribute("[data-step=admin_check]", "class")
    for step in committee.locator("#checklist .step-todo").all():  # no "Belum" without a reason
        assert step.locator(".small").count() >= 1, step.inner_text()
    preview = phase_action(committee, "open_judging", "Semua karya sudah diverifikasi.")
    assert "Batas akhir pengumpulan karya" in preview and "Penjurian dimulai" in preview
    assert "Buka penjurian sekarang: selesai" in committee.inner_text("main")
    assert "step-done" in committee.get_attribute("[data-step=round_open]", "class")
    counter.on = False
    print(f"\ncommittee from 'Edisi baru' to judging open: {counter.pages} pages, {counter.forms} form submissions")
    assert {c.field for c in db.session.scalars(select(TimelineChange))} == {"submissions_close_at",
                                                                             "judging_opens_at"}

    # -- judges score; lock; final ----------------------------------------------------------------------
    score_all(browser, base)
    committee.goto(f"{base}/admin/console/{contest_id}")
    click(committee, "[data-step=round_locked] a")
    click(committee, "button:has-text('Kunci babak')")
    committee.goto(f"{base}/admin/console/{contest_id}")
    click(committee, "[data-step=results_final] a")
    click(committee, "button:has-text('Tetapkan pemenang dari peringkat')")
    assert "Hadiah ditetapkan sesuai peringkat." in committee.inner_text("main"), committee.inner_text("main")
    click(committee, "button:has-text('Tetapkan hasil final')")
    assert "Hasil penjurian ditetapkan final." in committee.inner_text("main"), committee.inner_text("main")

    # -- the announcement by one click; the winners' email is queued at once, not in 10 minutes ----------
    committee.goto(f"{base}/admin/console/{contest_id}")
    preview = phase_action(committee, "announce", "Rapat pleno dewan juri selesai.")
    assert "3 peserta dengan karya terkirim menerima email pengumuman dalam satu menit" in preview
    assert run_queued("announce_edition", contest_id) == 1
    announced = outbox("winners_announced")
    assert sorted(m.to_address for m in announced) == sorted(e[1] for e in ENTRANTS)
    last_announcement = max(m.id for m in announced)
    db.session.expire_all()
    assert db.session.get(Contest, contest_id).announcement_at <= utcnow()

    # -- captions by the committee after the deadline (and after the announcement) ------------------------
    winner_id = db.session.scalar(select(PrizeAward.entry_id).where(PrizeAward.round_id == scoring_id,
                                                                   PrizeAward.rank == 1))
    committee.goto(f"{base}/admin/console/{contest_id}")
    click(committee, "#entries a.count-link:has-text('Terkirim')")
    click(committee, f"a[href='/admin/entries/{winner_id}/captions']")
    captions = tmp_path / "takarir.srt"
    captions.write_text(SRT, encoding="utf-8")
    committee.set_input_files("#caption-file", str(captions))
    click(committee, "#caption-upload button.btn-primary")
    assert "Takarir Bahasa Indonesia tersimpan (2 baris takarir)" in committee.inner_text("main")
    assert committee.locator("[data-caption=id]").count() == 1
    assert db.session.scalar(select(Caption.cue_count)) == 2
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entry_id == winner_id,
                                                             AuditEvent.action.like("caption.%"))) == "caption.add"

    # -- certificates close the checklist -------------------------------------------------------------------
    committee.goto(f"{base}/admin/console/{contest_id}")
    click(committee, "[data-step=certificates] a")
    click(committee, "button:has-text('Buat sertifikat')")
    certificate_tasks.generate_certificates(contest_id, root=base)  # what the queued task runs
    db.session.remove()
    ready = outbox("certificate_ready")
    assert sorted(m.to_address for m in ready) == sorted(e[1] for e in ENTRANTS)
    assert last_announcement < min(m.id for m in ready)  # the winners first, then certificates
    committee.goto(f"{base}/admin/console/{contest_id}")
    screenshot(committee, "committee-flow-dashboard-done")
    assert committee.locator("#checklist .step-done").count() == 9, committee.inner_text("#checklist")
    assert errors == []

    # -- the winner's Karya Saya shows the award ------------------------------------------------------------
    winner_email = db.session.get(Entry, winner_id).user.email
    phone = new_page(browser, **PHONE, locale="id-ID", timezone_id="Asia/Makassar")
    log_in(phone, base, winner_email)
    phone.goto(base + "/entries/")
    assert "🏆 Juara I" in phone.inner_text("main")
    phone.context.close()
    committee.context.close()
