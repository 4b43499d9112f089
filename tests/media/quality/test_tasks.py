"""The follow-up is enqueued once a video is ready, swept when lost, and never delays ready."""
from __future__ import annotations

from datetime import timedelta

from contest.core import tasks
from contest.core.extensions import db
from contest.core.timeutil import utcnow
from contest.media import tasks as media_tasks
from contest.media.models import Video
from contest.media.quality import stage as quality_stage
from contest.media.quality.models import VideoQuality
from contest.media.quality.tasks import followup_task
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    queue_file,
    reload,
    setup,
    upload,
    upload_root,
)


def pending_names():
    return [(t.name, t.args) for t in tasks.huey.pending()]


def test_ready_enqueues_the_followup_and_ready_comes_first(setup, make_clip):
    s = setup()
    video = upload(s.entry, make_clip(duration=2))
    tasks.huey.flush()
    assert media_tasks.process_video_task.call_local(video.id) == "remux"
    assert reload(video).state == "ready"  # ready before any quality work ran
    assert db.session.get(VideoQuality, video.id) is None
    assert pending_names() == [(followup_task.name, (video.id,))]
    assert followup_task.call_local(video.id) == "analysed"
    assert followup_task.call_local(video.id) == "skipped"


def test_sweep_enqueues_a_lost_followup_once(setup, make_clip):
    s = setup()
    video = upload(s.entry, make_clip(duration=2))
    tasks.huey.flush()
    media_tasks.process_video_task.call_local(video.id)
    tasks.huey.flush()  # the follow-up task was lost
    later = utcnow() + timedelta(minutes=2)
    assert media_tasks.sweep(now=later)["followups"] == [video.id]
    assert media_tasks.sweep(now=later)["followups"] == []  # already waiting
    tasks.huey.flush()
    assert quality_stage.run_followup(video.id) == "analysed"
    assert media_tasks.sweep(now=later)["followups"] == []


def test_a_stale_claim_is_taken_again_up_to_three_attempts(setup, make_clip):
    s = setup()
    video = upload(s.entry, make_clip(duration=2))
    tasks.huey.flush()
    media_tasks.process_video_task.call_local(video.id)
    long_ago = utcnow() - timedelta(hours=1)
    db.session.add(VideoQuality(video_id=video.id, claimed_at=long_ago, attempts=1))
    db.session.commit()
    assert quality_stage.due_ids() == [video.id]
    assert quality_stage.run_followup(video.id) == "analysed"
    assert db.session.get(VideoQuality, video.id).attempts == 2
    assert quality_stage.due_ids() == []


def test_a_backlog_trickles_through_the_sweep(setup):
    """Videos made ready before the follow-up existed are analysed a few at a time."""
    ids = []
    for _ in range(3):
        video = Video(entry_id=setup().entry_id, state="ready", ready_at=utcnow() - timedelta(days=30))
        db.session.add(video)
        db.session.commit()
        ids.append(video.id)
    tasks.huey.flush()
    assert media_tasks.sweep()["followups"] == ids[:2]  # the rest waits for room
    assert media_tasks.sweep()["followups"] == []
    tasks.huey.flush()
    assert media_tasks.sweep()["followups"] == ids[:2]
