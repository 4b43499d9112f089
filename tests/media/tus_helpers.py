"""Fixtures and helpers shared by the tus tests (imported by name into each test module)."""
from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import shutil
import ssl
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import requests
from tusclient.client import TusClient

from contest.core.extensions import db
from contest.entries.services import create_entry
from tests.conftest import fresh_state

TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_STREAM = "application/offset+octet-stream"
PASSWORD = "rahasia-123"


@pytest.fixture(autouse=True)
def _clean_state(app):
    """The tus tests use the database: undo tests/media/conftest.py's opt-out of the cleanup."""
    with fresh_state(app):
        yield


@pytest.fixture
def tus_dir(app):
    """`<UPLOAD_ROOT>/tus`, empty at the start of the test."""
    path = Path(app.config["UPLOAD_ROOT"]) / "tus"
    shutil.rmtree(path, ignore_errors=True)
    return path


@pytest.fixture
def setup(make_contest, make_entrant, tus_dir):
    """An open contest (8 MB cap), an entrant and their draft entry."""
    contest = make_contest(max_size_mb=8)
    user = make_entrant()
    entry = create_entry(contest=contest, user=user, title="Pelayanan Prima",
                         synopsis="Sinopsis singkat.", social_url=None)
    db.session.commit()
    return SimpleNamespace(contest=contest, contest_id=contest.id, user=user, user_id=user.id,
                           email=user.email, entry=entry, entry_id=entry.id, tus_dir=tus_dir)


def b64(text):
    return base64.b64encode(text.encode()).decode()


def metadata_header(entry_id, filename="karya saya.mp4"):
    return f"entry_id {b64(str(entry_id))},filename {b64(filename)}"


def sha256(data_or_path):
    if isinstance(data_or_path, (bytes, bytearray)):
        return hashlib.sha256(data_or_path).hexdigest()
    digest = hashlib.sha256()
    with open(data_or_path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tus_files(tus_dir):
    return sorted(p.name for p in tus_dir.iterdir()) if tus_dir.exists() else []


def http_login(base_url, email, password=PASSWORD):
    """Log in over real HTTP (as a browser would); returns the requests.Session."""
    session = requests.Session()
    page = session.get(f"{base_url}/login", timeout=10)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    response = session.post(f"{base_url}/login", timeout=10, allow_redirects=False,
                            headers={"Referer": f"{base_url}/login"},  # checked on HTTPS
                            data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.text
    return session


def cookie_header(session):
    """The Cookie header a tus client must send (tuspy takes plain headers, not a Session)."""
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def stored_video_path(entry_id):
    """Where the pipeline keeps the original of the entry's newest video (the sha256 check)."""
    from contest.media.uploads import services as uploads

    return uploads.original_path_for_entry(entry_id)


# -- a tus conversation over real HTTP (werkzeug, gunicorn or nginx in front) ------------------

def tus_client(base_url, session):
    return TusClient(f"{base_url}/tus/", headers={"Cookie": cookie_header(session)})


def tus_metadata(entry_id):
    return {"entry_id": str(entry_id), "filename": "karya.mp4"}


def head_offset(base_url, session, location):
    response = session.head(base_url + location, headers=TUS, timeout=10)
    assert response.status_code == 200, response.status_code
    return int(response.headers["Upload-Offset"])


def wait_for_offset(base_url, session, location, expected, timeout=10):
    deadline = time.monotonic() + timeout
    while (offset := head_offset(base_url, session, location)) != expected:
        assert time.monotonic() < deadline, f"offset stuck at {offset}, expected {expected}"
        time.sleep(0.02)


def create_upload(base_url, session, entry_id, length):
    response = session.post(f"{base_url}/tus/", timeout=10, headers={
        **TUS, "Upload-Length": str(length), "Upload-Metadata": metadata_header(entry_id)})
    assert response.status_code == 201, response.text
    return urlsplit(response.headers["Location"]).path


def open_patch(base_url, session, location, offset, total):
    """A PATCH whose body the caller sends piece by piece on the returned connection."""
    parts = urlsplit(base_url)
    if parts.scheme == "https":  # through nginx: trust the certificate the session trusts
        cafile = session.verify if isinstance(session.verify, str) else os.environ.get("REQUESTS_CA_BUNDLE")
        context = ssl.create_default_context(cafile=cafile)
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30, context=context)
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("PATCH", location)
    for name, value in {**TUS, "Content-Type": OFFSET_STREAM, "Upload-Offset": str(offset),
                        "Content-Length": str(total), "Cookie": cookie_header(session),
                        "User-Agent": session.headers["User-Agent"]}.items():
        conn.putheader(name, value)
    conn.endheaders()
    return conn
