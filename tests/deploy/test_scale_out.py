"""Scaled out for real: two gunicorn instances behind one nginx (the repo's site file), two queue
workers, one shared UPLOAD_ROOT, PostgreSQL and Redis. 20 entrants upload through nginx; one
worker is SIGKILLed while it transcodes. Every video must end `ready` exactly once, nothing lost,
and a session made on one instance must work on the other.

Runs in the PostgreSQL + Redis leg only (TEST_DATABASE_URL and TEST_REDIS_URL set): it creates
a throwaway database next to TEST_DATABASE_URL's and flushes only TEST_REDIS_URL's Redis db.
"""
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.media.conftest import make_clip, media_dir  # noqa: F401  (fixtures)
from tests.media.tus_helpers import (  # noqa: F401
    _clean_state,
    http_login,
    sha256,
    tus_client,
    tus_metadata,
)
from tests.media.video_helpers import SMALL_RULES
from tests.servers import Gunicorn, Nginx, Process, nginx_version, wait_until

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
UPLOADS, TRANSCODES = 20, 4
PASSWORD = "rahasia-123"

if not (DATABASE_URL.startswith("postgresql") and REDIS_URL):
    reason = ("scale-out test needs PostgreSQL and Redis: set TEST_DATABASE_URL "
              "(postgresql+psycopg://...) and TEST_REDIS_URL (redis://...); .ci/run does")
    print(f"\nSKIP tests/deploy/test_scale_out.py: {reason}", file=sys.stderr)
    pytestmark = pytest.mark.skip(reason=reason)


@pytest.fixture
def scale_db():
    """A throwaway PostgreSQL database on TEST_DATABASE_URL's server, dropped afterwards."""
    base = make_url(DATABASE_URL)
    name = f"{base.database}_scale_{os.getpid()}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def scale_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


def seed(app):
    """An open edition with small rules and UPLOADS entrants with a draft entry each."""
    from contest.accounts.nip import parse_nip
    from contest.accounts.services import register_entrant
    from contest.contests.services import make_current, save_contest
    from contest.core.extensions import db
    from contest.demo.contests import PRIZES, demo_contest_values
    from contest.entries.services import create_entry
    from tests.conftest import unique_nip

    people = []
    with app.app_context():
        contest = save_contest(values={**demo_contest_values(), "slug": "skala", **SMALL_RULES},
                               prizes=PRIZES)
        make_current(contest=contest)
        for n in range(UPLOADS):
            user = register_entrant(
                full_name=f"Peserta {n}", email=f"skala{n}@example.go.id", password=PASSWORD,
                parsed_nip=parse_nip(unique_nip()), position="Analis", rank=None,
                work_unit="Sekretariat", agency="Dinas Kominfo", regency="Kota Samarinda",
                phone="+6281234500000")
            entry = create_entry(contest=contest, user=user, title=f"Karya {n}",
                                 synopsis="Sinopsis.", social_url=None)
            db.session.flush()
            people.append((user.email, entry.id))
        db.session.commit()
    return people


