"""The tus 1.0.0 server, request by request, through the Flask test client.

Real clients over real HTTP (tuspy, dropped connections, concurrent PATCHes, a server restart)
are in test_tus_live.py.
"""
import base64
import hashlib
import os
import time
from datetime import timedelta

import pytest

from contest.core.extensions import db
from contest.core.timeutil import utcnow
from tests.conftest import login
from tests.media.tus_helpers import (  # noqa: F401  (fixtures are used by name)
    OFFSET_STREAM,
    TUS,
    _clean_state,
    b64,
    metadata_header,
    setup,
    sha256,
    stored_video_path,
    tus_dir,
    tus_files,
)

MiB = 1024 * 1024


def create(client, entry_id, length, **headers):
    return client.post("/tus/", headers={**TUS, "Upload-Length": str(length),
                                         "Upload-Metadata": metadata_header(entry_id), **headers})


def patch(client, location, offset, data, *, content_type=OFFSET_STREAM, **headers):
    return client.patch(location, data=data, content_type=content_type,
                        headers={**TUS, "Upload-Offset": str(offset), **headers})


def head(client, location):
    return client.head(location, headers=TUS)


@pytest.fixture
def entrant(client, setup):
    login(client, setup.user)
    return setup


def test_options_advertises_version_extensions_and_max_size(client, setup):
    response = client.options("/tus/")
    assert response.status_code == 204
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert response.headers["Tus-Version"] == "1.0.0"
    extensions = set(response.headers["Tus-Extension"].split(","))
    assert {"creation", "termination", "expiration"} <= extensions
    assert int(response.headers["Tus-Max-Size"]) == 8 * MiB
    assert "sha1" in response.headers["Tus-Checksum-Algorithm"].split(",")


def test_create_then_head_then_patch_in_pieces_completes(client, entrant):
    data = os.urandom(3 * MiB + 123)
    response = create(client, entrant.entry_id, len(data))
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location.startswith("/tus/") and len(location) == len("/tus/") + 32
    assert "Upload-Expires" in response.headers

    response = head(client, location)
    assert response.status_code == 200
    assert response.headers["Upload-Offset"] == "0"
    assert response.headers["Upload-Length"] == str(len(data))
    assert response.headers["Cache-Control"] == "no-store"
    assert f"entry_id {b64(str(entrant.entry_id))}" in response.headers["Upload-Metadata"]

    response = patch(client, location, 0, data[:MiB])
    assert response.status_code == 204
    assert response.headers["Upload-Offset"] == str(MiB)
    assert "Upload-Expires" in response.headers
    assert head(client, location).headers["Upload-Offset"] == str(MiB)

    response = patch(client, location, MiB, data[MiB:])
    assert response.status_code == 204
    assert response.headers["Upload-Offset"] == str(len(data))
    assert sha256(stored_video_path(entrant.entry_id)) == sha256(data)
    # The .part was handed over; a late HEAD (lost response) still learns the upload is done.
    assert head(client, location).headers["Upload-Offset"] == str(len(data))
    assert not any(name.endswith(".part") for name in tus_files(entrant.tus_dir))


@pytest.fixture
def own_queue(tmp_path):
    """An empty queue file for this test (the module-level Huey is re-pointed, then restored)."""
    from contest.core import tasks

    previous = tasks.huey.storage
    tasks.use_sqlite(tmp_path / "queue.db")
    yield tasks.huey
    tasks.huey.storage = previous


def test_zero_length_upload_completes_on_creation_and_is_rejected_as_empty(client, entrant,
                                                                           own_queue):
    """A phone that sends an empty file: complete at once, rejected `empty`, never probed."""
    from contest.media.models import Video

    response = create(client, entrant.entry_id, 0)
    assert response.status_code == 201
    assert response.headers["Upload-Offset"] == "0"
    assert "Upload-Expires" not in response.headers  # nothing left to expire
    location = response.headers["Location"]
    response = head(client, location)
    assert (response.headers["Upload-Offset"], response.headers["Upload-Length"]) == ("0", "0")
    assert not any(name.endswith(".part") for name in tus_files(entrant.tus_dir))

    video = db.session.scalars(db.select(Video).where(Video.entry_id == entrant.entry_id)).one()
    assert (video.state, video.problems) == ("rejected", [{"code": "empty", "params": {}}])
    assert (video.original_size, video.attempts) == (0, 0)  # no worker ever claimed it
    assert (video.format_name, video.duration, video.width) == (None, None, None)
    assert own_queue.pending_count() == 0

    doc = client.get(f"/entries/{entrant.entry_id}/video.json").get_json()
    assert doc["state"] == "rejected"
    assert doc["problems"] == [{"code": "empty", "message": "Berkas kosong. Pilih kembali berkas "
                                                            "video Anda lalu unggah ulang."}]


