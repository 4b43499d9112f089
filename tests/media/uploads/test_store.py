"""The on-disk tus upload store: ids, offsets from the disk, locking, expiry, eviction."""
import io
import os
import time

import pytest

from contest.media.uploads.store import (
    MAX_PARTIALS_PER_ENTRY,
    UploadLocked,
    UploadNotFound,
    UploadStore,
    sweep_expired,
)


@pytest.fixture
def store(tmp_path):
    return UploadStore(tmp_path, ttl=3600)


def new(store, **overrides):
    values = {"length": 100, "user_id": 1, "entry_id": 7, "metadata": {"filename": "a.mp4"}}
    values.update(overrides)
    return store.create(**values)


class FailingStream:
    """Delivers some bytes, then fails like a dropped connection."""

    def __init__(self, data):
        self.data = io.BytesIO(data)

    def read(self, size):
        chunk = self.data.read(size)
        if not chunk:
            raise ConnectionResetError("client went away")
        return chunk


def test_ids_are_random_hex_and_anything_else_is_not_found(store):
    upload = new(store)
    assert len(upload.id) == 32 and int(upload.id, 16) >= 0
    assert new(store).id != upload.id
    for bad in ("../" + upload.id, upload.id.upper(), upload.id + ".part", "", None):
        with pytest.raises(UploadNotFound):
            store.get(bad)


def test_offset_is_the_size_on_disk(store):
    upload = new(store)
    with store.writer(upload.id) as writer:
        assert writer.append(io.BytesIO(b"x" * 40), 40) == 40
    assert store.get(upload.id).offset == 40
    # What is on disk is the truth, e.g. after a crash in the middle of a write.
    with open(store.part_path(upload.id), "ab") as fh:
        fh.write(b"y" * 5)
    assert store.get(upload.id).offset == 45


def test_append_keeps_the_bytes_that_arrived_before_a_failure(store):
    upload = new(store, length=10 * 1024 * 1024)
    data = os.urandom(2 * 1024 * 1024 + 17)
    with store.writer(upload.id) as writer, pytest.raises(ConnectionResetError):
        writer.append(FailingStream(data), upload.length)
    assert store.part_path(upload.id).read_bytes() == data


def test_append_never_writes_past_max_bytes(store):
    upload = new(store)
    with store.writer(upload.id) as writer:
        assert writer.append(io.BytesIO(b"z" * 500), 30) == 30
    assert store.get(upload.id).offset == 30


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(store):
    upload = new(store)
    with store.writer(upload.id):
        with pytest.raises(UploadLocked):
            with store.writer(upload.id):
                pass
    with store.writer(upload.id) as writer:  # released afterwards
        assert writer.offset == 0


def test_terminate_removes_both_files(store):
    upload = new(store)
    with store.writer(upload.id) as writer:
        writer.terminate()
    assert list(store.dir.iterdir()) == []
    with pytest.raises(UploadNotFound):
        store.get(upload.id)


def test_completed_upload_keeps_a_tombstone_reporting_full_offset(store):
    upload = new(store, length=3)
    with store.writer(upload.id) as writer:
        writer.append(io.BytesIO(b"abc"), 3)
        os.rename(store.part_path(upload.id), store.dir.parent / "moved")  # the pipeline's move
        writer.mark_completed()
    done = store.get(upload.id)
    assert done.completed_at is not None and done.offset == 3 and done.is_complete


def test_sweep_removes_expired_uploads_only(store):
    old, fresh, busy = new(store), new(store, entry_id=8), new(store, entry_id=9)
    past = time.time() - 7200
    for upload in (old, busy):
        os.utime(store.part_path(upload.id), (past, past))
    with store.writer(busy.id):  # a PATCH is streaming into it: not idle, whatever the mtime says
        assert sweep_expired(store.dir.parent, ttl=3600) == 1
    with pytest.raises(UploadNotFound):
        store.get(old.id)
    assert store.get(fresh.id).offset == 0
    assert store.get(busy.id).offset == 0
    assert store.sweep_expired(now=time.time() + 7200) == 2


def test_sweep_removes_stray_files_after_a_grace_period(store):
    upload = new(store)
    store._sidecar_path(upload.id).unlink()  # creation cut short
    store.sweep_expired()
    assert store.part_path(upload.id).exists()
    assert store.sweep_expired(now=time.time() + 2 * 3600) == 0
    assert not store.part_path(upload.id).exists()


def test_too_many_partials_for_one_entry_evict_the_oldest(store):
    uploads = []
    for n in range(MAX_PARTIALS_PER_ENTRY + 1):
        uploads.append(new(store))
        stamp = time.time() - 1000 + n
        os.utime(store.part_path(uploads[-1].id), (stamp, stamp))
    other_entry = new(store, entry_id=99)
    with pytest.raises(UploadNotFound):
        store.get(uploads[0].id)
    for upload in uploads[1:] + [other_entry]:
        assert store.get(upload.id)
