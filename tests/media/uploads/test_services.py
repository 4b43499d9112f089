"""The interface the tus server calls: who may upload, and taking over a finished upload."""
from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from flask_login import AnonymousUserMixin

from contest.core import tasks
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.entries.services import withdraw_entry
from contest.media import storage
from contest.media import tasks as media_tasks
from contest.media.models import Video
from contest.media.uploads.services import (
    UploadRefused,
    authorize_new_upload,
    authorize_resume,
    original_path_for_entry,
    receive_upload,
    take_upload,
)
from contest.media.uploads.tus import hand_over
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    queue_file,
    reload,
    setup,
    upload,
    upload_root,
)

MiB = 1024 * 1024


def meta(entry_id, filename="karya.mp4"):
    return {"entry_id": str(entry_id), "filename": filename}


def refused(call, **kwargs):
    with pytest.raises(UploadRefused) as info:
        call(**kwargs)
    return info.value.status, str(info.value.message)


def test_owner_may_upload_to_an_open_entry(setup):
    s = setup()
    assert authorize_new_upload(user=s.user, metadata=meta(s.entry_id), length=5 * MiB) == s.entry_id
    authorize_resume(user=s.user, entry_id=s.entry_id)  # no exception


@pytest.mark.parametrize("metadata", [{}, {"entry_id": "1"}, {"filename": "a.mp4"},
                                      {"entry_id": "satu", "filename": "a.mp4"},
                                      {"entry_id": "1", "filename": "  "}])
def test_incomplete_metadata_is_400(setup, metadata):
    s = setup()
    status, message = refused(authorize_new_upload, user=s.user, metadata=metadata, length=10)
    assert status == 400 and "nomor karya dan nama berkas" in message


def test_unknown_entry_is_404(setup):
    s = setup()
    status, message = refused(authorize_new_upload, user=s.user, metadata=meta(999999), length=10)
    assert (status, message) == (404, "Karya tidak ditemukan.")


def test_anonymous_is_401(setup):
    s = setup()
    status, _ = refused(authorize_new_upload, user=AnonymousUserMixin(),
                        metadata=meta(s.entry_id), length=10)
    assert status == 401


def test_someone_elses_entry_is_403(setup, make_entrant, make_staff):
    s = setup()
    for user in (make_entrant(), make_staff("judge"), make_staff("admin")):
        status, message = refused(authorize_new_upload, user=user, metadata=meta(s.entry_id),
                                  length=10)
        assert status == 403 and "tidak berhak" in message
        status, _ = refused(authorize_resume, user=user, entry_id=s.entry_id)
        assert status == 403


def test_withdrawn_entry_is_403(setup):
    s = setup()
    withdraw_entry(entry=s.entry)
    db.session.commit()
    status, message = refused(authorize_new_upload, user=s.user, metadata=meta(s.entry_id),
                              length=10)
    assert status == 403 and "ditarik" in message


def test_closed_submissions_name_the_deadline(setup):
    s = setup()
    close = utcnow() - timedelta(hours=1)
    s.contest.registration_opens_at = close - timedelta(days=20)
    s.contest.submissions_close_at = close
    db.session.commit()
    status, message = refused(authorize_new_upload, user=s.user, metadata=meta(s.entry_id),
                              length=10)
    assert status == 403
    assert message.startswith("Pengumpulan karya sudah ditutup pada ") and "WITA" in message
    status, _ = refused(authorize_resume, user=s.user, entry_id=s.entry_id)
    assert status == 403  # a half-finished upload cannot sneak in after the deadline


def test_not_yet_open_says_when(setup):
    s = setup()
    s.contest.registration_opens_at = utcnow() + timedelta(days=2)
    db.session.commit()
    status, message = refused(authorize_new_upload, user=s.user, metadata=meta(s.entry_id),
                              length=10)
    assert status == 403 and message.startswith("Pengumpulan karya baru dibuka ")


def test_too_large_is_413_with_sizes(setup):
    s = setup(max_size_mb=8)
    status, message = refused(authorize_new_upload, user=s.user, metadata=meta(s.entry_id),
                              length=int(10.44 * MiB))
    assert (status, message) == (413, "Ukuran berkas 10,5 MB melebihi batas 8 MB.")
    assert authorize_new_upload(user=s.user, metadata=meta(s.entry_id), length=8 * MiB)


def test_empty_may_be_created(setup):
    """tus allows Upload-Length 0; the hand-over rejects it as `empty` (see below)."""
    s = setup()
    assert authorize_new_upload(user=s.user, metadata=meta(s.entry_id), length=0) == s.entry_id


@pytest.mark.parametrize("name", ["a.mp4", "B.MOV", "c.m4v", "d.mkv", "e.webm", "f.3gp",
                                  "video.final.Mp4"])
def test_allowed_extensions(setup, name):
    s = setup()
    assert authorize_new_upload(user=s.user, metadata=meta(s.entry_id, name), length=10)


@pytest.mark.parametrize("name, shown", [("film.avi", ".avi"), ("playlist.m3u8", ".m3u8"),
                                         ("foto.jpg", ".jpg"), ("video", None)])
def test_other_extensions_are_415(setup, name, shown):
    s = setup()
    status, message = refused(authorize_new_upload, user=s.user, metadata=meta(s.entry_id, name),
                              length=10)
    assert status == 415 and "MP4, MOV, M4V, MKV, WEBM, 3GP" in message
    assert (shown in message) if shown else "ekstensi" in message