def test_patch_with_wrong_offset_is_409_and_stores_nothing(client, entrant):
    location = create(client, entrant.entry_id, 1000).headers["Location"]
    patch(client, location, 0, b"a" * 100)
    response = patch(client, location, 50, b"b" * 100)
    assert response.status_code == 409
    assert head(client, location).headers["Upload-Offset"] == "100"


def test_patch_needs_the_offset_content_type(client, entrant):
    location = create(client, entrant.entry_id, 1000).headers["Location"]
    response = patch(client, location, 0, b"x" * 10, content_type="application/octet-stream")
    assert response.status_code == 415
    assert head(client, location).headers["Upload-Offset"] == "0"


@pytest.mark.parametrize("version", [None, "0.2.2"])
def test_missing_or_unknown_tus_resumable_is_412(client, entrant, version):
    headers = {"Upload-Length": "10", "Upload-Metadata": metadata_header(entrant.entry_id)}
    if version:
        headers["Tus-Resumable"] = version
    response = client.post("/tus/", headers=headers)
    assert response.status_code == 412
    assert response.headers["Tus-Version"] == "1.0.0"
    assert tus_files(entrant.tus_dir) == []


def test_length_above_contest_max_is_413_before_any_byte_is_stored(client, entrant):
    response = create(client, entrant.entry_id, 8 * MiB + 1)
    assert response.status_code == 413
    assert tus_files(entrant.tus_dir) == []
    assert create(client, entrant.entry_id, 8 * MiB).status_code == 201


def test_body_beyond_the_announced_length_is_413(client, entrant):
    location = create(client, entrant.entry_id, 100).headers["Location"]
    response = patch(client, location, 0, b"z" * 101)
    assert response.status_code == 413
    assert head(client, location).headers["Upload-Offset"] == "0"


@pytest.mark.parametrize("header", ["", "entry_id", "entry_id !!notbase64", "a b c",
                                    f"entry_id {b64('1')},entry_id {b64('2')}",
                                    f"entry_id {b64('1')},filename {b64('x' * 4000)}.mp4"])
def test_malformed_metadata_is_400(client, entrant, header):
    response = client.post("/tus/", headers={**TUS, "Upload-Length": "10", "Upload-Metadata": header})
    assert response.status_code == 400
    assert tus_files(entrant.tus_dir) == []


def test_missing_or_bad_upload_length_is_400(client, entrant):
    for value in (None, "-1", "abc", "1e3"):
        headers = {**TUS, "Upload-Metadata": metadata_header(entrant.entry_id)}
        if value is not None:
            headers["Upload-Length"] = value
        assert client.post("/tus/", headers=headers).status_code == 400


def test_anonymous_is_refused(client, app, entrant):
    location = create(client, entrant.entry_id, 10).headers["Location"]
    anonymous = app.test_client()
    with app.app_context():  # a context of its own: `g` caches the logged-in user
        assert create(anonymous, entrant.entry_id, 10).status_code == 401
        assert head(anonymous, location).status_code == 401
        assert patch(anonymous, location, 0, b"x").status_code == 401
        assert anonymous.delete(location, headers=TUS).status_code == 401
    assert len(tus_files(entrant.tus_dir)) == 2


def test_a_patch_bigger_than_the_form_limit_streams_through(client, app, entrant):
    """MAX_CONTENT_LENGTH (16 MB, for forms) does not cap a tus PATCH; the upload's length does."""
    entrant.contest.max_size_mb = 32
    db.session.commit()
    data = os.urandom(app.config["MAX_CONTENT_LENGTH"] + MiB)
    location = create(client, entrant.entry_id, len(data)).headers["Location"]
    response = patch(client, location, 0, data)
    assert response.status_code == 204 and response.headers["Upload-Offset"] == str(len(data))
    assert sha256(stored_video_path(entrant.entry_id)) == sha256(data)


def test_only_the_entry_owner_may_create_and_only_the_creator_may_touch(
        client, app, entrant, make_entrant):
    location = create(client, entrant.entry_id, 100).headers["Location"]
    other = make_entrant()
    stranger = app.test_client()
    # Requests share the test's app context, hence `g` and Flask-Login's cached user: give the
    # second user a context of their own.
    with app.app_context():
        login(stranger, other)
        assert create(stranger, entrant.entry_id, 100).status_code == 403
        assert head(stranger, location).status_code == 404
        assert patch(stranger, location, 0, b"x" * 10).status_code == 404
        assert stranger.delete(location, headers=TUS).status_code == 404
    assert head(client, location).headers["Upload-Offset"] == "0"


def test_unknown_entry_is_refused(client, entrant):
    assert create(client, entrant.entry_id + 999, 100).status_code == 404


def test_submissions_closed_refuses_new_uploads_and_resumes(client, entrant):
    location = create(client, entrant.entry_id, 100).headers["Location"]
    contest = entrant.contest
    contest.submissions_close_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert create(client, entrant.entry_id, 100).status_code == 403
    assert patch(client, location, 0, b"x" * 10).status_code == 403
    assert head(client, location).status_code == 403


