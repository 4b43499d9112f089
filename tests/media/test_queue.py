"""The queue on SQLite and on real Redis, real worker processes, crash recovery and the sweep."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from huey.storage import RedisStorage, SqliteStorage

from contest import create_app
from contest.core import config, tasks
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.media import pipeline, storage
from contest.media import tasks as media_tasks
from contest.media.models import Video
from contest.media.quality.models import VideoQuality
from contest.media.uploads.store import UploadStore
from tests.media.helpers import pid_alive
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    process,
    queue_file,
    reload,
    setup,
    upload,
    upload_root,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "redis"])
def backend(request, tmp_path):
    """The queue backend under test, and the environment a worker process needs for it."""
    if request.param == "sqlite":
        path = tmp_path / "worker-queue.db"
        tasks.use_sqlite(path)
        yield {"HUEY_SQLITE_PATH": str(path)}
        return
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/15): "
                    "the Redis queue tests need a real Redis")
    tasks.use_redis(url)
    tasks.huey.flush()
    yield {"REDIS_URL": url}
    tasks.huey.flush()


def worker_env(app, queue_env, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "HUEY_SQLITE_PATH")}
    env.update(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               UPLOAD_ROOT=app.config["UPLOAD_ROOT"], MEDIA_HEARTBEAT_S="1", **queue_env)
    env.update({k: str(v) for k, v in extra.items()})
    return env


@contextmanager
def worker(env, log_path):
    """`flask --app wsgi contest worker` as a separate process group; stopped afterwards."""
    with open(log_path, "ab") as log:
        proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "contest",
                                 "worker"], cwd=PROJECT_ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_for(video_id, condition, *, timeout, log_path=None):
    """Poll the row until condition(row) holds; returns the row."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        row = db.session.get(Video, video_id)
        db.session.refresh(row)
        if condition(row):
            return row
        if time.monotonic() > deadline:
            log = log_path.read_text() if log_path and log_path.exists() else ""
            pytest.fail(f"timed out; video is {row.state} ({row.progress}%)\n{log[-3000:]}")
        time.sleep(0.1)


def encoders_reading(path):
    """Pids of processes whose command line mentions path."""
    found = []
    needle = str(path).encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle in (proc / "cmdline").read_bytes() and pid_alive(int(proc.name)):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


# ---------------------------------------------------------------- configuration


def test_backend_is_chosen_from_the_config(tmp_path, monkeypatch):
    path = str(tmp_path / "q" / "queue.db")
    on_redis = tasks.make_storage({"REDIS_URL": "redis://127.0.0.1:6379/15", "HUEY_SQLITE_PATH": path})
    assert isinstance(on_redis, RedisStorage)
    on_file = tasks.make_storage({"REDIS_URL": "", "HUEY_SQLITE_PATH": path})
    assert isinstance(on_file, SqliteStorage) and on_file.filename == path
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("HUEY_SQLITE_PATH", raising=False)
    defaults = config.from_environment(str(tmp_path / "instance"))
    assert (defaults["REDIS_URL"], defaults["HUEY_SQLITE_PATH"]) == ("", str(tmp_path / "instance" / "queue.db"))


def test_create_app_points_the_queue_at_its_config(tmp_path):
    previous = tasks.huey.storage
    try:
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "REDIS_URL": "",
                    "HUEY_SQLITE_PATH": str(tmp_path / "app-queue.db")})
        assert isinstance(tasks.huey.storage, SqliteStorage)
        assert tasks.huey.storage.filename == str(tmp_path / "app-queue.db")
    finally:
        tasks.huey.storage = previous


def test_max_attempts_from_the_app_config_set_a_process_task_retries(app, queue_file, setup, make_clip,
                                                                    monkeypatch):
    s = setup()
    video = upload(s.entry, make_clip())
    [task] = tasks.huey.pending()
    assert (task.args, task.retries, task.retry_delay) == ((video.id,), 2, 30)  # the defaults: 3 attempts
    tasks.huey.flush()
    monkeypatch.setitem(app.config, "MEDIA_MAX_ATTEMPTS", 5)
    monkeypatch.setitem(app.config, "MEDIA_RETRY_DELAY_S", 7)
    media_tasks.enqueue_video(video.id)
    [task] = tasks.huey.pending()
    assert (task.args, task.retries, task.retry_delay) == ((video.id,), 4, 7)


