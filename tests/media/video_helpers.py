"""Fixtures and helpers for the video pipeline tests (imported by name into each test module)."""
from __future__ import annotations

import secrets
import shutil
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from contest.core import tasks
from contest.core.extensions import db
from contest.entries.services import create_entry, submit_entry
from contest.judging.rounds.editing import create_round
from contest.judging.rounds.models import RoundKind
from contest.media import pipeline
from contest.media.models import Video
from contest.media.uploads.tus import hand_over
from tests.conftest import fresh_state, utcnow

# Small rules so that 2-second 320x240 test clips pass unless a test says otherwise.
SMALL_RULES = dict(min_duration_s=1, max_duration_s=10, min_short_side_px=200,
                   orientations="landscape,portrait", max_size_mb=50, audio_required=True)


@pytest.fixture(autouse=True)
def _clean_state(app):
    """These tests use the database: undo tests/media/conftest.py's opt-out of the cleanup."""
    with fresh_state(app):
        yield


@pytest.fixture(autouse=True)
def queue_file(tmp_path):
    """Each test gets an empty SQLite queue file (the module-level Huey is re-pointed)."""
    previous = tasks.huey.storage
    path = tmp_path / "queue.db"
    tasks.use_sqlite(path)
    yield path
    tasks.huey.storage = previous


@pytest.fixture
def upload_root(app):
    """UPLOAD_ROOT, emptied before the test."""
    root = Path(app.config["UPLOAD_ROOT"])
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    return root


@pytest.fixture
def setup(make_contest, make_entrant, upload_root):
    """Factory: setup(**contest_overrides) -> an open contest, an entrant and a draft entry."""

    def make(**overrides):
        contest = make_contest(**{**SMALL_RULES, **overrides})
        user = make_entrant(full_name="Budi Santoso, S.Kom.", agency="Dinas Kesehatan")
        entry = create_entry(contest=contest, user=user, title="Netral Itu Pilihan",
                             synopsis="Sinopsis.", social_url=None)
        db.session.commit()
        return SimpleNamespace(contest=contest, user=user, entry=entry, entry_id=entry.id,
                               root=upload_root)

    return make


def upload(entry, source, filename="karya budi.mp4"):
    """Hand a file over as the tus server does (from <root>/tus/<id>.part)."""
    from flask import current_app

    tus_dir = Path(current_app.config["UPLOAD_ROOT"]) / "tus"
    tus_dir.mkdir(parents=True, exist_ok=True)
    part = tus_dir / f"{secrets.token_hex(16)}.part"
    shutil.copyfile(source, part)
    video = hand_over(entry_id=entry.id, path=part, filename=filename, size=part.stat().st_size)
    return db.session.get(Video, video.id)


def process(video):
    """Run the worker's code path for this video and return the reloaded row and outcome."""
    video_id = video.id
    outcome = pipeline.process_video(video_id)
    db.session.expire_all()
    return db.session.get(Video, video_id), outcome


def reload(video):
    db.session.expire_all()
    return db.session.get(Video, video.id)


def codes(video):
    return [p["code"] for p in video.problems]


@pytest.fixture
def ready(setup, make_clip):
    """An entry with a processed video (still a draft)."""
    s = setup()
    s.video, _ = process(upload(s.entry, make_clip(duration=3), filename="Budi Santoso final.mp4"))
    assert s.video.state == "ready"
    return s


@pytest.fixture
def submitted(ready):
    submit_entry(entry=ready.entry)
    db.session.commit()
    return ready


def judging_round(contest, judges, *, kind=RoundKind.SCORING.value):
    """An open scored round of the edition with this panel (its queue holds the ready entries)."""
    now = utcnow()
    rnd = create_round(contest=contest, kind=kind, actor=judges[0], values={
        "name": "Penilaian", "opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=1)})
    rnd.judges = list(judges)
    db.session.commit()
    return rnd


def panel_judge_of(scene, make_staff):
    """A new judge on the panel of an open round that judges the scene's submitted entry."""
    judge = make_staff("judge")
    judging_round(scene.entry.contest, [judge])
    return judge


@pytest.fixture
def panel_judge(submitted, make_staff):
    return panel_judge_of(submitted, make_staff)
