"""Keyboard only: the upload, scoring and voting flows with Tab, Enter, Space and typing.

At every step the focused element must show a focus ring (an outline or a box-shadow; WCAG
2.4.7) and be on screen (2.4.11); Tab must keep advancing through distinct elements until it
leaves the page through the footer (no trap, 2.1.2); and each flow must reach its end.
"""
import subprocess

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select

from contest.accounts.services import find_user_by_email
from contest.core.extensions import db
from contest.judging.scoring.models import Scorecard
from tests.browser.conftest import SCREENSHOTS
from tests.browser.site import JUDGE, vote_code

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    if (!el.dataset.kb) el.dataset.kb = String((window.__kb = (window.__kb || 0) + 1));
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // Tab inside <video controls> moves through the browser's own buttons (a closed shadow tree
    // that draws its own ring): the host then keeps activeElement but no longer matches :focus.
    const native = (el.tagName === 'VIDEO' || el.tagName === 'AUDIO') && !el.matches(':focus');
    return {
        native,
        key: el.dataset.kb,
        what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '')
              + ' "' + (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().slice(0, 40) + '"',
        ring: native || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
              || (style.boxShadow && style.boxShadow !== 'none'),
        onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
        inFooter: !!el.closest('footer'),
    };
}"""


ON_SCREEN = """() => { const box = document.activeElement.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth; }"""


@pytest.fixture(autouse=True)
def _clean_state():
    """Overrides the per-test wipe: this module's tests share one seeded site."""
    yield


def press_tab(page):
    """Tab once; the newly focused element, checked for a visible ring on screen."""
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUSED)
    assert focus is not None, "Tab left the focus on the page body"
    assert focus["ring"], f"no visible focus ring on {focus['what']}"
    if not focus["onScreen"]:  # Bootstrap scrolls smoothly: give the scroll time to arrive
        try:
            page.wait_for_function(ON_SCREEN, timeout=3000)
        except PlaywrightTimeout:
            pytest.fail(f"focused element stays off screen or hidden: {focus['what']}")
    return focus


def tab_to(page, selector, limit=120):
    """Tab (checking every stop) until the element matching selector has the focus."""
    for _ in range(limit):
        focus = press_tab(page)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return focus
    pytest.fail(f"{selector} was not reached with {limit} presses of Tab")


def walk_to_footer(page, limit=400):
    """From the top of a freshly loaded page, Tab to the footer: every stop new, ring visible."""
    seen = []
    for _ in range(limit):
        focus = press_tab(page)
        inside_player = focus["native"] and seen and seen[-1] == focus["key"]
        if not inside_player:
            assert focus["key"] not in seen, f"focus came back to {focus['what']}: trapped after {len(seen)} stops"
            seen.append(focus["key"])
        if focus["inFooter"]:
            return len(seen)
    pytest.fail(f"the footer was not reached after {limit} presses of Tab")


def shot_path(name):
    """Where a viewport-sized screenshot of the focus goes (SCREENSHOT_DIR)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def clip(path, seconds=3):
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=320x240:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                    "-shortest", str(path)], check=True, stdin=subprocess.DEVNULL, timeout=60)
    return path


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_every_page_of_the_flows_can_be_tabbed_through_to_the_footer(role_page, base, site, viewport):
    for role, url in (("anonymous", f"/c/{site.slug}/video-terfavorit"),
                      ("anonymous", f"/vote/{site.candidate_id}"),
                      ("uploader", f"/entries/{site.upload_entry_id}"),
                      ("entrant", f"/entries/{site.entry_id}"),
                      ("judge", f"/judging/rounds/{site.scoring_round_id}/entries/{site.score_entry_id}")):
        page = role_page(role, viewport)
        page.goto(base + url)
        assert walk_to_footer(page) > 3, url


def test_upload_with_the_keyboard(role_page, base, site, tmp_path):
    page = role_page("uploader")
    page.goto(f"{base}/entries/{site.upload_entry_id}")
    tab_to(page, "#video-file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(clip(tmp_path / "karya.mp4")))
    assert page.is_enabled("[data-role=start]")
    tab_to(page, "[data-role=start]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Unggahan selesai. Video sedang diproses…", timeout=30_000)


def test_score_with_the_keyboard_and_go_to_the_next_entry(role_page, base, site):
    page = role_page("judge")
    page.goto(f"{base}/judging/rounds/{site.scoring_round_id}/entries/{site.score_entry_id}")
    inputs = page.eval_on_selector_all("input.score-input", "els => els.map(e => e.id)")
    assert len(inputs) == 4
    for n, input_id in enumerate(inputs):
        tab_to(page, f"#{input_id}")
        page.keyboard.type(str(70 + n))
        if n == 0:
            page.screenshot(path=str(shot_path("keyboard-scoring-focus")))
    tab_to(page, "textarea[name=comment]")
    page.keyboard.type("Pesan jelas dan kuat.")
    tab_to(page, "button[value=submit_next]")
    # Nobody watched the video here: the browser's own dialog asks first; OK is its default
    # button, what Enter presses (Playwright answers dialogs through this handler).
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert asked and "video" in asked[0]
    assert f"/entries/{site.score_entry_id}" not in page.url and "/entries/" in page.url
    assert page.locator(".alert-success").count() == 1
    db.session.expire_all()
    card = db.session.scalar(select(Scorecard).where(Scorecard.entry_id == site.score_entry_id,
                                                     Scorecard.round_id == site.scoring_round_id,
                                                     Scorecard.judge_id == find_user_by_email(JUDGE).id))
    assert card.is_submitted and sorted(card.values().values()) == [70, 71, 72, 73]


def test_vote_with_the_keyboard(role_page, base, site):
    page = role_page("anonymous", "laptop")
    page.goto(f"{base}/c/{site.slug}/video-terfavorit")
    tab_to(page, f"#vote-email-{site.candidate_id}")
    page.keyboard.type("pemilih.keyboard@example.go.id")
    tab_to(page, f"form[action='/vote/{site.candidate_id}/start'] button")
    page.screenshot(path=str(shot_path("keyboard-vote-focus")))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/vote/confirm")
    tab_to(page, "input[name=code]")
    page.keyboard.type(vote_code("pemilih.keyboard@example.go.id"))
    tab_to(page, "main form button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/vote/thanks")
