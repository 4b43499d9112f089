"""scoring.js in Chromium: live weighted total, level bands, autosave, watched share, confirmation."""
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from contest.core.extensions import db
from contest.demo.judging import attach_demo_videos
from contest.judging.rounds.weights import Criterion, weighted_total
from contest.judging.scoring.models import Scorecard

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def live(app):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make browser-deps` (apt-get install chromium)")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    name = app.config["SERVER_NAME"]
    app.config["SERVER_NAME"] = None
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.config["SERVER_NAME"] = name


@contextmanager
def chromium_page(browser):
    """A laptop-sized page in the suite's shared Chromium; page errors fail the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="id-ID")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, errors


def until(check, timeout=20.0):
    """Poll from Python: the page's CSP forbids the eval Playwright's wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def card(entry_id, judge_id):
    db.session.expire_all()
    return db.session.scalar(select(Scorecard).where(Scorecard.entry_id == entry_id, Scorecard.judge_id == judge_id))


def test_judge_scores_in_the_browser(app, live, browser, tmp_path, make_contest, make_judge, make_entry, make_round):
    contest = make_contest()
    judge = make_judge()
    entries = [make_entry(contest, video=False, title=f"Karya {n}") for n in (1, 2)]
    assert attach_demo_videos(entries, workdir=tmp_path) == 2
    db.session.commit()
    rnd = make_round(contest, [judge])
    rnd_id, criteria = rnd.id, [(c.id, c.weight, c.scale_min, c.scale_max, c.counted) for c in rnd.criteria]
    entry_ids, judge_id, email = [e.id for e in entries], judge.id, judge.email
    with chromium_page(browser) as page:  # database checks read what the server committed
        run_session(page, live, rnd_id, criteria, entry_ids, judge_id, email)


def run_session(page, live, rnd_id, criteria, entry_ids, judge_id, email):
    page.goto(live + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "rahasia-123")
    page.click("form button.btn-primary")
    page.goto(f"{live}/judging/rounds/{rnd_id}/entries/{entry_ids[0]}")
    assert "0 dari 2 dinilai" in page.inner_text("main")

    values = [85, 72, 90, 64]
    inputs = page.locator("input.score-input")
    for i, v in enumerate(values[:3]):
        inputs.nth(i).fill(str(v))
    assert page.inner_text("#weighted-total") == "—"  # a counted criterion is still empty
    inputs.nth(3).fill(str(values[3]))
    pure = [Criterion(*c) for c in criteria]
    expected = weighted_total({c.id: v for c, v in zip(pure, values, strict=False)}, pure)
    assert page.inner_text("#weighted-total") == f"{expected:.2f}"
    # The formula beside the total, with this card's numbers, ends with the same total.
    terms = page.inner_text("#total-terms")
    first = pure[0]
    assert f"{first.weight:g}% × (85 − {first.scale_min:g}) ÷ {first.scale_max - first.scale_min:g}" in terms
    assert terms.endswith(f"= {expected:.2f}")
    band = page.locator("fieldset[data-criterion]").nth(0).locator("li.level.active")
    assert "Sangat baik" in band.inner_text()
    page.fill("textarea[name=comment]", "Pesan kuat.")
    until(lambda: "tersimpan" in page.inner_text("#autosave-status"))
    assert page.inner_text("#autosave-status").endswith(" WITA")  # the contest's clock, not the laptop's
    draft = card(entry_ids[0], judge_id)
    assert draft.status == "draft" and [draft.values()[c.id] for c in pure] == values
    assert draft.comment == "Pesan kuat."

    # Submitting without watching asks first; declining keeps the page, accepting records it.
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    page.click("button[value=submit_next]")
    page.wait_for_timeout(300)
    assert "0%" in messages[0] and card(entry_ids[0], judge_id).status == "draft"
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.click("button[value=submit_next]")
    page.wait_for_url(f"**/entries/{entry_ids[1]}")
    submitted = card(entry_ids[0], judge_id)
    assert submitted.status == "submitted" and submitted.submitted_unwatched
    assert "1 dari 2 dinilai" in page.inner_text("main")

    # Watching (fast) fills the watched share; then submitting asks nothing.
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.playbackRate = 16;"
                  " return v.play(); }")
    until(lambda: float(page.input_value("input[name=watched]")) > 0.85)
    page.evaluate("() => document.querySelector('video').pause()")
    for i in range(4):
        page.locator("input.score-input").nth(i).fill("60")
    unexpected = []
    page.on("dialog", lambda d: (unexpected.append(d.message), d.dismiss()))
    with page.expect_navigation():
        page.click("button[value=submit]")
    assert not unexpected
    watched = card(entry_ids[1], judge_id)
    assert watched.status == "submitted" and not watched.submitted_unwatched and watched.watched > 0.85


def test_a_stale_tab_is_told_and_reloaded(app, live, browser, make_contest, make_judge, make_entry, make_round):
    """Two tabs on one card: the first submits 90s; the second's autosave (10s) gets 409, the page says
    so in Indonesian and reloads with the submitted card read-only; the score stays 90."""
    contest = make_contest()
    judge = make_judge()
    entry = make_entry(contest)  # a ready video row (no file: the player stays empty)
    rnd = make_round(contest, [judge])
    url = f"{live}/judging/rounds/{rnd.id}/entries/{entry.id}"
    email, entry_id, judge_id = judge.email, entry.id, judge.id
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    errors = []
    try:
        first, second = context.new_page(), context.new_page()
        for page in (first, second):
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("dialog", lambda dialog: dialog.accept())  # "submit without watching?" — yes
        first.goto(live + "/login")
        first.fill("input[name=email]", email)
        first.fill("input[name=password]", "rahasia-123")
        first.click("form button.btn-primary")
        first.wait_for_url("**/judging/**")
        first.goto(url)
        second.goto(url)  # both tabs start from the empty card (version 0)
        inputs = first.locator("input.score-input")
        for i in range(inputs.count()):
            inputs.nth(i).fill("90")
        first.click("button[value=submit]")
        until(lambda: card(entry_id, judge_id) is not None and card(entry_id, judge_id).status == "submitted")

        second.locator("input.score-input").nth(0).fill("10")
        until(lambda: "tab atau perangkat lain" in second.inner_text("#autosave-status"))
        second.wait_for_selector('#score-form[data-submitted="1"]', timeout=20_000)  # reloaded from the server
        assert "Ubah nilai" in second.inner_text("main")
        assert second.locator("input.score-input").nth(0).input_value() == "90"
    finally:
        context.close()
    assert not errors, errors
    stored = card(entry_id, judge_id)
    assert stored.status == "submitted" and set(stored.values().values()) == {90}
