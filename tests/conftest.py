"""Fixtures shared by the whole suite: one app per run, a clean database per test, factories.

The database is the embedded SQLite file by default; set TEST_DATABASE_URL to run the same
suite on PostgreSQL (.ci/run does both).
"""
import itertools
import os
import re
import shutil
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import event

from contest import create_app
from contest.accounts.nip import build_nip, parse_nip
from contest.accounts.services import create_staff, register_entrant
from contest.contests.services import make_current, save_contest
from contest.core.extensions import db, limiter
from contest.core.timeutil import utcnow
from contest.demo.contests import PRIZES, demo_contest_values


class IsolatedClient(FlaskClient):
    """Each request in its own app context, as in production: a fresh `g` (so Flask-Login's
    cached user never leaks between clients) and a fresh database session (so a view that
    forgets to commit is caught)."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)  # read and close the body (send_file's open file) at once
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():  # the test's own session re-reads what the request changed
            db.session.expire_all()
        return response


QUEUE_CONFIG = {}  # the test queue's backend, for every create_app() in the suite


@pytest.fixture(scope="session", autouse=True)
def _queue_on_a_scratch_file(tmp_path_factory):
    """Tasks enqueued by any test go to a throwaway SQLite queue, never instance/queue.db.

    Every app a test makes gets QUEUE_CONFIG, so create_app() points the queue there too.
    """
    from contest.core import tasks

    path = tmp_path_factory.mktemp("queue") / "queue.db"
    QUEUE_CONFIG.update(HUEY_SQLITE_PATH=str(path), REDIS_URL="")
    tasks.use_sqlite(path)
    yield path


@pytest.fixture(scope="session")
def app(tmp_path_factory, _queue_on_a_scratch_file):
    instance = tmp_path_factory.mktemp("instance")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{instance / 'test.db'}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_OUTBOX": str(instance / "outbox"),
            "UPLOAD_ROOT": str(instance / "uploads"),
            "SERVER_NAME": "localhost",
            "SIGNING_P12": "",  # certificates unsigned unless a test installs a key
            "SIGNING_DEMO_FOLDER": str(instance / "signing"),
            **QUEUE_CONFIG,
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()  # tests/test_migrations.py proves the migrations build this same schema
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One Playwright and one Chromium for the whole run (the sync API allows one per thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()



@contextmanager
def fresh_state(app):
    """Around one test: an app context, fresh rate-limit counters, then every table emptied."""
    with app.app_context():
        limiter.reset()
        yield
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture(autouse=True)
def _clean_state(app):
    """Each test starts with empty tables and fresh rate-limit counters."""
    with fresh_state(app):
        yield


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client):
    """A valid CSRF token for this client's session, signed the way Flask-WTF signs it."""
    app = client.application
    with client.session_transaction() as session:
        raw = session.setdefault("csrf_token", os.urandom(20).hex())
    return URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)


def post(client, url, data=None, **kwargs):
    """POST a form with a CSRF token, as the browser does."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs)


_sequence = itertools.count(1)


def unique_nip(*, kind="PNS", gender="L"):
    n = next(_sequence)
    birth = date(1980, 1, 1) + timedelta(days=n % 3000)
    if kind == "PNS":
        return build_nip(birth_date=birth, kind="PNS", appointment_year=birth.year + 25,
                         appointment_month=3, gender=gender, sequence=n % 999 + 1)
    return build_nip(birth_date=birth, kind="PPPK", appointment_year=birth.year + 30,
                     contracts=1, gender=gender, sequence=n % 999 + 1)


@pytest.fixture
def make_entrant():
    def factory(*, email=None, password="rahasia-123", nip=None, agency="Dinas Kominfo", **overrides):
        n = next(_sequence)
        user = register_entrant(
            full_name=overrides.pop("full_name", f"Peserta {n}"),
            email=email or f"peserta{n}@example.go.id",
            password=password,
            parsed_nip=parse_nip(nip or unique_nip()),
            position="Analis", rank=overrides.pop("rank", None), work_unit="Sekretariat", agency=agency,
            regency="Kota Samarinda", phone="+6281234500000",
        )
        db.session.commit()
        return user

    return factory


@pytest.fixture
def make_staff():
    def factory(*roles, email=None, password="rahasia-123"):
        n = next(_sequence)
        user = create_staff(email=email or f"staf{n}@example.go.id", password=password,
                            full_name=f"Staf {n}", roles=roles)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def make_contest():
    """A contest whose submissions are open now unless the timeline is overridden."""

    def factory(*, current=True, prizes=PRIZES, **overrides):
        values = demo_contest_values()
        values["slug"] = f"edisi-{next(_sequence)}"
        values.update(overrides)
        contest = save_contest(values=values, prizes=prizes)
        if current:
            make_current(contest=contest)
        db.session.commit()
        return contest

    return factory


def login(client, user, password="rahasia-123"):
    response = post(client, "/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@contextmanager
def counted_queries():
    """Every SQL statement the engine runs inside the block, in order."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def query_count(client, url, *, status=200):
    """Statements one GET runs with nothing cached in the test's session (the list-page check)."""
    db.session.expunge_all()
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(statements)


def text_of(response):
    """Response HTML with tags removed and whitespace squeezed, for reading assertions."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


__all__ = ["counted_queries", "csrf_token", "post", "login", "query_count", "unique_nip", "text_of", "utcnow"]
