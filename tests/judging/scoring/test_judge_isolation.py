"""A judge never sees another judge's score or note: every page and JSON answer a judge can reach is
crawled with another judge's distinctive scores, comments and timestamped notes planted."""
import re
from collections import deque

import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.judging.pairwise import services as pairwise
from contest.judging.scoring.models import Scorecard
from contest.judging.scoring.notes import add_note
from contest.judging.scoring.scorecards import save_scorecard
from tests.conftest import login, post

OTHER_VALUES = ["97.31", "12.77", "55.19", "88.43"]
OTHER_COMMENT = "CATATAN-RAHASIA-JURI-B-4471"
OTHER_DRAFT = "DRAF-RAHASIA-JURI-B-5580"
OTHER_NOTE = "NOTE-RAHASIA-B-9922"
OWN_COMMENT = "KOMENTAR-A-SENDIRI-1234"
URL = re.compile(r'(?:href|action|data-[a-z-]+-url)="(/judging[^"#?]*)')


@pytest.fixture
def world(make_contest, make_judge, make_entry, make_round, make_staff):
    contest = make_contest()
    a, b = make_judge(agency="Bawaslu"), make_judge(agency="Kesbangpol")
    entries = [make_entry(contest) for _ in range(3)]
    rnd = make_round(contest, [a, b])
    admin = make_staff("admin")
    pairwise.set_enabled(contest=contest, enabled=True, actor=admin)
    final = pairwise.create_final(rnd=rnd, entry_ids=[e.id for e in entries], actor=admin)
    db.session.commit()
    criteria = [c.id for c in rnd.criteria]
    for entry in entries[:2]:  # B submits two cards and leaves a draft, with notes on each
        save_scorecard(rnd=rnd, entry_id=entry.id, judge=b, raw_values=dict(zip(criteria, OTHER_VALUES, strict=True)),
                       comment=OTHER_COMMENT, submit=True, require_watch=False)
        add_note(rnd=rnd, entry_id=entry.id, judge=b, seconds=12.5, body=OTHER_NOTE, for_entrant=False)
    save_scorecard(rnd=rnd, entry_id=entries[2].id, judge=b, raw_values={criteria[0]: "97.31"},
                   comment=OTHER_DRAFT, require_watch=False)
    add_note(rnd=rnd, entry_id=entries[2].id, judge=b, seconds=3, body=OTHER_NOTE, for_entrant=True)
    pairwise.vote(final=final, judge=b, first_id=entries[0].id, second_id=entries[1].id, winner_id=entries[0].id)
    save_scorecard(rnd=rnd, entry_id=entries[0].id, judge=a, raw_values=dict(zip(criteria, ["70"] * 4, strict=True)),
                   comment=OWN_COMMENT, submit=True, require_watch=False)
    db.session.commit()
    b_total = db.session.scalar(select(func.max(Scorecard.total)).where(Scorecard.judge_id == b.id))
    return rnd, a, b, entries, b_total


def forbidden(b_total):
    totals = {f"{b_total:.2f}", f"{b_total:.1f}", f"{b_total:g}", f"{b_total:.2f}".replace(".", ",")}
    return [*OTHER_VALUES, *(v.replace(".", ",") for v in OTHER_VALUES), OTHER_COMMENT, OTHER_DRAFT, OTHER_NOTE,
            *totals]


def crawl(client):
    """Every /judging page reachable from the dashboard (GET), then every JSON endpoint they name (POST)."""
    seen, posts, bodies = set(), set(), {}
    queue = deque(["/judging/"])
    while queue:
        url = queue.popleft()
        if url in seen or url.startswith("/judging/invite"):
            continue
        seen.add(url)
        response = client.get(url, follow_redirects=True)
        assert response.status_code in (200, 404, 405), (url, response.status_code)
        html = response.get_data(as_text=True)
        bodies[url] = html
        for found in URL.findall(html):
            if found.endswith(("/autosave", "/opened", "/notes", "/vote", "/conflict")) or "/notes/" in found:
                posts.add(found)
            queue.append(found)
    for url in sorted(posts):
        if url.endswith("/conflict"):
            continue  # declaring a conflict would take the entry away: its GET page is crawled above
        response = post(client, url, {"body": "catatan A", "seconds": "1", "watched": "0.5"},
                        headers={"Accept": "application/json"})
        bodies[f"POST {url}"] = response.get_data(as_text=True)
    return bodies


def test_no_page_or_json_shows_another_judges_scores_or_notes(client, world):
    rnd, a, _b, entries, b_total = world
    login(client, a)
    bodies = crawl(client)
    # The crawl reached the queue, every scoring page, the pairwise final and the JSON endpoints …
    assert f"/judging/rounds/{rnd.id}" in bodies
    assert all(f"/judging/rounds/{rnd.id}/entries/{e.id}" in bodies for e in entries)
    assert any(url.startswith("/judging/pairwise/") or "/pairwise/" in url for url in bodies)
    assert any(url.startswith("POST ") and url.endswith("/autosave") for url in bodies)
    assert any(url.startswith("POST ") and url.endswith("/notes") for url in bodies)
    # … and shows the judge their own work (the check can see what it looks for).
    assert any(OWN_COMMENT in body for body in bodies.values())
    leaks = {(url, word) for url, body in bodies.items() for word in forbidden(b_total) if word in body}
    assert leaks == set()
