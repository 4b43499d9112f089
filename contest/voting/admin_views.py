"""Committee pages of the public vote: settings, candidates, counts and timeline, anomalies, voiding."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..contests.landing import to_current_contest
from ..contests.models import Contest
from ..core.extensions import db
from ..core.http.access import role_required
from ..core.http.actions import commit_action
from ..core.http.redirects import safe_next
from ..core.timeutil import utcnow
from ..entries.models import Entry, EntryStatus
from ..judging.checks.models import AdminCheck
from ..judging.results.charts import bars
from ..judging.rounds.windows import admin_check_round
from . import anomalies
from . import services as voting
from .forms import CandidatesForm, FavouriteForm, VoteActionForm, VotingSettingsForm
from .models import Vote

bp = Blueprint("voting_admin", __name__, url_prefix="/admin/voting")
VOTE_LIST_LIMIT = 500


def _contest_or_404(contest_id):
    return db.session.get(Contest, contest_id) or abort(404)


def _run(operation, success, target):
    """Service call → one commit → flash → redirect; a DomainError becomes a flash."""
    commit_action(operation, success=success)
    return redirect(target)


def _form_errors(form):
    for errors in form.errors.values():
        for error in errors:
            flash(error, "danger")


@bp.route("/")
@role_required("admin")
def index():
    return to_current_contest("voting_admin.overview")


def _timeline(contest, now):
    """Per-entry bar geometry of counted votes over the window so far (None before it opens)."""
    start, end = contest.voting_opens_at, contest.voting_closes_at
    if start is None or end is None or now < start:
        return None
    starts, counts = anomalies.timeline(voting.vote_rows(contest.id), start=start, end=min(end, now))
    top = max((max(c) for c in counts.values()), default=0)
    charts = {}
    for entry_id, series in counts.items():
        geometry = bars(series, width=240, height=36, gap=1)
        scale = (max(series) / top) if top else 0  # one scale for every entry
        for bar in geometry:
            bar["h"] = round(bar["h"] * scale, 1)
            bar["y"] = round(36 - bar["h"], 1)
        charts[entry_id] = geometry
    bucket = _bucket_label(anomalies.bucket_size(start, min(end, now)))
    return {"starts": starts, "charts": charts, "bucket": bucket}


def _bucket_label(size):
    minutes = int(size.total_seconds() // 60)
    if minutes % 1440 == 0:
        return _("per %(n)s hari", n=minutes // 1440)
    if minutes % 60 == 0:
        return _("per %(n)s jam", n=minutes // 60)
    return _("per %(n)s menit", n=minutes)


@bp.route("/<int:contest_id>")
@role_required("admin")
def overview(contest_id):
    contest = _contest_or_404(contest_id)
    settings = voting.settings_or_default(contest)
    now = utcnow()
    form = VotingSettingsForm(obj=settings)
    form.allowed_domains.data = settings.allowed_domains
    rows = voting.standings(contest)
    favourite = FavouriteForm()
    chosen = voting.candidate_ids(contest.id)
    favourite.entry_id.choices = [(e.id, f"{e.code} — {e.title} ({n})")
                                  for e, n, _v in rows if e.id in chosen]
    if settings.favourite_entry_id:
        favourite.entry_id.data = settings.favourite_entry_id
    report = anomalies.find_anomalies(voting.vote_rows(contest.id))
    return render_template("admin/voting/overview.html", contest=contest, settings=settings, form=form,
                           rows=rows, phase=voting.voting_phase(contest, now=now),
                           timeline=_timeline(contest, now),
                           favourite_form=favourite, flagged=len(report.flagged_ids), now=now)


@bp.post("/<int:contest_id>/settings")
@role_required("admin")
def save_settings(contest_id):
    contest = _contest_or_404(contest_id)
    form = VotingSettingsForm()
    target = url_for("voting_admin.overview", contest_id=contest.id)
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(target)
    return _run(lambda: voting.save_settings(contest=contest, allowed_domains=form.allowed_domains.data,
                                             counts_public=form.counts_public.data, actor=current_user),
                _("Pengaturan pemilihan tersimpan."), target)


def _candidate_rows(contest):
    """Submitted entries with their administrative-check outcome, for choosing candidates."""
    entries = db.session.scalars(select(Entry).where(
        Entry.contest_id == contest.id, Entry.status == EntryStatus.SUBMITTED.value)
        .order_by(Entry.number)).all()
    rnd = admin_check_round(contest.id)
    outcomes = {}
    if rnd is not None:
        outcomes = dict(db.session.execute(select(AdminCheck.entry_id, AdminCheck.outcome)
                                           .where(AdminCheck.round_id == rnd.id)).all())
    return [(entry, outcomes.get(entry.id)) for entry in entries]


@bp.route("/<int:contest_id>/candidates", methods=["GET", "POST"])
@role_required("admin")
def candidates(contest_id):
    contest = _contest_or_404(contest_id)
    rows = _candidate_rows(contest)
    form = CandidatesForm()
    form.entry_ids.choices = [(entry.id, entry.code) for entry, _o in rows]
    if form.validate_on_submit():
        return _run(lambda: voting.set_candidates(contest=contest, entry_ids=form.entry_ids.data,
                                                  actor=current_user),
                    _("Daftar karya peserta pemilihan tersimpan."),
                    url_for("voting_admin.candidates", contest_id=contest.id))
    _form_errors(form)
    return render_template("admin/voting/candidates.html", contest=contest, rows=rows,
                           chosen=voting.candidate_ids(contest.id), tallies=voting.tallies(contest.id),
                           phase=voting.voting_phase(contest))


@bp.route("/<int:contest_id>/votes")
@role_required("admin")
def votes(contest_id):
    contest = _contest_or_404(contest_id)
    query = select(Vote).where(Vote.contest_id == contest.id)
    filters = {}
    if request.args.get("entry", type=int):
        filters["entry"] = request.args.get("entry", type=int)
        query = query.where(Vote.entry_id == filters["entry"])
    if request.args.get("network"):
        filters["network"] = request.args["network"]
        query = query.where(Vote.ip_prefix_hash == filters["network"])
    if request.args.get("domain"):
        filters["domain"] = request.args["domain"].strip().lower()
        query = query.where(Vote.email_domain == filters["domain"])
    if request.args.get("status") in ("counted", "voided"):
        filters["status"] = request.args["status"]
        counted = filters["status"] == "counted"
        query = query.where(Vote.voided_at.is_(None) if counted else Vote.voided_at.is_not(None))
    query = query.order_by(Vote.created_at.desc(), Vote.id.desc()).limit(VOTE_LIST_LIMIT + 1)
    rows = db.session.scalars(query).all()
    entries = {e.id: e for e in db.session.scalars(select(Entry).where(Entry.contest_id == contest.id))}
    return render_template("admin/voting/votes.html", contest=contest, phase=voting.voting_phase(contest),
                           votes=rows[:VOTE_LIST_LIMIT],
                           more=len(rows) > VOTE_LIST_LIMIT, filters=filters, entries=entries,
                           form=VoteActionForm(), flagged=set(anomalies.find_anomalies(
                               voting.vote_rows(contest.id)).flagged_ids))


def _vote_action(contest_id, operation, message):
    contest = _contest_or_404(contest_id)
    form = VoteActionForm()
    target = safe_back() or url_for("voting_admin.votes", contest_id=contest.id)
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(target)
    return _run(lambda: operation(contest=contest, vote_ids=form.vote_ids.data, reason=form.reason.data,
                                  actor=current_user),
                lambda n: message % {"n": n}, target)


def safe_back():
    return safe_next(request.form.get("next"))


@bp.post("/<int:contest_id>/votes/void")
@role_required("admin")
def void(contest_id):
    return _vote_action(contest_id, voting.void_votes, _("%(n)s suara dibatalkan dan dicatat di log."))


@bp.post("/<int:contest_id>/votes/restore")
@role_required("admin")
def restore(contest_id):
    return _vote_action(contest_id, voting.restore_votes,
                        _("%(n)s suara dihitung kembali dan dicatat di log."))


@bp.route("/<int:contest_id>/anomalies")
@role_required("admin")
def anomaly_report(contest_id):
    contest = _contest_or_404(contest_id)
    report = anomalies.find_anomalies(voting.vote_rows(contest.id))
    entries = {e.id: e for e in db.session.scalars(select(Entry).where(Entry.contest_id == contest.id))}
    return render_template("admin/voting/anomalies.html", contest=contest, report=report, entries=entries,
                           phase=voting.voting_phase(contest),
                           thresholds=anomalies.Thresholds(), form=VoteActionForm())


@bp.route("/<int:contest_id>/log")
@role_required("admin")
def log(contest_id):
    contest = _contest_or_404(contest_id)
    return render_template("admin/voting/log.html", contest=contest, rows=voting.log_for(contest.id),
                           phase=voting.voting_phase(contest))


@bp.post("/<int:contest_id>/favourite")
@role_required("admin")
def favourite(contest_id):
    contest = _contest_or_404(contest_id)
    form = FavouriteForm()
    form.entry_id.choices = [(e.id, e.code) for e in voting.candidates(contest.id)]
    target = url_for("voting_admin.overview", contest_id=contest.id)
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(target)
    return _run(lambda: voting.set_favourite(contest=contest, entry_id=form.entry_id.data,
                                             reason=form.reason.data, actor=current_user),
                _("Video Terfavorit ditetapkan."), target)