def encoders_of(parent):
    """pids of x264 encoders (a transcode) that process `parent` started (ffmpeg runs in a
    session of its own, and dies with its parent: PR_SET_PDEATHSIG)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            argv = (proc / "cmdline").read_bytes().split(b"\0") if ppid == parent else []
        except (OSError, IndexError, ValueError):
            continue
        if argv and argv[0].endswith(b"ffmpeg") and b"libx264" in argv:
            found.append(int(proc.name))
    return found


def test_two_instances_two_workers_one_killed_mid_transcode(scale_db, scale_redis, make_clip,
                                                          tmp_path):
    from contest import create_app
    from contest.core.extensions import db
    from contest.media.models import Video

    started = time.monotonic()
    uploads_root = tmp_path / "uploads"
    env = {**os.environ, "DATABASE_URL": scale_db, "REDIS_URL": scale_redis,
           "RATELIMIT_STORAGE_URI": scale_redis, "RATELIMIT_ENABLED": "false",
           "SECRET_KEY": "scale-out-" + "x" * 40, "UPLOAD_ROOT": str(uploads_root),
           "X_ACCEL_REDIRECT": "/protected-media/", "PROXY_COUNT": "1",
           "MEDIA_STUCK_AFTER_S": "5", "MEDIA_HEARTBEAT_S": "1", "MEDIA_RETRY_DELAY_S": "2",
           "FLASK_APP": "wsgi"}
    migrate = Process([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], env=env,
                      log=tmp_path / "migrate.log").start()
    assert migrate.proc.wait(120) == 0, (tmp_path / "migrate.log").read_text()[-3000:]
    app = create_app({"SQLALCHEMY_DATABASE_URI": scale_db, "UPLOAD_ROOT": str(uploads_root),
                      "SECRET_KEY": env["SECRET_KEY"], "TESTING": True})
    people = seed(app)

    # Clips: most are H.264/AAC (remux only), a few HEVC in Matroska (must be transcoded).
    remux_clip = make_clip(duration=2)
    hevc_clip = make_clip(duration=8, width=640, height=480, vcodec="libx265", container="mkv")
    clips = [hevc_clip if n < TRANSCODES else remux_clip for n in range(UPLOADS)]

    webs = [Gunicorn(env, tmp_path / f"web{n}.log", threads=4) for n in range(2)]
    nginx = Nginx(tmp_path / "nginx", upstreams=[w.port for w in webs], upload_root=uploads_root)
    workers = [Process([sys.executable, "-m", "flask", "--app", "wsgi", "contest", "worker"],
                       env=env, log=tmp_path / f"worker{n}.log") for n in range(2)]
    everything = [nginx, *webs, *workers]
    killed = None
    try:
        for web in webs:
            web.start()
        nginx.start()
        for worker in workers:
            worker.start()
        os.environ["REQUESTS_CA_BUNDLE"] = str(nginx.cert)

        def upload(n):
            email, entry_id = people[n]
            session = http_login(nginx.url, email, PASSWORD)
            tus_client(nginx.url, session).uploader(
                file_path=str(clips[n]), chunk_size=256 * 1024, metadata=tus_metadata(entry_id),
                retries=3, retry_delay=0.5).upload()
            return entry_id

        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(upload, n) for n in range(UPLOADS)]
            # Meanwhile: the first worker seen running an x264 transcode is killed, ffmpeg too.
            deadline = time.monotonic() + 90
            while killed is None:
                for worker in workers:
                    if encoders := encoders_of(worker.pid):
                        worker.kill()
                        killed = worker
                        wait_until(lambda e=encoders: not any(Path(f"/proc/{p}").exists() for p in e),
                                   timeout=10, what="the killed worker's ffmpeg to die with it")
                        break
                assert time.monotonic() < deadline, "no worker was ever seen transcoding"
                time.sleep(0.05)
            uploaded = [f.result(timeout=120) for f in futures]
        assert sorted(uploaded) == sorted(entry for _, entry in people)
        survivor = next(w for w in workers if w is not killed)

        def all_ready():
            with app.app_context():
                db.session.remove()
                states = [v.state for v in db.session.scalars(db.select(Video))]
            assert survivor.running(), (survivor.log.read_text()[-3000:])
            return len(states) == UPLOADS and all(s == "ready" for s in states)

        wait_until(all_ready, timeout=150, what="every video ready", every=1)
        took = time.monotonic() - started

        with app.app_context():
            videos = db.session.scalars(db.select(Video).order_by(Video.id)).all()
            assert len(videos) == UPLOADS and len({v.entry_id for v in videos}) == UPLOADS
            assert sum(v.rendition == "transcode" for v in videos) == TRANSCODES
            assert max(v.attempts for v in videos) == 2  # the killed one ran a second time
            rows = [(v.id, v.uuid, v.frame_count, v.entry_id) for v in videos]
        # Exactly once: one rendition folder per video with exactly one web.mp4 and its frames,
        # no temporary files, and exactly one "video N <outcome>" line across both workers' logs.
        folders = sorted(p.name for p in (uploads_root / "renditions").iterdir())
        assert folders == sorted(uuid for _, uuid, _, _ in rows)
        for _, uuid, frames, _ in rows:
            names = sorted(p.name for p in (uploads_root / "renditions" / uuid).iterdir())
            assert names.count("web.mp4") == 1 and len(names) == 1 + 2 * frames, names
        logs = "".join(w.log.read_text(errors="replace") for w in workers)
        duplicates = 0
        for video_id, *_ in rows:
            done = logs.count(f"video={video_id}: video {video_id} remux") + logs.count(
                f"video={video_id}: video {video_id} transcode")
            assert done >= 1, f"video {video_id} was never finished by a worker"
            duplicates += done - 1
        assert duplicates == 0
        # The uploads really went to both instances (each app logs its own tus requests).
        per_instance = [w.log.read_text(errors="replace").count("PATCH /tus/") for w in webs]
        assert all(count > 0 for count in per_instance), per_instance
        # The originals are byte-identical to what was sent.
        for _video_id, uuid, _, entry_id in rows:
            n = next(i for i, (_, e) in enumerate(people) if e == entry_id)
            assert sha256(uploads_root / "originals" / f"{uuid}.bin") == sha256(clips[n])

        # One session, both instances: log in on A directly, use the cookie on B directly.
        session = http_login(webs[0].url, people[0][0], PASSWORD)
        page = requests.get(f"{webs[1].url}/entries/", cookies=session.cookies, timeout=10,
                            allow_redirects=False)
        assert page.status_code == 200 and "Karya 0" in page.text
        print(f"\nscale-out: nginx {nginx_version()}, {UPLOADS} uploads over 2 instances "
              f"(PATCHes {per_instance}), {len(videos)} videos ready ({TRANSCODES} transcoded), "
              f"worker pid {killed.pid} killed mid-transcode, duplicates {duplicates}, "
              f"{took:.0f} s")
    finally:
        os.environ.pop("REQUESTS_CA_BUNDLE", None)
        for process in everything:
            if process.proc is not None:
                process.stop(signal.SIGTERM)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
