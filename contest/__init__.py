"""The contest platform: create_app() wires config, extensions, blueprints and CLI."""
import logging
from pathlib import Path

from flask import Flask

from .core import config as config_module
from .core.extensions import csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config=None):
    """Build the app; `config` (a mapping) overrides the environment, as tests do.

    A bad environment variable ends the process with one line naming it (no traceback), so
    gunicorn, the worker and `flask` all stop at start-up instead of failing on first use.
    """
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    try:
        app.config.update(config_module.from_environment(app.instance_path))
    except config_module.ConfigError as error:
        raise SystemExit(f"Konfigurasi salah: {error}") from None
    if config:
        app.config.update(config)
    if problem := config_module.production_problem(app.config):
        raise SystemExit(f"Konfigurasi salah: {problem}")
    app.config["TRUSTED_HOSTS"] = config_module.trusted_hosts(app.config["TRUSTED_HOSTS"],
                                                              app.config["PUBLIC_URL"])
    from .core.logs import configure_logging

    configure_logging(app)
    logging.getLogger("contest").setLevel(app.config["LOG_LEVEL"])
    if app.config["PROXY_COUNT"]:
        # Behind nginx: trust X-Forwarded-For/Proto from that many proxies (rate limits, vote IPs).
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    from . import models  # noqa: F401  (the whole schema, for Alembic)

    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    from .certificates import tasks as certificate_tasks  # noqa: F401  (registers its tasks)
    from .core import tasks
    from .gallery import tasks as gallery_tasks  # noqa: F401  (the winners' announcement by mail)
    from .judging.scoring import tasks as judging_tasks  # noqa: F401  (reminders before judging closes)
    from .media import tasks as media_tasks  # noqa: F401  (registers its tasks and the sweep)
    from .media.hls import tasks as hls_tasks  # noqa: F401  (HLS ladders of published videos)
    from .notifications import tasks as notification_tasks  # noqa: F401  (sends after each commit)
    from .privacy import tasks as privacy_tasks  # noqa: F401  (exports, erasure, retention)

    tasks.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    from .core.i18n import init_i18n

    init_i18n(app)

    from . import web
    from .core.http import compression

    web.init_app(app)
    compression.init_app(app)
    from .cli import contest_cli

    app.cli.add_command(contest_cli)
    return app
