"""The follow-up task of a ready video (quality_stage.run_followup) and its sweep.

Enqueued by the processing task once a video is ready, and re-enqueued by the minute sweep for
ready videos whose follow-up never ran or whose worker died (quality_stage.due_ids).
"""
from ..tasks import app_context, huey
from . import quality_stage


@huey.task(name="media.followup")
def followup_task(video_id):
    """Quality report, loudness and fingerprints of one ready video: safe to run twice."""
    with app_context():
        return quality_stage.run_followup(video_id)


def enqueue_followup(video_id):
    followup_task(video_id)


def sweep_followups(*, now=None):
    """Enqueue the follow-ups that are due and not already waiting; their ids."""
    waiting = {task.args[0] for task in list(huey.pending()) + list(huey.scheduled())
               if task.name == followup_task.name and task.args}
    enqueued = [video_id for video_id in quality_stage.due_ids(now=now) if video_id not in waiting]
    for video_id in enqueued:
        enqueue_followup(video_id)
    return enqueued
