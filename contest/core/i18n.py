"""Language choice: Bahasa Indonesia by default, English when the visitor switches."""
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from markupsafe import Markup

from .extensions import babel


def select_locale():
    """The session's choice first, then Indonesian: the contest speaks Indonesian first."""
    chosen = session.get("lang") if has_request_context() else None  # CLI and tasks: default
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language():
    return str(get_locale() or "id")


CONTENT_LANGUAGE = "id"  # what the committee and the entrants write: titles, synopses, rules, notes


def content_lang():
    """` lang="id"` for text people wrote, when the interface speaks another language (WCAG 3.1.2)."""
    if current_language() == CONTENT_LANGUAGE:
        return Markup("")
    return Markup(f' lang="{CONTENT_LANGUAGE}"')


def init_i18n(app):
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["content_lang"] = content_lang
    app.jinja_env.globals["request_path"] = lambda: request.full_path.rstrip("?")
