"""Committee page for the public side: the all-entries switch and the jury's public notes."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..contests.models import Contest
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..entries.models import Entry
from . import publication, services
from .forms import GallerySettingsForm, WinnerNoteForm

bp = Blueprint("gallery_admin", __name__, url_prefix="/admin/gallery")


def _contest_or_404(contest_id):
    return db.session.get(Contest, contest_id) or abort(404)


def _back(contest):
    return redirect(url_for("gallery_admin.contest", contest_id=contest.id))


@bp.get("/contests/<int:contest_id>")
@role_required("admin")
def contest(contest_id):
    contest = _contest_or_404(contest_id)
    settings = services.settings_for(contest)
    rnd, awards = services.awards_with_notes(contest)
    note_forms = [(award, WinnerNoteForm(formdata=None, note=note, prefix=f"n{award.entry_id}"))
                  for award, note in awards]
    return render_template(
        "gallery/admin.html", contest=contest, rnd=rnd, note_forms=note_forms,
        settings_form=_settings_form(settings),
        pub=publication.publication(contest))


def _settings_form(settings):
    """The switch and the banner, with the default wording shown as the placeholder of empty fields."""
    form = GallerySettingsForm(formdata=None, show_all_entries=settings.show_all_entries,
                               banner_title=settings.banner_title or "", banner_text=settings.banner_text or "")
    form.banner_title.render_kw = {"placeholder": str(services.DEFAULT_BANNER_TITLE)}
    form.banner_text.render_kw = {"rows": 3, "placeholder": str(services.DEFAULT_BANNER_TEXT)}
    return form


@bp.post("/contests/<int:contest_id>/settings")
@role_required("admin")
def save_settings(contest_id):
    contest = _contest_or_404(contest_id)
    form = GallerySettingsForm()
    if not form.validate_on_submit():
        abort(400)
    commit_action(lambda: (services.set_show_all_entries(contest=contest, show=form.show_all_entries.data,
                                                         actor=current_user),
                           services.set_banner(contest=contest, title=form.banner_title.data,
                                               text=form.banner_text.data, actor=current_user)),
                  success=_("Pengaturan galeri tersimpan."))
    return _back(contest)


@bp.post("/contests/<int:contest_id>/notes/<int:entry_id>")
@role_required("admin")
def save_note(contest_id, entry_id):
    contest = _contest_or_404(contest_id)
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.contest_id != contest.id:
        abort(404)
    form = WinnerNoteForm(prefix=f"n{entry.id}")
    if not form.validate_on_submit():
        flash(" ".join(form.note.errors) or _("Catatan tidak dapat disimpan."), "danger")
        return _back(contest)
    commit_action(lambda: services.save_winner_note(entry=entry, note=form.note.data, actor=current_user),
                  success=_("Catatan juri untuk “%(title)s” tersimpan.", title=entry.title))
    return _back(contest)
