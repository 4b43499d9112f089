"""The public gallery on a phone, with the demo's past edition (real clips, real pipeline).

Walks every public page, saves screenshots, checks nothing is wider than the phone and that
axe-core finds no WCAG 2.2 AA issue; plays a winner's video and seeks in it.
"""
import pytest

from contest.core.extensions import db
from contest.demo.gallery import SLUG, seed_past_edition
from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "gallery-home"),
    (f"/c/{SLUG}", "gallery-edition"),
    (f"/c/{SLUG}/pemenang", "gallery-winners"),
    (f"/c/{SLUG}/karya/1", "gallery-entry"),
    (f"/c/{SLUG}/karya", "gallery-all-entries"),
    (f"/c/{SLUG}/karya?q=pelayanan", "gallery-search"),
]


@pytest.fixture
def demo_gallery(make_contest):
    make_contest()  # the current edition, open for submissions
    report = seed_past_edition()
    db.session.commit()
    assert report["winners"] == 6
    return report


def test_public_gallery_on_phone(live_server, phone, demo_gallery):
    for path, name in PAGES:
        response = phone.goto(live_server + path)
        assert response.status == 200, path
        phone.wait_for_load_state("networkidle")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
        screenshot(phone, f"phone-{name}")
        assert axe_violations(phone) == [], path


def test_winners_show_posters_and_videos_play_and_seek(live_server, phone, demo_gallery):
    phone.goto(f"{live_server}/c/{SLUG}/pemenang")
    phone.wait_for_load_state("networkidle")
    posters = phone.evaluate("""() => Promise.all([...document.querySelectorAll('video')].map(
        v => new Promise(ok => {
            const img = new Image();
            img.onload = () => ok(img.naturalWidth);
            img.onerror = () => ok(0);
            img.src = v.poster;
        })))""")
    assert len(posters) == 6 and all(width > 0 for width in posters)
    state = phone.evaluate("""async () => {
        const v = document.querySelector('video');
        v.muted = true;
        await v.play();
        await new Promise(ok => v.addEventListener('timeupdate', ok, {once: true}));
        v.currentTime = 2.0;
        await new Promise(ok => v.addEventListener('seeked', ok, {once: true}));
        return {playable: v.canPlayType('video/mp4; codecs="avc1.42E01E"'), time: v.currentTime,
                duration: v.duration, error: v.error && v.error.code};
    }""")
    assert state["error"] is None
    assert state["duration"] == pytest.approx(3.0, abs=0.2)
    assert state["time"] == pytest.approx(2.0, abs=0.2)


def test_error_pages_on_phone(live_server, phone, demo_gallery):
    response = phone.goto(f"{live_server}/c/{SLUG}/karya/999")
    assert response.status == 404
    assert "Halaman tidak ditemukan" in phone.content()
    screenshot(phone, "phone-error-404")
    assert axe_violations(phone) == []
