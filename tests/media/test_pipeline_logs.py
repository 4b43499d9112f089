"""The worker's log lines about a video carry its id (contest/core/logs.py video_context)."""
import logging

from contest.core.logs import FORMAT
from contest.media import pipeline
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    queue_file,
    setup,
    upload,
    upload_root,
)


def test_processing_a_video_logs_lines_with_its_id(setup, make_clip, caplog):
    s = setup()
    video = upload(s.entry, make_clip(duration=2))
    with caplog.at_level(logging.INFO):
        assert pipeline.process_video(video.id) == "remux"
        logging.getLogger("contest.test").info("after the video")
    mine = [r for r in caplog.records if r.name.startswith("contest.media")]
    assert mine and all(r.video_id == video.id for r in mine)
    assert any(f"video={video.id}: video {video.id} remux" in logging.Formatter(FORMAT).format(r)
               for r in mine)
    (after,) = [r for r in caplog.records if r.name == "contest.test"]
    assert after.video_id == "-"
