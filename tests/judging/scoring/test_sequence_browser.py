"""scoring.js in Chromium: opening the scoring page records where in their own order the judge met it."""
from tests.judging.scoring.test_browser import card, chromium_page, live, until  # noqa: F401  (live: fixture)


def test_opening_the_scoring_page_records_the_position(app, live, browser, make_contest, make_judge,
                                                       make_entry, make_round):
    contest = make_contest()
    judge = make_judge()
    entries = [make_entry(contest) for _ in range(3)]
    rnd = make_round(contest, [judge])
    rnd_id, judge_id, email = rnd.id, judge.id, judge.email
    second, first = entries[2].id, entries[0].id
    with chromium_page(browser) as page:
        page.goto(live + "/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", "rahasia-123")
        page.click("form button.btn-primary")
        page.goto(f"{live}/judging/rounds/{rnd_id}/entries/{first}")
        until(lambda: card(first, judge_id) is not None and card(first, judge_id).opened_position == 1)
        page.goto(f"{live}/judging/rounds/{rnd_id}/entries/{second}")
        until(lambda: card(second, judge_id) is not None and card(second, judge_id).opened_position == 2)
        page.goto(f"{live}/judging/rounds/{rnd_id}/entries/{first}")  # coming back changes nothing
        page.wait_for_timeout(300)
    assert card(first, judge_id).opened_position == 1 and card(first, judge_id).status == "draft"
