"""Karya Saya: an entrant's entries in the current and past editions."""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..contests.access import phase_required
from ..contests.phases import Phase, is_open
from ..contests.services import current_contest, current_contest_or_404
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..core.timeutil import utcnow
from . import hooks, services
from .forms import EntryForm
from .models import Entry

bp = Blueprint("entries", __name__, url_prefix="/entries")


def own_entry_or_404(entry_id):
    """The entry if it belongs to the logged-in entrant; 404 otherwise (no existence leak)."""
    entry = db.session.get(Entry, entry_id)
    if entry is None or entry.user_id != current_user.id:
        abort(404)
    return entry


def _contest_of_entry(entry_id):
    return own_entry_or_404(entry_id).contest


@bp.route("/")
@role_required("entrant")
def mine():
    contest = current_contest()
    entries = services.entries_of(current_user)
    now = utcnow()
    submissions_open = bool(contest and is_open(contest, Phase.SUBMISSION, now=now))
    can_create = submissions_open and (
        sum(1 for e in entries if e.contest_id == contest.id and not e.is_withdrawn)
        < contest.max_entries_per_entrant
    )
    return render_template(
        "entries/mine.html",
        contest=contest,
        entries=entries,
        can_create=can_create,
        submissions_open=submissions_open,
        not_yet_open=bool(contest and now < contest.registration_opens_at),
        **hooks.my_page_context(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required("entrant")
@phase_required(Phase.SUBMISSION)
def create():
    contest = current_contest_or_404()
    form = EntryForm()
    if form.validate_on_submit():
        created = commit_action(
            lambda: services.create_entry(contest=contest, user=current_user, title=form.title.data,
                                          synopsis=form.synopsis.data, social_url=form.social_url.data),
            success=_("Draf karya tersimpan. Lanjutkan dengan mengunggah video."),
            # Two drafts took the same entry number at once; the second may simply retry.
            conflict=_("Karya gagal disimpan karena ada pengiriman bersamaan. Silakan coba lagi."))
        if created:
            return redirect(url_for("entries.detail", entry_id=created.value.id))
    return render_template("entries/form.html", form=form, contest=contest, entry=None)


@bp.route("/<int:entry_id>")
@role_required("entrant")
def detail(entry_id):
    entry = own_entry_or_404(entry_id)
    return render_template(
        "entries/detail.html",
        entry=entry,
        contest=entry.contest,
        submissions_open=is_open(entry.contest, Phase.SUBMISSION),
        blockers=services.submission_blockers(entry),
        **hooks.entry_page_context(entry),
    )


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@role_required("entrant")
@phase_required(Phase.SUBMISSION, contest_for=lambda entry_id: _contest_of_entry(entry_id))
def edit(entry_id):
    entry = own_entry_or_404(entry_id)
    form = EntryForm(obj=entry)
    if form.validate_on_submit() and commit_action(
            lambda: services.update_entry(entry=entry, title=form.title.data, synopsis=form.synopsis.data,
                                          social_url=form.social_url.data),
            success=_("Perubahan tersimpan.")):
        return redirect(url_for("entries.detail", entry_id=entry.id))
    return render_template("entries/form.html", form=form, contest=entry.contest, entry=entry)


def _transition(entry_id, operation, success_message):
    entry = own_entry_or_404(entry_id)
    commit_action(lambda: operation(entry=entry), success=success_message)
    return redirect(url_for("entries.detail", entry_id=entry.id))


@bp.route("/<int:entry_id>/submit", methods=["POST"])
@role_required("entrant")
@phase_required(Phase.SUBMISSION, contest_for=lambda entry_id: _contest_of_entry(entry_id))
def submit(entry_id):
    return _transition(entry_id, services.submit_entry, _("Karya berhasil dikirim. Terima kasih!"))


@bp.route("/<int:entry_id>/withdraw", methods=["POST"])
@role_required("entrant")
@phase_required(Phase.SUBMISSION, contest_for=lambda entry_id: _contest_of_entry(entry_id))
def withdraw(entry_id):
    return _transition(entry_id, services.withdraw_entry, _("Karya telah ditarik dari sayembara."))
