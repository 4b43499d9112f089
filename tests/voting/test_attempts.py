"""The vote code's wrong-attempt limit holds under parallel guesses.

Each guess first claims an attempt in one UPDATE … WHERE attempts < limit, and only a claimed
attempt compares the code: 20 parallel wrong guesses compare at most VOTE_CODE_ATTEMPTS codes,
on the SQLite file of the suite and on PostgreSQL (TEST_DATABASE_URL).
"""
from collections import Counter

from sqlalchemy import select

from contest.core.extensions import db
from contest.voting.models import VoteChallenge
from tests.conftest import text_of
from tests.judging.scoring.test_concurrency import run_together
from tests.voting.helpers import code_in
from tests.voting.test_views import confirm, outbox, start, visitor, vote_setup, votes  # noqa: F401  (fixtures)

GUESSES = 20


def outcome(client, response):
    """'checked: N left', 'checked: last' or 'refused' (no code compared) for one guess."""
    text = text_of(client.get(response.location)) if response.status_code == 302 else text_of(response)
    if "Sisa percobaan" in text:
        return "checked: " + text.split("Sisa percobaan:")[1].split(".")[0].strip() + " left"
    if "Kode salah terlalu sering" in text:
        return "checked: last"
    assert "tidak berlaku" in text or "Tidak ada kode yang menunggu" in text, text[:300]
    return "refused"


def test_parallel_wrong_guesses_compare_at_most_the_limit(app, vote_setup, outbox):
    _, entry, _, _ = vote_setup()
    owner = visitor(app)
    start(owner, entry, "tono@example.go.id")
    code = code_in(outbox()[0])
    wrong = "111111" if code != "111111" else "222222"
    limit = app.config["VOTE_CODE_ATTEMPTS"]
    cookie = owner.get_cookie("session").value
    guessers = []
    for n in range(GUESSES):  # the same browser session (its challenge token), each from its own address
        client = visitor(app, ip=f"198.51.100.{n + 1}")
        client.set_cookie("session", cookie, domain="localhost")
        guessers.append(client)
    results = run_together([lambda c=c: confirm(c, wrong) for c in guessers])
    assert all(getattr(r, "status_code", None) in (302, 400) for r in results), results
    seen = Counter(outcome(c, r) for c, r in zip(guessers, results, strict=True))
    checked = sum(n for name, n in seen.items() if name.startswith("checked"))
    assert checked <= limit, seen
    assert all(n == 1 for name, n in seen.items() if name.startswith("checked")), seen  # no attempt counted twice
    db.session.expire_all()
    challenge = db.session.scalar(select(VoteChallenge))
    assert challenge.attempts == checked == limit and challenge.closed_at is not None
    assert confirm(owner, code).status_code == 400 and votes() == []  # the right code is dead too