# ---------------------------------------------------------------- hand_over


def test_complete_moves_the_file_and_queues_a_video(setup, make_clip, queue_file):
    s = setup()
    part = s.root / "tus" / ("a" * 32 + ".part")
    part.parent.mkdir()
    shutil.copyfile(make_clip(), part)
    hand_over(entry_id=s.entry_id, path=part, filename="Karya Budi.mp4", size=part.stat().st_size)
    video = db.session.scalars(db.select(Video)).one()
    assert (video.state, video.entry_id, video.original_filename) == ("queued", s.entry_id,
                                                                      "Karya Budi.mp4")
    assert not part.exists()
    assert storage.original_path(video) == s.root / "originals" / f"{video.uuid}.bin"
    assert storage.original_path(video).read_bytes() == make_clip().read_bytes()
    assert original_path_for_entry(s.entry_id) == storage.original_path(video)
    assert video.original_size == make_clip().stat().st_size
    pending = tasks.huey.pending()
    assert [(t.name, t.args) for t in pending] == [("media.process_video", (video.id,))]


def test_complete_rejects_an_empty_file_without_queueing_it(setup, queue_file):
    s = setup()
    part = s.root / "tus" / ("e" * 32 + ".part")
    part.parent.mkdir()
    part.write_bytes(b"")
    hand_over(entry_id=s.entry_id, path=part, filename="kosong.mp4", size=0)
    video = db.session.scalars(db.select(Video)).one()
    assert (video.state, video.problems) == ("rejected", [{"code": "empty", "params": {}}])
    assert storage.original_path(video).exists() and not part.exists()
    assert tasks.huey.pending_count() == 0


def test_complete_twice_is_idempotent(setup, make_clip):
    s = setup()
    part = s.root / "tus" / ("b" * 32 + ".part")
    part.parent.mkdir()
    shutil.copyfile(make_clip(), part)
    size = part.stat().st_size
    for _ in range(2):
        hand_over(entry_id=s.entry_id, path=part, filename="k.mp4", size=size)
    assert db.session.scalar(db.select(db.func.count(Video.id))) == 1
    assert tasks.huey.pending_count() == 1


def test_complete_resumes_a_hand_over_cut_short(setup, make_clip):
    """Row committed, file moved, then the process died before queueing: a retry finishes."""
    s = setup()
    part = s.root / "tus" / ("c" * 32 + ".part")
    part.parent.mkdir()
    shutil.copyfile(make_clip(), part)
    video = Video(entry_id=s.entry_id, upload_ref=str(part.resolve()), original_filename="k.mp4",
                  original_size=part.stat().st_size, state="uploading")
    db.session.add(video)
    db.session.commit()
    storage.place_file(part, storage.original_path(video))
    hand_over(entry_id=s.entry_id, path=part, filename="k.mp4", size=1)
    assert reload(video).state == "queued" and tasks.huey.pending_count() == 1


def test_complete_across_filesystems_copies_then_renames(setup, make_clip):
    s = setup()
    with tempfile.TemporaryDirectory(dir="/dev/shm") as other:
        part = Path(other) / "upload.part"
        shutil.copyfile(make_clip(), part)
        assert part.stat().st_dev != s.root.stat().st_dev  # really another filesystem
        hand_over(entry_id=s.entry_id, path=part, filename="k.mp4", size=1)
        assert not part.exists()
    video = db.session.scalars(db.select(Video)).one()
    assert storage.original_path(video).read_bytes() == make_clip().read_bytes()
    assert not list(storage.original_path(video).parent.glob(".*.tmp"))


def test_complete_survives_a_queue_outage(setup, make_clip, tmp_path):
    """The row is the truth: if enqueueing fails, the upload is kept and the sweep queues it."""
    s = setup()
    tasks.use_redis("redis://127.0.0.1:1/0")  # nothing listens on port 1: the queue is down
    with pytest.raises(Exception):  # noqa: B017  (redis-py raises its ConnectionError; any error shows it)
        tasks.huey.pending_count()
    video = upload(s.entry, make_clip())
    assert video.state == "queued" and storage.original_path(video).exists()
    tasks.use_sqlite(tmp_path / "back.db")
    assert tasks.huey.pending_count() == 0
    report = media_tasks.sweep()
    assert report["enqueued"] == [video.id]
    assert [t.args for t in tasks.huey.pending()] == [(video.id,)]


def test_the_upload_services_flush_and_enqueue_only_after_the_caller_commits(setup, make_clip):
    """receive_upload and take_upload never commit: a rollback leaves no row, no task."""
    s = setup()
    part = s.root / "tus" / ("d" * 32 + ".part")
    part.parent.mkdir()
    shutil.copyfile(make_clip(), part)
    video = receive_upload(entry_id=s.entry_id, path=part, filename="k.mp4", size=1)
    assert take_upload(video=video, path=part) and video.state == "queued"
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Video.id))) == 0
    assert tasks.huey.pending_count() == 0


def test_complete_for_a_vanished_entry_is_404(setup, make_clip):
    s = setup()
    part = s.root / "x.part"
    shutil.copyfile(make_clip(), part)
    status, _ = refused(hand_over, entry_id=999999, path=part, filename="k.mp4", size=1)
    assert status == 404
