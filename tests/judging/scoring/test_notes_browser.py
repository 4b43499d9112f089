"""notes.js in Chromium: pause, "Catatan di mm:ss" (and the N shortcut), click a note, the video seeks."""
import os
from pathlib import Path

from sqlalchemy import select

from contest.core.extensions import db
from contest.demo.judging import attach_demo_videos
from contest.judging.scoring.models import JudgeNote
from tests.judging.scoring.test_browser import chromium_page, live, until  # noqa: F401  (live: a fixture)

SHOTS = os.environ.get("SHOTS_DIR")  # e.g. /work/helpers/shots/i10a: screenshots for the closing note


def notes_of(judge_id):
    db.session.expire_all()
    return db.session.scalars(select(JudgeNote).where(JudgeNote.judge_id == judge_id).order_by(JudgeNote.seconds)).all()


def test_note_at_the_paused_moment_and_seek_back(app, live, browser, tmp_path, make_contest, make_judge,
                                                 make_entry, make_round):
    contest = make_contest()
    judge = make_judge()
    entry = make_entry(contest, video=False, title="Netral Itu Keren")
    assert attach_demo_videos([entry], workdir=tmp_path) == 1
    db.session.commit()
    rnd = make_round(contest, [judge])
    url, judge_id, email = f"{live}/judging/rounds/{rnd.id}/entries/{entry.id}", judge.id, judge.email
    with chromium_page(browser) as page:
        page.goto(live + "/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", "rahasia-123")
        page.click("form button.btn-primary")
        page.goto(url)
        assert "tekan N" in page.inner_text("#notes")  # the shortcut is documented on the page
        until(lambda: page.evaluate("() => document.querySelector('video').readyState") >= 1)
        duration = page.evaluate("() => document.querySelector('video').duration")
        assert duration > 8

        # Pause at 3.4 s and write the note with the button.
        page.evaluate("() => { const v = document.querySelector('video'); v.currentTime = 3.4; v.pause(); }")
        until(lambda: page.inner_text("[data-note-time]") == "0:03")
        page.fill("#note-body", "Warna bendera di latar mirip warna partai.")
        page.click("[data-note-add]")
        until(lambda: page.locator("[data-note-list] li").count() == 1)
        assert page.inner_text("[data-note-list] li [data-seek]") == "0:03"

        # The N shortcut (focus outside a text field): pauses the playing video and opens the note.
        page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.currentTime = 6.2;"
                      " return v.play(); }")
        page.locator("h1").click()
        page.keyboard.press("n")
        assert page.evaluate("() => document.querySelector('video').paused")
        assert page.evaluate("() => document.activeElement.id") == "note-body"
        at = page.evaluate("() => document.querySelector('video').currentTime")
        page.keyboard.type("Narasi penutup kuat.")
        page.keyboard.press("Control+Enter")
        until(lambda: page.locator("[data-note-list] li").count() == 2)
        notes = notes_of(judge_id)
        assert [n.body for n in notes] == ["Warna bendera di latar mirip warna partai.", "Narasi penutup kuat."]
        assert abs(notes[0].seconds - 3.4) < 0.05 and abs(notes[1].seconds - at) < 0.05

        # Typing "n" inside a text field is just a letter.
        page.fill("#note-body", "")
        page.locator("#note-body").type("n")
        assert page.input_value("#note-body") == "n"
        page.fill("#note-body", "")

        # Clicking a note seeks the video there (paused stays paused).
        page.evaluate("() => { const v = document.querySelector('video'); v.currentTime = 1; v.pause(); }")
        page.locator("[data-note-list] li [data-seek]").nth(1).click()
        until(lambda: abs(page.evaluate("() => document.querySelector('video').currentTime") - notes[1].seconds) < 0.1)
        assert page.evaluate("() => document.querySelector('video').paused")
        page.locator("[data-note-list] li [data-seek]").nth(0).click()
        until(lambda: abs(page.evaluate("() => document.querySelector('video').currentTime") - 3.4) < 0.1)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.set_viewport_size({"width": 1280, "height": 800})
            page.locator("#note-body").fill("Musik latar — perlu dicek hak ciptanya.")
            page.screenshot(path=f"{SHOTS}/scoring-notes-laptop.png")
            page.screenshot(path=f"{SHOTS}/scoring-notes-laptop-full.png", full_page=True)