def test_sweep_runs_every_minute():
    for minute in (0, 7, 59):
        due = tasks.huey.read_periodic(datetime(2024, 11, 27, 10, minute, tzinfo=UTC))
        assert "media.sweep" in [t.name for t in due]


# ---------------------------------------------------------------- both backends


def test_task_round_trip(backend, setup, make_clip):
    s = setup()
    video = upload(s.entry, make_clip())
    assert tasks.huey.pending_count() == 1
    task = tasks.huey.dequeue()  # what a worker does, step by step
    assert (task.name, task.args) == ("media.process_video", (video.id,))
    assert tasks.huey.execute(task) == "remux"
    assert reload(video).state == "ready"
    assert tasks.huey.execute(task) == "skipped"  # a duplicate message changes nothing


def test_worker_process_processes_an_upload(backend, setup, make_clip, app, tmp_path):
    s = setup()
    video = upload(s.entry, make_clip())
    log = tmp_path / "worker.log"
    with worker(worker_env(app, backend), log):
        row = wait_for(video.id, lambda r: r.state == "ready", timeout=60, log_path=log)
        # then the follow-up task (quality report, loudness, hashes) on the same queue
        wait_for(video.id, lambda r: db.session.get(VideoQuality, r.id) is not None
                 and db.session.get(VideoQuality, r.id).analysed_at is not None,
                 timeout=60, log_path=log)
    assert row.rendition == "remux" and storage.web_path(row).exists()
    assert tasks.huey.pending_count() == 0


def test_killed_worker_loses_nothing(backend, setup, make_clip, app, tmp_path):
    s = setup(max_duration_s=60)
    clip = make_clip(duration=20, width=640, height=360, container="mkv")
    video = upload(s.entry, clip, filename="karya.mkv")
    env = worker_env(app, backend)
    log = tmp_path / "worker.log"
    with worker(env, log) as first:
        wait_for(video.id, lambda r: r.state == "processing" and r.progress > 0, timeout=60,
                 log_path=log)
        report = media_tasks.sweep()
        assert report["released"] == report["enqueued"] == []  # a live worker is left alone
        assert media_tasks.waiting_in_queue() == set()
        encoders = encoders_reading(storage.original_path(video))
        assert encoders
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    deadline = time.monotonic() + 5
    while any(pid_alive(pid) for pid in encoders) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(pid_alive(pid) for pid in encoders)  # the encoder died with its worker
    stuck = reload(video)
    assert stuck.state == "processing" and stuck.attempts == 1

    app.config["MEDIA_STUCK_AFTER_S"] = 2
    try:
        time.sleep(2.5)
        report = media_tasks.sweep()
    finally:
        app.config["MEDIA_STUCK_AFTER_S"] = config.DEFAULTS["MEDIA_STUCK_AFTER_S"]
    assert report["released"] == [video.id] and report["enqueued"] == [video.id]
    assert reload(video).state == "queued"
    with worker(env, log):
        row = wait_for(video.id, lambda r: r.state == "ready", timeout=120, log_path=log)
    assert row.attempts == 2 and row.rendition == "transcode"
    assert storage.web_path(row).exists()


def test_stopped_worker_hands_its_video_back(setup, make_clip, app, tmp_path, queue_file):
    """SIGTERM (what `make run` sends on Ctrl-C): the video is queued again at once."""
    s = setup(max_duration_s=60)
    video = upload(s.entry, make_clip(duration=20, width=640, height=360, container="mkv"),
                   filename="karya.mkv")
    log = tmp_path / "worker.log"
    with worker(worker_env(app, {"HUEY_SQLITE_PATH": str(queue_file)}), log) as proc:
        wait_for(video.id, lambda r: r.state == "processing" and r.progress > 0, timeout=60,
                 log_path=log)
        encoders = encoders_reading(storage.original_path(video))
        os.killpg(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=20) == 0, log.read_text()[-2000:]
    row = reload(video)
    assert (row.state, row.attempts, row.claim_token) == ("queued", 0, None)
    assert media_tasks.waiting_in_queue() == {video.id}
    time.sleep(0.5)
    assert encoders and not any(pid_alive(pid) for pid in encoders)


