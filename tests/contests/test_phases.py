"""Timeline windows at their exact edges, for a deadline of "pukul 23.59 WITA".

Windows include their start and exclude their end: a deadline of 23.59 WITA closes at
23:59:00.000 WITA (15:59 UTC), the instant the countdown on the page reaches zero.
"""
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from contest.contests.models import Contest
from contest.contests.phases import Phase, is_open, timeline, timeline_errors
from contest.core.extensions import db

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")
TICK = timedelta(microseconds=1)

TIMELINE = {
    "registration_opens_at": datetime(2024, 11, 4, 8, 0, tzinfo=WITA),
    "submissions_close_at": datetime(2024, 11, 27, 23, 59, tzinfo=WITA),
    "judging_opens_at": datetime(2024, 12, 1, 8, 0, tzinfo=WITA),
    "judging_closes_at": datetime(2024, 12, 7, 23, 59, tzinfo=WITA),
    "voting_opens_at": datetime(2024, 12, 1, 8, 0, tzinfo=WITA),
    "voting_closes_at": datetime(2024, 12, 7, 23, 59, tzinfo=WITA),
    "announcement_at": datetime(2024, 12, 14, 10, 0, tzinfo=WITA),
}
WINDOWS = {
    Phase.SUBMISSION: ("registration_opens_at", "submissions_close_at"),
    Phase.JUDGING: ("judging_opens_at", "judging_closes_at"),
    Phase.VOTING: ("voting_opens_at", "voting_closes_at"),
}


def contest(**overrides):
    return SimpleNamespace(**{**TIMELINE, **overrides})


def test_the_deadline_is_2359_wita_which_is_1559_utc():
    assert TIMELINE["submissions_close_at"] == datetime(2024, 11, 27, 15, 59, tzinfo=UTC)


@pytest.mark.parametrize("phase", list(WINDOWS))
def test_window_edges(phase):
    start_key, end_key = WINDOWS[phase]
    start, end = TIMELINE[start_key], TIMELINE[end_key]
    c = contest()
    assert not is_open(c, phase, now=start - TICK)
    assert is_open(c, phase, now=start)
    assert is_open(c, phase, now=end - TICK)
    assert not is_open(c, phase, now=end)
    assert not is_open(c, phase, now=end + timedelta(seconds=1))


def test_submission_edges_seen_from_utc_and_from_another_zone():
    c = contest()
    assert is_open(c, Phase.SUBMISSION, now=datetime(2024, 11, 27, 15, 58, 59, 999999, tzinfo=UTC))
    assert not is_open(c, Phase.SUBMISSION, now=datetime(2024, 11, 27, 15, 59, tzinfo=UTC))
    # 22.59 WIB (Jakarta) is the same instant as 23.59 WITA.
    assert is_open(c, Phase.SUBMISSION, now=datetime(2024, 11, 27, 22, 58, 59, tzinfo=WIB))
    assert not is_open(c, Phase.SUBMISSION, now=datetime(2024, 11, 27, 22, 59, tzinfo=WIB))
    # A visitor's "23.59 on the 27th" in UTC is long after the WITA deadline.
    assert not is_open(c, Phase.SUBMISSION, now=datetime(2024, 11, 27, 23, 58, tzinfo=UTC))


def test_announcement_opens_at_its_instant_and_stays_open():
    c = contest()
    at = TIMELINE["announcement_at"]
    assert not is_open(c, Phase.ANNOUNCED, now=at - TICK)
    assert is_open(c, Phase.ANNOUNCED, now=at)
    assert is_open(c, Phase.ANNOUNCED, now=at + timedelta(days=365))


def test_voting_without_dates_is_never_open():
    c = contest(voting_opens_at=None, voting_closes_at=None)
    assert not is_open(c, Phase.VOTING, now=TIMELINE["judging_opens_at"])


def test_phase_names_are_accepted_as_strings():
    assert is_open(contest(), "submission", now=TIMELINE["registration_opens_at"])
    with pytest.raises(ValueError):
        is_open(contest(), "nap", now=TIMELINE["registration_opens_at"])


def test_without_now_the_current_instant_is_used():
    now = datetime.now(UTC)
    c = contest(registration_opens_at=now - timedelta(minutes=1), submissions_close_at=now + timedelta(minutes=1))
    assert is_open(c, Phase.SUBMISSION)
    c = contest(registration_opens_at=now - timedelta(minutes=2), submissions_close_at=now - timedelta(seconds=1))
    assert not is_open(c, Phase.SUBMISSION)


def test_stored_deadlines_come_back_as_the_same_aware_instant(make_contest):
    saved = make_contest(**TIMELINE)
    db.session.expire_all()
    loaded = db.session.get(Contest, saved.id)
    assert loaded.submissions_close_at == TIMELINE["submissions_close_at"]
    assert loaded.submissions_close_at.tzinfo is not None
    assert not is_open(loaded, Phase.SUBMISSION, now=TIMELINE["submissions_close_at"])
    assert is_open(loaded, Phase.SUBMISSION, now=TIMELINE["submissions_close_at"] - TICK)


def test_naive_datetimes_are_refused_by_the_database(make_contest):
    with pytest.raises(Exception, match="naive"):
        make_contest(submissions_close_at=datetime(2024, 11, 27, 23, 59))
    db.session.rollback()


def test_timeline_lists_steps_in_order_and_skips_unset_voting():
    keys = [key for key, _ in timeline(contest())]
    assert keys == list(TIMELINE)
    keys = [key for key, _ in timeline(contest(voting_opens_at=None, voting_closes_at=None))]
    assert "voting_opens_at" not in keys and len(keys) == 5


def test_a_consistent_timeline_has_no_errors():
    assert timeline_errors(dict(TIMELINE)) == []
    assert timeline_errors({**TIMELINE, "voting_opens_at": None, "voting_closes_at": None}) == []


@pytest.mark.parametrize(
    "changes,expected",
    [
        ({"submissions_close_at": TIMELINE["registration_opens_at"]},
         ("submissions_close_at", "after:registration_opens_at")),
        ({"judging_opens_at": TIMELINE["submissions_close_at"] - timedelta(hours=1)},
         ("judging_opens_at", "after:submissions_close_at")),
        ({"judging_closes_at": TIMELINE["judging_opens_at"]},
         ("judging_closes_at", "after:judging_opens_at")),
        ({"voting_closes_at": None}, ("voting_closes_at", "voting_pair")),
        ({"voting_opens_at": TIMELINE["submissions_close_at"] - TICK},
         ("voting_opens_at", "after:submissions_close_at")),
        ({"voting_closes_at": TIMELINE["voting_opens_at"]}, ("voting_closes_at", "after:voting_opens_at")),
        ({"announcement_at": TIMELINE["judging_closes_at"] - TICK},
         ("announcement_at", "after:judging_closes_at")),
    ],
)
def test_timeline_order_errors(changes, expected):
    assert expected in timeline_errors({**TIMELINE, **changes})


def test_announcement_after_voting():
    late_voting = TIMELINE["announcement_at"] + timedelta(days=1)
    errors = timeline_errors({**TIMELINE, "voting_closes_at": late_voting})
    assert ("announcement_at", "after:voting_closes_at") in errors
