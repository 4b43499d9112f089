"""The one-click moves of the timeline, over hand-made editions: consistent, or refused with a reason."""
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from contest.contests.phase_actions import moves
from contest.core.errors import DomainError

NOW = datetime(2029, 3, 1, 4, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def edition(**overrides):
    values = {"registration_opens_at": NOW - 7 * DAY, "submissions_close_at": NOW + 2 * DAY,
              "judging_opens_at": NOW + 3 * DAY, "judging_closes_at": NOW + 5 * DAY, "voting_opens_at": None,
              "voting_closes_at": None, "announcement_at": NOW + 6 * DAY}
    return SimpleNamespace(**{**values, **overrides})


def test_close_submissions_moves_only_the_deadline():
    new = moves(edition(), "close_submissions", now=NOW)
    assert new["submissions_close_at"] == NOW and new["judging_opens_at"] == NOW + 3 * DAY


def test_open_judging_closes_submissions_just_before():
    new = moves(edition(), "open_judging", now=NOW)
    assert new["judging_opens_at"] == NOW and new["submissions_close_at"] < NOW


def test_announce_closes_judging_and_the_vote():
    new = moves(edition(judging_opens_at=NOW - DAY, submissions_close_at=NOW - 2 * DAY,
                        voting_opens_at=NOW - DAY, voting_closes_at=NOW + DAY), "announce", now=NOW)
    assert new["announcement_at"] == new["judging_closes_at"] == new["voting_closes_at"] == NOW


@pytest.mark.parametrize("action,overrides,message", [
    ("close_submissions", {"registration_opens_at": NOW + DAY}, "belum dibuka"),
    ("close_submissions", {"submissions_close_at": NOW - DAY}, "sudah ditutup"),
    ("open_judging", {"judging_opens_at": NOW - DAY}, "sudah dibuka"),
    ("announce", {"announcement_at": NOW - DAY}, "sudah diumumkan"),
    ("announce", {"voting_opens_at": NOW + DAY, "voting_closes_at": NOW + 2 * DAY}, "belum berlangsung"),
    ("announce", {}, "buka penjurian lebih dulu"),
    ("tidak-ada", {}, "tidak dikenal"),
])
def test_refusals_say_why(app, action, overrides, message):
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        moves(edition(**overrides), action, now=NOW)
    assert message in refused.value.message
