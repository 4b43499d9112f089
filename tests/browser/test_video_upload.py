"""The entry page's video panel in Chromium: tus upload, live processing status, player, posters.

A worker thread runs the queue's tasks exactly as the consumer does (dequeue, execute), so an
upload goes through the real tus server, the real queue and the real pipeline.
"""
import subprocess
import threading
import time
from pathlib import Path

import pytest

from contest.core import tasks
from contest.core.extensions import db
from contest.entries.services import create_entry
from tests.browser.conftest import axe_audit, screenshot

PASSWORD = "rahasia-123"
RULES = dict(min_duration_s=2, max_duration_s=10, min_short_side_px=200, max_size_mb=20,
             orientations="landscape,portrait", audio_required=True)
pytestmark = pytest.mark.browser


@pytest.fixture
def worker(app, tmp_path):
    """Process queued tasks in a thread (the consumer's loop) for the test's duration."""
    previous = tasks.huey.storage
    tasks.use_sqlite(tmp_path / "queue.db")
    stop = threading.Event()

    def loop():
        with app.app_context():
            while not stop.is_set():
                task = tasks.huey.dequeue()
                if task is None:
                    stop.wait(0.1)
                    continue
                try:
                    tasks.huey.execute(task)
                finally:
                    db.session.remove()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(30)
    tasks.huey.storage = previous


@pytest.fixture
def entry(make_contest, make_entrant):
    contest = make_contest(**RULES)
    user = make_entrant()
    entry = create_entry(contest=contest, user=user, title="Netral Itu Pilihan", synopsis="Sinopsis.",
                         social_url=None)
    db.session.commit()
    entry.email = user.email
    return entry


def clip(path, duration):
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=320x240:rate=25:duration={duration}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={duration}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-shortest", str(path)], check=True, stdin=subprocess.DEVNULL, timeout=60)
    return path


def wait_until(page, expression, timeout=30):
    """Poll a JS expression (page.evaluate is not subject to the page's CSP; eval is)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.1)


def panel_violations(page):
    """axe-core's WCAG 2.2 AA violations (all impacts) inside the video panel."""
    return [f"{v['id']}: {' '.join(v['targets'])}" for v in axe_audit(page, "'#video-panel'")]


def log_in(page, base, email):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def test_upload_process_and_watch(live_server, phone, entry, worker, tmp_path):
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    log_in(phone, live_server, entry.email)
    phone.goto(f"{live_server}/entries/{entry.id}")
    assert phone.locator("text=Ketentuan video: 2–10 detik").count() == 1
    assert panel_violations(phone) == []
    # The picker speaks Indonesian whatever the browser's language: no native "Choose File".
    assert phone.inner_text("[data-role=pick]") == "Pilih video"
    assert phone.inner_text("[data-role=file-name]") == "Belum ada berkas dipilih."
    phone.set_input_files("#video-file", str(clip(tmp_path / "karya saya.mp4", 3)))
    assert phone.inner_text("[data-role=file-name]") == "karya saya.mp4"
    phone.click("[data-role=start]")
    phone.wait_for_selector("text=Unggahan selesai. Video sedang diproses…", timeout=30_000)
    # video_status.js polls until ready, then the page reloads with the player.
    phone.wait_for_selector("video[src^='/media/v/']", timeout=60_000)
    assert phone.locator("input[name=choice]").count() == 3
    assert phone.inner_text("[data-role=pick]") == "Ganti video"  # a video was accepted
    can_play = phone.evaluate(
        "document.createElement('video').canPlayType('video/mp4; codecs=\"avc1.42E01E\"')")
    if can_play:  # Debian's Chromium plays H.264: the Range-served rendition really loads
        wait_until(phone, "document.querySelector('video').readyState >= 1", timeout=20)
        assert phone.evaluate("document.querySelector('video').duration") == pytest.approx(3, abs=0.2)
    blockers = phone.locator(".alert-warning").all_inner_texts()
    assert not any("video" in text.lower() for text in blockers)  # submission is unblocked
    phone.check("input[name=choice][value='2']")
    with phone.expect_navigation():
        phone.click("text=Simpan sampul")
    assert phone.locator("text=Sampul video tersimpan.").count() == 1
    assert "frame-2-1280.jpg" in phone.get_attribute("video", "poster")
    screenshot(phone, "entry-video-ready")
    assert errors == []


def test_rejection_reasons_appear_live(live_server, phone, entry, worker, tmp_path):
    log_in(phone, live_server, entry.email)
    phone.goto(f"{live_server}/entries/{entry.id}")
    phone.set_input_files("#video-file", str(clip(tmp_path / "pendek.mp4", 1)))
    phone.click("[data-role=start]")
    phone.wait_for_selector("text=Video ditolak", timeout=60_000)
    assert phone.locator("text=Durasi video 1 detik; minimal 2 detik.").count() == 1
    screenshot(phone, "entry-video-rejected")


def test_browser_refuses_wrong_files_before_uploading(live_server, phone, entry, tmp_path):
    log_in(phone, live_server, entry.email)
    phone.goto(f"{live_server}/entries/{entry.id}")
    notes = tmp_path / "catatan.txt"
    notes.write_text("bukan video")
    phone.set_input_files("#video-file", str(notes))
    assert phone.inner_text("[data-role=upload-error]").startswith("Berkas .txt tidak diterima.")
    assert phone.is_disabled("[data-role=start]")
    big = tmp_path / "besar.mp4"
    big.write_bytes(b"\0" * (21 * 1024 * 1024))
    phone.set_input_files("#video-file", str(big))
    assert phone.inner_text("[data-role=upload-error]").startswith(
        "Ukuran berkas 21 MB melebihi batas 20 MB.")
    assert phone.is_disabled("[data-role=start]")


def test_upload_resumes_after_a_reload(live_server, phone, entry, worker, tmp_path, app):
    tus_dir = Path(app.config["UPLOAD_ROOT"]) / "tus"
    before = set(tus_dir.glob("*.json"))
    log_in(phone, live_server, entry.email)
    phone.goto(f"{live_server}/entries/{entry.id}")
    big = tmp_path / "panjang.mp4"
    big.write_bytes(bytes(range(256)) * (12 * 1024 * 1024 // 256))
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                   "downloadThroughput": -1,
                                                   "uploadThroughput": 3 * 1024 * 1024})
    phone.set_input_files("#video-file", str(big))
    phone.click("[data-role=start]")
    wait_until(phone, "parseInt(document.querySelector('[data-role=upload-bar]').textContent) >= 5")
    phone.click("[data-role=pause]")
    assert phone.inner_text("[data-role=upload-stats]") == "Unggahan dijeda."
    phone.reload()
    assert "panjang.mp4 belum selesai" in phone.inner_text("[data-role=pending]")
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                   "downloadThroughput": -1, "uploadThroughput": -1})
    phone.set_input_files("#video-file", str(big))
    phone.click("[data-role=start]")
    phone.wait_for_selector("text=Unggahan selesai. Video sedang diproses…", timeout=30_000)
    created = set(tus_dir.glob("*.json")) - before
    assert len(created) == 1  # resumed: one upload, not a second one from zero
    phone.wait_for_selector("text=Berkas bukan video yang dikenali.", timeout=60_000)