def test_cross_origin_requests_are_refused(client, entrant):
    response = create(client, entrant.entry_id, 100, Origin="https://evil.example")
    assert response.status_code == 403
    assert tus_files(entrant.tus_dir) == []
    assert create(client, entrant.entry_id, 100, Origin="null").status_code == 403
    assert create(client, entrant.entry_id, 100, Origin="http://localhost.evil.example").status_code == 403
    response = create(client, entrant.entry_id, 100, Origin="http://localhost")
    assert response.status_code == 201
    location = response.headers["Location"]
    assert patch(client, location, 0, b"x", Origin="http://evil.example").status_code == 403
    assert client.delete(location, headers={**TUS, "Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_termination_deletes_the_upload(client, entrant):
    location = create(client, entrant.entry_id, 100).headers["Location"]
    patch(client, location, 0, b"x" * 10)
    response = client.delete(location, headers=TUS)
    assert response.status_code == 204
    assert tus_files(entrant.tus_dir) == []
    assert head(client, location).status_code == 404
    assert patch(client, location, 10, b"x").status_code == 404


def test_method_override_header(client, entrant):
    location = create(client, entrant.entry_id, 20).headers["Location"]
    response = client.post(location, data=b"y" * 5, content_type=OFFSET_STREAM,
                           headers={**TUS, "Upload-Offset": "0", "X-HTTP-Method-Override": "PATCH"})
    assert response.status_code == 204 and response.headers["Upload-Offset"] == "5"
    response = client.post(location, headers={**TUS, "X-HTTP-Method-Override": "DELETE"})
    assert response.status_code == 204
    assert head(client, location).status_code == 404
    # Only POST may be overridden: a GET stays a GET.
    assert client.get(location, headers={**TUS, "X-HTTP-Method-Override": "DELETE"}).status_code == 405


def test_checksum_mismatch_is_460_and_discards_the_chunk(client, entrant):
    location = create(client, entrant.entry_id, 20).headers["Location"]
    good, bad = b"a" * 10, b"b" * 10
    digest = base64.b64encode(hashlib.sha1(good).digest()).decode()
    assert patch(client, location, 0, bad, **{"Upload-Checksum": f"sha1 {digest}"}).status_code == 460
    assert head(client, location).headers["Upload-Offset"] == "0"
    response = patch(client, location, 0, good, **{"Upload-Checksum": f"sha1 {digest}"})
    assert response.status_code == 204 and response.headers["Upload-Offset"] == "10"
    assert patch(client, location, 10, bad, **{"Upload-Checksum": "crc32 AAAA"}).status_code == 400


def test_expired_upload_is_410_then_gone(client, app, entrant):
    location = create(client, entrant.entry_id, 100).headers["Location"]
    patch(client, location, 0, b"x" * 10)
    part = entrant.tus_dir / (location.rsplit("/", 1)[1] + ".part")
    old = time.time() - 25 * 3600
    os.utime(part, (old, old))
    assert head(client, location).status_code == 410
    assert tus_files(entrant.tus_dir) == []
    assert head(client, location).status_code == 404


def test_creation_sweeps_expired_uploads(client, entrant):
    stale = create(client, entrant.entry_id, 100).headers["Location"].rsplit("/", 1)[1]
    old = time.time() - 25 * 3600
    os.utime(entrant.tus_dir / f"{stale}.part", (old, old))
    fresh = create(client, entrant.entry_id, 100).headers["Location"].rsplit("/", 1)[1]
    assert tus_files(entrant.tus_dir) == sorted([f"{fresh}.json", f"{fresh}.part"])


@pytest.mark.parametrize("upload_id", ["nothex", "..", "A" * 32, "0" * 31, "0" * 32])
def test_malformed_ids_are_404(client, entrant, upload_id):
    assert head(client, f"/tus/{upload_id}").status_code == 404


def test_failed_hand_over_is_500_and_retried_by_head(client, entrant, monkeypatch):
    """Fault injection: the pipeline's first hand-over raises; the bytes must survive it."""
    from contest.media.uploads import services as uploads

    real, calls = uploads.receive_upload, []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("disk hiccup")
        return real(**kwargs)

    monkeypatch.setattr(uploads, "receive_upload", flaky)
    data = os.urandom(5000)
    location = create(client, entrant.entry_id, len(data)).headers["Location"]
    assert patch(client, location, 0, data).status_code == 500
    assert head(client, location).headers["Upload-Offset"] == str(len(data))
    assert len(calls) == 2
    assert calls[1]["size"] == len(data) and calls[1]["filename"] == "karya saya.mp4"
    assert sha256(stored_video_path(entrant.entry_id)) == sha256(data)
    assert head(client, location).status_code == 200
    assert len(calls) == 2  # handed over exactly once
