"""Pages and static text go out gzip-compressed to browsers that accept it, also without nginx."""
import gzip
import os

import pytest

GZ = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def twin(app):
    """A static file's .gz twin (as `make static-gz` writes it), removed afterwards."""
    made = []

    def make(name, *, stale=False):
        source = os.path.join(app.static_folder, name)
        path = source + ".gz"
        with open(source, "rb") as fh, open(path, "wb") as out:
            out.write(gzip.compress(fh.read(), mtime=0))
        if stale:
            before = os.stat(source).st_mtime - 60
            os.utime(path, (before, before))
        made.append(path)
        return path

    yield make
    for path in made:
        os.unlink(path)


def test_pages_are_compressed_for_browsers_that_accept_gzip(client):
    plain = client.get("/")
    packed = client.get("/", headers=GZ)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert gzip.decompress(packed.data).count(b"<html") == 1
    assert len(packed.data) < len(plain.data) / 2


def test_static_text_is_sent_from_its_gzip_twin(client, twin):
    path = twin("css/app.css")
    response = client.get("/static/css/app.css", headers=GZ)
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "text/css"
    with open(path, "rb") as fh:
        assert response.data == fh.read()
    assert "Content-Encoding" not in client.get("/static/css/app.css").headers


def test_a_stale_twin_is_ignored(client, twin):
    twin("js/app.js", stale=True)
    response = client.get("/static/js/app.js", headers=GZ)
    assert "Content-Encoding" not in response.headers and b"use strict" in response.data


def test_small_and_binary_responses_are_left_alone(client):
    assert "Content-Encoding" not in client.get("/healthz", headers=GZ).headers  # tiny JSON
    assert "Content-Encoding" not in client.get("/static/img/og-default.png", headers=GZ).headers
