"""Which windows of a contest's timeline are open at a given instant."""
from enum import Enum

from ..core.timeutil import utcnow


class Phase(str, Enum):
    SUBMISSION = "submission"  # registration and upload share one window
    JUDGING = "judging"
    VOTING = "voting"
    ANNOUNCED = "announced"


def _within(now, start, end):
    return start is not None and end is not None and start <= now < end


def is_open(contest, phase, *, now=None):
    """True when `phase` is open: windows include their start and exclude their end."""
    now = now or utcnow()
    phase = Phase(phase)
    if phase is Phase.SUBMISSION:
        return _within(now, contest.registration_opens_at, contest.submissions_close_at)
    if phase is Phase.JUDGING:
        return _within(now, contest.judging_opens_at, contest.judging_closes_at)
    if phase is Phase.VOTING:
        return _within(now, contest.voting_opens_at, contest.voting_closes_at)
    return now >= contest.announcement_at


def timeline(contest):
    """The timeline as (key, instant) pairs in order, skipping unset optional steps."""
    steps = [
        ("registration_opens_at", contest.registration_opens_at),
        ("submissions_close_at", contest.submissions_close_at),
        ("judging_opens_at", contest.judging_opens_at),
        ("judging_closes_at", contest.judging_closes_at),
        ("voting_opens_at", contest.voting_opens_at),
        ("voting_closes_at", contest.voting_closes_at),
        ("announcement_at", contest.announcement_at),
    ]
    return [(key, at) for key, at in steps if at is not None]


def timeline_errors(values):
    """Order problems in a timeline mapping, as (field, code) pairs; empty when consistent."""
    errors = []
    order = [
        "registration_opens_at",
        "submissions_close_at",
        "judging_opens_at",
        "judging_closes_at",
    ]
    for earlier, later in zip(order, order[1:], strict=False):
        if values[earlier] and values[later] and values[later] <= values[earlier]:
            errors.append((later, f"after:{earlier}"))
    v_open, v_close = values.get("voting_opens_at"), values.get("voting_closes_at")
    if bool(v_open) != bool(v_close):
        errors.append(("voting_closes_at", "voting_pair"))
    elif v_open and v_close:
        if v_close <= v_open:
            errors.append(("voting_closes_at", "after:voting_opens_at"))
        if v_open < values["submissions_close_at"]:
            errors.append(("voting_opens_at", "after:submissions_close_at"))
    ann = values["announcement_at"]
    if ann and values["judging_closes_at"] and ann < values["judging_closes_at"]:
        errors.append(("announcement_at", "after:judging_closes_at"))
    if ann and v_close and ann < v_close:
        errors.append(("announcement_at", "after:voting_closes_at"))
    return errors
