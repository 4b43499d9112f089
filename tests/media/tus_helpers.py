"""Fixtures and helpers shared by the tus tests (imported by name into each test module)."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from contest.entries.services import create_entry
from contest.extensions import db
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
                            data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.text
    return session


def cookie_header(session):
    """The Cookie header a tus client must send (tuspy takes plain headers, not a Session)."""
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def stored_video_path(entry_id):
    """Where the pipeline keeps the original of the entry's newest video (the sha256 check)."""
    from contest.media import uploads

    return uploads.original_path_for_entry(entry_id)

