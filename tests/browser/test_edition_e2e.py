"""A whole new edition in Chromium, run as the committee would, from the edition dashboard's links.

Create the edition, three entrants register and submit (one video rejected first), the
administrative check, judges invited and put on the panel, the timeline moved to open judging,
judges score, lock, final, announce, certificates — and every notification is in the outbox
with the right text. Videos are processed by running the pipeline in the test thread, and the
periodic notifications (reminders, announcement) by calling their functions, as a worker would.
"""
import re
import subprocess
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from contest.certificates import tasks as certificate_tasks
from contest.contests.models import Contest
from contest.contests.timeline_models import TimelineChange
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.models import Entry
from contest.gallery.tasks import announce_winners
from contest.judging.scoring.tasks import send_reminders
from contest.media import pipeline
from contest.media.models import Video
from contest.notifications.models import OutboxMessage
from tests.browser.conftest import PHONE, screenshot
from tests.conftest import unique_nip

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-123"
ZONE = ZoneInfo("Asia/Makassar")
LAPTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "id-ID", "timezone_id": "Asia/Makassar"}
ENTRANTS = [("Andi Pratama, S.Kom.", "andi@example.go.id", "Dinas Kominfo", "Netral di Media Sosial"),
            ("Siti Rahmawati, S.E.", "siti@example.go.id", "Dinas Kesehatan", "Stetoskop Tanpa Warna"),
            ("Budi Santoso, A.Md.", "budi@example.go.id", "Dinas Sosial", "Bansos Bukan Milik Calon")]


def local(instant):
    """A datetime-local value in the edition's zone (WITA)."""
    return instant.astimezone(ZONE).strftime("%Y-%m-%dT%H:%M")


def clip(path, duration):
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=320x240:rate=25:duration={duration}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={duration}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-shortest", str(path)], check=True, stdin=subprocess.DEVNULL, timeout=60)
    return path


def outbox(kind):
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                              .order_by(OutboxMessage.id)).all()


