"""Real servers for live tests: gunicorn (the app as deployed), Debian's nginx with the repo's own
site file (deploy/nginx/contest.conf), queue workers — started as subprocesses on loopback ports.

render_site() turns the site file into a test config by replacing the literal values its header
comment lists (ports, upstream servers, paths, certificate); each must be present, so an edit of
the site file that drops one fails the tests instead of silently testing something else.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parents[1]
SITE_FILE = PROJECT / "deploy" / "nginx" / "contest.conf"
GUNICORN_CONF = PROJECT / "deploy" / "gunicorn.conf.py"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port():
    """A loopback port nobody listens on: from TEST_PORTS ("18000-18099") when set (machines
    where tests may only use some ports), else one the OS picks."""
    span = os.environ.get("TEST_PORTS", "")
    if not span:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    low, high = (int(part) for part in span.split("-"))
    candidates = list(range(low, high + 1))
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in TEST_PORTS={span}")


def app_env(app, tmp_path, **extra):
    """Environment for a subprocess that shares the test app's database, secret and storage."""
    return {**os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.secret_key,
            "UPLOAD_ROOT": app.config["UPLOAD_ROOT"],
            "HUEY_SQLITE_PATH": str(tmp_path / "queue.db"),
            "REDIS_URL": "", "RATELIMIT_STORAGE_URI": "memory://", **extra}


def wait_until(predicate, *, timeout, what, log=None, proc=None, every=0.1):
    """Poll predicate() until truthy (returned); fail with `what` (and the log) at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = predicate()
        except (requests.RequestException, OSError):
            result = None
        if result:
            return result
        detail = Path(log).read_text(errors="replace")[-4000:] if log and Path(log).exists() else ""
        assert proc is None or proc.poll() is None, f"{what}: process exited\n{detail}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}\n{detail}"
        time.sleep(every)


class Process:
    """A subprocess in its own process group, logging to a file; kill() is a crash."""

    def __init__(self, argv, *, env, log, cwd=PROJECT):
        self.argv, self.env, self.log, self.cwd = argv, env, Path(log), cwd
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            self.argv, cwd=self.cwd, env=self.env, start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        return self

    @property
    def pid(self):
        return self.proc.pid

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        """SIGKILL the whole process group at once: a crash, not a graceful shutdown."""
        if self.running():
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Ask politely, then kill; never leaves the group behind."""
        if not self.running():
            return
        os.killpg(self.proc.pid, sig)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # children that outlived their parent
        except ProcessLookupError:
            pass


class Gunicorn(Process):
    """`gunicorn -c deploy/gunicorn.conf.py wsgi:app` on a loopback port (as deployed)."""

    def __init__(self, env, log, *, port=None, workers=1, threads=4):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
        super().__init__([sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF),
                          "-b", f"127.0.0.1:{self.port}", "wsgi:app"], env=env, log=log)

    def start(self):
        super().start()
        wait_until(lambda: requests.get(f"{self.url}/healthz", timeout=5).status_code == 200,
                   timeout=30, what=f"gunicorn on {self.port}", log=self.log, proc=self.proc)
        return self


def self_signed_cert(folder):
    """A throwaway certificate for 127.0.0.1 (openssl); returns (cert, key) paths."""
    cert, key = Path(folder) / "cert.pem", Path(folder) / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=30)
    return cert, key


def render_site(*, http_port, https_port, upstreams, upload_root, cert, key, static_dir=None):
    """The repo's site file with the placeholders its header names replaced for a test run."""
    text = SITE_FILE.read_text()
    upstream_lines = "\n    ".join(f"server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;"
                                   for port in upstreams)
    static_dir = Path(static_dir or PROJECT / "static")
    replacements = [
        ("server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;", upstream_lines),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:80;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("/etc/letsencrypt/live/contest.example.go.id/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/contest.example.go.id/privkey.pem", str(key)),
        ("/srv/contest/app/static/", f"{static_dir}/"),
        ("/srv/contest/uploads/", f"{Path(upload_root).resolve()}/"),
    ]
    for old, new in replacements:
        assert old in text, f"{SITE_FILE.name} no longer contains {old!r} (see its header)"
        text = text.replace(old, new)
    return text


class Nginx(Process):
    """Debian's nginx running the rendered site file in a prefix folder of its own."""

    def __init__(self, folder, *, upstreams, upload_root):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port, self.https_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.cert, key = self_signed_cert(self.folder)
        site = render_site(http_port=self.http_port, https_port=self.https_port,
                           upstreams=upstreams, upload_root=upload_root, cert=self.cert, key=key)
        temp = "\n".join(f"    {kind}_temp_path {self.folder / kind};"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's tmp dirs
        (self.folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {self.folder / 'nginx.pid'};\n"
            f"error_log {self.folder / 'error.log'} info;\n"
            "events { worker_connections 256; }\n"
            "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
            f"    access_log {self.folder / 'access.log'};\n    sendfile on;\n{temp}\n"
            f"{site}\n}}\n")
        super().__init__([NGINX, "-p", str(self.folder), "-e", str(self.folder / "error.log"),
                          "-c", str(self.folder / "nginx.conf"), "-g", "daemon off;"],
                         env=dict(os.environ), log=self.folder / "stderr.log")

    def session(self):
        """A requests.Session that trusts this nginx's certificate."""
        session = requests.Session()
        session.verify = str(self.cert)
        return session

    def start(self):
        super().start()
        wait_until(lambda: requests.get(f"{self.url}/healthz", verify=str(self.cert),
                                        timeout=5).status_code == 200,
                   timeout=30, what="nginx", log=self.folder / "error.log", proc=self.proc)
        return self

    def stop(self, sig=signal.SIGQUIT, timeout=10):
        super().stop(sig, timeout)


def nginx_version():
    out = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip()
    return out.rsplit("/", 1)[-1]
