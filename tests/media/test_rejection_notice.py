"""A rejected video tells its entrant why, in the same commit that marks it rejected."""
from sqlalchemy import select

from contest.core.extensions import db
from contest.notifications.models import OutboxMessage
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    process,
    queue_file,
    setup,
    upload,
    upload_root,
)


def messages(kind):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)).all()


def test_a_rejected_video_queues_the_reason_for_its_entrant(setup, make_clip):
    s = setup(min_duration_s=5)
    video, outcome = process(upload(s.entry, make_clip(duration=2)))
    assert (outcome, video.state) == ("rejected", "rejected")
    [message] = messages("video_rejected")
    assert (message.user_id, message.contest_id, message.to_address) == (s.user.id, s.contest.id, s.user.email)
    assert s.entry.code in message.subject
    assert "Durasi video 2 detik; minimal 5 detik." in message.body and "Netral Itu Pilihan" in message.body
    assert f"/entries/{s.entry.id}" in message.body


def test_an_accepted_video_queues_nothing(setup, make_clip):
    s = setup(min_duration_s=1)
    video, outcome = process(upload(s.entry, make_clip(duration=2)))
    assert video.state == "ready" and messages("video_rejected") == []
