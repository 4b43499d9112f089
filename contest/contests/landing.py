"""Committee landing pages open the current edition's page of a feature."""
from flask import flash, redirect, url_for
from flask_babel import gettext as _

from .services import current_contest


def to_current_contest(endpoint, **values):
    """Redirect to `endpoint` for the current edition, or to the edition list if there is none."""
    contest = current_contest()
    if contest is None:
        flash(_("Buat edisi sayembara terlebih dahulu."), "warning")
        return redirect(url_for("admin.contests"))
    return redirect(url_for(endpoint, contest_id=contest.id, **values))
