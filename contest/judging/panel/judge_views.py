"""A judge's own declared affiliations (organisations and people), matched against crews before assignment."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...core.errors import DomainError
from ...core.extensions import db
from ...core.http.access import role_required
from .crew import affiliations_of, save_affiliations

bp = Blueprint("judge_affiliations", __name__, url_prefix="/judging")


@bp.route("/affiliations", methods=["GET", "POST"])
@role_required("judge")
def edit():
    """A judge declares organisations and people they are related to (conflicts of interest)."""
    judge = current_user._get_current_object()
    if request.method == "POST":
        try:
            save_affiliations(judge=judge, orgs_text=request.form.get("orgs"), people_text=request.form.get("people"),
                              actor=judge)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            flash(_("Daftar keterkaitan Anda tersimpan."), "success")
            return redirect(url_for("judging.dashboard"))
    rows = affiliations_of(judge.id)
    return render_template("judging/affiliations.html", judge=judge, back=url_for("judging.dashboard"),
                           orgs="\n".join(a.name for a in rows if a.kind == "org"),
                           people="\n".join(a.name for a in rows if a.kind == "person"))
