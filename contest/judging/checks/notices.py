"""What the administrative check tells the entrant: the outcome, the reason and any fix deadline."""
from ...contests.timefmt import format_deadline
from ...notifications.notify import link, notify, settings_for

CHECK_OUTCOME_WORDS = {"pass": "Diterima", "fail": "Ditolak", "needs_fix": "Perlu Perbaikan"}


def check_result(*, entry, outcome, reason):
    """The administrative check's outcome for the entrant, with the note and the deadline to fix."""
    contest = entry.contest
    deadline = settings_for(contest).fix_deadline or contest.submissions_close_at
    return notify(kind="admin_check_result", contest=contest, user=entry.user, kode_karya=entry.code,
                  judul=entry.title, hasil=CHECK_OUTCOME_WORDS.get(outcome, outcome), alasan=reason or "-",
                  batas_perbaikan=format_deadline(deadline, contest.timezone) if outcome == "needs_fix" else "-",
                  tautan=link("entries.detail", entry_id=entry.id))
