"""gunicorn settings for the web machines: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Threads rather than many processes: tus uploads hold a request open while bytes stream in.
The bind address comes from the command line (`--bind`, see contest-web.service); the worker
count from WEB_CONCURRENCY (gunicorn reads it) else 4 — but one process (with as many threads)
while rate-limit counters live in process memory (no REDIS_URL / RATELIMIT_STORAGE_URI): with
several, each would count on its own and a limit of 5 would let 10 through. Logs use the app's one format
(contest/core/logs.py) on stderr; the app writes one line per request with the request id and user,
so gunicorn's own access log stays off.
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contest.core.config import ConfigError, environment_problem, rate_limits_in_memory, web_processes
from contest.core.logs import LOGGING

requested = int(os.environ.get("WEB_CONCURRENCY", "4"))
try:  # a bad setting stops the master here: a worker failing to load the app would be respawned
    workers = web_processes(requested)
    counters_in_memory = rate_limits_in_memory()
    problem = environment_problem()
except ConfigError as error:
    problem = str(error)
if problem:
    raise SystemExit(f"Konfigurasi salah: {problem}")
worker_class = "gthread"
# One process instead of several (rate limits counted in memory): the same number of threads.
threads = int(os.environ.get("GUNICORN_THREADS", "4")) * (requested // workers)
timeout = 120  # a 8 MiB tus chunk from a slow phone may take a while
graceful_timeout = 30
keepalive = 5  # nginx keeps upstream connections open (upstream keepalive)
# Recycle workers now and then, except the one process that holds the rate-limit counters.
max_requests = 0 if counters_in_memory else 2000
max_requests_jitter = 200
logconfig_dict = LOGGING
accesslog = None
errorlog = "-"