# ---------------------------------------------------------------- the sweep


def test_sweep_enqueues_only_what_is_not_waiting(setup, make_clip):
    s = setup()
    video = upload(s.entry, make_clip())
    assert media_tasks.sweep()["enqueued"] == []  # its task is already waiting
    tasks.huey.flush()  # the queue lost it (e.g. Redis restarted without persistence)
    assert media_tasks.sweep()["enqueued"] == [video.id]
    assert media_tasks.sweep()["enqueued"] == []
    assert tasks.huey.pending_count() == 1


def test_sweep_retries_a_failed_video_after_the_delay(setup, make_clip):
    s = setup()
    video = upload(s.entry, make_clip())
    tasks.huey.flush()
    storage.original_path(video).rename(s.root / "away")
    with pytest.raises(FileNotFoundError):
        pipeline.process_video(video.id)
    (s.root / "away").rename(storage.original_path(video))
    assert media_tasks.sweep()["enqueued"] == []  # not before MEDIA_RETRY_DELAY_S
    later = utcnow() + timedelta(minutes=5)
    assert media_tasks.sweep(now=later)["enqueued"] == [video.id]
    assert tasks.huey.execute(tasks.huey.dequeue()) == "remux"
    assert reload(video).state == "ready"


def test_sweep_gives_up_on_a_video_that_keeps_killing_workers(setup, make_clip):
    s = setup()
    video = upload(s.entry, make_clip())
    video.state, video.attempts, video.claim_token = "processing", 3, "x" * 32
    video.heartbeat_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    tasks.huey.flush()
    report = media_tasks.sweep()
    assert report["released"] == [] and report["enqueued"] == []
    video = reload(video)
    assert video.state == "failed" and "worker stopped" in video.error


def test_sweep_finishes_an_interrupted_hand_over(setup, make_clip):
    s = setup()
    video = Video(entry_id=s.entry_id, upload_ref="/gone.part", original_filename="k.mp4",
                  state="uploading", state_changed_at=utcnow() - timedelta(hours=1))
    db.session.add(video)
    db.session.commit()
    storage.original_path(video).parent.mkdir(parents=True, exist_ok=True)
    storage.original_path(video).write_bytes(make_clip().read_bytes())
    report = media_tasks.sweep()
    assert report["uploads_finished"] == [video.id] and report["enqueued"] == [video.id]
    assert reload(video).state == "queued"


def test_sweep_expires_abandoned_tus_uploads(setup, app):
    s = setup()
    store = UploadStore(app.config["UPLOAD_ROOT"], ttl=app.config["TUS_EXPIRY_SECONDS"])
    old = store.create(length=100, user_id=s.user.id, entry_id=s.entry_id, metadata={},
                       now=time.time() - 3 * 24 * 3600)
    fresh = store.create(length=100, user_id=s.user.id, entry_id=s.entry_id, metadata={})
    report = media_tasks.sweep()
    assert report["tus_swept"] == 1
    assert not store.part_path(old.id).exists() and store.part_path(fresh.id).exists()


def test_sweep_removes_superseded_files_and_stale_scratch(setup, make_clip):
    s = setup()
    first, _ = process(upload(s.entry, make_clip(duration=2)))
    process(upload(s.entry, make_clip(duration=3)))
    stale = s.root / "work" / "dead-attempt"
    stale.mkdir(parents=True)
    os.utime(stale, (time.time() - 7 * 3600,) * 2)
    report = media_tasks.sweep()
    assert report["files_deleted"] == [first.id] and report["work_dirs_removed"] == 1
    assert not storage.rendition_dir(first).exists() and not stale.exists()
    assert reload(first).files_deleted_at is not None
    assert media_tasks.sweep()["files_deleted"] == []
