"""@phase_required: a view works only while a window of the contest's timeline is open."""
from functools import wraps

from flask import render_template

from .phases import Phase, is_open
from .services import current_contest_or_404


def phase_required(phase, *, contest_for=None):
    """Refuse (403 with an explanation) when `phase` is closed for the view's contest.

    `contest_for(**view_kwargs)` finds the contest; by default the current edition.
    """
    phase = Phase(phase)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            contest = contest_for(**kwargs) if contest_for else current_contest_or_404()
            if not is_open(contest, phase):
                return render_template("errors/phase_closed.html", contest=contest, phase=phase.value), 403
            return view(*args, **kwargs)

        return wrapped

    return decorator
