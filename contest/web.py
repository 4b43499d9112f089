"""HTTP wiring: blueprints, template helpers, error pages and security headers."""
from flask import render_template
from flask_babel import lazy_gettext as _l

from .contests.timefmt import format_day, format_deadline, format_rupiah
from .extensions import db, login_manager
from .i18n import current_language
from .rendering import render_markdown


def init_app(app):
    from .accounts.models import User
    from .accounts.views import bp as accounts_bp
    from .certificates.admin_views import bp as certificates_admin_bp
    from .certificates.views import bp as certificates_bp
    from .contests.admin_views import bp as admin_bp
    from .entries.views import bp as entries_bp
    from .gallery.admin_views import bp as gallery_admin_bp
    from .gallery.views import bp as gallery_bp
    from .judging.admin_views import bp as judging_admin_bp
    from .judging.results_views import bp as judging_results_bp
    from .judging.views import bp as judging_bp
    from .main.views import bp as main_bp
    from .media.tus import bp as tus_bp
    from .media.views import bp as media_bp
    from .notifications.admin_views import bp as notifications_admin_bp
    from .voting.admin_views import bp as voting_admin_bp
    from .voting.views import bp as voting_bp

    for blueprint in (main_bp, accounts_bp, entries_bp, admin_bp, tus_bp, judging_bp, judging_admin_bp,
                      judging_results_bp, media_bp, voting_bp, voting_admin_bp, gallery_bp,
                      gallery_admin_bp, certificates_bp, certificates_admin_bp, notifications_admin_bp):
        app.register_blueprint(blueprint)

    # Lets templates link to features only when their blueprint is registered.
    app.jinja_env.globals["url_map_endpoints"] = app.view_functions
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id):
        return db.session.get(User, int(user_id))

    @app.template_filter("deadline")
    def deadline_filter(instant, contest):
        return format_deadline(instant, contest.timezone, current_language()) if instant else ""

    @app.template_filter("day")
    def day_filter(instant, contest):
        return format_day(instant, contest.timezone, current_language()) if instant else ""

    app.add_template_filter(format_rupiah, "rupiah")
    app.add_template_filter(render_markdown, "markdown")

    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page(code))

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
            "style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; "
            "base-uri 'self'; form-action 'self'",
        )
        return response


def _error_page(code):
    def handler(error):
        if code == 500:
            db.session.rollback()
        return render_template("errors/error.html", code=code, error=error), code

    return handler
