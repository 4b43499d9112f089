"""Test helpers for entries, shared with the features that extend them."""
from contest.core.extensions import db
from contest.core.timeutil import utcnow


def make_submittable(entry):
    """Give `entry` what submission_blockers() asks for (a ready video); returns the entry.

    The row stands for a video the pipeline has finished; tests/media prove the pipeline.
    """
    from contest.media.models import Video, VideoState

    db.session.add(Video(entry_id=entry.id, state=VideoState.READY.value, ready_at=utcnow(),
                         original_filename="karya.mp4"))
    db.session.flush()
    return entry
