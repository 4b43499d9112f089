"""deploy/gunicorn.conf.py (also what `make run` serves with): rate limits hold whichever process
answers. With the embedded default (counters in process memory) gunicorn runs one process with
threads; asked for 2 workers it used to run 2, and 12 forgot-password requests got only 2 × 429
against a nominal 5/hour."""
import os
import re

import pytest
import requests

from contest.core.config import web_processes
from tests.servers import PROJECT, Gunicorn, app_env

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def ask_for_a_reset(base_url):
    """One visitor: a fresh connection and session, the form's CSRF token, then the POST."""
    with requests.Session() as session:
        page = session.get(f"{base_url}/forgot-password", timeout=10)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
        return session.post(f"{base_url}/forgot-password", allow_redirects=False, timeout=10,
                            headers={"Connection": "close"},
                            data={"csrf_token": token, "email": "tidak-ada@example.go.id"}).status_code


def test_the_forgot_password_limit_holds_with_two_workers_asked_for(app, tmp_path):
    env = app_env(app, tmp_path, RATELIMIT_ENABLED="true")
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=2).start()
    try:
        statuses = [ask_for_a_reset(server.url) for _ in range(12)]
    finally:
        server.stop()
    assert statuses == [302] * 5 + [429] * 7


def settings_of_the_conf(env):
    """The module-level settings deploy/gunicorn.conf.py computes for an environment."""
    import runpy

    from tests.servers import GUNICORN_CONF

    saved = dict(os.environ)
    try:
        for name in ("REDIS_URL", "RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
            os.environ.pop(name, None)
        os.environ.update(env)
        return runpy.run_path(str(GUNICORN_CONF))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_the_conf_trades_processes_for_threads_and_never_recycles_the_counting_process():
    alone = settings_of_the_conf({"WEB_CONCURRENCY": "4", "GUNICORN_THREADS": "4"})
    assert (alone["workers"], alone["threads"], alone["max_requests"]) == (1, 16, 0)
    shared = settings_of_the_conf({"WEB_CONCURRENCY": "4", "REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert (shared["workers"], shared["threads"], shared["max_requests"]) == (4, 4, 2000)


def test_one_process_only_while_counters_live_in_memory():
    assert web_processes(4, {}) == 1
    assert web_processes(4, {"RATELIMIT_STORAGE_URI": "memory://"}) == 1
    assert web_processes(4, {"REDIS_URL": "redis://127.0.0.1:6379/0"}) == 4
    assert web_processes(3, {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/1"}) == 3


def test_make_run_serves_with_the_same_gunicorn_settings():
    serve = PROJECT.joinpath("scripts", "serve.sh").read_text()
    assert re.search(r"gunicorn -c deploy/gunicorn\.conf\.py\b", serve)
    assert "--workers" not in serve


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (redis://...)")
def test_with_redis_two_processes_share_one_count(app, tmp_path):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = app_env(app, tmp_path, RATELIMIT_ENABLED="true", RATELIMIT_STORAGE_URI=REDIS_URL)
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=2).start()
    try:
        statuses = [ask_for_a_reset(server.url) for _ in range(12)]
    finally:
        server.stop()
        redis.Redis.from_url(REDIS_URL).flushdb()
    assert statuses == [302] * 5 + [429] * 7


def test_production_gunicorn_does_not_start_without_public_url(app, tmp_path):
    import subprocess
    import sys

    from tests.servers import GUNICORN_CONF, free_port

    env = app_env(app, tmp_path, PRODUCTION="true", PUBLIC_URL="")
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "-b",
                             f"127.0.0.1:{free_port()}", "wsgi:app"], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Konfigurasi salah: PUBLIC_URL: wajib diisi bila PRODUCTION=true" in result.stderr
