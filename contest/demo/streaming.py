"""Demo: the HLS ladders of the published winners, built at once (the clips are a few seconds).

In production the worker's minute sweep notices publication and builds them (media/hls/tasks.py);
the demo does the same work synchronously so `make run` serves its winners by HLS from the start.
"""
from ..core.extensions import db
from ..media.hls import build as ladder
from ..media.hls import services as rows


def seed_ladders():
    """Ask for and build every public video's ladder that is not built yet; {video_id: outcome}."""
    rows.request_ladders(rows.public_video_ids())
    db.session.commit()
    return {video_id: ladder.build_ladder(video_id) for video_id in rows.waiting_ids()}
