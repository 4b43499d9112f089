"""HTTP wiring: blueprints, template helpers, error pages and security headers."""
from flask import jsonify, render_template, request, send_from_directory, session
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, SecurityError

from .contests.timefmt import format_day, format_deadline, format_rupiah, zone_abbreviation
from .core.extensions import db, login_manager
from .core.http.rendering import render_markdown
from .core.i18n import current_language

ICONS = {"/favicon.ico": ("favicon", "favicon.ico", "image/vnd.microsoft.icon"),
         "/apple-touch-icon.png": ("apple_touch_icon", "icons/apple-touch-icon.png", "image/png")}


def _icons(app):
    """Browsers and phones ask for these at the site's root whatever the page says: answer, cached a week."""
    for path, (name, filename, mimetype) in ICONS.items():
        def icon(filename=filename, mimetype=mimetype):
            return send_from_directory(app.static_folder, filename, mimetype=mimetype, max_age=7 * 24 * 3600)

        app.add_url_rule(path, endpoint=name, view_func=icon)


def init_app(app):
    from .accounts.models import User
    from .accounts.views import bp as accounts_bp
    from .certificates.admin_views import bp as certificates_admin_bp
    from .certificates.views import bp as certificates_bp
    from .console.caption_views import bp as committee_captions_bp
    from .console.notifications_views import bp as notification_templates_bp
    from .console.notifications_views import log_bp as notification_log_bp
    from .console.views import bp as console_bp
    from .contests.admin_views import bp as admin_bp
    from .entries.views import bp as entries_bp
    from .gallery.admin_views import bp as gallery_admin_bp
    from .gallery.views import bp as gallery_bp
    from .health import bp as health_bp
    from .judging import blueprints as judging_blueprints
    from .main.views import bp as main_bp
    from .media.captions.views import bp as captions_bp
    from .media.hls.views import bp as hls_bp
    from .media.poster_views import bp as posters_bp
    from .media.quality.views import bp as quality_bp
    from .media.uploads.tus import bp as tus_bp
    from .media.views import bp as media_bp
    from .notifications.admin_views import bp as notifications_admin_bp
    from .privacy.admin_views import bp as privacy_admin_bp
    from .privacy.duties.views import bp as privacy_duties_bp
    from .privacy.views import bp as privacy_bp
    from .voting.admin_views import bp as voting_admin_bp
    from .voting.views import bp as voting_bp

    blueprints = [
        main_bp,
        accounts_bp,
        entries_bp,
        admin_bp,
        tus_bp,
        *judging_blueprints(),
        media_bp,
        voting_bp,
        voting_admin_bp,
        gallery_bp,
        gallery_admin_bp,
        certificates_bp,
        certificates_admin_bp,
        health_bp,
        notifications_admin_bp,
        captions_bp,
        quality_bp,
        hls_bp,
        posters_bp,
        console_bp,
        notification_templates_bp,
        notification_log_bp,
        privacy_bp,
        privacy_admin_bp,
        privacy_duties_bp,
        committee_captions_bp,
    ]
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    _icons(app)

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id):
        """The user of a session cookie, unless its epoch was ended or the account deactivated."""
        number, _, epoch = user_id.partition(":")
        if not (number.isdigit() and epoch.isdigit()):
            return None  # a cookie from before session epochs, or forged
        user = db.session.get(User, int(number))
        if user is None or not user.is_active or user.session_epoch != int(epoch):
            return None
        return user

    @app.template_filter("deadline")
    def deadline_filter(instant, contest):
        return format_deadline(instant, contest.timezone, current_language()) if instant else ""

    @app.template_filter("day")
    def day_filter(instant, contest):
        return format_day(instant, contest.timezone, current_language()) if instant else ""

    app.add_template_filter(zone_abbreviation, "zone")  # "Asia/Makassar"|zone -> WITA
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
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if session.get("_user_id"):  # signed in: no page with personal data stays in any cache
            response.headers["Cache-Control"] = "no-store"
        return response


# The app needs none of these browser features; video players may go full screen.
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), display-capture=(), fullscreen=(self), "
                      "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
                      "usb=(), serial=(), xr-spatial-tracking=()")


ERROR_TITLES = {
    400: _l("Permintaan tidak valid"), 403: _l("Akses ditolak"), 404: _l("Halaman tidak ditemukan"),
    405: _l("Metode tidak diizinkan"), 413: _l("Berkas terlalu besar"),
    429: _l("Terlalu banyak percobaan"), 500: _l("Terjadi kesalahan"),
}
ERROR_TEXTS = {
    400: _l("Permintaan Anda tidak dapat diproses. Muat ulang halaman lalu coba lagi."),
    403: _l("Anda tidak memiliki akses ke halaman ini."),
    404: _l("Halaman yang Anda cari tidak ada atau sudah dipindahkan."),
    405: _l("Halaman ini tidak dapat dibuka dengan cara tersebut. Kembali lalu gunakan tombol yang tersedia."),
    413: _l("Berkas yang dikirim melebihi batas ukuran."),
    429: _l("Anda terlalu sering mencoba. Tunggu beberapa menit lalu coba lagi."),
    500: _l("Maaf, terjadi kesalahan di server. Kesalahan ini sudah dicatat; silakan coba lagi nanti."),
}
UNTRUSTED_HOST = _l("Alamat host ini tidak dilayani. Buka situs melalui alamat resminya.")
JSON_PATH_PREFIXES = ("/tus/", "/healthz", "/readyz", "/api/")


def wants_json():
    """True for JSON endpoints (`*.json`, /tus/, health checks, /api/) and for clients that
    prefer JSON over HTML: their errors are answered as JSON, not as an HTML page."""
    path = request.path
    if path.endswith(".json") or path.startswith(JSON_PATH_PREFIXES) or path == "/tus":
        return True
    accept = request.accept_mimetypes
    return accept.best_match(["text/html", "application/json"]) == "application/json" and (
        accept["application/json"] > accept["text/html"])


def _error_page(code):
    def handler(error):
        if code == 500:
            db.session.rollback()
        if isinstance(error, SecurityError):  # an untrusted Host: no URL can be built for a page
            return str(UNTRUSTED_HOST), 400, {"Content-Type": "text/plain; charset=utf-8"}
        if wants_json():
            response = jsonify(error=code, message=str(ERROR_TEXTS.get(code, ERROR_TEXTS[500])))
            if isinstance(error, HTTPException):  # 405 says Allow, 429 Retry-After
                for name, value in error.get_headers():
                    if name in ("Allow", "Retry-After"):
                        response.headers[name] = value
            return response, code
        return render_template("errors/error.html", code=code, error=error,
                               title=ERROR_TITLES.get(code, ERROR_TITLES[500]),
                               text=ERROR_TEXTS.get(code, ERROR_TEXTS[500])), code

    return handler