def new_page(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # confirm_button asks before acting
    return page


def click(page, selector):
    with page.expect_navigation():
        page.click(selector)


def log_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    click(page, "form button.btn-primary")


def dashboard_step(page, key):
    """Follow the checklist step's own link on the edition dashboard."""
    click(page, f"[data-step={key}] a")


def to_dashboard(page, base, contest_id):
    page.goto(f"{base}/admin/contests")
    click(page, f"a[href='/admin/console/{contest_id}'].btn")


def fill_when(page, name, value):
    """Type a datetime-local style value into the form's day-month-year and 24-hour time boxes."""
    day, _, clock = value.partition("T")
    year, month, date = day.split("-")
    page.fill(f"#{name}", f"{date}-{month}-{year}")
    page.fill(f"#{name}-time", clock.replace(":", "."))


def edit_timeline(page, values, *, reason):
    """On the edition form: change dates, see who is affected, confirm with a reason."""
    for name, value in values.items():
        fill_when(page, name, value)
    click(page, "form button.btn-primary")
    assert page.locator("#timeline-impact").count() == 1
    screenshot(page, "e2e-timeline-impact")
    page.fill("#timeline_reason", reason)
    click(page, "#timeline-impact ~ div button.btn-primary")
    assert "Perubahan tersimpan." in page.inner_text("main")


def create_edition(page, base, now):
    page.goto(f"{base}/admin/contests")
    click(page, "text=+ Edisi baru")
    fields = {"title": "Sayembara Video Netralitas ASN 2026", "slug": "netralitas-2026",
              "theme": "ASN Netral, Pemilu Damai", "code_prefix": "NTR-2026",
              "registration_opens_at": local(now - timedelta(days=1)),
              "submissions_close_at": local(now + timedelta(days=2)),
              "judging_opens_at": local(now + timedelta(days=3)),
              "judging_closes_at": local(now + timedelta(days=5)),
              "announcement_at": local(now + timedelta(days=6)),
              "min_duration_s": "2", "max_duration_s": "10", "min_short_side_px": "200", "max_size_mb": "20",
              "max_entries_per_entrant": "1", "prizes-0-name": "Juara I", "prizes-0-amount_rp": "7500000"}
    for name, value in fields.items():
        if name.endswith("_at"):
            fill_when(page, name, value)
        else:
            page.fill(f"#{name}", value)
    page.select_option("#timezone", "Asia/Makassar")
    page.check("input[name=orientations][value=landscape]")
    page.check("#audio_required")
    click(page, "form button.btn-primary")
    assert "Edisi sayembara dibuat." in page.inner_text("main")
    return db.session.scalar(select(Contest.id).where(Contest.slug == "netralitas-2026"))


def register(page, base, name, email, agency):
    page.goto(base + "/register")
    page.fill("#full_name", name)
    page.fill("#nip", unique_nip())
    for field, value in (("position", "Analis Kebijakan"), ("work_unit", "Sekretariat"), ("agency", agency),
                         ("phone", "081234567890"), ("email", email), ("password", PASSWORD),
                         ("password_confirm", PASSWORD)):
        page.fill(f"#{field}", value)
    page.select_option("#regency", "Kota Samarinda")
    page.check("#accept_terms")
    page.check("#accept_data")
    click(page, "button.btn-primary.btn-lg")
    assert page.url.endswith("/entries/")


def upload_and_process(page, entry_id, path):
    """Upload through tus in the page, then run the worker's pipeline on it here."""
    page.set_input_files("#video-file", str(path))
    page.click("[data-role=start]")
    page.wait_for_selector("text=Unggahan selesai. Video sedang diproses…", timeout=30_000)
    db.session.expire_all()
    video = db.session.scalar(select(Video).where(Video.entry_id == entry_id).order_by(Video.id.desc()))
    result = pipeline.process_video(video.id)
    db.session.remove()
    return result


def enter(page, base, title, clips):
    """Create an entry, upload each clip in turn (the last one good), submit; returns the entry id."""
    page.goto(base + "/entries/new")
    page.fill("#title", title)
    page.fill("#synopsis", f"Sinopsis {title}.")
    page.check("#originality")
    click(page, "form button.btn-primary")
    entry_id = int(re.search(r"/entries/(\d+)", page.url).group(1))
    for path in clips:
        outcome = upload_and_process(page, entry_id, path)
        if outcome == "rejected":
            page.wait_for_selector("text=Video ditolak", timeout=30_000)
            page.reload()
    page.wait_for_selector("video[src^='/media/v/']", timeout=30_000)
    click(page, "text=Kirim karya")
    assert "Karya berhasil dikirim." in page.inner_text("main")
    return entry_id


def test_a_whole_edition_from_the_dashboard(app, live_server, browser, make_staff, tmp_path):
    base, now = live_server, utcnow()
    admin = make_staff("admin", email="panitia@kaltimprov.go.id")
    committee = new_page(browser, **LAPTOP)
    log_in(committee, base, admin.email)
    contest_id = create_edition(committee, base, now)
    to_dashboard(committee, base, contest_id)
    screenshot(committee, "e2e-dashboard-1-new-edition")

    # -- three entrants register and submit; one video is rejected first --------------------------------
    short, good = clip(tmp_path / "pendek.mp4", 1), clip(tmp_path / "karya.mp4", 2)
    entry_ids = []
    for i, (name, email, agency, title) in enumerate(ENTRANTS):
        phone = new_page(browser, **PHONE, locale="id-ID", timezone_id="Asia/Makassar")
        register(phone, base, name, email, agency)
        entry_ids.append(enter(phone, base, title, [short, good] if i == 2 else [good]))
        phone.context.close()
    db.session.expire_all()
    entries = [db.session.get(Entry, i) for i in entry_ids]
    codes = [e.code for e in entries]
    assert codes == ["NTR-2026-0001", "NTR-2026-0002", "NTR-2026-0003"]
    assert sorted(m.to_address for m in outbox("registration_confirmed")) == sorted(e[1] for e in ENTRANTS)
    submitted = outbox("entry_submitted")
    assert [(m.to_address, m.subject) for m in submitted] == [(e[1], f"Karya {c} diterima")
                                                            for e, c in zip(ENTRANTS, codes, strict=True)]
    assert all(f"dengan kode {c}" in m.body for m, c in zip(submitted, codes, strict=True))
    [rejected] = outbox("video_rejected")
    assert rejected.to_address == ENTRANTS[2][1] and codes[2] in rejected.subject
    assert "Durasi video 1 detik; minimal 2 detik." in rejected.body

    # -- a message to every entrant, after seeing how many will get it --------------------------------
    to_dashboard(committee, base, contest_id)
    click(committee, "text=Pemberitahuan")
    click(committee, "a[href$='/notifications/templates/entry_submitted']")
    committee.fill("#body", committee.input_value("#body") + "\n{kode}")
    click(committee, "button[value=preview]")
    assert "Placeholder {kode} tidak dikenal." in committee.inner_text("main")
    screenshot(committee, "e2e-template-check")
    click(committee, "text=Pemberitahuan")
    click(committee, "text=Kirim pesan ke semua peserta")
    committee.fill("#subject", "Workshop video untuk peserta")
    committee.fill("#body", "Workshop penyuntingan video: Senin, 09.00 WITA, daring.")
    click(committee, "text=Lanjut: periksa penerima")
    assert "Kirim pesan ini ke 3 peserta?" in committee.inner_text("main")
    screenshot(committee, "e2e-broadcast-confirm")
    click(committee, "#send-broadcast")
    assert sorted(m.to_address for m in outbox("broadcast")) == sorted(e[1] for e in ENTRANTS)

    # -- rounds, judges, panel -------------------------------------------------------------------------
    to_dashboard(committee, base, contest_id)
    dashboard_step(committee, "rubric")
    click(committee, "text=Buat babak bawaan")
    to_dashboard(committee, base, contest_id)
    dashboard_step(committee, "judges")  # no judge yet: the step leads to the invitation form
    judges = [("Dr. Ratna Sari, M.I.Kom.", "ratna@unmul.ac.id"), ("Hendra Wijaya, S.Sn.", "hendra@isbi.ac.id")]
    for name, email in judges:
        committee.fill("#full_name", name)
        committee.fill("#email", email)
        committee.fill("#agency", "Universitas")
        committee.fill("#affiliation", "Akademisi")
        click(committee, "text=Kirim undangan")
    invites = outbox("judge_invite")
    assert [m.to_address for m in invites] == [email for _, email in judges]
    for (name, email), message in zip(judges, invites, strict=True):
        assert message.body.startswith(f"Yth. {name},") and email in message.body
        link = re.search(r"http://127\.0\.0\.1:\d+/judging/invite/\S+", message.body).group(0)
        judge_page = new_page(browser, **LAPTOP)
        judge_page.goto(link)
        judge_page.fill("#password", PASSWORD)
        judge_page.fill("#password_confirm", PASSWORD)
        click(judge_page, "text=Simpan kata sandi dan mulai")
        judge_page.context.close()
    to_dashboard(committee, base, contest_id)
    dashboard_step(committee, "judges")  # now it leads to the round's panel
    for box in committee.locator("input[name=judges]").all():
        box.check()
    click(committee, "text=Simpan anggota")

    # -- the administrative check: one needs a fix first ----------------------------------------------
    to_dashboard(committee, base, contest_id)
    dashboard_step(committee, "admin_check")
    for entry_id, outcome, reason in ((entry_ids[0], "needs_fix", "Surat pernyataan belum ditandatangani."),
                                      (entry_ids[0], "pass", ""), (entry_ids[1], "pass", ""),
                                      (entry_ids[2], "pass", "")):
        form = committee.locator(f"form:has(label[for=o-{entry_id}-pass])")
        form.locator(f"label[for=o-{entry_id}-{outcome}]").click()
        form.locator("textarea[name=reason]").fill(reason)
        with committee.expect_navigation():
            form.locator("button.btn-primary").click()
    checks = outbox("admin_check_result")
    assert [m.to_address for m in checks] == [ENTRANTS[0][1], ENTRANTS[0][1], ENTRANTS[1][1], ENTRANTS[2][1]]
    assert "Perlu Perbaikan" in checks[0].subject and "Surat pernyataan belum ditandatangani." in checks[0].body
    assert "WITA" in checks[0].body and all(": Diterima." in m.body for m in checks[1:])

    # -- the timeline moves: submissions closed, judging open now (who is affected is shown, logged) ----
    to_dashboard(committee, base, contest_id)
    screenshot(committee, "e2e-dashboard-2-before-judging")
    click(committee, "text=Ubah edisi & jadwal")
    moment = utcnow()
    edit_timeline(committee, {"submissions_close_at": local(moment - timedelta(minutes=11)),
                              "judging_opens_at": local(moment - timedelta(minutes=10)),
                              "judging_closes_at": local(moment + timedelta(days=2))},
                  reason="Semua karya sudah masuk; penjurian dimajukan.")
    assert {c.field for c in db.session.scalars(select(TimelineChange))} == {
        "submissions_close_at", "judging_opens_at", "judging_closes_at"}
    moved = outbox("deadline_changed")  # judging closes earlier: the judges still scoring are told
    assert sorted(m.to_address for m in moved) == sorted(email for _, email in judges)
    assert all("Penjurian selesai" in m.body and "penjurian dimajukan" in m.body for m in moved)
    to_dashboard(committee, base, contest_id)
    assert "step-done" in committee.get_attribute("[data-step=round_open]", "class")

    # -- reminders to judges who have not finished (the periodic task, run here) ----------------------
    assert send_reminders() == 2
    reminders = outbox("judge_reminder")
    assert sorted(m.to_address for m in reminders) == sorted(email for _, email in judges)
    assert all("Masih ada 3 karya yang belum Anda nilai" in m.body for m in reminders)
    assert send_reminders() == 0

    # -- judges score every entry ---------------------------------------------------------------------
    for index, (_name, email) in enumerate(judges):
        judge_page = new_page(browser, **LAPTOP)
        log_in(judge_page, base, email)
        judge_page.goto(base + "/judging/")
        click(judge_page, "text=Mulai menilai")
        for n in range(3):
            inputs = judge_page.locator("input.score-input")
            for i in range(inputs.count()):
                inputs.nth(i).fill(str(60 + 10 * ((n + index + i) % 4)))
            click(judge_page, "button[value=submit_next]")
        judge_page.context.close()

    # -- lock, final, announce ------------------------------------------------------------------------
    to_dashboard(committee, base, contest_id)
    dashboard_step(committee, "round_locked")
    click(committee, "button:has-text('Kunci babak')")
    to_dashboard(committee, base, contest_id)
    dashboard_step(committee, "results_final")
    click(committee, "button:has-text('Tetapkan pemenang dari peringkat')")
    # Two judges cannot tell three entries apart with confidence: each tie at a prize boundary is
    # decided with a reason (audited) before the results can be sealed.
    while committee.locator("button:has-text('Putuskan dengan alasan')").count():
        committee.locator("input[name=reason]").first.fill("Keputusan rapat pleno dewan juri.")
        click(committee, "button:has-text('Putuskan dengan alasan')")
    click(committee, "button:has-text('Tetapkan hasil final')")
    assert "Hasil penjurian ditetapkan final." in committee.inner_text("main"), committee.inner_text("main")
    to_dashboard(committee, base, contest_id)
    click(committee, "text=Ubah edisi & jadwal")  # announce by moving the date (one click: test_committee_flow_e2e)
    moment = utcnow()
    edit_timeline(committee, {"judging_closes_at": local(moment - timedelta(minutes=2)),
                              "announcement_at": local(moment - timedelta(minutes=1))},
                  reason="Hasil final sudah ditetapkan.")
    assert announce_winners() == [contest_id] and announce_winners() == []
    announced = outbox("winners_announced")
    assert sorted(m.to_address for m in announced) == sorted(e[1] for e in ENTRANTS)
    assert all("/c/netralitas-2026/pemenang" in m.body for m in announced)

    # -- certificates -----------------------------------------------------------------------------------
    to_dashboard(committee, base, contest_id)
    dashboard_step(committee, "certificates")
    click(committee, "button:has-text('Buat sertifikat')")
    certificate_tasks.generate_certificates(contest_id, root=base)  # what the queued task runs
    db.session.remove()
    ready = outbox("certificate_ready")
    assert sorted(m.to_address for m in ready) == sorted(e[1] for e in ENTRANTS)
    assert all(f"{base}/entries/" in m.body for m in ready)
    to_dashboard(committee, base, contest_id)
    done = committee.locator("#checklist .step-done").count()
    screenshot(committee, "e2e-dashboard-3-certificates")
    assert done == 9, committee.inner_text("#checklist")
    committee.context.close()
