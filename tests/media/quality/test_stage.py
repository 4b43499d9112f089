"""The follow-up of a ready video: quality warnings, policies, even loudness (real ffmpeg)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from contest.media import storage
from contest.media.quality import stage as quality_stage
from contest.media.quality.models import QualitySettings, VideoQuality
from contest.notifications.models import OutboxMessage
from tests.conftest import login
from tests.media.quality_helpers import faulty_clip, integrated_lufs, quiet_clip, video_packets_md5
from tests.media.video_helpers import (  # noqa: F401  (fixtures)
    _clean_state,
    process,
    queue_file,
    reload,
    setup,
    upload,
    upload_root,
)


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quality")
    return {"faulty": faulty_clip(folder / "faulty.mp4"), "quiet": quiet_clip(folder / "quiet.mp4")}


def ready_video(setup, source, **contest):
    s = setup(**contest)
    video, outcome = process(upload(s.entry, source))
    assert outcome == "remux" and video.state == "ready"
    s.video = video
    return s


def set_policies(contest, **policies):
    db.session.add(QualitySettings(contest_id=contest.id, rules={"policies": policies}))
    db.session.commit()


def spans(warnings, code):
    return [(w["start"], w["end"]) for w in warnings if w["code"] == code]


def test_faults_found_at_their_times_and_listed_in_video_json(client, setup, clips):
    s = ready_video(setup, clips["faulty"])
    login(client, s.user)
    assert client.get(f"/entries/{s.entry_id}/video.json").get_json()["quality"] == "pending"

    assert quality_stage.run_followup(s.video.id) == "analysed"

    doc = client.get(f"/entries/{s.entry_id}/video.json").get_json()
    assert doc["quality"] == "done"
    warnings = doc["warnings"]
    [(b0, b1)] = spans(warnings, "black")
    assert abs(b0 - 0) <= 0.5 and abs(b1 - 3) <= 0.5
    [(f0, f1)] = spans(warnings, "frozen")  # the black stretch, also frozen, is not repeated
    assert abs(f0 - 5) <= 0.5 and abs(f1 - 9) <= 0.5
    [(s0, s1)] = spans(warnings, "silence")
    assert abs(s0 - 6) <= 0.5 and abs(s1 - 9.5) <= 0.5
    assert warnings[0]["message"] == "Layar hitam 0:00–0:03"
    assert set(warnings[0]) == {"code", "start", "end", "message"}

    page = client.get(f"/entries/{s.entry_id}").get_data(as_text=True)  # each time seeks the player
    assert re.search(r'data-seek="0\.0"[^>]*>Layar hitam 0:00–0:03</button>', page)
    assert "js/quality.js" in page


def test_running_twice_is_harmless(setup, clips):
    s = ready_video(setup, clips["faulty"])
    assert quality_stage.run_followup(s.video.id) == "analysed"
    assert quality_stage.run_followup(s.video.id) == "skipped"
    assert quality_stage.due_ids() == []


def test_ignore_hides_a_warning(client, setup, clips):
    s = ready_video(setup, clips["faulty"])
    set_policies(s.contest, black="ignore")
    quality_stage.run_followup(s.video.id)
    login(client, s.user)
    codes = [w["code"] for w in client.get(f"/entries/{s.entry_id}/video.json").get_json()["warnings"]]
    assert "black" not in codes and "frozen" in codes
    assert reload(s.video).state == "ready"


def test_reject_policy_rejects_the_video_with_a_problem(client, setup, clips):
    s = ready_video(setup, clips["faulty"])
    set_policies(s.contest, silence="reject")
    login(client, s.user)
    page = client.get(f"/entries/{s.entry_id}").get_data(as_text=True)  # told before uploading
    assert "Video ditolak bila terdapat: tanpa suara 3 detik atau lebih." in page
    assert quality_stage.run_followup(s.video.id) == "rejected"
    video = reload(s.video)
    assert video.state == "rejected"
    assert [p["code"] for p in video.problems] == ["silence"]
    doc = client.get(f"/entries/{s.entry_id}/video.json").get_json()
    assert doc["problems"][0]["message"].startswith("Tanpa suara 0:06–0:09")
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "video_rejected"))
    assert mail is not None and "Tanpa suara 0:06–0:09" in mail.body


def test_quiet_source_comes_out_at_minus_16_lufs_with_the_picture_copied(client, setup, clips):
    source = clips["quiet"]
    assert abs(integrated_lufs(source) - (-33)) <= 1
    s = ready_video(setup, source)
    web = storage.web_path(s.video)
    assert abs(integrated_lufs(web) - (-33)) <= 1  # ready at once, as today: not yet normalized
    original_bytes = storage.original_path(s.video).read_bytes()

    quality_stage.run_followup(s.video.id)

    assert abs(integrated_lufs(web) - (-16)) <= 1
    assert video_packets_md5(web) == video_packets_md5(source)  # only the sound was re-encoded
    assert storage.original_path(s.video).read_bytes() == original_bytes
    row = db.session.get(VideoQuality, s.video.id)
    assert row.loudness_normalized
    assert reload(s.video).rendition_size == web.stat().st_size
    login(client, s.user)
    [warning] = client.get(f"/entries/{s.entry_id}/video.json").get_json()["warnings"]
    assert (warning["code"], warning["start"], warning["end"]) == ("too_quiet", None, None)
    assert re.fullmatch(r"Suara terlalu pelan \(-3[23],\d LUFS; minimal -24 LUFS\)", warning["message"])
