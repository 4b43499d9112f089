"""A published winner plays through hls.js (adaptive streaming) in Chromium; the MP4 stays the
fallback when there is no ladder."""
import pytest

from contest.core.extensions import db
from contest.demo.gallery import SLUG, seed_past_edition
from contest.demo.streaming import seed_ladders
from contest.media.hls.models import HlsLadder

pytestmark = pytest.mark.browser

PLAY = """async () => {
    const v = document.querySelector('video[data-hls]');
    v.muted = true;
    await v.play();
    const t0 = v.currentTime;
    await new Promise(ok => setTimeout(ok, 1200));
    return {streaming: v.dataset.streaming, ready: v.readyState, t0: t0, t1: v.currentTime,
            src: v.currentSrc, error: v.error && v.error.code};
}"""


@pytest.fixture
def demo_winners(make_contest):
    make_contest()
    seed_past_edition()
    db.session.commit()


def test_a_winner_plays_through_hls_js(live_server, phone, demo_winners):
    outcomes = seed_ladders()
    assert len(outcomes) == 6 and set(outcomes.values()) == {"ready"}
    requests = []
    phone.on("request", lambda r: requests.append(r.url))
    phone.goto(f"{live_server}/c/{SLUG}/pemenang")
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("() => window.Hls === undefined")  # fetched, not run, until the visitor acts
    phone.mouse.wheel(0, 200)  # the visitor scrolls to a video
    phone.wait_for_function("() => document.querySelector('video[data-hls]').dataset.streaming === 'hls.js'")
    state = phone.evaluate(PLAY)
    assert state["error"] is None and state["streaming"] == "hls.js"
    assert state["src"].startswith("blob:")  # Media Source Extensions: hls.js feeds the element
    assert state["ready"] >= 3 and state["t1"] > state["t0"] + 0.5
    assert any("/hls/master.m3u8" in url for url in requests)
    assert any(url.endswith(".m4s") for url in requests)
    assert not any(url.endswith("/web.mp4") for url in requests)


def test_without_a_ladder_the_mp4_plays(live_server, phone, demo_winners):
    assert db.session.query(HlsLadder).count() == 0
    phone.goto(f"{live_server}/c/{SLUG}/pemenang")
    phone.mouse.wheel(0, 200)
    phone.wait_for_function("() => document.querySelector('video[data-hls]').dataset.streaming === 'mp4'")
    state = phone.evaluate(PLAY)
    assert state["error"] is None and state["src"].endswith("/web.mp4")
    assert state["t1"] > state["t0"]


def test_play_pressed_before_anything_else_plays_the_ladder(live_server, phone, demo_winners):
    seed_ladders()
    phone.goto(f"{live_server}/c/{SLUG}/pemenang")
    phone.wait_for_load_state("networkidle")
    # The visitor's first action is pressing play: the tap starts hls.js, the play waits for it.
    phone.tap("video[data-hls]")
    phone.evaluate("() => { const v = document.querySelector('video[data-hls]'); v.muted = true;"
                   " v.play().catch(() => {}); }")
    # A play() that lands while hls.js swaps the source can be dropped by Chromium; a visitor presses
    # again, and so does the check (without waking hls.js itself: the tap above did that).
    phone.wait_for_function("() => { const v = document.querySelector('video[data-hls]');"
                            " if (v.paused && v.dataset.streaming === 'hls.js') v.play().catch(() => {});"
                            " return v.dataset.streaming === 'hls.js' && v.currentTime > 0.5; }",
                            timeout=30000, polling=500)
    assert phone.evaluate("() => document.querySelector('video[data-hls]').currentSrc").startswith("blob:")
