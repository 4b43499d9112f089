"""Registration, login, logout and password reset."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..contests.services import current_contest
from ..core.errors import DomainError
from ..core.extensions import db, limiter
from ..core.http.actions import commit_form_action
from ..core.http.redirects import safe_next
from ..notifications.notify import link, notify
from ..notifications.services import queue_mail
from . import grades, services
from .forms import ForgotPasswordForm, LoginForm, RegistrationForm, ResetPasswordForm

bp = Blueprint("accounts", __name__)


@bp.app_template_filter("grade")
def grade_text(value):
    """A stored grade as people read it: "Penata Muda (III/a)", "Golongan IX" (PPPK)."""
    if grades.kind_of(value) == grades.PPPK:
        return _("Golongan %(grade)s", grade=value)
    return grades.describe(value)


def _home_for(user):
    """The page each role starts from after logging in."""
    if user.has_role("admin"):
        return url_for("console.index")
    if user.has_role("entrant"):
        return url_for("entries.mine")
    if user.has_role("judge"):
        return url_for("judging.dashboard")
    return url_for("main.home")


def _reset_link(token):
    """The emailed link; PUBLIC_URL when set, so a forged Host header cannot redirect it."""
    public = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    if public:
        return public + url_for("accounts.reset_password", token=token)
    return url_for("accounts.reset_password", token=token, _external=True)


def _confirmed(user):
    """The new entrant's confirmation goes to the outbox in the registration's transaction."""
    notify(kind="registration_confirmed", contest=current_contest(), user=user, tautan=link("entries.mine"))
    return user


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = RegistrationForm()
    if form.validate_on_submit():
        registered = commit_form_action(form, lambda: _confirmed(services.register_entrant(
            full_name=form.full_name.data,
            email=form.email.data,
            password=form.password.data,
            parsed_nip=form.parsed_nip,
            position=form.position.data,
            rank=form.rank.data,
            work_unit=form.work_unit.data,
            agency=form.agency.data,
            regency=form.regency.data,
            phone=form.phone.data,
        )), conflict=_("NIP atau email ini sudah terdaftar."), conflict_field="nip")  # a race
        if registered:
            user = registered.value
            login_user(user)
            flash(_("Pendaftaran berhasil. Selamat datang, %(name)s!", name=user.full_name), "success")
            return redirect(url_for("entries.mine"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10/minute;50/hour", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(email=form.email.data, password=form.password.data)
        if user is None:
            form.password.errors.append(_("Email atau kata sandi salah."))
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("Anda berhasil masuk."), "success")
            return redirect(safe_next(request.args.get("next")) or _home_for(user))
    return render_template("accounts/login.html", form=form)


def _end_sessions():
    """End every session of this account (copied cookies too), then this browser's."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    _end_sessions()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("main.home"))


@bp.route("/logout/everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    _end_sessions()
    flash(_("Anda telah keluar dari semua perangkat. Silakan masuk kembali bila perlu."), "info")
    return redirect(url_for("main.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5/hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and user.is_active:
            link = _reset_link(services.make_reset_token(user))
            queue_mail(to=user.email, subject=_("Atur ulang kata sandi"), kind="password_reset", user=user,
                       body=render_template("accounts/reset_email.txt", user=user, link=link))
            db.session.commit()  # the worker sends it once committed (notifications/tasks.py)
        # The same answer whether or not the address exists, so accounts cannot be probed.
        flash(
            _(
                "Jika email tersebut terdaftar, kami telah mengirim tautan untuk mengatur ulang kata sandi. Tautan berlaku 1 jam."  # noqa: E501
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def reset_password(token):
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit() and commit_form_action(
            form, lambda: services.reset_password(token=token, password=form.password.data), field="password",
            success=_("Kata sandi berhasil diubah. Silakan masuk dengan kata sandi baru.")):
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)
