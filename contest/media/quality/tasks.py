"""The follow-up task of a ready video (stage.run_followup) and its sweep.

Enqueued by the processing task once a video is ready, and re-enqueued by the minute sweep for
ready videos whose follow-up never ran or whose worker died (stage.due_ids).
"""
from ...core.tasks import app_context, huey
from . import stage as quality_stage

# The sweep tops the queue up to this many waiting follow-ups: a backlog (videos made ready before
# this stage existed) trickles through instead of queueing ahead of new uploads.
MAX_WAITING = 2


@huey.task(name="media.followup")
def followup_task(video_id):
    """Quality report, loudness and fingerprints of one ready video: safe to run twice."""
    with app_context():
        return quality_stage.run_followup(video_id)


def enqueue_followup(video_id):
    followup_task(video_id)


def sweep_followups(*, now=None):
    """Enqueue due follow-ups that are not already waiting, up to MAX_WAITING; their ids."""
    waiting = {task.args[0] for task in list(huey.pending()) + list(huey.scheduled())
               if task.name == followup_task.name and task.args}
    due = [video_id for video_id in quality_stage.due_ids(now=now) if video_id not in waiting]
    enqueued = due[:max(0, MAX_WAITING - len(waiting))]
    for video_id in enqueued:
        enqueue_followup(video_id)
    return enqueued
