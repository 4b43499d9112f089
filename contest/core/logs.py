"""One log format for web and worker, on stderr, with the request, user and video in each line.

    2024-11-05 10:31:02,118 INFO [4711] contest.request req=3f2a… user=42 video=-: GET /karya 200 31 ms

Every log record gets `request_id`, `user_id` and `video_id` attributes (a log record factory,
so every handler sees them: ours, gunicorn's, pytest's caplog). The request id comes from the
`X-Request-ID` header nginx sends (else one is generated) and is echoed in the response; the
video id is set by the pipeline while it processes a video (video_context()). configure_logging()
is called by create_app(); deploy/gunicorn.conf.py hands gunicorn the same format (LOGGING).
"""
import logging
import re
import sys
import time
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from flask import g, has_app_context, has_request_context, request, session

FORMAT = ("%(asctime)s %(levelname)s [%(process)d] %(name)s "
          "req=%(request_id)s user=%(user_id)s video=%(video_id)s: %(message)s")
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"\A[A-Za-z0-9._:-]{1,64}\Z")
_video_id = ContextVar("video_id", default=None)

request_log = logging.getLogger("contest.request")

# dictConfig for processes whose logging is set up by someone else (gunicorn's logconfig_dict).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"contest": {"format": FORMAT}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "contest",
                            "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
    },
}


def _context_fields():
    request_id = user_id = "-"
    if has_app_context():
        request_id = g.get("request_id", "-")
        user = g.get("_login_user")  # only if the request already loaded it: no query here
        if user is not None:
            user_id = str(user.id) if user.is_authenticated else "-"
        elif has_request_context():
            # Flask-Login's id in the signed session ("12:3": user 12, session epoch 3)
            user_id = str(session.get("_user_id", "-")).partition(":")[0]
    video_id = _video_id.get()
    return request_id, user_id, "-" if video_id is None else video_id


def _install_record_factory():
    previous = logging.getLogRecordFactory()
    if getattr(previous, "contest_fields", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id, record.user_id, record.video_id = _context_fields()
        return record

    factory.contest_fields = True
    logging.setLogRecordFactory(factory)


@contextmanager
def video_context(video_id):
    """Log lines inside carry video=<video_id> (the pipeline wraps one video's processing)."""
    token = _video_id.set(video_id)
    try:
        yield
    finally:
        _video_id.reset(token)


def configure_logging(app):
    """The fields on every record, a stderr handler if nobody set one up, and request lines."""
    _install_record_factory()
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
        root.setLevel(logging.INFO)

    @app.before_request
    def assign_request_id():
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = sent if _VALID_REQUEST_ID.match(sent) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        if not has_request_context() or "request_id" not in g:
            return response
        response.headers[REQUEST_ID_HEADER] = g.request_id
        took = (time.perf_counter() - g.request_started) * 1000
        request_log.info("%s %s %s %.0f ms", request.method, request.full_path.rstrip("?"),
                         response.status_code, took)
        return response
