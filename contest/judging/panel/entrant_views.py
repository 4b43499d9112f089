"""The entrant's side of the panel: the declared crew of an entry, matched against judges' affiliations."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...contests.phases import Phase, is_open
from ...core.errors import DomainError
from ...core.extensions import db
from ...core.http.access import role_required
from ...entries.views import own_entry_or_404
from . import crew

bp = Blueprint("entry_crew", __name__, url_prefix="/entries")


@bp.app_template_global("entry_crew")
def entry_crew(entry):
    return crew.crew_of(entry.id)


@bp.app_template_global("crew_roles")
def crew_roles():
    return crew.CREW_ROLES


@bp.route("/<int:entry_id>/crew", methods=["GET", "POST"])
@role_required("entrant")
def edit(entry_id):
    entry = own_entry_or_404(entry_id)
    editable = is_open(entry.contest, Phase.SUBMISSION) and not entry.is_withdrawn
    rows = [(request.form.get(f"name{i}", ""), request.form.get(f"role{i}", "")) for i in range(crew.MAX_CREW)]
    if request.method == "POST" and editable:
        try:
            crew.save_crew(entry=entry, rows=rows)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
            return render_template("judging/crew_form.html", entry=entry, rows=rows, roles=crew.CREW_ROLES,
                                   editable=editable), 422
        flash(_("Daftar kru tersimpan."), "success")
        return redirect(url_for("entries.detail", entry_id=entry.id) + "#crew")
    current = [(m.name, m.role) for m in crew.crew_of(entry.id)]
    current += [("", "")] * (crew.MAX_CREW - len(current))
    return render_template("judging/crew_form.html", entry=entry, rows=current, roles=crew.CREW_ROLES,
                           editable=editable)
